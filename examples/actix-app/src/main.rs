//! `cargo run -p example-actix -- [--port N] [--enforce off|audit|enforce] [--consent-log PATH]`:
//! the site on the port, and its video host on a free port of 127.0.0.1, until a signal stops
//! the site; `cargo run -p example-actix -- consent-log export|purge …`: the operator's
//! commands over the consent log (`--help` for both).

use std::process::ExitCode;

use example_actix::{Enforcement, ServerSettings, serve};
use example_site::cli::Command;
use example_site::consent_log;

const PROGRAM: &str = "example-actix";

fn main() -> ExitCode {
    let command = match Command::<Enforcement>::from_env(PROGRAM) {
        Ok(command) => command,
        Err(code) => return code,
    };
    let options = match command {
        Command::Serve(options) => options,
        Command::ConsentLog(command, path) => {
            return actix_web::rt::System::new().block_on(command.execute(PROGRAM, &path));
        }
    };
    let address = options.address();
    // SIGTERM stops the site gracefully, SIGINT (Ctrl-C) at once: actix-web's own handling.
    let served = actix_web::rt::System::new().block_on(async {
        let log = consent_log::open(&options.consent_log)
            .await
            .map_err(|error| error.to_string())?;
        let servers = match serve(options.enforce, address, ServerSettings::default(), log) {
            Ok(servers) => servers,
            Err(error) => return Err(format!("{address} ({error})")),
        };
        println!(
            "{PROGRAM}: listening on http://{}/ (cookie policy: {}); video host on http://localhost:{}/; consent log {}",
            servers.running.site,
            options.enforce,
            servers.running.video_host.port(),
            options.consent_log.display()
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
