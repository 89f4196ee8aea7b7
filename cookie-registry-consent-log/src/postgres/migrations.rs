//! The schema's versions: numbered SQL files, applied in order in one transaction, under an
//! advisory lock so that servers starting together migrate once.

use std::time::SystemTime;

use tokio_postgres::Client;

use super::database;
use crate::Error;
use crate::record::unix_millis;

/// Every migration, by version. Append only: a released migration is never edited.
const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_records.sql")),
    (2, include_str!("migrations/0002_append_only.sql")),
];

/// The version a database is at once migrated.
pub(crate) const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// The advisory lock's key: "consent" in ASCII, so that it does not collide with an
/// application's own by chance.
const LOCK_KEY: i64 = 0x0063_6f6e_7365_6e74;

/// Brings the database to [`LATEST_VERSION`].
pub(crate) async fn migrate(client: &mut Client) -> Result<(), Error> {
    let transaction = client.transaction().await.map_err(database)?;
    transaction
        .execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
        .await
        .map_err(database)?;
    transaction
        .batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_version (\
             version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL)",
        )
        .await
        .map_err(database)?;
    let current: i64 = transaction
        .query_one("SELECT coalesce(max(version), 0) FROM schema_version", &[])
        .await
        .map_err(database)?
        .get(0);
    if current > LATEST_VERSION {
        return Err(Error::SchemaTooNew {
            found: current,
            supported: LATEST_VERSION,
        });
    }
    for (version, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        transaction
            .batch_execute(sql)
            .await
            .map_err(|e| Error::Database(format!("migration {version}: {e}")))?;
        transaction
            .execute(
                "INSERT INTO schema_version (version, applied_at_ms) VALUES ($1, $2)",
                &[version, &unix_millis(SystemTime::now())],
            )
            .await
            .map_err(database)?;
    }
    transaction.commit().await.map_err(database)
}
