//! `cargo xtask registry-bench`: the registry at 10,000 declarations, inventory against linkme
//! (issue 5, performance target 3, first half; docs/benchmarks.md).
//!
//! Generates target/registry-bench/crate/, a binary crate of `--declarations` `#[cookie(...)]`
//! constants (generate.rs) whose main.rs measures in the process (generated_main.rs) and
//! prints one `key=value` line:
//!
//! - `pre_main_cpu_us`, `pre_main_faults`: CPU time and minor page faults before `main`;
//! - `first_us`, `first_cpu_us`, `first_faults`: the first `Registry::global()`;
//! - `second_ns`: the second call (cached);
//! - `iterate_us`: iterating every declaration; `find_us`: `Registry::find` of one name each;
//! - `vm_hwm_kb`: the process's peak RSS.
//!
//! The crate is built twice in release into its own target directory (target/registry-bench/
//! cargo): with the default backend (inventory), then with `--features linkme`. Each build is
//! timed after touching main.rs (informational). The two binaries then run alternately,
//! `--rounds` times each, each run a fresh process, pinned with taskset when there is a second
//! CPU. With valgrind installed, each also runs once under callgrind. Results:
//! target/registry-bench/results.md (and stdout); every run's line in runs.txt. Nothing here
//! asserts a time: it measures and reports.

mod generate;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::error::{Error, Result};
use crate::stats::{maximum, median, minimum, plain, ratio};
use crate::{parse_value, process, report};

const USAGE: &str = "\
cargo xtask registry-bench [--rounds 10] [--declarations 10000] [--modules 20] [--cpu 1]
                           [--no-time-builds] [--callgrind auto|yes|no]";

const BACKENDS: [&str; 2] = ["inventory", "linkme"];

/// The measures of a run's line, in the report's order.
const KEYS: [&str; 9] = [
    "pre_main_cpu_us",
    "pre_main_faults",
    "first_us",
    "first_cpu_us",
    "first_faults",
    "second_ns",
    "iterate_us",
    "find_us",
    "vm_hwm_kb",
];

struct Options {
    rounds: usize,
    declarations: usize,
    modules: usize,
    cpu: usize,
    time_builds: bool,
    callgrind: Option<bool>,
}

pub fn main(parser: &mut lexopt::Parser, root: &Path) -> Result<()> {
    use lexopt::prelude::*;
    let mut options = Options {
        rounds: 10,
        declarations: 10_000,
        modules: 20,
        cpu: 1,
        time_builds: true,
        callgrind: None,
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Long("rounds") => options.rounds = parse_value(parser, "--rounds")?,
            Long("declarations") => options.declarations = parse_value(parser, "--declarations")?,
            Long("modules") => options.modules = parse_value(parser, "--modules")?,
            Long("cpu") => options.cpu = parse_value(parser, "--cpu")?,
            Long("no-time-builds") => options.time_builds = false,
            Long("callgrind") => {
                options.callgrind = match parser.value()?.string()?.as_str() {
                    "auto" => None,
                    "yes" => Some(true),
                    "no" => Some(false),
                    other => {
                        return Err(Error::Usage(format!(
                            "--callgrind: `{other}` is not auto, yes or no"
                        )));
                    }
                }
            }
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(other.unexpected().into()),
        }
    }
    if options.declarations < 40
        || options.modules == 0
        || options.modules > options.declarations
        || options.rounds == 0
    {
        return Err(Error::Usage(
            "--declarations must be at least 40, --modules between 1 and --declarations, --rounds at least 1".into(),
        ));
    }
    run(root, &options)
}

fn log(message: &str) {
    eprintln!("==> {message}");
}

/// Writes `text` to `path` unless it already holds exactly that (an unchanged file does not
/// make cargo rebuild).
pub(crate) fn write_if_changed(path: &Path, text: &str) -> Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(Error::io(parent))?;
    }
    std::fs::write(path, text).map_err(Error::io(path))
}

fn run(root: &Path, options: &Options) -> Result<()> {
    let out = root.join("target/registry-bench");
    let krate = out.join("crate");
    let bin = out.join("bin");
    std::fs::create_dir_all(krate.join("src")).map_err(Error::io(&krate))?;
    std::fs::create_dir_all(&bin).map_err(Error::io(&bin))?;

    log(&format!(
        "generating {} declarations in {} modules under {}",
        options.declarations,
        options.modules,
        krate.display()
    ));
    let manifest = format!(
        "# Generated by `cargo xtask registry-bench`: do not edit.
[package]
name = \"registry-bench\"
version = \"0.0.0\"
edition = \"2024\"
publish = false

[dependencies]
cookie-registry = {{ path = \"{}\" }}

[features]
# The other collection backend, for the whole build.
linkme = [\"cookie-registry/linkme\"]

[package.metadata.cookie-registry]
languages = [\"en\", \"fr\"]

# Not a member of the repository's workspace.
[workspace]
",
        root.join("cookie-registry").display()
    );
    write_if_changed(&krate.join("Cargo.toml"), &manifest)?;
    // The workspace's lock file, so that an offline build resolves to the versions already on disk.
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(Error::io(root.join("Cargo.lock")))?;
    write_if_changed(&krate.join("Cargo.lock"), &lock)?;
    let sources = generate::sources(options.declarations, options.modules);
    // Drop modules a larger --modules left behind.
    for entry in std::fs::read_dir(krate.join("src"))
        .map_err(Error::io(krate.join("src")))?
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !sources.iter().any(|(n, _)| *n == name) {
            std::fs::remove_file(entry.path()).map_err(Error::io(entry.path()))?;
        }
    }
    for (name, text) in &sources {
        write_if_changed(&krate.join("src").join(name), text)?;
    }

    // Two builds.
    let target_dir = out.join("cargo");
    let cargo = |features: &[&str]| {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .args(["build", "--offline", "--release", "--manifest-path"])
            .arg(krate.join("Cargo.toml"))
            .args(features)
            .env("CARGO_TARGET_DIR", &target_dir);
        command
    };
    let mut compile_s = BTreeMap::new();
    let mut size = BTreeMap::new();
    for backend in BACKENDS {
        let features: &[&str] = if backend == "linkme" {
            &["--features", "linkme"]
        } else {
            &[]
        };
        log(&format!(
            "cargo build --release {} (dependencies)",
            features.join(" ")
        ));
        process::run_shown(&mut cargo(features))?;
        if options.time_builds {
            // Touch main.rs: rewriting it with the same text gives it a new modification time.
            let main_rs = krate.join("src/main.rs");
            let text = std::fs::read(&main_rs).map_err(Error::io(&main_rs))?;
            std::fs::write(&main_rs, text).map_err(Error::io(&main_rs))?;
            log(&format!(
                "cargo build --release {} (the generated crate alone, timed)",
                features.join(" ")
            ));
            let start = Instant::now();
            process::run_shown(&mut cargo(features))?;
            compile_s.insert(backend, start.elapsed().as_secs_f64());
        }
        let binary = bin.join(format!("registry-bench-{backend}"));
        let built = target_dir.join("release/registry-bench");
        std::fs::copy(&built, &binary).map_err(Error::io(&built))?;
        size.insert(
            backend,
            std::fs::metadata(&binary)
                .map_err(Error::io(&binary))?
                .len() as f64,
        );
        // The binary must report the backend it was built for.
        let line = process::stdout_of(&mut Command::new(&binary))?;
        if !line.contains(&format!("backend={backend} ")) {
            return Err(Error::Unexpected(format!(
                "the {backend} build does not use {backend}: {line}"
            )));
        }
    }

    // Alternating runs.
    let pin = process::available("taskset") && report::cpus() >= 2;
    let runs_path = out.join("runs.txt");
    let mut runs: Vec<(String, BTreeMap<String, f64>)> = Vec::new();
    let mut runs_text = String::new();
    log(&format!(
        "running both binaries alternately, {} rounds{}",
        options.rounds,
        if pin {
            format!(" (taskset -c {})", options.cpu)
        } else {
            String::new()
        }
    ));
    for round in 1..=options.rounds {
        for backend in BACKENDS {
            let binary = bin.join(format!("registry-bench-{backend}"));
            let mut command = if pin {
                let mut c = Command::new("taskset");
                c.arg("-c").arg(options.cpu.to_string()).arg(&binary);
                c
            } else {
                Command::new(&binary)
            };
            let line = process::stdout_of(&mut command)?;
            let line = format!("round={round} {}", line.trim());
            eprintln!("{line}");
            let _ = writeln!(runs_text, "{line}");
            let values = line
                .split_whitespace()
                .filter_map(|field| field.split_once('='))
                .filter_map(|(key, value)| Some((key.to_owned(), value.parse().ok()?)))
                .collect();
            runs.push((backend.to_owned(), values));
        }
    }
    std::fs::write(&runs_path, &runs_text).map_err(Error::io(&runs_path))?;

    let callgrind = options.callgrind.unwrap_or_else(|| {
        process::available("valgrind") && process::available("callgrind_annotate")
    });
    let instructions = if callgrind {
        Some(instructions(&out, &bin)?)
    } else {
        None
    };

    let report = report_text(
        root,
        options,
        pin,
        &runs,
        instructions.as_ref(),
        &compile_s,
        &size,
    );
    let results = out.join("results.md");
    std::fs::write(&results, &report).map_err(Error::io(&results))?;
    print!("{report}");
    Ok(())
}

/// What the report reads from one callgrind profile, in instructions.
const CALLGRIND_ROWS: [(&str, &str); 5] = [
    ("whole process", "PROGRAM TOTALS"),
    ("outside main (loader, constructors, exit)", ""),
    (
        "of which the loader's relocations",
        "dl-reloc.c:_dl_relocate_object ",
    ),
    (
        "first `Registry::global()`",
        "cookie_registry::registry::Registry::global ",
    ),
    (
        "`Registry::find` × N",
        "cookie_registry::registry::Registry::find ",
    ),
];

/// Runs each binary once under callgrind; per backend, the instruction count of each row of
/// [`CALLGRIND_ROWS`] (`None` where the profile has no such function).
fn instructions(out: &Path, bin: &Path) -> Result<BTreeMap<&'static str, Vec<Option<f64>>>> {
    let mut counts = BTreeMap::new();
    for backend in BACKENDS {
        let binary = bin.join(format!("registry-bench-{backend}"));
        let profile = out.join(format!("callgrind.{backend}.out"));
        log(&format!("valgrind --tool=callgrind {}", binary.display()));
        process::run_logged(
            Command::new("valgrind")
                .arg("--tool=callgrind")
                .arg(format!("--callgrind-out-file={}", profile.display()))
                .arg(&binary),
            &out.join(format!("callgrind.{backend}.log")),
        )?;
        let annotated = process::stdout_of(
            Command::new("callgrind_annotate")
                .arg("--inclusive=yes")
                .arg(&profile),
        )?;
        // The inclusive count of the first line matching `pattern`.
        let inclusive = |pattern: &str| -> Option<f64> {
            let line = annotated.lines().find(|line| line.contains(pattern))?;
            line.split_whitespace()
                .next()?
                .replace(',', "")
                .parse()
                .ok()
        };
        let total = inclusive("PROGRAM TOTALS");
        // Everything outside the Rust runtime's start (which calls main).
        let outside_main = total
            .zip(inclusive("std::rt::lang_start_internal"))
            .map(|(t, m)| t - m);
        let row = CALLGRIND_ROWS
            .iter()
            .map(|(_, pattern)| {
                if pattern.is_empty() {
                    outside_main
                } else {
                    inclusive(pattern)
                }
            })
            .collect();
        counts.insert(backend, row);
    }
    Ok(counts)
}

fn report_text(
    root: &Path,
    options: &Options,
    pinned: bool,
    runs: &[(String, BTreeMap<String, f64>)],
    instructions: Option<&BTreeMap<&str, Vec<Option<f64>>>>,
    compile_s: &BTreeMap<&str, f64>,
    size: &BTreeMap<&str, f64>,
) -> String {
    // The values of `key` over the runs of `backend`, in round order.
    let values = |backend: &str, key: &str| -> Vec<f64> {
        runs.iter()
            .filter(|(b, _)| b == backend)
            .filter_map(|(_, v)| v.get(key).copied())
            .collect()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Registry at {} declarations: inventory against linkme\n",
        options.declarations
    );
    let _ = writeln!(
        out,
        "{}, `cargo xtask registry-bench --rounds {}`; {}, {}; commit `{}`;",
        report::utc_now(),
        options.rounds,
        report::machine(false),
        report::first_line_of("rustc", &["--version"]),
        report::commit(root)
    );
    let pin = if pinned {
        format!("runs pinned with `taskset -c {}`; ", options.cpu)
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "{pin}each run a fresh process, the two binaries alternating.\n"
    );
    let _ = writeln!(
        out,
        "| measure | inventory, median | linkme, median | linkme / inventory | per round: median (range) | inventory, min | linkme, min | linkme / inventory, min |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---|---:|---:|---:|");
    for key in KEYS {
        let (a, b) = (values("inventory", key), values("linkme", key));
        let per_round: Vec<f64> = a
            .iter()
            .zip(&b)
            .filter(|(a, _)| **a > 0.0)
            .map(|(a, b)| b / a)
            .collect();
        let rounds = format!(
            "{} ({} to {})",
            ratio(median(&per_round), Some(1.0), 3),
            ratio(minimum(&per_round), Some(1.0), 3),
            ratio(maximum(&per_round), Some(1.0), 3)
        );
        let _ = writeln!(
            out,
            "| `{key}` | {} | {} | {} | {rounds} | {} | {} | {} |",
            plain(median(&a)),
            plain(median(&b)),
            ratio(median(&b), median(&a), 3),
            plain(minimum(&a)),
            plain(minimum(&b)),
            ratio(minimum(&b), minimum(&a), 3)
        );
    }
    let per_lookup = |backend: &str| {
        median(&values(backend, "find_us")).map_or("–".into(), |t| {
            format!("{:.0}", t * 1000.0 / options.declarations as f64)
        })
    };
    let _ = writeln!(
        out,
        "\nPer look-up (median): inventory {} ns, linkme {} ns.\n",
        per_lookup("inventory"),
        per_lookup("linkme")
    );
    if let Some(counts) = instructions {
        let _ = writeln!(
            out,
            "Instructions (callgrind, one run of each binary; `target/registry-bench/callgrind.<backend>.out`):\n"
        );
        let _ = writeln!(
            out,
            "| instructions | inventory | linkme | linkme / inventory |\n|---|---:|---:|---:|"
        );
        for (row, (label, _)) in CALLGRIND_ROWS.iter().enumerate() {
            let label = label.replace('N', &options.declarations.to_string());
            let of = |backend: &str| counts.get(backend).and_then(|c| c[row]);
            let _ = writeln!(
                out,
                "| {label} | {} | {} | {} |",
                plain(of("inventory")),
                plain(of("linkme")),
                ratio(of("linkme"), of("inventory"), 3)
            );
        }
        out.push('\n');
    }
    let built = |map: &BTreeMap<&str, f64>, backend: &str, decimals: usize| {
        map.get(backend)
            .map_or("not timed".to_owned(), |v| format!("{v:.decimals$}"))
    };
    let _ = writeln!(
        out,
        "| build (informational) | inventory | linkme | linkme / inventory |\n|---|---:|---:|---:|"
    );
    let _ = writeln!(
        out,
        "| compile time of the generated crate alone, release, s | {} | {} | {} |",
        built(compile_s, "inventory", 1),
        built(compile_s, "linkme", 1),
        ratio(
            compile_s.get("linkme").copied(),
            compile_s.get("inventory").copied(),
            3
        )
    );
    let _ = writeln!(
        out,
        "| binary size, bytes | {} | {} | {} |",
        built(size, "inventory", 0),
        built(size, "linkme", 0),
        ratio(
            size.get("linkme").copied(),
            size.get("inventory").copied(),
            3
        )
    );
    let _ = writeln!(out, "\nEvery run: `target/registry-bench/runs.txt`.");
    out
}
