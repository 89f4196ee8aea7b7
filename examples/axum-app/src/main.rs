//! `cargo run -p example-axum -- [--port N] [--enforce off|audit|enforce]`

use std::process::ExitCode;

#[cfg(feature = "peer-tower-cookies")]
use example_axum::peer::{Mode, app};
#[cfg(not(feature = "peer-tower-cookies"))]
use example_axum::{Enforcement as Mode, app};
use example_site::cli::Options;

const PROGRAM: &str = "example-axum";

#[tokio::main]
async fn main() -> ExitCode {
    let options: Options<Mode> = match Options::from_env(PROGRAM) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let router = match app(options.enforce) {
        Ok(router) => router,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = options.address();
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("{PROGRAM}: cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(address);
    println!(
        "{PROGRAM}: listening on http://{address}/ (cookie policy: {})",
        options.enforce
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    match axum::serve(listener, router)
        .with_graceful_shutdown(shutdown)
        .await
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            ExitCode::FAILURE
        }
    }
}
