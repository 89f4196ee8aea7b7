//! `cargo xtask`: the workspace's own programs, in Rust rather than in shell: the generators
//! and statistics of the benchmarks, and the checks of CI. `cargo xtask help` lists them.

mod compile_time;
mod error;
mod json;
mod linkme_packages;
mod load_stats;
mod process;
mod registry_bench;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use lexopt::ValueExt as _;

use error::{Error, Result};

const HELP: &str = "\
cargo xtask <command> [options]

Commands (each has --help):
  compile-time [all|measure|cold|instructions]
                     compile time of #[cookie]: 1,000 declarations against the compiler's own
                     expansion of them, and the cold build of cookie-registry (docs/benchmarks.md)
  registry-bench     the registry at 10,000 declarations, inventory against linkme
  load-stats <cost|faults|header> DIR
                     the tables of scripts/load, from the raw files it leaves in DIR
  linkme-packages --linkme P,... --inventory-only P,...
                     checks that every package depending on cookie-registry is in exactly one of
                     scripts/test-all's two lists (tested with linkme too, or inventory only)
";

fn main() -> ExitCode {
    // Run by cargo as rustc's wrapper (`compile-time instructions`), not from the command line.
    if let Some(status) = compile_time::rustc_wrapper() {
        return status;
    }
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("cargo xtask: {error}");
            ExitCode::from(if matches!(error, Error::Usage(_)) {
                2
            } else {
                1
            })
        }
    }
}

fn run() -> Result<()> {
    let mut parser = lexopt::Parser::from_env();
    let root = workspace_root();
    let command = match parser.next()? {
        Some(lexopt::Arg::Value(command)) => command.string()?,
        Some(lexopt::Arg::Short('h') | lexopt::Arg::Long("help")) | None => {
            print!("{HELP}");
            return Ok(());
        }
        Some(other) => return Err(other.unexpected().into()),
    };
    match command.as_str() {
        "help" => {
            print!("{HELP}");
            Ok(())
        }
        "compile-time" => compile_time::main(&mut parser, &root),
        "registry-bench" => registry_bench::main(&mut parser, &root),
        "load-stats" => load_stats::main(&mut parser, &root),
        "linkme-packages" => linkme_packages::main(&mut parser, &root),
        other => Err(Error::Usage(format!("no command `{other}`"))),
    }
}

/// The workspace's root: the parent of this crate's directory.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Parses an option's value with `FromStr`, naming the option in the error.
fn parse_value<T: std::str::FromStr>(parser: &mut lexopt::Parser, option: &str) -> Result<T> {
    let text = parser.value()?.string()?;
    text.parse()
        .map_err(|_| Error::Usage(format!("{option}: `{text}` is not a valid value")))
}
