//! `cargo run -p example-axum -- [--port N] [--enforce off|audit|enforce] [--consent-log PATH]`:
//! the site on the port, and its video host on a free port of 127.0.0.1, until Ctrl-C;
//! `cargo run -p example-axum -- consent-log export|purge …`: the operator's commands over the
//! consent log (`--help` for both).

use std::process::ExitCode;

#[cfg(feature = "peer-tower-cookies")]
use example_axum::peer::{Mode, app};
use example_axum::serve_with;
#[cfg(not(feature = "peer-tower-cookies"))]
use example_axum::{Enforcement as Mode, Error, site_app};
use example_site::cli::Command;
use example_site::consent_log;
#[cfg(not(feature = "peer-tower-cookies"))]
use example_site::{Site, consent_log::ConsentLog, video_host::VideoHost};

const PROGRAM: &str = "example-axum";

/// The site in `mode`, embedding the player of `host`, recording choices in `log`.
#[cfg(not(feature = "peer-tower-cookies"))]
fn app(mode: Mode, host: VideoHost, log: ConsentLog) -> Result<example_axum::SiteService, Error> {
    Ok(site_app(
        Site::new(mode)?.with_video_host(host).with_consent_log(log),
    ))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match Command::<Mode>::from_env(PROGRAM) {
        Ok(Command::Serve(options)) => options,
        Ok(Command::ConsentLog(command, path)) => return command.execute(PROGRAM, &path).await,
        Err(code) => return code,
    };
    let mode = options.enforce;
    let log = match consent_log::open(&options.consent_log).await {
        Ok(log) => log,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let running = match serve_with(options.address(), |host| app(mode, host, log)).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("{PROGRAM}: {} ({error})", options.address());
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{PROGRAM}: listening on http://{}/ (cookie policy: {mode}); video host on http://localhost:{}/; consent log {}",
        running.site,
        running.video_host.port(),
        options.consent_log.display()
    );
    // Both servers run on this runtime: they stop when `main` returns.
    match tokio::signal::ctrl_c().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            ExitCode::FAILURE
        }
    }
}
