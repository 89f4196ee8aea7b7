//! `cargo xtask load-stats`: the tables of scripts/load. The script drives the servers, wrk and
//! taskset, and leaves raw files in its directory (target/load/); this reads them and appends
//! its sections to `results.md` there:
//!
//! - `header`: the date, machine, wrk's version, commit and pinning (starts the file);
//! - `cost`: from `cost-runs.tsv` (round, mode, server CPU ticks before and after the run), the
//!   wrk output of each run (`wrk-cost-MODE-ROUND.txt`), `cost-setcookies-MODE.txt` and the
//!   servers' stderr;
//! - `faults`: from `faults-status.txt` (status, count), `faults-rss.tsv` (second, VmRSS kB),
//!   `wrk-faults.txt`, `faults-after.txt`, `faults-alive.txt` and `server-enforce.err`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::stats::{fixed, median, ratio};
use crate::{parse_value, report};

const USAGE: &str = "\
cargo xtask load-stats header DIR --example PACKAGE --pinning TEXT
cargo xtask load-stats cost DIR --example PACKAGE --threads T --connections C --duration SECONDS [--simultaneous]
cargo xtask load-stats faults DIR --example PACKAGE --threads T --connections C --duration SECONDS --warmup SECONDS

PACKAGE is the example server scripts/load measured (its EXAMPLE: example-axum, example-actix...).";

/// The parameters of the run, as scripts/load ran it (for the commands the report quotes).
#[derive(Default)]
struct Options {
    /// The package of the example server measured, as the tables name it.
    example: String,
    threads: u32,
    connections: u32,
    duration: u32,
    warmup: u32,
    pinning: String,
    /// The modes of a round ran at the same time (scripts/load's SIMULTANEOUS=1), not in turn.
    simultaneous: bool,
}

pub fn main(parser: &mut lexopt::Parser, root: &Path) -> Result<()> {
    use lexopt::prelude::*;
    let mut positional = Vec::new();
    let mut options = Options {
        threads: 1,
        connections: 32,
        duration: 10,
        warmup: 10,
        ..Options::default()
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Value(value) => positional.push(value.string()?),
            Long("threads") => options.threads = parse_value(parser, "--threads")?,
            Long("connections") => options.connections = parse_value(parser, "--connections")?,
            Long("duration") => options.duration = parse_value(parser, "--duration")?,
            Long("warmup") => options.warmup = parse_value(parser, "--warmup")?,
            Long("pinning") => options.pinning = parser.value()?.string()?,
            Long("example") => options.example = parser.value()?.string()?,
            Long("simultaneous") => options.simultaneous = true,
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(other.unexpected().into()),
        }
    }
    let [part, dir] = positional.as_slice() else {
        return Err(Error::Usage(format!(
            "load-stats takes a part and a directory:\n{USAGE}"
        )));
    };
    // No default: a default would name one example in the tables of another's run.
    if options.example.is_empty() {
        return Err(Error::Usage(format!(
            "load-stats needs --example PACKAGE, the example server that was measured:\n{USAGE}"
        )));
    }
    let dir = PathBuf::from(dir);
    let section = match part.as_str() {
        "header" => header(root, &options),
        "cost" => cost(&dir, &options)?,
        "faults" => faults(&dir, &options)?,
        other => {
            return Err(Error::Usage(format!(
                "no part `{other}` (header, cost or faults)"
            )));
        }
    };
    let results = dir.join("results.md");
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .append(part != "header")
        .truncate(part == "header")
        .open(&results)
        .map_err(Error::io(&results))?;
    file.write_all(section.as_bytes())
        .map_err(Error::io(&results))
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(Error::io(path))
}

fn header(root: &Path, options: &Options) -> String {
    let wrk = report::first_line_of("wrk", &["-v"]);
    let wrk_version = wrk.split_whitespace().nth(1).unwrap_or("unknown");
    format!(
        "# scripts/load results\n\n- example: {}\n- date: {}\n- machine: {}, wrk {wrk_version}\n- commit: {}\n- pinning: {}\n",
        options.example,
        report::utc_now(),
        report::machine(false),
        report::commit(root),
        if options.pinning.is_empty() {
            "none"
        } else {
            &options.pinning
        },
    )
}

/// One wrk run, as its output reports it.
#[derive(Debug, Default, PartialEq)]
struct WrkRun {
    requests: f64,
    requests_per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// wrk's lines about non-2xx/3xx responses and socket errors, if any.
    errors: String,
}

/// A wrk duration (`812.00us`, `2.35ms`, `1.02s`, `1.50m`) in milliseconds.
fn milliseconds(text: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60_000.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        (text, 1.0)
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

fn parse_wrk(text: &str) -> Option<WrkRun> {
    let mut run = WrkRun::default();
    let mut errors = Vec::new();
    let (mut p50, mut p99, mut rps, mut requests) = (None, None, None, None);
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["50%", value] => p50 = milliseconds(value),
            ["99%", value] => p99 = milliseconds(value),
            ["Requests/sec:", value] => rps = value.parse().ok(),
            [count, "requests", "in", ..] => requests = count.parse().ok(),
            _ if line.contains("Non-2xx") || line.contains("Socket errors") => {
                errors.push(line.trim().to_owned())
            }
            _ => {}
        }
    }
    run.p50_ms = p50?;
    run.p99_ms = p99?;
    run.requests_per_second = rps?;
    run.requests = requests?;
    run.errors = errors.join("; ");
    Some(run)
}

/// One cost run: a round, a mode, its wrk output and the server's CPU time per request.
struct CostRun {
    round: u32,
    mode: String,
    wrk: WrkRun,
    cpu_us_per_request: f64,
}

fn cost(dir: &Path, options: &Options) -> Result<String> {
    let tick: f64 = report::first_line_of("getconf", &["CLK_TCK"])
        .parse()
        .unwrap_or(100.0);
    let mut runs = Vec::new();
    let mut modes: Vec<String> = Vec::new();
    let tsv = dir.join("cost-runs.tsv");
    for line in read(&tsv)?.lines().filter(|l| !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let bad = || {
            Error::Unexpected(format!(
                "{}: not `round, mode, ticks before, ticks after`: {line}",
                tsv.display()
            ))
        };
        let [round, mode, before, after] = fields.as_slice() else {
            return Err(bad());
        };
        let round: u32 = round.parse().map_err(|_| bad())?;
        let ticks =
            after.parse::<f64>().map_err(|_| bad())? - before.parse::<f64>().map_err(|_| bad())?;
        let raw = dir.join(format!("wrk-cost-{mode}-{round}.txt"));
        let wrk = parse_wrk(&read(&raw)?).ok_or_else(|| {
            Error::Unexpected(format!(
                "{}: not the output of `wrk --latency`",
                raw.display()
            ))
        })?;
        if !modes.iter().any(|m| m == mode) {
            modes.push((*mode).to_owned());
        }
        let cpu_us_per_request = ticks * 1e6 / tick / wrk.requests;
        runs.push(CostRun {
            round,
            mode: (*mode).to_owned(),
            wrk,
            cpu_us_per_request,
        });
    }
    let rounds = runs.iter().map(|r| r.round).max().unwrap_or(0);
    let set_cookies = |mode: &str| {
        read(&dir.join(format!("cost-setcookies-{mode}.txt")))
            .map_or_else(|_| "?".to_owned(), |s| s.trim().to_owned())
    };
    let mut out = String::new();
    let Options {
        example,
        threads,
        connections,
        duration,
        simultaneous,
        ..
    } = options;
    let _ = writeln!(
        out,
        "\n## 1. Middleware cost: GET / for a visitor who accepted everything\n"
    );
    let _ = writeln!(
        out,
        "Command: `wrk -t{threads} -c{connections} -d{duration}s --latency -H 'Cookie: <consent>; __Host-csrftoken=…; django_language=en; _pk_id=…' http://127.0.0.1:PORT/`"
    );
    // Only example-axum's binary serves the peer, built in with a feature.
    let built_with = if modes.iter().any(|m| m == "tower-cookies") {
        " built with `--features peer-tower-cookies`"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "against `{example} --enforce {}` (one release binary{built_with}),",
        modes.join("|")
    );
    if *simultaneous {
        let _ = writeln!(
            out,
            "{rounds} rounds, each loading {} at the same time, on servers started afresh (on one core, each with its own wrk).",
            modes.join(", ")
        );
    } else {
        let _ = writeln!(out, "{rounds} rounds alternating {}.", modes.join(", "));
    }
    let counts: Vec<String> = modes
        .iter()
        .map(|m| format!("{m} {}", set_cookies(m)))
        .collect();
    let _ = writeln!(
        out,
        "Set-Cookie headers per response: {}.\n",
        counts.join(", ")
    );
    let _ = writeln!(
        out,
        "| round | mode | req/s | p50 ms | p99 ms | server CPU µs/request | errors |"
    );
    let _ = writeln!(out, "|---:|---|---:|---:|---:|---:|---|");
    for run in &runs {
        let _ = writeln!(
            out,
            "| {} | {} | {:.0} | {:.3} | {:.3} | {:.2} | {} |",
            run.round,
            run.mode,
            run.wrk.requests_per_second,
            run.wrk.p50_ms,
            run.wrk.p99_ms,
            run.cpu_us_per_request,
            if run.wrk.errors.is_empty() {
                "none"
            } else {
                &run.wrk.errors
            }
        );
    }
    let of = |mode: &str, measure: fn(&CostRun) -> f64| -> Vec<f64> {
        runs.iter()
            .filter(|r| r.mode == mode)
            .map(measure)
            .collect()
    };
    let rps = |r: &CostRun| r.wrk.requests_per_second;
    let p99 = |r: &CostRun| r.wrk.p99_ms;
    let cpu = |r: &CostRun| r.cpu_us_per_request;
    let base = modes.first().cloned().unwrap_or_default();
    let _ = writeln!(
        out,
        "\n| mode | median req/s | median p99 ms | median CPU µs/req | req/s ratio to {base} | p99 ratio to {base} | CPU/req ratio to {base} |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|");
    for mode in &modes {
        let (r, p, c) = (
            median(&of(mode, rps)),
            median(&of(mode, p99)),
            median(&of(mode, cpu)),
        );
        let _ = writeln!(
            out,
            "| {mode} | {} | {} | {} | {} | {} | {} |",
            fixed(r, 0),
            fixed(p, 3),
            fixed(c, 2),
            ratio(r, median(&of(&base, rps)), 3),
            ratio(p, median(&of(&base, p99)), 3),
            ratio(c, median(&of(&base, cpu)), 3)
        );
    }
    // Each run against the same round's run of the first mode (off), and the middleware against
    // its peer when both ran.
    let at = |round: u32, mode: &str| runs.iter().find(|r| r.round == round && r.mode == mode);
    let per_round = |round: u32, a: &str, b: &str, measure: fn(&CostRun) -> f64| {
        ratio(at(round, a).map(measure), at(round, b).map(measure), 3)
    };
    let others: Vec<&String> = modes.iter().skip(1).collect();
    let _ = writeln!(
        out,
        "\nPer-round ratios (each run against the {base} run of the same round):\n"
    );
    let mut head = String::from("| round |");
    for mode in &others {
        let _ = write!(
            head,
            " {mode}/{base} req/s | {mode}/{base} p99 | {mode}/{base} CPU |"
        );
    }
    let pair = (modes.iter().any(|m| m == "enforce") && modes.iter().any(|m| m == "tower-cookies"))
        .then_some(("enforce", "tower-cookies"));
    if pair.is_some() {
        head += " enforce/peer req/s | enforce/peer CPU |";
    }
    let columns = head.matches('|').count() - 1;
    let _ = writeln!(out, "{head}\n|{}", "---:|".repeat(columns));
    for round in 1..=rounds {
        let mut row = format!("| {round} |");
        for mode in &others {
            let _ = write!(
                row,
                " {} | {} | {} |",
                per_round(round, mode, &base, rps),
                per_round(round, mode, &base, p99),
                per_round(round, mode, &base, cpu)
            );
        }
        if let Some((a, b)) = pair {
            let _ = write!(
                row,
                " {} | {} |",
                per_round(round, a, b, rps),
                per_round(round, a, b, cpu)
            );
        }
        let _ = writeln!(out, "{row}");
    }
    for mode in &modes {
        let err = dir.join(format!("server-{mode}.err"));
        if read(&err).is_ok_and(|text| text.contains("panicked")) {
            let _ = writeln!(
                out,
                "\n**The {mode} server panicked** (see {}).",
                err.display()
            );
        }
    }
    Ok(out)
}

fn faults(dir: &Path, options: &Options) -> Result<String> {
    let statuses: BTreeMap<u32, u64> = read(&dir.join("faults-status.txt"))?
        .lines()
        .filter_map(|line| {
            let (status, count) = line.split_once(' ')?;
            Some((status.trim().parse().ok()?, count.trim().parse().ok()?))
        })
        .collect();
    let rss: Vec<(u32, f64)> = read(&dir.join("faults-rss.tsv"))?
        .lines()
        .filter_map(|line| {
            let (second, kb) = line.split_once('\t')?;
            Some((second.parse().ok()?, kb.trim().parse().ok()?))
        })
        .collect();
    let wrk = read(&dir.join("wrk-faults.txt"))?;
    let server_err = read(&dir.join("server-enforce.err")).unwrap_or_default();
    let after = read(&dir.join("faults-after.txt"))
        .map_or_else(|_| "none".to_owned(), |s| s.trim().to_owned());
    let alive = read(&dir.join("faults-alive.txt"))
        .map_or_else(|_| "unknown".to_owned(), |s| s.trim().to_owned());
    let Options {
        ref example,
        threads,
        connections,
        duration,
        warmup,
        ..
    } = *options;

    let total: u64 = statuses.values().sum();
    let five_xx: u64 = statuses
        .iter()
        .filter(|(status, _)| **status >= 500)
        .map(|(_, n)| n)
        .sum();
    let rss_in = |from: u32, to: u32| -> Vec<f64> {
        rss.iter()
            .filter(|(s, _)| (from..=to).contains(s))
            .map(|(_, kb)| *kb)
            .collect()
    };
    let base = rss.iter().find(|(s, _)| *s == warmup).map(|(_, kb)| *kb);
    let peak = crate::stats::maximum(&rss_in(warmup, u32::MAX));
    let last = rss
        .iter()
        .filter(|(s, _)| *s <= duration)
        .map(|(_, kb)| *kb)
        .next_back();
    // Medians of the 10 s after the warm-up and of the last 10 s of the load: allocator noise
    // moves single samples by a few hundred kB either way.
    let early = median(&rss_in(warmup, warmup + 9));
    let late = median(&rss_in(duration.saturating_sub(9), duration));
    let growth = |from: Option<f64>, to: Option<f64>| match (from, to) {
        (Some(a), Some(b)) if a > 0.0 => format!("{:+.1}%", (b - a) * 100.0 / a),
        _ => "–".to_owned(),
    };
    let wrk_summary: Vec<&str> = wrk
        .lines()
        .filter(|l| {
            let l = l.to_lowercase();
            l.contains("requests/sec") || l.contains("socket errors") || l.contains("requests in")
        })
        .map(str::trim)
        .collect();

    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## 2. Load and faults: {duration}-s mixed load on `{example} --enforce enforce`\n"
    );
    let _ = writeln!(
        out,
        "Command: `wrk -t{threads} -c{connections} -d{duration}s --latency -s target/load/mixed.lua http://127.0.0.1:PORT/`"
    );
    let _ = writeln!(
        out,
        "(the Lua script is written by scripts/load; the mix is listed in docs/reliability.md).\n"
    );
    let _ = writeln!(out, "| status | responses |\n|---|---:|");
    for (status, count) in &statuses {
        let _ = writeln!(out, "| {status} | {count} |");
    }
    let _ = writeln!(out, "| total | {total} |\n");
    let _ = writeln!(out, "- 5xx responses: {five_xx}");
    let _ = writeln!(out, "- wrk: {}", wrk_summary.join(";"));
    let _ = writeln!(
        out,
        "- panics in the server's stderr: {}; server alive at the end: {alive}; GET / after the load: {after}",
        server_err
            .lines()
            .filter(|l| l.contains("panicked"))
            .count()
    );
    let _ = writeln!(
        out,
        "- policy reports on stderr (`cookie policy: ...` lines): {}",
        server_err
            .lines()
            .filter(|l| l.starts_with("cookie policy:"))
            .count()
    );
    let kb = |v: Option<f64>| fixed(v, 0);
    let _ = writeln!(
        out,
        "- RSS (VmRSS): at {warmup} s {} kB, peak after warm-up {} kB, at the end {} kB: growth {} end vs {warmup} s, {} peak vs {warmup} s (samples: target/load/faults-rss.tsv)",
        kb(base),
        kb(peak),
        kb(last),
        growth(base, last),
        growth(base, peak)
    );
    let _ = writeln!(
        out,
        "- RSS median of seconds {warmup}-{}: {} kB; median of the last 10 s: {} kB; growth {} (target: under 5%)",
        warmup + 9,
        kb(early),
        kb(late),
        growth(early, late)
    );
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK: &str = "Running 10s test @ http://127.0.0.1:38400/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.35ms    1.03ms  15.57ms   87.85%
    Req/Sec    13.77k     1.05k   15.31k    79.00%
  Latency Distribution
     50%  812.00us
     75%    2.60ms
     90%    3.11ms
     99%    1.02s
  137001 requests in 10.00s, 1.14GB read
  Non-2xx or 3xx responses: 12
Requests/sec:  13697.12
Transfer/sec:    116.46MB
";

    #[test]
    fn reads_wrk_output() {
        let run = parse_wrk(WRK).unwrap();
        assert_eq!(run.requests, 137_001.0);
        assert_eq!(run.requests_per_second, 13_697.12);
        assert!((run.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(run.p99_ms, 1020.0);
        assert_eq!(run.errors, "Non-2xx or 3xx responses: 12");
        assert_eq!(parse_wrk("no numbers"), None);
        assert_eq!(milliseconds("1.50m"), Some(90_000.0));
    }

    /// The raw files of a cost run of `modes` (one round), in a directory of their own.
    fn cost_run(name: &str, modes: &[&str]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("load-stats-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut tsv = String::new();
        for mode in modes {
            tsv.push_str(&format!("1\t{mode}\t100\t200\n"));
            std::fs::write(dir.join(format!("wrk-cost-{mode}-1.txt")), WRK).unwrap();
        }
        std::fs::write(dir.join("cost-runs.tsv"), tsv).unwrap();
        dir
    }

    #[test]
    fn the_tables_name_the_example_that_ran() {
        let options = |example: &str| Options {
            example: example.to_owned(),
            ..Options::default()
        };
        let dir = cost_run("actix", &["off", "enforce"]);
        let actix = cost(&dir, &options("example-actix")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            actix.contains("against `example-actix --enforce off|enforce`"),
            "{actix}"
        );
        assert!(!actix.contains("axum"), "{actix}");
        assert!(!actix.contains("peer-tower-cookies"), "{actix}");

        let dir = cost_run("axum", &["off", "enforce", "tower-cookies"]);
        let axum = cost(&dir, &options("example-axum")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            axum.contains("against `example-axum --enforce off|enforce|tower-cookies`"),
            "{axum}"
        );
        assert!(
            axum.contains("built with `--features peer-tower-cookies`"),
            "{axum}"
        );
        assert!(axum.contains("rounds alternating"), "{axum}");

        let dir = cost_run("simultaneous", &["off", "enforce"]);
        let simultaneous = cost(
            &dir,
            &Options {
                simultaneous: true,
                ..options("example-rocket")
            },
        )
        .unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(
            simultaneous.contains("each loading off, enforce at the same time"),
            "{simultaneous}"
        );
        assert!(!simultaneous.contains("alternating"), "{simultaneous}");
    }
}
