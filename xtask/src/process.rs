//! Running the programs the measurements drive (cargo, rustc, valgrind, the benchmarks),
//! keeping their output in logs and saying what failed.

use std::fs::{File, OpenOptions};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

use crate::error::{Error, Result};

/// How a command reads in an error message: the program and its arguments.
pub fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// The last `lines` lines of a log, for an error message.
fn tail(log: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    let start = all.len().saturating_sub(lines);
    format!(
        "{}\n(the whole output: {})",
        all[start..].join("\n"),
        log.display()
    )
}

/// Runs `command` to the end with its output (both streams) appended to `log`.
pub fn run_logged(command: &mut Command, log: &Path) -> Result<()> {
    let open = || {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .map_err(Error::io(log))
    };
    let out: File = open()?;
    let err = out.try_clone().map_err(Error::io(log))?;
    let status = command
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .status()
        .map_err(|e| Error::Command {
            command: describe(command),
            detail: e.to_string(),
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Command {
            command: describe(command),
            detail: tail(log, 20),
        })
    }
}

/// Runs `command` with its output shown (stdout sent to stderr, so that a subcommand's stdout
/// holds only its report).
pub fn run_shown(command: &mut Command) -> Result<()> {
    let status = command
        .stdin(Stdio::null())
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| Error::Command {
            command: describe(command),
            detail: e.to_string(),
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Command {
            command: describe(command),
            detail: format!("exit status {status}; its output is above"),
        })
    }
}

/// Runs `command` and returns its standard output (its standard error goes to ours).
pub fn stdout_of(command: &mut Command) -> Result<String> {
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| Error::Command {
            command: describe(command),
            detail: e.to_string(),
        })?;
    if out.status.success() {
        String::from_utf8(out.stdout).map_err(|_| {
            Error::Unexpected(format!(
                "`{}` printed something that is not UTF-8",
                describe(command)
            ))
        })
    } else {
        Err(Error::Command {
            command: describe(command),
            detail: format!("exit status {}", out.status),
        })
    }
}

/// Whether `program` is on the PATH.
pub fn available(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The wall time and the CPU time (user + system of the command and every process it waited
/// for: cargo and each rustc it ran), in seconds, of running `command` logged to `log`.
pub fn timed(command: &mut Command, log: &Path) -> Result<(f64, f64)> {
    let cpu_before = children_cpu_seconds();
    let start = Instant::now();
    run_logged(command, log)?;
    let wall = start.elapsed().as_secs_f64();
    Ok((wall, children_cpu_seconds() - cpu_before))
}

/// CPU time of this process's finished children so far (`cutime` + `cstime` of
/// `/proc/self/stat`, what bash's `times` reports), in seconds: to the clock tick (10 ms).
fn children_cpu_seconds() -> f64 {
    static TICKS_PER_SECOND: OnceLock<f64> = OnceLock::new();
    let tick = *TICKS_PER_SECOND.get_or_init(|| {
        crate::report::first_line_of("getconf", &["CLK_TCK"])
            .parse()
            .unwrap_or(100.0)
    });
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name, in parentheses, may hold spaces: count fields after it. cutime and
    // cstime are fields 16 and 17, the 14th and 15th after the name.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<f64> = after
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(0.0))
        .collect();
    (fields.get(13).unwrap_or(&0.0) + fields.get(14).unwrap_or(&0.0)) / tick
}
