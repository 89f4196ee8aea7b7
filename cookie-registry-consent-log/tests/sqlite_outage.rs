//! An SQLite outage never blocks a refusal and never crashes the app; an acceptance is
//! refused with `Error::Unavailable` until the database is back.
//!
//! Two real outages: another process holding the write lock (a backup, a long migration), and
//! the file made unwritable (`chattr +i`, which even root cannot write through, unlike a
//! `chmod`, which root ignores and an open file descriptor outlives).

mod support;

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use cookie_registry::consent::ConsentId;
use cookie_registry_consent_log::{ConsentLog, Error, LogOptions, Receipt};
use support::{ScratchDir, accept_statistics, refuse, snapshot};

fn options() -> LogOptions {
    LogOptions::default()
        .busy_timeout(Duration::from_millis(100))
        .retry_interval(Duration::from_millis(50))
}

/// What both outages check, between `start` and `end` of the outage.
async fn survives_an_outage(log: &ConsentLog, start: impl FnOnce(), end: impl FnOnce()) {
    log.register_policy(snapshot()).await.unwrap();
    let before = ConsentId::random().unwrap();
    assert!(matches!(
        log.record(accept_statistics(before, 0)).await,
        Ok(Receipt::Stored(_))
    ));

    start();
    // The first write to fail is a refusal: it waits for the failure, then is spooled.
    let refusers: Vec<ConsentId> = (0..5).map(|_| ConsentId::random().unwrap()).collect();
    assert_eq!(
        log.record(refuse(refusers[0], 1)).await,
        Ok(Receipt::Spooled)
    );
    assert!(log.is_unavailable());
    // An acceptance is refused, with the reason.
    let accepter = ConsentId::random().unwrap();
    let error = log
        .record(accept_statistics(accepter, 2))
        .await
        .unwrap_err();
    assert!(error.is_unavailable(), "{error}");
    // Later refusals are spooled at once (no waiting on the database).
    for (n, id) in refusers.iter().enumerate().skip(1) {
        assert_eq!(
            log.record(refuse(*id, 3 + n as u64)).await,
            Ok(Receipt::Spooled)
        );
    }
    assert!(log.flush().await.unwrap() > 0, "still down: still spooled");
    assert!(matches!(
        log.record(accept_statistics(accepter, 9)).await,
        Err(Error::Unavailable { .. })
    ));

    end();
    assert_eq!(log.flush().await.unwrap(), 0, "back: the spool is written");
    assert!(!log.is_unavailable());
    for id in &refusers {
        let records = log.records_of(*id).await.unwrap();
        assert_eq!(records.len(), 1, "the spooled refusal of {id} is stored");
        assert!(
            records[0]
                .granted
                .without(cookie_registry::declaration::Category::Necessary)
                .is_empty()
        );
    }
    assert!(log.records_of(accepter).await.unwrap().is_empty());
    assert!(matches!(
        log.record(accept_statistics(accepter, 10)).await,
        Ok(Receipt::Stored(_))
    ));
    assert_eq!(log.records_of(before).await.unwrap().len(), 1);
    assert_eq!(log.dropped(), 0);
}

#[tokio::test]
async fn a_database_locked_by_another_process() {
    let dir = ScratchDir::new("locked");
    let log = ConsentLog::open_sqlite(dir.database(), options()).unwrap();
    let holder = rusqlite::Connection::open(dir.database()).unwrap();
    survives_an_outage(
        &log,
        || holder.execute_batch("BEGIN IMMEDIATE").unwrap(),
        || holder.execute_batch("COMMIT").unwrap(),
    )
    .await;
}

/// `chattr` on the database and its write-ahead log.
fn chattr(flag: &str, database: &Path) {
    let wal = database.with_extension("sqlite3-wal");
    let status = Command::new("chattr")
        .arg(flag)
        .arg(database)
        .arg(&wal)
        .status();
    match status {
        Ok(status) if status.success() => {}
        other => panic!(
            "`chattr {flag}` on {} failed ({other:?}): this test makes the file unwritable with the \
             immutable flag, which needs root (CAP_LINUX_IMMUTABLE), a file system that has it \
             (ext4, xfs, btrfs; set TMPDIR to one) and `chattr` (Debian's e2fsprogs). CI runs as root.",
            database.display()
        ),
    }
}

/// Removes the immutable flag even if the test fails, so that the scratch directory goes.
struct Mutable<'a>(&'a Path);

impl Drop for Mutable<'_> {
    fn drop(&mut self) {
        let wal = self.0.with_extension("sqlite3-wal");
        let _ = Command::new("chattr")
            .arg("-i")
            .arg(self.0)
            .arg(wal)
            .status();
    }
}

#[tokio::test]
async fn a_database_file_made_unwritable() {
    let dir = ScratchDir::new("unwritable");
    let database = dir.database();
    let log = ConsentLog::open_sqlite(&database, options()).unwrap();
    let _mutable = Mutable(&database);
    survives_an_outage(&log, || chattr("+i", &database), || chattr("-i", &database)).await;
}
