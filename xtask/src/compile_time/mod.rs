//! `cargo xtask compile-time`: what the declaration macro costs the crate that declares
//! cookies, and what depending on cookie-registry costs a cold build (issue 5, performance
//! target 4; docs/benchmarks.md).
//!
//! Generates, under target/compile-time/ws/, a small workspace of its own that depends on
//! ./cookie-registry by path (workspace.rs):
//!
//! - `decl-macro`: N declarations written with `#[cookie(...)]` (declarations.rs);
//! - `decl-plain`: the same crate as the compiler expands it: `cargo rustc -p decl-macro --
//!   -Zunpretty=expanded` (with `RUSTC_BOOTSTRAP=1` on a stable toolchain), split back into
//!   its modules. No copy of the macro's expansion is kept anywhere: what the macro generates
//!   today is what the plain crate holds, whatever the macro becomes.
//!
//! then checks that both register the same N declarations and render the same JSON policy, and
//! measures (measure.rs), alternating macro and plain, `--rounds` times in the dev profile, a
//! clean build (`cargo clean -p` then `cargo build -p`, dependencies prebuilt) and an
//! incremental one (after editing one purpose text, the same in both); and the cold build of
//! cookie-registry with default features next to that of a crate depending only on inventory
//! (cold.rs). `instructions` runs one clean and one incremental build of each crate with rustc
//! under callgrind (instructions.rs). Results: target/compile-time/results.md (instructions.md
//! for the callgrind part), raw figures in *.tsv, cargo's output in logs/. Nothing here asserts
//! a time: it measures and reports.

mod cold;
mod declarations;
mod instructions;
mod measure;
mod workspace;

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::{parse_value, report};

pub use instructions::rustc_wrapper;

const USAGE: &str = "\
cargo xtask compile-time [all|measure|cold|instructions] [--rounds 5] [--declarations 1000]
    [--modules 10] [--cold-rounds 2] [--jobs N] [--host-opt-level L]

  all           generate, check, measure, cold (the default)
  measure       generate, check, then the clean and incremental rounds
  cold          generate, then the cold builds only
  instructions  generate, then one clean and one incremental build of each crate with rustc
                under callgrind (needs valgrind; not part of `all`)

--host-opt-level L gives the generated workspace `[profile.dev.build-override] opt-level = L`
(proc macros and their dependencies compiled optimised); results then go to
target/compile-time/host-optL/.";

/// What to run, and how big.
pub struct Options {
    part: String,
    rounds: usize,
    declarations: usize,
    modules: usize,
    cold_rounds: usize,
    jobs: Option<usize>,
    host_opt_level: Option<String>,
}

/// Where everything goes.
pub struct Layout {
    root: PathBuf,
    /// target/compile-time (or target/compile-time/host-optL).
    out: PathBuf,
    /// The generated workspace.
    ws: PathBuf,
    logs: PathBuf,
}

impl Layout {
    /// `out` relative to the repository, for the report.
    fn rel(&self) -> String {
        self.out
            .strip_prefix(&self.root)
            .unwrap_or(&self.out)
            .display()
            .to_string()
    }
}

pub fn main(parser: &mut lexopt::Parser, root: &Path) -> Result<()> {
    use lexopt::prelude::*;
    let mut options = Options {
        part: "all".into(),
        rounds: 5,
        declarations: 1000,
        modules: 10,
        cold_rounds: 2,
        jobs: None,
        host_opt_level: None,
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Value(part) => options.part = part.string()?,
            Long("rounds") => options.rounds = parse_value(parser, "--rounds")?,
            Long("declarations") => options.declarations = parse_value(parser, "--declarations")?,
            Long("modules") => options.modules = parse_value(parser, "--modules")?,
            Long("cold-rounds") => options.cold_rounds = parse_value(parser, "--cold-rounds")?,
            Long("jobs") => options.jobs = Some(parse_value(parser, "--jobs")?),
            Long("host-opt-level") => options.host_opt_level = Some(parser.value()?.string()?),
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(other.unexpected().into()),
        }
    }
    if !["all", "measure", "cold", "instructions"].contains(&options.part.as_str()) {
        return Err(Error::Usage(format!(
            "no part `{}`:\n{USAGE}",
            options.part
        )));
    }
    if options.declarations < 10 || options.modules == 0 || options.modules > options.declarations {
        return Err(Error::Usage(
            "--declarations must be at least 10, --modules between 1 and --declarations".into(),
        ));
    }
    let mut out = root.join("target/compile-time");
    if let Some(level) = &options.host_opt_level {
        out = out.join(format!("host-opt{level}"));
    }
    let layout = Layout {
        root: root.to_path_buf(),
        ws: out.join("ws"),
        logs: out.join("logs"),
        out,
    };
    for dir in [&layout.ws, &layout.logs] {
        std::fs::create_dir_all(dir).map_err(Error::io(dir))?;
    }
    run(&options, &layout)
}

pub(crate) fn log(message: &str) {
    eprintln!("==> {message}");
}

/// `cargo` in the generated workspace, building into its own target directory, with the
/// environment that would change what is measured removed. Offline when `offline`.
pub(crate) fn cargo(
    layout: &Layout,
    options: &Options,
    offline: bool,
    subcommand: &str,
) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.current_dir(&layout.ws).arg(subcommand);
    if offline {
        command.arg("--offline");
    }
    command.env("CARGO_TARGET_DIR", layout.out.join("cargo"));
    for variable in [
        "RUSTFLAGS",
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_INCREMENTAL",
        "RUSTC_WRAPPER",
    ] {
        command.env_remove(variable);
    }
    if let Some(jobs) = options.jobs {
        command.env("CARGO_BUILD_JOBS", jobs.to_string());
    }
    command
}

fn run(options: &Options, layout: &Layout) -> Result<()> {
    let results = layout.out.join(if options.part == "instructions" {
        "instructions.md"
    } else {
        "results.md"
    });
    let jobs = options.jobs.map_or_else(
        || format!("default ({})", report::cpus()),
        |j| j.to_string(),
    );
    let host = options.host_opt_level.as_ref().map_or(String::new(), |l| {
        format!(", with `[profile.dev.build-override] opt-level = {l}`")
    });
    let mut report = format!(
        "# cargo xtask compile-time results\n\n- date: {}\n- machine: {}\n- toolchain: {}, {}\n- commit: {}\n- cargo jobs: {jobs}; profile: dev (debug, incremental){host}\n",
        report::utc_now(),
        report::machine(true),
        report::first_line_of("rustc", &["-V"]),
        report::first_line_of("cargo", &["-V"]),
        report::commit(&layout.root),
    );

    log(&format!(
        "generating {} declarations in {} modules ({}/ws)",
        options.declarations,
        options.modules,
        layout.rel()
    ));
    let mut offline = true;
    workspace::write_macro_crate(layout, options)?;
    if options.part != "cold" {
        offline = workspace::expand_into_plain_crate(layout, options, offline)?;
    }
    match options.part.as_str() {
        "instructions" => report += &instructions::run(layout, options, offline)?,
        part => {
            if part != "cold" {
                report += &measure::check(layout, options, offline)?;
                report += &measure::measure(layout, options, offline)?;
            }
            if part != "measure" {
                report += &cold::run(layout, options)?;
            }
        }
    }
    std::fs::write(&results, &report).map_err(Error::io(&results))?;
    log(&format!(
        "results: {}",
        results
            .strip_prefix(&layout.root)
            .unwrap_or(&results)
            .display()
    ));
    print!("{report}");
    Ok(())
}
