//! `cargo run -p example-axum -- [--port N] [--enforce off|audit|enforce]`: the site on the
//! port, and its video host on a free port of 127.0.0.1, until Ctrl-C.

use std::process::ExitCode;

#[cfg(feature = "peer-tower-cookies")]
use example_axum::peer::{Mode, app};
use example_axum::serve_with;
#[cfg(not(feature = "peer-tower-cookies"))]
use example_axum::{Enforcement as Mode, Error, site_app};
use example_site::cli::Options;
#[cfg(not(feature = "peer-tower-cookies"))]
use example_site::{Site, video_host::VideoHost};

const PROGRAM: &str = "example-axum";

/// The site in `mode`, embedding the player of `host`.
#[cfg(not(feature = "peer-tower-cookies"))]
fn app(mode: Mode, host: VideoHost) -> Result<axum::Router, Error> {
    Ok(site_app(Site::new(mode)?.with_video_host(host)))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options: Options<Mode> = match Options::from_env(PROGRAM) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let mode = options.enforce;
    let running = match serve_with(options.address(), |host| app(mode, host)).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("{PROGRAM}: {} ({error})", options.address());
            return ExitCode::FAILURE;
        }
    };
    println!(
        "{PROGRAM}: listening on http://{}/ (cookie policy: {mode}); video host on http://localhost:{}/",
        running.site,
        running.video_host.port()
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
