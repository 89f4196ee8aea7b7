//! `cargo run -p example-suite -- ADDRESS [--enforce off|audit|enforce] [--drops-non-utf8-headers]
//! [--browser]`: the suite
//! against an example server started by hand, built from the same commit (the suite checks
//! each response against the declarations it was built with).

use std::net::SocketAddr;
use std::process::ExitCode;

use example_site::Enforcement;
use example_suite::http::{Framework, check_framework};

const USAGE: &str = "\
usage: example-suite ADDRESS [--enforce off|audit|enforce] [--drops-non-utf8-headers] [--browser]

Checks the example server at ADDRESS (127.0.0.1:3000), which runs with --enforce MODE
(default: enforce), against the site's contract over HTTP; with --browser, also walks the
consent flow in headless Chromium (screenshots in $TMPDIR/screenshots/ADDRESS/).
With --drops-non-utf8-headers, the server's framework drops header values that are not UTF-8
(Rocket 0.5: example-rocket). The server must be built from the same commit as this program.";

fn main() -> ExitCode {
    let mut address: Option<SocketAddr> = None;
    let mut mode = Enforcement::default();
    let mut browser = false;
    let mut framework = Framework::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mistake = match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--browser" => {
                browser = true;
                None
            }
            "--drops-non-utf8-headers" => {
                framework = Framework::DROPS_NON_UTF8_HEADERS;
                None
            }
            "--enforce" => match args.next().map(|value| value.parse()) {
                Some(Ok(value)) => {
                    mode = value;
                    None
                }
                Some(Err(error)) => Some(error),
                None => Some("--enforce needs a value".to_string()),
            },
            other => match other.parse() {
                Ok(value) => {
                    address = Some(value);
                    None
                }
                Err(_) => Some(format!(
                    "`{other}` is not an address such as 127.0.0.1:3000"
                )),
            },
        };
        if let Some(mistake) = mistake {
            eprintln!("example-suite: {mistake}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let Some(address) = address else {
        eprintln!("example-suite: which server? give its address\n\n{USAGE}");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("example-suite: no tokio runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    // The checks panic on failure, with their messages, as in a test.
    runtime.block_on(check_framework(address, mode, framework));
    if browser {
        let tmpdir = std::env::temp_dir().join("example-suite");
        let name = address.to_string().replace(':', "-");
        runtime.block_on(example_suite::browser::walk(
            address,
            &name,
            &tmpdir.to_string_lossy(),
        ));
    }
    ExitCode::SUCCESS
}
