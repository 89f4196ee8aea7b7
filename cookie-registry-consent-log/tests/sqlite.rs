//! The SQLite log: round trip, options, exports, purge, migrations of an existing file, the
//! append-only guard.

mod support;

use std::time::{Duration, UNIX_EPOCH};

use cookie_registry::Revision;
use cookie_registry::consent::{CategorySet, ConsentId};
use cookie_registry::declaration::Category;
use cookie_registry_consent_log::export::{CSV_COLUMNS, to_csv, to_json};
use cookie_registry_consent_log::{
    ConsentLog, Error, LogOptions, NewRecord, PolicySnapshot, Receipt, Retention,
    SQLITE_SCHEMA_VERSION, Source,
};
use support::{REVISION, ScratchDir, accept_statistics, refuse, snapshot};

fn stored(receipt: Receipt) -> i64 {
    match receipt {
        Receipt::Stored(id) => id.0,
        Receipt::Spooled => panic!("stored expected, got {receipt:?}"),
    }
}

#[tokio::test]
async fn records_round_trip_with_their_policy() {
    let dir = ScratchDir::new("round-trip");
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    log.register_policy(snapshot()).await.unwrap();
    // Registering the same snapshot again is harmless.
    log.register_policy(snapshot()).await.unwrap();

    let id = ConsentId::random().unwrap();
    let other = ConsentId::random().unwrap();
    let first = stored(log.record(accept_statistics(id, 0)).await.unwrap());
    stored(log.record(accept_statistics(other, 1)).await.unwrap());
    // A withdrawal is a new record.
    let second = stored(log.record(refuse(id, 60)).await.unwrap());
    assert!(second > first);

    let records = log.records_of(id).await.unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0].id.0, first);
    assert_eq!(records[0].consent_id, id);
    assert_eq!(records[0].revision, REVISION);
    assert_eq!(records[0].policy_sha256, snapshot().sha256());
    assert_eq!(
        records[0].granted,
        CategorySet::NONE
            .with(Category::Necessary)
            .with(Category::Statistics)
    );
    assert_eq!(records[0].source, Source::BannerForm);
    assert_eq!(
        records[0].at(),
        UNIX_EPOCH + Duration::from_secs(1_750_000_000)
    );
    assert_eq!(
        records[1].granted,
        CategorySet::NONE.with(Category::Necessary)
    );
    assert_eq!(log.policy(REVISION).await.unwrap(), Some(snapshot()));
    assert_eq!(log.policy(Revision::from_u64(1)).await.unwrap(), None);

    // Reopened: everything is still there, and the revision is still known.
    drop(log);
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    assert_eq!(log.records_of(id).await.unwrap(), records);
    stored(log.record(refuse(other, 120)).await.unwrap());

    let download: serde_json::Value =
        serde_json::from_str(&log.visitor_download(id).await.unwrap()).unwrap();
    assert_eq!(download["consent_id"], id.to_string());
    assert_eq!(download["records"].as_array().unwrap().len(), 2);
    assert_eq!(download["records"][0]["categories"]["statistics"], true);
    assert_eq!(download["records"][1]["categories"]["statistics"], false);
    assert_eq!(
        download["records"][0]["chosen_at"],
        "2025-06-15T15:06:40.000Z"
    );
    assert_eq!(
        download["records"][0]["policy_sha256"],
        snapshot().sha256().to_string()
    );
}

#[tokio::test]
async fn refuses_a_record_without_its_policy_and_a_second_policy_for_a_revision() {
    let dir = ScratchDir::new("unknown-revision");
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    let id = ConsentId::random().unwrap();
    assert_eq!(
        log.record(accept_statistics(id, 0)).await,
        Err(Error::UnknownRevision(REVISION))
    );
    log.register_policy(snapshot()).await.unwrap();
    let other = PolicySnapshot::from_json(format!(r#"{{"revision":"{REVISION}","x":1}}"#)).unwrap();
    assert!(matches!(
        log.register_policy(other.clone()).await,
        Err(Error::PolicyMismatch { revision, stored, given })
            if revision == REVISION && stored == snapshot().sha256() && given == other.sha256()
    ));
    assert!(matches!(
        PolicySnapshot::from_json("{\"revision\": 7}".into()),
        Err(Error::Policy(_))
    ));
    assert!(matches!(
        PolicySnapshot::from_json("not json".into()),
        Err(Error::Policy(_))
    ));
}

#[tokio::test]
async fn keeps_ip_and_user_agent_only_when_asked() {
    let dir = ScratchDir::new("options");
    let record = |id| {
        accept_statistics(id, 0)
            .with_ip("203.0.113.77".parse().unwrap())
            .with_user_agent("=cmd|' /C calc'!A0, \"quoted\"")
    };
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    log.register_policy(snapshot()).await.unwrap();
    let plain = ConsentId::random().unwrap();
    stored(log.record(record(plain)).await.unwrap());
    let kept = log.records_of(plain).await.unwrap();
    assert_eq!((kept[0].ip, kept[0].user_agent.as_deref()), (None, None));
    drop(log);

    let options = LogOptions::default()
        .keep_truncated_ip(true)
        .keep_user_agent(true);
    let log = ConsentLog::open_sqlite(dir.database(), options).unwrap();
    let detailed = ConsentId::random().unwrap();
    stored(log.record(record(detailed)).await.unwrap());
    let kept = log.records_of(detailed).await.unwrap();
    assert_eq!(kept[0].ip.unwrap().to_string(), "203.0.113.0/24");
    assert_eq!(
        kept[0].user_agent.as_deref(),
        Some("=cmd|' /C calc'!A0, \"quoted\"")
    );
    let csv = to_csv(&kept);
    assert!(
        csv.ends_with(",203.0.113.0/24,\"'=cmd|' /C calc'!A0, \"\"quoted\"\"\"\r\n"),
        "{csv}"
    );
}

#[tokio::test]
async fn exports_a_period_and_purges_past_the_retention() {
    let dir = ScratchDir::new("export");
    let options = LogOptions::default().retention(Retention::days(1));
    let log = ConsentLog::open_sqlite(dir.database(), options).unwrap();
    log.register_policy(snapshot()).await.unwrap();
    let day = 86_400;
    let ids: Vec<ConsentId> = (0..4).map(|_| ConsentId::random().unwrap()).collect();
    for (n, id) in ids.iter().enumerate() {
        stored(
            log.record(accept_statistics(*id, n as u64 * day))
                .await
                .unwrap(),
        );
    }
    let base = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    let period = base + Duration::from_secs(day)..base + Duration::from_secs(3 * day);
    let records = log.records_between(period).await.unwrap();
    assert_eq!(
        records.iter().map(|r| r.consent_id).collect::<Vec<_>>(),
        ids[1..3]
    );

    let csv = to_csv(&records);
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert_eq!(lines[0], CSV_COLUMNS.join(","));
    assert_eq!(
        lines.len(),
        4,
        "header, two records, and the final empty piece"
    );
    assert!(lines[1].contains(&format!(
        ",{},2025-06-16T15:06:40.000Z,{REVISION},{},banner_form,true,false,true,false,,",
        ids[1],
        snapshot().sha256()
    )));
    let json: serde_json::Value = serde_json::from_str(&to_json(&records)).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["consent_id"], ids[2].to_string());

    // At day 3.5, with one day of retention, the records of days 0, 1 and 2 go.
    let now = base + Duration::from_secs(3 * day + day / 2);
    assert_eq!(log.purge_expired(now).await.unwrap(), 3);
    assert!(log.records_of(ids[2]).await.unwrap().is_empty());
    assert_eq!(log.records_of(ids[3]).await.unwrap().len(), 1);
    // A purged record's number is never given again.
    let next = stored(log.record(refuse(ids[0], 4 * day)).await.unwrap());
    assert_eq!(next, 5);
}

#[tokio::test]
async fn migrates_a_file_left_by_an_earlier_release() {
    let dir = ScratchDir::new("migrations");
    let id = ConsentId::random().unwrap();
    {
        // The file as the first release left it: migration 1 only, with a record in it.
        let connection = rusqlite::Connection::open(dir.database()).unwrap();
        connection
            .execute_batch(include_str!("../src/sqlite/migrations/0001_records.sql"))
            .unwrap();
        connection
            .execute_batch(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY NOT NULL, \
                 applied_at_ms INTEGER NOT NULL) STRICT; \
                 INSERT INTO schema_version VALUES (1, 0);",
            )
            .unwrap();
        let snapshot = snapshot();
        connection
            .execute(
                "INSERT INTO policy_snapshots VALUES (?1, ?2, ?3, 0)",
                (
                    REVISION.to_string(),
                    snapshot.sha256().to_string(),
                    snapshot.json(),
                ),
            )
            .unwrap();
        connection
            .execute(
                "INSERT INTO consent_records (consent_id, at_ms, revision, functionality, \
                 statistics, marketing, source) VALUES (?1, 1750000000000, ?2, 0, 1, 0, 'api')",
                (id.to_string(), REVISION.to_string()),
            )
            .unwrap();
    }

    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    let records = log.records_of(id).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].source, Source::Api);
    // The revision stored by the earlier release is known without registering it again.
    stored(log.record(refuse(id, 10)).await.unwrap());
    drop(log);

    let connection = rusqlite::Connection::open(dir.database()).unwrap();
    let version: i64 = connection
        .query_row("SELECT max(version) FROM schema_version", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(version, SQLITE_SCHEMA_VERSION);
    assert_eq!(SQLITE_SCHEMA_VERSION, 2);
    // Migration 2's guard: a record cannot be changed, even by hand.
    let error = connection
        .execute("UPDATE consent_records SET statistics = 0", [])
        .unwrap_err();
    assert!(error.to_string().contains("append-only"), "{error}");
    let error = connection
        .execute("UPDATE policy_snapshots SET policy_json = '{}'", [])
        .unwrap_err();
    assert!(error.to_string().contains("immutable"), "{error}");

    // A file from a newer release is refused, not damaged.
    connection
        .execute("INSERT INTO schema_version VALUES (99, 0)", [])
        .unwrap();
    drop(connection);
    assert!(matches!(
        ConsentLog::open_sqlite(dir.database(), LogOptions::default()),
        Err(Error::SchemaTooNew {
            found: 99,
            supported: 2
        })
    ));
}

#[tokio::test]
async fn a_policy_edited_after_the_fact_reads_as_corrupt() {
    let dir = ScratchDir::new("tampered");
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    log.register_policy(snapshot()).await.unwrap();
    drop(log);
    let connection = rusqlite::Connection::open(dir.database()).unwrap();
    // Around the guard, as someone with the file could.
    connection
        .execute_batch(
            "DROP TRIGGER policy_snapshots_immutable; \
             UPDATE policy_snapshots SET policy_json = replace(policy_json, 'Cookie', 'Biscuit');",
        )
        .unwrap();
    drop(connection);
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    assert!(matches!(log.policy(REVISION).await, Err(Error::Corrupt(_))));
}

#[tokio::test]
async fn many_concurrent_writers_each_get_their_own_record() {
    let dir = ScratchDir::new("concurrent");
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    log.register_policy(snapshot()).await.unwrap();
    let ids: Vec<ConsentId> = (0..200).map(|_| ConsentId::random().unwrap()).collect();
    let tasks: Vec<_> = ids
        .iter()
        .map(|id| {
            let log = log.clone();
            let record: NewRecord = accept_statistics(*id, 0);
            tokio::spawn(async move { log.record(record).await })
        })
        .collect();
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(stored(task.await.unwrap().unwrap()));
    }
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), ids.len());
    for id in ids {
        let records = log.records_of(id).await.unwrap();
        assert_eq!(records.len(), 1);
    }
}
