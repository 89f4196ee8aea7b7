//! Cold builds: what depending on cookie-registry (default features) costs, next to depending
//! on inventory alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Layout, Options, cargo, log};
use crate::error::{Error, Result};
use crate::json::{self, Value};
use crate::process;
use crate::stats::{fixed, median};

const CRATES: [&str; 2] = ["cold-registry", "cold-inventory"];

/// The units of a `cargo build --timings` report (its `UNIT_DATA`): seconds, then the crate,
/// its version and what was built when not the library (`build-script`...).
fn units(html: &str) -> Result<Vec<(f64, String)>, String> {
    let start = html
        .find("UNIT_DATA = ")
        .ok_or("no UNIT_DATA in the --timings report")?
        + "UNIT_DATA = ".len();
    let (data, _) = json::parse_prefix(&html[start..])?;
    Ok(data
        .elements()
        .iter()
        .filter_map(|unit| {
            let name = unit.get("name")?.as_str()?;
            let version = unit.get("version")?.as_str()?;
            let target = unit
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or("")
                .trim();
            let what = if target.is_empty() {
                String::new()
            } else {
                format!(" ({target})")
            };
            Some((
                unit.get("duration")?.as_f64()?,
                format!("{name} {version}{what}"),
            ))
        })
        .collect())
}

/// The distinct crates `cargo tree -p PACKAGE -e normal` lists besides the package itself.
fn tree_count(layout: &Layout, options: &Options, package: &str) -> Option<usize> {
    let mut tree = cargo(layout, options, true, "tree");
    tree.args(["-q", "-p", package, "-e", "normal", "--prefix", "none"]);
    let text = process::stdout_of(&mut tree).ok()?;
    let mut crates: Vec<String> = text
        .lines()
        .map(|l| l.trim_end_matches(" (*)").replace(" (proc-macro)", ""))
        .filter(|l| !l.starts_with(&format!("{package} ")))
        .collect();
    crates.sort();
    crates.dedup();
    Some(crates.len())
}

pub fn run(layout: &Layout, options: &Options) -> Result<String> {
    // Both crates' dependencies must be in the cache before anything is timed.
    let mut fetch = cargo(layout, options, false, "fetch");
    let offline = process::run_logged(&mut fetch, &layout.logs.join("fetch.log")).is_ok();
    let target = layout.out.join("cold-target");
    // (round, crate) -> (seconds, crates compiled, units)
    let mut runs: BTreeMap<(usize, &str), (f64, usize, usize)> = BTreeMap::new();
    let mut unit_times: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    let mut compiled_first_round = Vec::new();
    let mut tsv = String::new();
    for round in 1..=options.cold_rounds {
        for krate in CRATES {
            if target.exists() {
                std::fs::remove_dir_all(&target).map_err(Error::io(&target))?;
            }
            let log_file = layout.logs.join(format!("cold-{krate}-{round}.log"));
            let _ = std::fs::remove_file(&log_file);
            let mut build = cargo(layout, options, offline, "build");
            build
                .env("CARGO_TARGET_DIR", &target)
                .args(["-p", krate, "--timings"]);
            let (seconds, _) = process::timed(&mut build, &log_file)?;
            let html_path = target.join("cargo-timings/cargo-timing.html");
            let html = std::fs::read_to_string(&html_path).map_err(Error::io(&html_path))?;
            let kept = layout
                .out
                .join(format!("cold-timings-{krate}-{round}.html"));
            std::fs::write(&kept, &html).map_err(Error::io(&kept))?;
            let units = units(&html)
                .map_err(|e| Error::Unexpected(format!("{}: {e}", html_path.display())))?;
            let units_tsv: String = units.iter().map(|(d, u)| format!("{d}\t{u}\n")).collect();
            let units_path = layout.out.join(format!("cold-units-{krate}-{round}.tsv"));
            std::fs::write(&units_path, units_tsv).map_err(Error::io(&units_path))?;
            let log_text = std::fs::read_to_string(&log_file).unwrap_or_default();
            let compiled: Vec<String> = log_text
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
                .map(|rest| {
                    rest.split_whitespace()
                        .take(2)
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            if krate == "cold-registry" {
                for (duration, unit) in &units {
                    unit_times.entry(unit.clone()).or_default().push(*duration);
                }
                if round == 1 {
                    compiled_first_round = compiled.clone();
                }
            }
            log(&format!(
                "round {round}/{}: cold build of {krate}: {seconds:.1}s",
                options.cold_rounds
            ));
            let _ = writeln!(
                tsv,
                "{round}\t{krate}\t{seconds:.3}\t{}\t{}",
                compiled.len(),
                units.len()
            );
            runs.insert((round, krate), (seconds, compiled.len(), units.len()));
        }
    }
    if target.exists() {
        std::fs::remove_dir_all(&target).map_err(Error::io(&target))?;
    }
    let path = layout.out.join("cold.tsv");
    std::fs::write(&path, &tsv).map_err(Error::io(&path))?;
    Ok(report(
        layout,
        options,
        &runs,
        &unit_times,
        compiled_first_round,
    ))
}

fn report(
    layout: &Layout,
    options: &Options,
    runs: &BTreeMap<(usize, &str), (f64, usize, usize)>,
    unit_times: &BTreeMap<String, Vec<f64>>,
    mut compiled: Vec<String>,
) -> String {
    let rel = layout.rel();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\n## Cold build: what depending on cookie-registry (default features) costs\n"
    );
    let _ = writeln!(
        out,
        "Command, in {rel}/ws: `rm -rf T && CARGO_TARGET_DIR=T cargo build -p cold-registry`"
    );
    let _ = writeln!(
        out,
        "(a lib crate whose only dependency is `cookie-registry`, default features), and the same for"
    );
    let _ = writeln!(
        out,
        "`cold-inventory` (its only dependency: `inventory`, cookie-registry's one required collection"
    );
    let _ = writeln!(
        out,
        "dependency). Dev profile, {} rounds alternating. Crates: the `Compiling` lines, the tiny crate included.\n",
        options.cold_rounds
    );
    let _ = writeln!(
        out,
        "| crate | median wall time (s) | every round (s) | crates compiled | units (rustc and build-script runs) |"
    );
    let _ = writeln!(out, "|---|---:|---|---:|---:|");
    for krate in CRATES {
        let of: Vec<&(f64, usize, usize)> = runs
            .iter()
            .filter(|((_, k), _)| *k == krate)
            .map(|(_, v)| v)
            .collect();
        let seconds: Vec<f64> = of.iter().map(|v| v.0).collect();
        let every: Vec<String> = seconds.iter().map(|s| format!("{s:.1}")).collect();
        let (crates, units) = of.last().map_or((0, 0), |v| (v.1, v.2));
        let _ = writeln!(
            out,
            "| {krate} | {} | {} | {crates} | {units} |",
            fixed(median(&seconds), 1),
            every.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "\nThe ten longest units of cold-registry's builds (`--timings`; seconds of wall time, two jobs sharing"
    );
    let _ = writeln!(
        out,
        "the cores, median over the rounds):\n\n| unit | median (s) |\n|---|---:|"
    );
    let mut longest: Vec<(f64, &String)> = unit_times
        .iter()
        .filter_map(|(unit, times)| Some((median(times)?, unit)))
        .collect();
    longest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (seconds, unit) in longest.iter().take(10) {
        let _ = writeln!(out, "| {unit} | {seconds:.1} |");
    }
    let _ = writeln!(
        out,
        "\nEvery unit of every round: {rel}/cold-units-*.tsv (and cargo's reports, cold-timings-*.html).\n"
    );
    let _ = writeln!(
        out,
        "Crates compiled for cold-registry (from `cargo build`'s output):\n"
    );
    compiled.sort();
    let _ = writeln!(out, "{}", compiled.join(", "));
    if let (Some(registry), Some(inventory)) = (
        tree_count(layout, options, "cold-registry"),
        tree_count(layout, options, "cold-inventory"),
    ) {
        let _ = writeln!(
            out,
            "\n`cargo tree -p cold-registry -e normal`: {registry} distinct crates\nbesides cold-registry; `cargo tree -p cold-inventory -e normal`: {inventory}."
        );
        let _ = writeln!(
            out,
            "(Normal dependencies only; build-script dependencies are in the `Compiling` count.)"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_units_of_a_timings_report() {
        let html = r#"<script>
const UNIT_DATA = [
  {"i": 1, "name": "unicode-ident", "version": "1.0.27", "target": "", "duration": 0.08,
   "sections": [["frontend", {"start": 0.0, "end": 0.06}]]},
  {"i": 2, "name": "proc-macro2", "version": "1.0.107", "target": " build-script", "duration": 0.27}
];
const CONCURRENCY_DATA = [];
</script>"#;
        let units = super::units(html).unwrap();
        assert_eq!(
            units,
            vec![
                (0.08, "unicode-ident 1.0.27".into()),
                (0.27, "proc-macro2 1.0.107 (build-script)".into())
            ]
        );
    }
}
