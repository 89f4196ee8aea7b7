//! A record acknowledged to its caller survives a `kill -9` of the process under load.
//!
//! The test binary runs twice. As the parent (no environment variable), it starts itself again
//! as a child with `CONSENT_LOG_KILL_9_DATABASE` set; the child writes records from 64
//! concurrent tasks and prints `ack <record ID> <consent ID>` for each acknowledged record. The
//! parent reads those lines, sends SIGKILL once the load is going, reads what the pipe still
//! holds, then reopens the file and requires every acknowledged record, with its consent ID.
//! Its own harness (`harness = false`): the child must not run the parent's test.

mod support;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use cookie_registry::consent::ConsentId;
use cookie_registry_consent_log::{ConsentLog, LogOptions, Receipt};
use support::{ScratchDir, accept_statistics, consent_id, refuse, snapshot};

const CHILD: &str = "CONSENT_LOG_KILL_9_DATABASE";
const WRITERS: u64 = 64;
/// Acknowledgements to see before the kill: enough for many batches to be in flight.
const KILL_AFTER: usize = 3_000;

fn main() {
    match std::env::var_os(CHILD) {
        Some(path) => child(path.into()),
        None => {
            parent();
            println!("test kill_9_loses_no_acknowledged_record ... ok");
        }
    }
}

/// Writes until killed.
fn child(path: std::path::PathBuf) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let log = ConsentLog::open_sqlite(path, LogOptions::default()).unwrap();
        log.register_policy(snapshot()).await.unwrap();
        let next = Arc::new(AtomicU64::new(0));
        for _ in 0..WRITERS {
            let (log, next) = (log.clone(), Arc::clone(&next));
            tokio::spawn(async move {
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let record = if n.is_multiple_of(3) {
                        refuse(consent_id(n), n)
                    } else {
                        accept_statistics(consent_id(n), n)
                    };
                    match log.record(record).await {
                        Ok(Receipt::Stored(id)) => {
                            // One `write` per line: the pipe has whole lines only.
                            let line = format!("ack {id} {}\n", consent_id(n));
                            std::io::stdout().lock().write_all(line.as_bytes()).unwrap();
                        }
                        other => {
                            // The parent sees the output end before its kill, and fails.
                            eprintln!("record {n}: {other:?}");
                            std::process::exit(2);
                        }
                    }
                }
            });
        }
        // Until killed.
        std::future::pending::<()>().await;
    });
}

fn parent() {
    let dir = ScratchDir::new("kill-9");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .env(CHILD, dir.database())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start the writing child");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut acknowledged: BTreeMap<i64, ConsentId> = BTreeMap::new();
    let read = |line: String, acknowledged: &mut BTreeMap<i64, ConsentId>| {
        let mut words = line.split(' ');
        assert_eq!(words.next(), Some("ack"), "unexpected line {line:?}");
        let id: i64 = words.next().unwrap().parse().unwrap();
        let consent = ConsentId::parse_hex(words.next().unwrap().as_bytes()).unwrap();
        assert!(
            acknowledged.insert(id, consent).is_none(),
            "record {id} acknowledged twice"
        );
    };
    for line in lines.by_ref() {
        read(line.unwrap(), &mut acknowledged);
        if acknowledged.len() == KILL_AFTER {
            break;
        }
    }
    assert_eq!(
        acknowledged.len(),
        KILL_AFTER,
        "the child stopped before the kill"
    );
    assert!(
        child.try_wait().unwrap().is_none(),
        "the child exited on its own"
    );
    child.kill().expect("SIGKILL the child"); // std's `kill` is SIGKILL on Unix.
    // Lines written before the kill are acknowledgements too.
    for line in lines {
        match line {
            Ok(line) => read(line, &mut acknowledged),
            // A line cut by the kill cannot happen (one write per line), but say so if it does.
            Err(error) => panic!("reading the child's output: {error}"),
        }
    }
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    assert_eq!(status.signal(), Some(9), "the child died of SIGKILL");

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let log = ConsentLog::open_sqlite(dir.database(), LogOptions::default()).unwrap();
    let mut missing = Vec::new();
    runtime.block_on(async {
        for (id, consent) in &acknowledged {
            let records = log.records_of(*consent).await.unwrap();
            if !records.iter().any(|r| r.id.0 == *id) {
                missing.push(*id);
            }
        }
    });
    assert!(
        missing.is_empty(),
        "{} of {} acknowledged records are missing after kill -9: {:?}",
        missing.len(),
        acknowledged.len(),
        &missing[..missing.len().min(20)]
    );
    eprintln!(
        "kill -9: {} acknowledged records, all present after reopening",
        acknowledged.len()
    );
}
