//! The command line every example server shares: `[--port N] [--enforce off|audit|enforce]
//! [--consent-log PATH]`, and the operator's `consent-log export|purge` commands.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use crate::consent_log::{self, LogCommand};

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
usage: {program} [--port N] [--enforce off|audit|enforce] [--consent-log PATH]
       {program} consent-log export|purge [OPTIONS]

Serves the example site on 127.0.0.1, recording every consent choice in its consent log.

  --port N      the port to listen on (default: $PORT, else 3000; 0 picks a free one)
  --enforce M   the cookie policy: enforce (default) strips undeclared and unconsented
                cookies and deletes withdrawn ones; audit reports violations on stderr and
                changes nothing; off runs without it
  --consent-log PATH
                the SQLite consent log, shared by every example by default:
                {default}
  -h, --help    this help

The operator's commands over the consent log:
{commands}",
        default = consent_log::default_path().display(),
        commands = LogCommand::USAGE,
    )
}

/// The options of an example server.
///
/// `M` is what `--enforce` takes: [`Enforcement`], or a type of the glue's own that adds a
/// value (the axum example's benchmark peer, `--enforce tower-cookies`). Its `Default` is the
/// value without the flag; its `FromStr` error is the message shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options<M = Enforcement> {
    /// The port on 127.0.0.1: `--port`, else `$PORT`, else 3000.
    pub port: u16,
    /// `--enforce`, else `M::default()`.
    pub enforce: M,
    /// The consent log's file: `--consent-log`, else [`consent_log::default_path`].
    pub consent_log: PathBuf,
}

/// What an example's command line asks for: serve the site, or run an operator's command over
/// its consent log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command<M = Enforcement> {
    /// `[--port N] [--enforce M] [--consent-log PATH]`: serve the site.
    Serve(Options<M>),
    /// `consent-log export|purge … [--consent-log PATH]`: the command, on the log at the path.
    ConsentLog(LogCommand, PathBuf),
}

impl<M> Command<M>
where
    M: FromStr<Err = String> + Default,
{
    /// Parses the arguments (without the program name) and the `PORT` variable; `Ok(None)` for
    /// `--help`.
    ///
    /// ```
    /// use example_site::cli::Command;
    /// use example_site::consent_log::LogCommand;
    ///
    /// let args = ["consent-log", "purge", "--consent-log", "/tmp/log.sqlite3"].map(String::from);
    /// let command: Command = Command::parse(args, None)?.expect("not --help");
    /// assert_eq!(
    ///     command,
    ///     Command::ConsentLog(LogCommand::Purge { older_than_days: None }, "/tmp/log.sqlite3".into()),
    /// );
    /// let serve: Command = Command::parse(["--port=8080"].map(String::from), None)?.unwrap();
    /// assert!(matches!(serve, Command::Serve(options) if options.port == 8080));
    /// # Ok::<(), String>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Options::parse`] and [`LogCommand::parse`].
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        port_env: Option<String>,
    ) -> Result<Option<Command<M>>, String> {
        let mut args = args.into_iter().peekable();
        if args.peek().map(String::as_str) != Some("consent-log") {
            return Ok(Options::parse(args, port_env)?.map(Command::Serve));
        }
        args.next();
        // `--consent-log` is the one option the commands share with the server.
        let mut path = None;
        let mut rest = Vec::new();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-h" | "--help" => return Ok(None),
                "--consent-log" => {
                    path = Some(args.next().ok_or("--consent-log needs a value")?);
                }
                _ => match arg.strip_prefix("--consent-log=") {
                    Some(value) => path = Some(value.to_string()),
                    None => rest.push(arg),
                },
            }
        }
        let path = path.map_or_else(consent_log::default_path, PathBuf::from);
        Ok(Some(Command::ConsentLog(LogCommand::parse(rest)?, path)))
    }

    /// The command of this process (`std::env::args` and `$PORT`) for the example `program`;
    /// for `--help`, the usage on stdout, and for a mistake, the message and the usage on
    /// stderr, with the exit code for `main` to return (0 and 2).
    ///
    /// ```no_run
    /// use std::process::ExitCode;
    /// use example_site::Enforcement;
    /// use example_site::cli::Command;
    ///
    /// #[tokio::main(flavor = "current_thread")]
    /// async fn main() -> ExitCode {
    ///     let options = match Command::<Enforcement>::from_env("example-server") {
    ///         Ok(Command::Serve(options)) => options,
    ///         Ok(Command::ConsentLog(command, path)) => {
    ///             return command.execute("example-server", &path).await;
    ///         }
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
    pub fn from_env(program: &str) -> Result<Command<M>, ExitCode> {
        match Command::parse(std::env::args().skip(1), std::env::var("PORT").ok()) {
            Ok(Some(command)) => Ok(command),
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
        let mut log_path = None;
        let mut flags = Flags(args.into_iter());
        while let Some((flag, inline)) = flags.next_flag() {
            let mut value = |name: &str| flags.value(name, inline.clone());
            match flag.as_str() {
                "-h" | "--help" => return Ok(None),
                "--port" => port = Some(parse_port(&value("--port")?, "--port")?),
                "--enforce" => enforce = value("--enforce")?.parse()?,
                "--consent-log" => log_path = Some(PathBuf::from(value("--consent-log")?)),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        let port = match (port, port_env) {
            (Some(port), _) => port,
            (None, Some(env)) => parse_port(&env, "PORT")?,
            (None, None) => 3000,
        };
        Ok(Some(Options {
            port,
            enforce,
            consent_log: log_path.unwrap_or_else(consent_log::default_path),
        }))
    }
}

impl<M> Options<M> {
    /// The address to listen on: `127.0.0.1` and the port (loopback only: the example serves
    /// plain HTTP).
    pub fn address(&self) -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, self.port))
    }
}

/// Arguments read as flags: `--flag value` and `--flag=value` alike.
pub(crate) struct Flags<I>(pub(crate) I);

impl<I: Iterator<Item = String>> Flags<I> {
    /// The next argument, split at its first `=` when it is a `--flag=value`.
    pub(crate) fn next_flag(&mut self) -> Option<(String, Option<String>)> {
        let arg = self.0.next()?;
        Some(match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg, None),
        })
    }

    /// The value of the flag `name`: `inline` (from `--flag=value`), else the next argument.
    pub(crate) fn value(&mut self, name: &str, inline: Option<String>) -> Result<String, String> {
        inline
            .or_else(|| self.0.next())
            .ok_or_else(|| format!("{name} needs a value"))
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
            consent_log: crate::consent_log::default_path(),
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
        assert_eq!(
            parse(&["--consent-log", "/var/lib/example/log.sqlite3"], None)
                .unwrap()
                .unwrap()
                .consent_log,
            std::path::Path::new("/var/lib/example/log.sqlite3")
        );
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
    fn consent_log_commands() {
        use super::Command;
        use crate::consent_log::LogCommand;
        let command =
            |list: &[&str]| Command::<Enforcement>::parse(list.iter().map(|s| s.to_string()), None);
        assert_eq!(
            command(&[
                "consent-log",
                "--consent-log=/l",
                "purge",
                "--older-than-days",
                "7"
            ]),
            Ok(Some(Command::ConsentLog(
                LogCommand::Purge {
                    older_than_days: Some(7)
                },
                "/l".into()
            )))
        );
        assert!(matches!(
            command(&["consent-log", "export"]),
            Ok(Some(Command::ConsentLog(LogCommand::Export { .. }, path)))
                if path == crate::consent_log::default_path()
        ));
        assert_eq!(command(&["consent-log", "export", "--help"]), Ok(None));
        assert!(
            command(&["consent-log"])
                .unwrap_err()
                .contains("needs a command")
        );
        assert!(
            command(&["consent-log", "purge", "--consent-log"])
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(matches!(
            command(&["--enforce", "off"]),
            Ok(Some(Command::Serve(options))) if options.enforce == Enforcement::Off
        ));
        assert!(
            command(&["export"])
                .unwrap_err()
                .contains("unknown argument")
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
