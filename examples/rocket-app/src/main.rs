//! `cargo run -p example-rocket -- [--port N] [--enforce off|audit|enforce] [--consent-log PATH]`:
//! the site on the port, and its video host on a free port of 127.0.0.1, until Ctrl-C;
//! `cargo run -p example-rocket -- consent-log export|purge …`: the operator's commands over
//! the consent log (`--help` for both).

use std::process::ExitCode;

use example_rocket::{Enforcement, config, serve};
use example_site::cli::Command;
use example_site::consent_log;

const PROGRAM: &str = "example-rocket";

fn main() -> ExitCode {
    let command = match Command::<Enforcement>::from_env(PROGRAM) {
        Ok(command) => command,
        Err(code) => return code,
    };
    let options = match command {
        Command::Serve(options) => options,
        Command::ConsentLog(command, path) => {
            return rocket::execute(async move { command.execute(PROGRAM, &path).await });
        }
    };
    let mode = options.enforce;
    // Rocket's own runtime, with its configured workers; Ctrl-C shuts both down gracefully.
    rocket::execute(async move {
        let log = match consent_log::open(&options.consent_log).await {
            Ok(log) => log,
            Err(error) => {
                eprintln!("{PROGRAM}: {error}");
                return ExitCode::FAILURE;
            }
        };
        let launched = match serve(mode, config(options.port), log).await {
            Ok(launched) => launched,
            Err(error) => {
                eprintln!("{PROGRAM}: {} ({error})", options.address());
                return ExitCode::FAILURE;
            }
        };
        // The same line as the other examples, once both listen (`--port 0` picks one).
        println!(
            "{PROGRAM}: listening on http://{}/ (cookie policy: {mode}); video host on http://localhost:{}/; consent log {}",
            launched.running.site,
            launched.running.video_host.port(),
            options.consent_log.display()
        );
        match launched.stopped().await {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("{PROGRAM}: {error}");
                ExitCode::FAILURE
            }
        }
    })
}
