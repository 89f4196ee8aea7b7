//! `cargo run -p example-actix -- [--port N] [--enforce off|audit|enforce]`: the site on the
//! port, and its video host on a free port of 127.0.0.1, until a signal stops the site.

use std::process::ExitCode;

use example_actix::{Enforcement, ServerSettings, serve};
use example_site::cli::Options;

const PROGRAM: &str = "example-actix";

fn main() -> ExitCode {
    let options: Options<Enforcement> = match Options::from_env(PROGRAM) {
        Ok(options) => options,
        Err(code) => return code,
    };
    let address = options.address();
    // SIGTERM stops the site gracefully, SIGINT (Ctrl-C) at once: actix-web's own handling.
    let served = actix_web::rt::System::new().block_on(async {
        let servers = match serve(options.enforce, address, ServerSettings::default()) {
            Ok(servers) => servers,
            Err(error) => return Err(format!("{address} ({error})")),
        };
        println!(
            "{PROGRAM}: listening on http://{}/ (cookie policy: {}); video host on http://localhost:{}/",
            servers.running.site,
            options.enforce,
            servers.running.video_host.port()
        );
        let video_host = servers.video_host.handle();
        actix_web::rt::spawn(servers.video_host);
        let served = servers.site.await;
        // The site has stopped: the video host, which only the site's pages use, stops with it.
        video_host.stop(true).await;
        served.map_err(|error| error.to_string())
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{PROGRAM}: {error}");
            ExitCode::FAILURE
        }
    }
}
