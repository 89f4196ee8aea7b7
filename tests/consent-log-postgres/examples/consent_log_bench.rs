//! Sustained durable records per second from concurrent writers, with the latency of one
//! record, on SQLite and on PostgreSQL with a growing number of connections, side by side in
//! one run.
//!
//! ```sh
//! cargo run --release -p test-consent-log-postgres --example consent_log_bench -- \
//!     --seconds 10 --writers 64 --connections 1,2,4,8
//! ```
//!
//! `--batch-wait-us 0` turns off the batches' wait for the records on their way
//! (`LogOptions::batch_wait`), to see what it brings; `--only sqlite|postgres` runs one
//! backend. The load averages at the start and the end tell whether other processes
//! disturbed the run.
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
    rounds: usize,
    sqlite: bool,
    postgres: bool,
    /// `LogOptions::batch_wait`, when not the default.
    batch_wait: Option<Duration>,
}

impl Settings {
    fn options(&self) -> LogOptions {
        match self.batch_wait {
            Some(wait) => LogOptions::default().batch_wait(wait),
            None => LogOptions::default(),
        }
    }
}

fn settings() -> Settings {
    let mut settings = Settings {
        seconds: 10,
        writers: 64,
        connections: vec![1, 2, 4, 8],
        rounds: 1,
        sqlite: true,
        postgres: true,
        batch_wait: None,
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
            "--rounds" => {
                settings.rounds = value()
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .unwrap_or_else(|| usage("--rounds"))
            }
            "--batch-wait-us" => {
                let micros = value().parse().unwrap_or_else(|_| usage("--batch-wait-us"));
                settings.batch_wait = Some(Duration::from_micros(micros))
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
         [--connections 1,2,4,8] [--rounds N] [--only sqlite|postgres] \
         [--batch-wait-us N]"
    );
    std::process::exit(2)
}

const REVISION: Revision = Revision::from_u64(0x3c5e_0d7b_1a2f_9e84);

/// Runs `writers` tasks writing records for `seconds` (after one second of warm-up), and
/// returns records per second, p50 and p99 of one record's latency, and how many records
/// were written in all (warm-up and wind-down included).
async fn load(log: &ConsentLog, writers: usize, seconds: u64) -> (f64, Duration, Duration, u64) {
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
                (latencies, n)
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
    let mut written = 0;
    for task in tasks {
        let (measured, count) = task.await.unwrap();
        latencies.extend(measured);
        written += count;
    }
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    (
        latencies.len() as f64 / elapsed.as_secs_f64(),
        at(0.50),
        at(0.99),
        written,
    )
}

/// One round of one configuration: records/s, p50 and p99 (ms), and the CPU time that the
/// benchmark's process and the PostgreSQL server used per record written (µs, the writers' own
/// work included).
type Run = [f64; 4];

/// One configuration's measurements, one per round.
struct Row {
    name: String,
    runs: Vec<Run>,
}

impl Row {
    /// `| name | records/s | p50 ms | p99 ms | CPU µs/record |`: each the median of the
    /// rounds, then every round's records/s when there are several.
    fn print(&self) {
        let median = |mut values: Vec<f64>| {
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let [rate, p50, p99, cpu] =
            [0, 1, 2, 3].map(|i| median(self.runs.iter().map(|run| run[i]).collect()));
        let rounds = if self.runs.len() > 1 {
            let rates: Vec<String> = self
                .runs
                .iter()
                .map(|run| format!("{:.0}", run[0]))
                .collect();
            format!(" {} |", rates.join(", "))
        } else {
            String::new()
        };
        println!(
            "| {} | {rate:.0} | {p50:.2} | {p99:.2} | {cpu:.0} |{rounds}",
            self.name
        );
    }
}

fn main() {
    let settings = settings();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!(
        "{} writers, {} s each (after 1 s of warm-up), {} round(s), configurations taking turns; \
         durable commits; batch wait {}; load average {}\n",
        settings.writers,
        settings.seconds,
        settings.rounds,
        settings
            .batch_wait
            .map_or("the default".into(), |wait| format!("{wait:?}")),
        load_average()
    );
    let mut rows: Vec<Row> = settings
        .sqlite
        .then(|| "SQLite".to_string())
        .into_iter()
        .chain(
            settings
                .connections
                .iter()
                .filter(|_| settings.postgres)
                .map(|n| format!("PostgreSQL, {n} connection(s)")),
        )
        .map(|name| Row {
            name,
            runs: Vec::new(),
        })
        .collect();
    let started = Instant::now();
    runtime.block_on(async {
        let cluster = settings.postgres.then(Cluster::start);
        for round in 0..settings.rounds {
            let mut row = rows.iter_mut();
            if settings.sqlite {
                let dir = std::env::temp_dir()
                    .join(format!("consent-log-bench-{}-{round}", std::process::id()));
                std::fs::create_dir_all(&dir).unwrap();
                let log = ConsentLog::open_sqlite(dir.join("consent.sqlite3"), settings.options())
                    .unwrap();
                let before = cpu_time(None);
                let run = load(&log, settings.writers, settings.seconds).await;
                drop(log);
                let run = with_cpu(run, before, None).await;
                row.next().unwrap().runs.push(run);
                let _ = std::fs::remove_dir_all(&dir);
            }
            if let Some(cluster) = &cluster {
                for connections in &settings.connections {
                    let log = ConsentLog::connect_postgres(
                        &cluster.connection_string(),
                        *connections,
                        settings.options(),
                    )
                    .await
                    .unwrap();
                    let server = cluster.pid();
                    let before = cpu_time(server);
                    let run = load(&log, settings.writers, settings.seconds).await;
                    drop(log);
                    let run = with_cpu(run, before, server).await;
                    row.next().unwrap().runs.push(run);
                }
            }
        }
    });
    if settings.rounds > 1 {
        println!(
            "medians of the rounds\n\n| backend | records/s | p50 ms | p99 ms | CPU µs/record | \
             records/s of each round |\n|---|---|---|---|---|---|"
        );
    } else {
        println!(
            "| backend | records/s | p50 ms | p99 ms | CPU µs/record |\n|---|---|---|---|---|"
        );
    }
    for row in &rows {
        row.print();
    }
    println!(
        "\nload average {} after {:.0} s (the cores are shared with other processes)",
        load_average(),
        started.elapsed().as_secs_f64()
    );
}

/// The CPU time used so far by this process and, given its pid, by the PostgreSQL server: the
/// postmaster, the children it reaped (closed connections' backends) and its live children.
fn cpu_time(server: Option<u32>) -> Duration {
    let mut ticks = stat_ticks("self", 2).map_or(0, |(used, _)| used);
    if let Some(server) = server {
        ticks += stat_ticks(&server.to_string(), 4).map_or(0, |(used, _)| used);
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
            else {
                continue;
            };
            if let Some((used, _)) = stat_ticks(pid, 2).filter(|&(_, parent)| parent == server) {
                ticks += used;
            }
        }
    }
    // Linux's clock tick for these fields (USER_HZ) is 100 Hz on every architecture.
    Duration::from_millis(ticks * 10)
}

/// The sum of the first `fields` of utime, stime, cutime, cstime (fields 14 to 17 of
/// `/proc/<pid>/stat`), and the parent's pid.
fn stat_ticks(pid: &str, fields: usize) -> Option<(u64, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // After the parenthesised name: state, ppid, …; utime is the 12th from there.
    let after_name: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let parent = after_name.get(1)?.parse().ok()?;
    let used = after_name
        .get(11..11 + fields)?
        .iter()
        .filter_map(|field| field.parse::<u64>().ok())
        .sum();
    Some((used, parent))
}

/// A round's figures with the CPU time per record since `before`, after a moment for the
/// backends of a closed log to exit and be counted.
async fn with_cpu(
    (rate, p50, p99, written): (f64, Duration, Duration, u64),
    before: Duration,
    server: Option<u32>,
) -> Run {
    tokio::time::sleep(Duration::from_millis(300)).await;
    let used = cpu_time(server).saturating_sub(before);
    [
        rate,
        p50.as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        used.as_secs_f64() * 1e6 / written.max(1) as f64,
    ]
}

/// The 1, 5 and 15 minutes load averages (`/proc/loadavg`), or `?` where there is none.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|| "?".into())
}
