//! `cargo run -p example-rocket -- [--port N] [--enforce off|audit|enforce]`

use std::process::ExitCode;

use example_rocket::{Enforcement, app, config};
use example_site::cli::Options;
use rocket::fairing::AdHoc;

const PROGRAM: &str = "example-rocket";

fn main() -> ExitCode {
    let options: Options<Enforcement> = match Options::from_env(PROGRAM) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let rocket = match app(options.enforce, config(options.port)) {
        Ok(rocket) => rocket,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mode = options.enforce;
    // The same line as the other examples, once the port is bound (`--port 0` picks one).
    let rocket = rocket.attach(AdHoc::on_liftoff("listening", move |rocket| {
        Box::pin(async move {
            let config = rocket.config();
            println!(
                "{PROGRAM}: listening on http://{}:{}/ (cookie policy: {mode})",
                config.address, config.port
            );
        })
    }));
    // Rocket's own runtime, with its configured workers; Ctrl-C shuts it down gracefully.
    rocket::execute(async move {
        match rocket.launch().await {
            Ok(_) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("{PROGRAM}: {error}");
                ExitCode::FAILURE
            }
        }
    })
}
