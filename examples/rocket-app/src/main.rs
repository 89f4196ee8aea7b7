//! `cargo run -p example-rocket -- [--port N] [--enforce off|audit|enforce]`: the site on the
//! port, and its video host on a free port of 127.0.0.1, until Ctrl-C.

use std::process::ExitCode;

use example_rocket::{Enforcement, config, serve};
use example_site::cli::Options;

const PROGRAM: &str = "example-rocket";

fn main() -> ExitCode {
    let options: Options<Enforcement> = match Options::from_env(PROGRAM) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let mode = options.enforce;
    // Rocket's own runtime, with its configured workers; Ctrl-C shuts both down gracefully.
    rocket::execute(async move {
        let launched = match serve(mode, config(options.port)).await {
            Ok(launched) => launched,
            Err(error) => {
                eprintln!("{PROGRAM}: {} ({error})", options.address());
                return ExitCode::FAILURE;
            }
        };
        // The same line as the other examples, once both listen (`--port 0` picks one).
        println!(
            "{PROGRAM}: listening on http://{}/ (cookie policy: {mode}); video host on http://localhost:{}/",
            launched.running.site,
            launched.running.video_host.port()
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
