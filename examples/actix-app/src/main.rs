//! `cargo run -p example-actix -- [--port N] [--enforce off|audit|enforce]`

use std::process::ExitCode;

use example_actix::{Enforcement, ServerSettings, server};
use example_site::cli::Options;

const PROGRAM: &str = "example-actix";

fn main() -> ExitCode {
    let options: Options<Enforcement> = match Options::from_env(PROGRAM) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let address = options.address();
    let listener = match std::net::TcpListener::bind(address) {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("{PROGRAM}: cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(address);
    // SIGTERM stops the server gracefully, SIGINT (Ctrl-C) at once: actix-web's own handling.
    let served = actix_web::rt::System::new().block_on(async {
        let server = server(options.enforce, listener, ServerSettings::default())?;
        println!(
            "{PROGRAM}: listening on http://{address}/ (cookie policy: {})",
            options.enforce
        );
        server.await?;
        Ok::<(), example_actix::Error>(())
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            ExitCode::FAILURE
        }
    }
}
