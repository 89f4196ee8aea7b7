//! The command line every example server shares: `[--port N] [--enforce off|audit|enforce]`.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::str::FromStr;

/// Whether and how the cookie policy runs around the site: `--enforce`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Enforcement {
    /// No enforcement at all: the handlers' own discipline only (for measuring the cost of
    /// enforcing).
    Off,
    /// Violations are reported (on stderr) and nothing is changed.
    Audit,
    /// Undeclared and unconsented cookies are stripped and withdrawn ones deleted.
    #[default]
    Enforce,
}

impl Enforcement {
    /// Every mode, in the order the usage lists them.
    pub const ALL: [Enforcement; 3] = [Enforcement::Off, Enforcement::Audit, Enforcement::Enforce];

    /// `off`, `audit` or `enforce`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Enforcement::Off => "off",
            Enforcement::Audit => "audit",
            Enforcement::Enforce => "enforce",
        }
    }
}

impl fmt::Display for Enforcement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Enforcement {
    type Err = String;

    /// ```
    /// use example_site::Enforcement;
    ///
    /// assert_eq!("audit".parse(), Ok(Enforcement::Audit));
    /// assert!("strict".parse::<Enforcement>().unwrap_err().contains("off, audit or enforce"));
    /// ```
    fn from_str(value: &str) -> Result<Enforcement, String> {
        Enforcement::ALL
            .into_iter()
            .find(|mode| mode.as_str() == value)
            .ok_or_else(|| {
                format!("`{value}` is not an enforcement mode: use off, audit or enforce")
            })
    }
}

/// The usage of the example server called `program`.
pub fn usage(program: &str) -> String {
    format!(
        "\
usage: {program} [--port N] [--enforce off|audit|enforce]

Serves the example site on 127.0.0.1.

  --port N      the port to listen on (default: $PORT, else 3000; 0 picks a free one)
  --enforce M   the cookie policy: enforce (default) strips undeclared and unconsented
                cookies and deletes withdrawn ones; audit reports violations on stderr and
                changes nothing; off runs without it
  -h, --help    this help"
    )
}

/// The options of an example server.
///
/// `M` is what `--enforce` takes: [`Enforcement`], or a type of the glue's own that adds a
/// value (the axum example's benchmark peer, `--enforce tower-cookies`). Its `Default` is the
/// value without the flag; its `FromStr` error is the message shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options<M = Enforcement> {
    /// The port on 127.0.0.1: `--port`, else `$PORT`, else 3000.
    pub port: u16,
    /// `--enforce`, else `M::default()`.
    pub enforce: M,
}

impl<M> Options<M>
where
    M: FromStr<Err = String> + Default,
{
    /// Parses the arguments (without the program name) and the `PORT` variable; `Ok(None)` for
    /// `--help`. `--flag value` and `--flag=value` both work.
    ///
    /// ```
    /// use example_site::cli::Options;
    /// use example_site::Enforcement;
    ///
    /// let args = ["--enforce=audit"].map(String::from);
    /// let options: Options = Options::parse(args, Some("8080".into()))?.expect("not --help");
    /// assert_eq!((options.port, options.enforce), (8080, Enforcement::Audit));
    /// # Ok::<(), String>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A message for an unknown argument, a flag without its value, a port that is not one,
    /// or a mode `M` does not know.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        port_env: Option<String>,
    ) -> Result<Option<Options<M>>, String> {
        let mut port = None;
        let mut enforce = M::default();
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
                "--enforce" => enforce = value("--enforce")?.parse()?,
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        let port = match (port, port_env) {
            (Some(port), _) => port,
            (None, Some(env)) => parse_port(&env, "PORT")?,
            (None, None) => 3000,
        };
        Ok(Some(Options { port, enforce }))
    }

    /// The options of this process (`std::env::args` and `$PORT`) for the server `program`;
    /// for `--help`, the usage on stdout, and for a mistake, the message and the usage on
    /// stderr, with the exit code for `main` to return (0 and 2).
    ///
    /// ```no_run
    /// use std::process::ExitCode;
    /// use example_site::cli::Options;
    ///
    /// fn main() -> ExitCode {
    ///     let options: Options = match Options::from_env("example-server") {
    ///         Ok(options) => options,
    ///         Err(code) => return code,
    ///     };
    ///     println!("would listen on {}", options.address());
    ///     ExitCode::SUCCESS
    /// }
    /// ```
    ///
    /// # Errors
    ///
    /// The exit code to return, once the help or the mistake is printed.
    pub fn from_env(program: &str) -> Result<Options<M>, ExitCode> {
        match Options::parse(std::env::args().skip(1), std::env::var("PORT").ok()) {
            Ok(Some(options)) => Ok(options),
            Ok(None) => {
                // `--help | head -1` closes the pipe early: not a reason to panic.
                use std::io::Write as _;
                let _ = writeln!(std::io::stdout(), "{}", usage(program));
                Err(ExitCode::SUCCESS)
            }
            Err(error) => {
                eprintln!("{program}: {error}\n\n{}", usage(program));
                Err(ExitCode::from(2))
            }
        }
    }
}

impl<M> Options<M> {
    /// The address to listen on: `127.0.0.1` and the port (loopback only: the example serves
    /// plain HTTP).
    pub fn address(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }
}

fn parse_port(value: &str, source: &str) -> Result<u16, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("{source}: `{value}` is not a port number (0 to 65535)"))
}

#[cfg(test)]
mod tests {
    use super::{Enforcement, Options};

    fn parse(list: &[&str], env: Option<&str>) -> Result<Option<Options>, String> {
        Options::parse(list.iter().map(|s| s.to_string()), env.map(str::to_string))
    }

    #[test]
    fn arguments() {
        let default = Options {
            port: 3000,
            enforce: Enforcement::Enforce,
        };
        assert_eq!(parse(&[], None), Ok(Some(default)));
        assert_eq!(parse(&[], Some("8080")).unwrap().unwrap().port, 8080);
        assert_eq!(
            parse(&["--port", "9000"], Some("8080"))
                .unwrap()
                .unwrap()
                .port,
            9000
        );
        assert_eq!(parse(&["--port=9001"], None).unwrap().unwrap().port, 9001);
        let off = parse(&["--enforce", "off"], None).unwrap().unwrap();
        assert_eq!(off.enforce, Enforcement::Off);
        assert_eq!(
            parse(&["--enforce=audit"], None).unwrap().unwrap().enforce,
            Enforcement::Audit
        );
        assert_eq!(parse(&["--help"], None), Ok(None));
        assert_eq!(parse(&["-h", "--bogus"], None), Ok(None));
        assert!(
            parse(&["--port", "99999"], None)
                .unwrap_err()
                .contains("not a port")
        );
        assert!(parse(&[], Some("abc")).unwrap_err().contains("PORT"));
        assert!(
            parse(&["--enforce", "strict"], None)
                .unwrap_err()
                .contains("off, audit or enforce")
        );
        assert!(
            parse(&["--port"], None)
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parse(&["--verbose"], None)
                .unwrap_err()
                .contains("unknown argument")
        );
        assert_eq!(
            parse(&["--port", "0"], None)
                .unwrap()
                .unwrap()
                .address()
                .to_string(),
            "127.0.0.1:0"
        );
    }

    #[test]
    fn modes_read_back_as_they_print() {
        for mode in Enforcement::ALL {
            assert_eq!(mode.to_string().parse(), Ok(mode));
        }
        assert_eq!(Enforcement::default(), Enforcement::Enforce);
    }
}
