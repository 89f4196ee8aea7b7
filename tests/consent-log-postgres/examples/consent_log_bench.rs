//! Sustained durable records per second from concurrent writers, with the latency of one
//! record, on SQLite and on PostgreSQL with a growing number of connections, side by side in
//! one run.
//!
//! ```sh
//! cargo run --release -p test-consent-log-postgres --example consent_log_bench -- \
//!     --seconds 10 --writers 64 --connections 1,2,4,8
//! ```
//!
//! Every record is acknowledged only after its commit is durable: SQLite in WAL mode with
//! `synchronous=FULL`, PostgreSQL with its default `fsync=on` and `synchronous_commit=on` (a
//! throwaway cluster of Debian's binaries in a temporary directory, on a unix socket).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime};

use cookie_registry::Revision;
use cookie_registry::consent::{CategorySet, ConsentId};
use cookie_registry::declaration::Category;
use cookie_registry_consent_log::{
    ConsentLog, LogOptions, NewRecord, PolicySnapshot, Receipt, Source,
};
use test_consent_log_postgres::Cluster;

struct Settings {
    seconds: u64,
    writers: usize,
    connections: Vec<usize>,
    sqlite: bool,
    postgres: bool,
}

fn settings() -> Settings {
    let mut settings = Settings {
        seconds: 10,
        writers: 64,
        connections: vec![1, 2, 4, 8],
        sqlite: true,
        postgres: true,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage(&arg));
        match arg.as_str() {
            "--seconds" => {
                settings.seconds = value().parse().unwrap_or_else(|_| usage("--seconds"))
            }
            "--writers" => {
                settings.writers = value().parse().unwrap_or_else(|_| usage("--writers"))
            }
            "--connections" => {
                settings.connections = value()
                    .split(',')
                    .map(|n| n.parse().unwrap_or_else(|_| usage("--connections")))
                    .collect()
            }
            "--only" => match value().as_str() {
                "sqlite" => settings.postgres = false,
                "postgres" => settings.sqlite = false,
                _ => usage("--only"),
            },
            _ => usage(&arg),
        }
    }
    settings
}

fn usage(arg: &str) -> ! {
    eprintln!(
        "bad argument {arg:?}\nusage: consent_log_bench [--seconds N] [--writers N] \
         [--connections 1,2,4,8] [--only sqlite|postgres]"
    );
    std::process::exit(2)
}

const REVISION: Revision = Revision::from_u64(0x3c5e_0d7b_1a2f_9e84);

/// Runs `writers` tasks writing records for `seconds` (after one second of warm-up), and
/// returns records per second, p50 and p99 of one record's latency.
async fn load(log: &ConsentLog, writers: usize, seconds: u64) -> (f64, Duration, Duration) {
    let snapshot = PolicySnapshot::from_json(format!(r#"{{"revision":"{REVISION}"}}"#)).unwrap();
    log.register_policy(snapshot).await.unwrap();
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks: Vec<_> = (0..writers)
        .map(|writer| {
            let (log, measuring, stop) = (log.clone(), measuring.clone(), stop.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    n += 1;
                    let granted = if n.is_multiple_of(3) {
                        CategorySet::NONE
                    } else {
                        CategorySet::NONE.with(Category::Statistics)
                    };
                    let record = NewRecord::new(
                        ConsentId::random().unwrap(),
                        SystemTime::now(),
                        REVISION,
                        granted,
                        Source::BannerForm,
                    );
                    let started = Instant::now();
                    let receipt = log.record(record).await;
                    assert!(
                        matches!(receipt, Ok(Receipt::Stored(_))),
                        "writer {writer}: {receipt:?}"
                    );
                    if measuring.load(Ordering::Relaxed) {
                        latencies.push(started.elapsed());
                    }
                }
                latencies
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    (
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
    )
}

fn report(name: &str, (rate, p50, p99): (f64, Duration, Duration)) {
    println!(
        "| {name} | {rate:.0} | {:.2} | {:.2} |",
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3
    );
}

fn main() {
    let settings = settings();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "{} writers, {} s each (after 1 s of warm-up); durable commits\n",
        settings.writers, settings.seconds
    );
    println!("| backend | records/s | p50 ms | p99 ms |\n|---|---|---|---|");
    runtime.block_on(async {
        if settings.sqlite {
            let dir =
                std::env::temp_dir().join(format!("consent-log-bench-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let log = ConsentLog::open_sqlite(dir.join("consent.sqlite3"), LogOptions::default())
                .unwrap();
            report(
                "SQLite",
                load(&log, settings.writers, settings.seconds).await,
            );
            drop(log);
            let _ = std::fs::remove_dir_all(&dir);
        }
        if settings.postgres {
            let cluster = Cluster::start();
            for connections in &settings.connections {
                let log = ConsentLog::connect_postgres(
                    &cluster.connection_string(),
                    *connections,
                    LogOptions::default(),
                )
                .await
                .unwrap();
                report(
                    &format!("PostgreSQL, {connections} connection(s)"),
                    load(&log, settings.writers, settings.seconds).await,
                );
            }
        }
    });
}
