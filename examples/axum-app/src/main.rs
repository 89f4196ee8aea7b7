//! `cargo run -p example-axum -- [--port N] [--enforce off|audit|enforce]`

use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use example_axum::{Enforcement, app};

const USAGE: &str = "\
usage: example-axum [--port N] [--enforce off|audit|enforce]

Serves the example site on 127.0.0.1.

  --port N      the port to listen on (default: $PORT, else 3000; 0 picks a free one)
  --enforce M   the cookie policy layer: enforce (default) strips undeclared and unconsented
                cookies and deletes withdrawn ones; audit reports violations on stderr and
                changes nothing; off runs without the layer
  -h, --help    this help";

#[derive(Debug, PartialEq, Eq)]
struct Options {
    port: u16,
    enforcement: Enforcement,
}

/// Parses the arguments (without the program name) and the `PORT` variable.
fn parse(
    args: impl IntoIterator<Item = String>,
    port_env: Option<String>,
) -> Result<Option<Options>, String> {
    let mut port = None;
    let mut enforcement = Enforcement::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => port = Some(parse_port(&value("--port")?, "--port")?),
            "--enforce" => enforcement = value("--enforce")?.parse()?,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let port = match (port, port_env) {
        (Some(port), _) => port,
        (None, Some(env)) => parse_port(&env, "PORT")?,
        (None, None) => 3000,
    };
    Ok(Some(Options { port, enforcement }))
}

fn parse_port(value: &str, source: &str) -> Result<u16, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{source}: `{value}` is not a port number (0 to 65535)"))
}

#[tokio::main]
async fn main() -> ExitCode {
    let options = match parse(std::env::args().skip(1), std::env::var("PORT").ok()) {
        Ok(Some(options)) => options,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            eprintln!("example-axum: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let router = match app(options.enforcement) {
        Ok(router) => router,
        Err(error) => {
            eprintln!("example-axum: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = SocketAddr::from((Ipv4Addr::LOCALHOST, options.port));
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("example-axum: cannot listen on {address}: {error}");
            return ExitCode::FAILURE;
        }
    };
    let address = listener.local_addr().unwrap_or(address);
    println!(
        "example-axum: listening on http://{address}/ (cookie policy layer: {})",
        options.enforcement
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
            eprintln!("example-axum: {error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Enforcement, Options, parse};

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn arguments() {
        let default = Options {
            port: 3000,
            enforcement: Enforcement::Enforce,
        };
        assert_eq!(parse(args(&[]), None), Ok(Some(default)));
        assert_eq!(
            parse(args(&[]), Some("8080".into())).unwrap().unwrap().port,
            8080
        );
        assert_eq!(
            parse(args(&["--port", "9000"]), Some("8080".into()))
                .unwrap()
                .unwrap()
                .port,
            9000
        );
        assert_eq!(
            parse(args(&["--port=9001"]), None).unwrap().unwrap().port,
            9001
        );
        let off = parse(args(&["--enforce", "off"]), None).unwrap().unwrap();
        assert_eq!(off.enforcement, Enforcement::Off);
        assert_eq!(
            parse(args(&["--enforce=audit"]), None)
                .unwrap()
                .unwrap()
                .enforcement,
            Enforcement::Audit
        );
        assert_eq!(parse(args(&["--help"]), None), Ok(None));
        assert!(
            parse(args(&["--port", "99999"]), None)
                .unwrap_err()
                .contains("not a port")
        );
        assert!(
            parse(args(&[]), Some("abc".into()))
                .unwrap_err()
                .contains("PORT")
        );
        assert!(
            parse(args(&["--enforce", "strict"]), None)
                .unwrap_err()
                .contains("off, audit or enforce")
        );
        assert!(
            parse(args(&["--port"]), None)
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parse(args(&["--verbose"]), None)
                .unwrap_err()
                .contains("unknown argument")
        );
    }
}
