//! The schema's versions: numbered SQL files, applied in order, each in its own transaction
//! with its row in `schema_version`.

use std::time::SystemTime;

use rusqlite::{Connection, TransactionBehavior};

use super::database;
use crate::Error;
use crate::record::unix_millis;

/// Every migration, by version. Append only: a released migration is never edited.
pub(crate) const MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("migrations/0001_records.sql")),
    (2, include_str!("migrations/0002_append_only.sql")),
];

/// The version a database is at once migrated.
pub(crate) const LATEST_VERSION: i64 = MIGRATIONS[MIGRATIONS.len() - 1].0;

/// Brings the database to [`LATEST_VERSION`]. Two processes opening one file at once are
/// serialised by the `IMMEDIATE` transaction: the second sees the first's rows and skips.
pub(crate) fn migrate(connection: &mut Connection) -> Result<(), Error> {
    for (version, sql) in MIGRATIONS {
        let transaction = connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(database)?;
        transaction
            .execute_batch(
                "CREATE TABLE IF NOT EXISTS schema_version (\
                 version INTEGER PRIMARY KEY NOT NULL, applied_at_ms INTEGER NOT NULL) STRICT",
            )
            .map_err(database)?;
        let current: i64 = transaction
            .query_row(
                "SELECT coalesce(max(version), 0) FROM schema_version",
                [],
                |row| row.get(0),
            )
            .map_err(database)?;
        if current > LATEST_VERSION {
            return Err(Error::SchemaTooNew {
                found: current,
                supported: LATEST_VERSION,
            });
        }
        if current >= *version {
            continue;
        }
        transaction
            .execute_batch(sql)
            .map_err(|e| Error::Database(format!("migration {version}: {e}")))?;
        transaction
            .execute(
                "INSERT INTO schema_version (version, applied_at_ms) VALUES (?1, ?2)",
                [*version, unix_millis(SystemTime::now())],
            )
            .map_err(database)?;
        transaction.commit().map_err(database)?;
    }
    Ok(())
}
