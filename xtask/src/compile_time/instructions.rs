//! Instruction counts: the clean and incremental builds once each, with rustc under callgrind
//! for the two declaring crates only. The load of a shared machine does not move these.
//!
//! cargo runs `RUSTC_WRAPPER rustc ARGS...`; the wrapper is this program itself, which
//! [`rustc_wrapper`] takes over when `XTASK_CALLGRIND_LOG` is set.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::process::{Command, ExitCode};

use super::measure::prebuild;
use super::{Layout, Options, cargo, log};
use crate::error::{Error, Result};
use crate::process;
use crate::stats::ratio;

/// The variable that makes this program act as rustc's wrapper, and names the callgrind log.
pub const LOG_VARIABLE: &str = "XTASK_CALLGRIND_LOG";

/// As `RUSTC_WRAPPER`: runs rustc (`args[1..]`) under callgrind when it compiles decl-macro or
/// decl-plain, as is otherwise. `None` when this process is not a wrapper.
pub fn rustc_wrapper() -> Option<ExitCode> {
    let log = std::env::var_os(LOG_VARIABLE)?;
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let (rustc, rest) = args.split_first()?;
    let measured = rest.windows(2).any(|pair| {
        pair[0] == "--crate-name" && (pair[1] == "decl_macro" || pair[1] == "decl_plain")
    });
    let mut command = if measured {
        let mut c = Command::new("valgrind");
        let mut log_file = OsString::from("--log-file=");
        log_file.push(&log);
        c.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
            .arg(log_file)
            .arg(rustc);
        c
    } else {
        Command::new(rustc)
    };
    let status = command.args(rest).status();
    Some(match status {
        Ok(status) => ExitCode::from(status.code().map_or(1, |c| c as u8)),
        Err(error) => {
            eprintln!(
                "xtask (as rustc's wrapper): cannot run {}: {error}",
                process::describe(&command)
            );
            ExitCode::FAILURE
        }
    })
}

pub fn run(layout: &Layout, options: &Options, offline: bool) -> Result<String> {
    if !process::available("valgrind") {
        return Err(Error::Unexpected(
            "`compile-time instructions` needs valgrind (Debian: apt-get install valgrind)".into(),
        ));
    }
    let offline = prebuild(layout, options, offline)?;
    let wrapper = std::env::current_exe().map_err(Error::io("the xtask binary"))?;
    let mut counts = std::collections::BTreeMap::new();
    for kind in ["clean", "incremental"] {
        for form in ["macro", "plain"] {
            let package = format!("decl-{form}");
            if kind == "clean" {
                let mut clean = cargo(layout, options, offline, "clean");
                clean.args(["-q", "-p", &package]);
                process::run_logged(&mut clean, &layout.logs.join("clean.log"))?;
            } else {
                super::measure::edit(layout, options, form, 1000)?;
            }
            log(&format!(
                "{kind} build of {package} under callgrind (about 30 times slower)"
            ));
            let callgrind_log = layout.logs.join(format!("callgrind-{kind}-{form}.log"));
            let mut build = cargo(layout, options, offline, "build");
            build
                .args(["-p", &package])
                .env("RUSTC_WRAPPER", &wrapper)
                .env(LOG_VARIABLE, &callgrind_log);
            process::run_logged(
                &mut build,
                &layout
                    .logs
                    .join(format!("callgrind-{kind}-{form}.cargo.log")),
            )?;
            let text =
                std::fs::read_to_string(&callgrind_log).map_err(Error::io(&callgrind_log))?;
            let collected = text
                .lines()
                .find_map(|l| {
                    l.split_once("Collected :")
                        .map(|(_, n)| n.trim().to_owned())
                })
                .and_then(|n| n.parse::<f64>().ok())
                .ok_or_else(|| {
                    Error::Unexpected(format!(
                        "no instruction count in {}",
                        callgrind_log.display()
                    ))
                })?;
            counts.insert((kind, form), collected);
        }
    }
    let tsv: String = counts
        .iter()
        .map(|((k, f), n)| format!("{k}\t{f}\t{n}\n"))
        .collect();
    let path = layout.out.join("instructions.tsv");
    std::fs::write(&path, tsv).map_err(Error::io(&path))?;
    let mut out = String::new();
    let _ = writeln!(out, "\n## Instructions: rustc under callgrind\n");
    let _ = writeln!(
        out,
        "The clean and incremental builds of the timed comparison, once each, with rustc run under `valgrind --tool=callgrind`"
    );
    let _ = writeln!(
        out,
        "(`RUSTC_WRAPPER`, for decl-macro and decl-plain only): instructions executed by rustc, the macro"
    );
    let _ = writeln!(
        out,
        "included, all threads. Cargo's own work is not counted.\n"
    );
    let _ = writeln!(
        out,
        "| build | macro (instructions) | plain (instructions) | ratio |\n|---|---:|---:|---:|"
    );
    for kind in ["clean", "incremental"] {
        let (m, p) = (
            counts.get(&(kind, "macro")).copied(),
            counts.get(&(kind, "plain")).copied(),
        );
        let _ = writeln!(
            out,
            "| {kind} | {:.0} | {:.0} | {} |",
            m.unwrap_or(0.0),
            p.unwrap_or(0.0),
            ratio(m, p, 3)
        );
    }
    Ok(out)
}
