//! The PostgreSQL log against a throwaway cluster of Debian's PostgreSQL: round trip,
//! migrations, concurrent writers over several connections, and an outage mid-run.

#[path = "../../../cookie-registry-consent-log/tests/support/mod.rs"]
mod support;

use std::time::{Duration, UNIX_EPOCH};

use cookie_registry::consent::ConsentId;
use cookie_registry::declaration::Category;
use cookie_registry_consent_log::export::to_csv;
use cookie_registry_consent_log::{
    ConsentLog, Error, LogOptions, POSTGRES_SCHEMA_VERSION, PolicySnapshot, Receipt, Retention,
};
use support::{REVISION, accept_statistics, refuse, snapshot};
use test_consent_log_postgres::Cluster;

fn stored(receipt: Receipt) -> i64 {
    match receipt {
        Receipt::Stored(id) => id.0,
        Receipt::Spooled => panic!("stored expected, got {receipt:?}"),
    }
}

async fn client(cluster: &Cluster) -> tokio_postgres::Client {
    let (client, connection) =
        tokio_postgres::connect(&cluster.connection_string(), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(connection);
    client
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_round_trip_exports_and_purges() {
    let cluster = Cluster::start();
    let options = LogOptions::default()
        .retention(Retention::days(1))
        .keep_truncated_ip(true);
    let log = ConsentLog::connect_postgres(&cluster.connection_string(), 2, options.clone())
        .await
        .unwrap();
    let id = ConsentId::random().unwrap();
    assert_eq!(
        log.record(accept_statistics(id, 0)).await,
        Err(Error::UnknownRevision(REVISION))
    );
    log.register_policy(snapshot()).await.unwrap();
    log.register_policy(snapshot()).await.unwrap();
    let other = PolicySnapshot::from_json(format!(r#"{{"revision":"{REVISION}"}}"#)).unwrap();
    assert!(matches!(
        log.register_policy(other).await,
        Err(Error::PolicyMismatch { .. })
    ));

    let first = stored(
        log.record(accept_statistics(id, 0).with_ip("2001:db8:1:2::7".parse().unwrap()))
            .await
            .unwrap(),
    );
    let second = stored(log.record(refuse(id, 86_400)).await.unwrap());
    assert!(second > first);
    let records = log.records_of(id).await.unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id.0, first);
    assert!(records[0].granted.contains(Category::Statistics));
    assert!(!records[1].granted.contains(Category::Statistics));
    assert_eq!(records[0].ip.unwrap().to_string(), "2001:db8:1::/48");
    assert_eq!(records[1].policy_sha256, snapshot().sha256());
    assert_eq!(log.policy(REVISION).await.unwrap(), Some(snapshot()));

    let base = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let period = log
        .records_between(base..base + Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(period, records[..1]);
    assert!(to_csv(&period).contains(",2001:db8:1::/48,\r\n"));

    // A second server on the same database: migrations run once, the revision is known.
    let again = ConsentLog::connect_postgres(&cluster.connection_string(), 1, options)
        .await
        .unwrap();
    stored(again.record(refuse(id, 86_401)).await.unwrap());
    assert_eq!(
        again
            .purge_expired(base + Duration::from_secs(86_400 + 43_200))
            .await
            .unwrap(),
        1
    );
    assert_eq!(log.records_of(id).await.unwrap().len(), 2);

    let client = client(&cluster).await;
    let error = client
        .execute("UPDATE consent_records SET statistics = false", &[])
        .await
        .unwrap_err();
    assert!(format!("{error:?}").contains("append-only"), "{error:?}");
    let version: i64 = client
        .query_one("SELECT max(version) FROM schema_version", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(version, POSTGRES_SCHEMA_VERSION);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrates_a_database_left_by_an_earlier_release() {
    let cluster = Cluster::start();
    let client = client(&cluster).await;
    client
        .batch_execute(include_str!(
            "../../../cookie-registry-consent-log/src/postgres/migrations/0001_records.sql"
        ))
        .await
        .unwrap();
    client
        .batch_execute(
            "CREATE TABLE schema_version (version BIGINT PRIMARY KEY, applied_at_ms BIGINT NOT NULL); \
             INSERT INTO schema_version VALUES (1, 0);",
        )
        .await
        .unwrap();
    let snapshot = snapshot();
    client
        .execute(
            "INSERT INTO policy_snapshots VALUES ($1, $2, $3, 0)",
            &[
                &REVISION.to_string(),
                &snapshot.sha256().to_string(),
                &snapshot.json(),
            ],
        )
        .await
        .unwrap();
    let id = ConsentId::random().unwrap();
    client
        .execute(
            "INSERT INTO consent_records (consent_id, at_ms, revision, functionality, statistics, \
             marketing, source) VALUES ($1, 1750000000000, $2, false, true, false, 'api')",
            &[&id.to_string(), &REVISION.to_string()],
        )
        .await
        .unwrap();

    let log = ConsentLog::connect_postgres(&cluster.connection_string(), 1, LogOptions::default())
        .await
        .unwrap();
    assert_eq!(log.records_of(id).await.unwrap().len(), 1);
    // The sequence goes on from the earlier release's rows.
    assert_eq!(stored(log.record(refuse(id, 1)).await.unwrap()), 2);
    let version: i64 = client
        .query_one("SELECT max(version) FROM schema_version", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(version, 2);

    client
        .execute("INSERT INTO schema_version VALUES (99, 0)", &[])
        .await
        .unwrap();
    assert!(matches!(
        ConsentLog::connect_postgres(&cluster.connection_string(), 1, LogOptions::default()).await,
        Err(Error::SchemaTooNew {
            found: 99,
            supported: 2
        })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_writers_over_several_connections() {
    let cluster = Cluster::start();
    let log = ConsentLog::connect_postgres(&cluster.connection_string(), 4, LogOptions::default())
        .await
        .unwrap();
    log.register_policy(snapshot()).await.unwrap();
    let ids: Vec<ConsentId> = (0..300).map(|_| ConsentId::random().unwrap()).collect();
    let tasks: Vec<_> = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let log = log.clone();
            let record = if n % 2 == 0 {
                accept_statistics(*id, n as u64)
            } else {
                refuse(*id, n as u64)
            };
            tokio::spawn(async move { log.record(record).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(stored(task.await.unwrap().unwrap()));
    }
    for (id, number) in ids.iter().zip(&numbers) {
        let records = log.records_of(*id).await.unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].id.0, *number,
            "the number acknowledged is the record's"
        );
    }
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), ids.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_mid_run_spools_refusals_and_refuses_acceptances() {
    let mut cluster = Cluster::start();
    let options = LogOptions::default()
        .busy_timeout(Duration::from_millis(500))
        .retry_interval(Duration::from_millis(50));
    let log = ConsentLog::connect_postgres(&cluster.connection_string(), 2, options)
        .await
        .unwrap();
    log.register_policy(snapshot()).await.unwrap();
    let before = ConsentId::random().unwrap();
    stored(log.record(accept_statistics(before, 0)).await.unwrap());

    cluster.stop();
    let refusers: Vec<ConsentId> = (0..6).map(|_| ConsentId::random().unwrap()).collect();
    assert_eq!(
        log.record(refuse(refusers[0], 1)).await,
        Ok(Receipt::Spooled)
    );
    assert!(log.is_unavailable());
    let accepter = ConsentId::random().unwrap();
    let error = log
        .record(accept_statistics(accepter, 2))
        .await
        .unwrap_err();
    assert!(error.is_unavailable(), "{error}");
    for (n, id) in refusers.iter().enumerate().skip(1) {
        assert_eq!(
            log.record(refuse(*id, 2 + n as u64)).await,
            Ok(Receipt::Spooled)
        );
    }
    assert!(log.flush().await.unwrap() > 0);
    // Reads fail with a typed error too, without crashing anything.
    assert!(log.records_of(before).await.is_err());

    cluster.resume();
    // The pool reconnects on the first writes after the outage: the spool drains within a few
    // retries, not necessarily on the first (a bound on attempts, not a timing assertion).
    let mut left = usize::MAX;
    for _ in 0..200 {
        left = log.flush().await.unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(left, 0, "back: the spool is written");
    for id in &refusers {
        assert_eq!(log.records_of(*id).await.unwrap().len(), 1, "{id}");
    }
    assert!(log.records_of(accepter).await.unwrap().is_empty());
    stored(log.record(accept_statistics(accepter, 20)).await.unwrap());
    assert_eq!(log.records_of(before).await.unwrap().len(), 1);
}
