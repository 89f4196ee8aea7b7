//! The site's proof of consent: its [`ConsentLog`] (SQLite), and the operator's commands over
//! it, `consent-log export` and `consent-log purge`.
//!
//! What the site records, and when (see [`Site::save_consent`](crate::Site::save_consent)):
//! one record per choice saved through `POST /consent` (the banner and the preferences page),
//! refusals and withdrawals included, under the consent ID the consent cookie carries, for the
//! policy revision the choice was made on. A page view records nothing, with or without a
//! Global Privacy Control signal: it changes no stored choice (the site applies the signal to
//! that request only). A choice posted with the signal is saved without what the signal
//! refuses, and recorded with the source `global_privacy_control` when that took something
//! away from the form.
//!
//! The log is opened once, at start-up ([`open`]), and given to the site
//! ([`Site::with_consent_log`](crate::Site::with_consent_log)); every later call is
//! asynchronous and leaves the server's runtime free: the log's own thread writes SQLite.

use std::fmt;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cookie_registry::Registry;
use cookie_registry_consent_log::export;
pub use cookie_registry_consent_log::{ConsentLog, Retention};
use cookie_registry_consent_log::{LogOptions, PolicySnapshot};

use crate::Error;
use crate::cli::Flags;
use crate::i18n::Lang;

/// Where an example server keeps its consent log without `--consent-log`:
/// `cookie-registry-example/consent-log.sqlite3` in the system's temporary directory
/// (`$TMPDIR`, else `/tmp`). Every example server shares it, so any of them exports the
/// choices made on another; the system may clear it on reboot: give `--consent-log` a lasting
/// path to keep the proof.
///
/// ```
/// let path = example_site::consent_log::default_path();
/// assert!(path.starts_with(std::env::temp_dir()));
/// assert!(path.ends_with("cookie-registry-example/consent-log.sqlite3"));
/// ```
pub fn default_path() -> PathBuf {
    std::env::temp_dir()
        .join("cookie-registry-example")
        .join("consent-log.sqlite3")
}

/// Opens (creating its directory, the file and its tables as needed) the SQLite consent log at
/// `path`, with the crate's default options (no IP address, no user agent, 13 months'
/// retention), and stores the policy of the site's declarations, in English and in French, as
/// the snapshot of the current revision.
///
/// Opening does file I/O on the caller's thread: call it at start-up, before serving.
///
/// ```
/// use cookie_registry::Registry;
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let dir = std::env::temp_dir().join(format!("example-site-open-{}", std::process::id()));
/// let log = example_site::consent_log::open(&dir.join("log.sqlite3")).await?;
/// let revision = Registry::global()?.revision();
/// assert!(log.policy(revision).await?.is_some());
/// # drop(log);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), example_site::Error>(())
/// # })?;
/// # Ok::<(), example_site::Error>(())
/// ```
///
/// # Errors
///
/// When the directory cannot be created, the file cannot be opened or migrated, or the policy
/// cannot be rendered or stored (another snapshot stored for the same revision).
pub async fn open(path: &Path) -> Result<ConsentLog, Error> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|error| format!("the consent log's directory {}: {error}", dir.display()))?;
    }
    let log = ConsentLog::open_sqlite(path, LogOptions::default())
        .map_err(|error| format!("the consent log {}: {error}", path.display()))?;
    let languages = Lang::ALL.map(Lang::code);
    let snapshot = PolicySnapshot::of_policy(&Registry::global()?.policy(), &languages, None)?;
    log.register_policy(snapshot).await?;
    Ok(log)
}

/// The format of an export: `--format csv` (the default) or `--format json`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportFormat {
    /// RFC 4180, a header row ([`export::to_csv`]).
    #[default]
    Csv,
    /// A JSON array ([`export::to_json`]).
    Json,
}

/// An operator's command over the consent log: `consent-log export …` or `consent-log purge …`
/// after the program's name.
///
/// ```
/// use example_site::consent_log::{ExportFormat, LogCommand};
///
/// let args = ["export", "--from", "2026-01-01", "--to", "2026-12-31", "--format", "json"];
/// let command = LogCommand::parse(args.map(String::from))?;
/// let LogCommand::Export { period, format } = &command else { panic!("an export") };
/// assert_eq!(*format, ExportFormat::Json);
/// // From the first day's start to the last day's end (UTC).
/// let days = period.end.duration_since(period.start).unwrap().as_secs() / 86_400;
/// assert_eq!(days, 365);
///
/// let purge = LogCommand::parse(["purge", "--older-than-days", "30"].map(String::from))?;
/// assert_eq!(purge, LogCommand::Purge { older_than_days: Some(30) });
/// assert!(LogCommand::parse(["export", "--from", "1 May"].map(String::from)).is_err());
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogCommand {
    /// `export [--from DATE] [--to DATE] [--format csv|json]`: the records of choices made from
    /// the start of `--from` (default: the first record) to the end of `--to` (default: the
    /// last), dates `YYYY-MM-DD` in UTC, on stdout.
    Export {
        /// The choices' times: start included, end excluded.
        period: Range<SystemTime>,
        /// CSV or JSON.
        format: ExportFormat,
    },
    /// `purge [--older-than-days N]`: deletes the records of choices made more than `N` days
    /// ago; without it, those older than the default retention ([`Retention::DEFAULT`], 13
    /// months: docs/consent-log.md gives the reasoning).
    Purge {
        /// `--older-than-days`, if given.
        older_than_days: Option<u64>,
    },
}

impl LogCommand {
    /// The usage of the commands, after `{program} consent-log`.
    pub const USAGE: &'static str = "  \
consent-log export [--consent-log PATH] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format csv|json]
                the records of the choices made from the start of --from to the end of --to
                (UTC; default: all), as CSV (default) or JSON, on stdout
  consent-log purge [--consent-log PATH] [--older-than-days N]
                deletes the records older than N days (default: 395, the 13 months of the
                default retention; docs/consent-log.md says why)";

    /// Reads a command from the arguments after `consent-log`, without `--consent-log` (which
    /// [`cli::Command`](crate::cli::Command) takes).
    ///
    /// # Errors
    ///
    /// A message for an unknown command or argument, a flag without its value, a date that is
    /// not `YYYY-MM-DD`, a `--to` before `--from`, a format or a number of days that is not one.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<LogCommand, String> {
        let mut args = args.into_iter();
        let command = args
            .next()
            .ok_or("consent-log needs a command: export or purge")?;
        let mut from = None;
        let mut to = None;
        let mut format = ExportFormat::default();
        let mut older_than_days = None;
        let mut flags = Flags(args);
        while let Some((flag, inline)) = flags.next_flag() {
            let mut value = |name: &str| flags.value(name, inline.clone());
            match (command.as_str(), flag.as_str()) {
                ("export", "--from") => from = Some(parse_date(&value("--from")?, "--from")?),
                ("export", "--to") => to = Some(parse_date(&value("--to")?, "--to")?),
                ("export", "--format") => {
                    format = match value("--format")?.as_str() {
                        "csv" => ExportFormat::Csv,
                        "json" => ExportFormat::Json,
                        other => return Err(format!("`{other}` is not a format: use csv or json")),
                    }
                }
                ("purge", "--older-than-days") => {
                    let days = value("--older-than-days")?;
                    older_than_days = Some(days.trim().parse().map_err(|_| {
                        format!("--older-than-days: `{days}` is not a number of days")
                    })?);
                }
                ("export" | "purge", other) => {
                    return Err(format!(
                        "unknown argument `{other}` for consent-log {command}"
                    ));
                }
                (other, _) => {
                    return Err(format!(
                        "`{other}` is not a consent-log command: use export or purge"
                    ));
                }
            }
        }
        match command.as_str() {
            "export" => {
                let start = from.unwrap_or(UNIX_EPOCH);
                // `--to` names the last day: the period ends when the next one starts.
                let end = to.map_or(far_future(), |day| day + Duration::from_secs(86_400));
                if end <= start {
                    return Err("--to is before --from".into());
                }
                Ok(LogCommand::Export {
                    period: start..end,
                    format,
                })
            }
            "purge" => Ok(LogCommand::Purge { older_than_days }),
            other => Err(format!(
                "`{other}` is not a consent-log command: use export or purge"
            )),
        }
    }

    /// Runs the command on `log` at `now`, writing the export, or what the purge deleted, to
    /// `out`.
    ///
    /// # Errors
    ///
    /// When the log cannot be read or written, or `out` cannot be written.
    pub async fn run(
        &self,
        log: &ConsentLog,
        now: SystemTime,
        out: &mut impl Write,
    ) -> Result<(), Error> {
        match self {
            LogCommand::Export { period, format } => {
                let records = log.records_between(period.clone()).await?;
                let text = match format {
                    ExportFormat::Csv => export::to_csv(&records),
                    // A text file ends with a line end.
                    ExportFormat::Json => export::to_json(&records) + "\n",
                };
                out.write_all(text.as_bytes())?;
            }
            LogCommand::Purge { older_than_days } => {
                let (deleted, days) = match older_than_days {
                    Some(days) => {
                        let cutoff = now
                            .checked_sub(Duration::from_secs(days.saturating_mul(86_400)))
                            .unwrap_or(UNIX_EPOCH);
                        (log.purge_before(cutoff).await?, *days)
                    }
                    None => (
                        log.purge_expired(now).await?,
                        log.options().retention_period().duration().as_secs() / 86_400,
                    ),
                };
                writeln!(
                    out,
                    "consent records older than {days} days deleted: {deleted}"
                )?;
            }
        }
        Ok(())
    }

    /// Opens the log at `path`, runs the command now and prints its output on stdout, or the
    /// error on stderr: what an example's `main` returns for `consent-log …`.
    pub async fn execute(&self, program: &str, path: &Path) -> ExitCode {
        // Written once complete: a failed export prints nothing but its error, and no lock on
        // stdout is held across an `await` (the future stays `Send`).
        let mut output = Vec::new();
        let ran = match open(path).await {
            Ok(log) => self.run(&log, SystemTime::now(), &mut output).await,
            Err(error) => Err(error),
        };
        let ran = ran.and_then(|()| Ok(std::io::stdout().write_all(&output)?));
        match ran {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("{program} consent-log: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        })
    }
}

/// A time after any record: the end of an export without `--to`.
fn far_future() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(253_402_300_800) // 10000-01-01
}

/// The start (00:00 UTC) of the day `YYYY-MM-DD`, from 1970 to 9999.
fn parse_date(text: &str, flag: &str) -> Result<SystemTime, String> {
    let wrong = || format!("{flag}: `{text}` is not a date written YYYY-MM-DD");
    let parts: Vec<&str> = text.trim().split('-').collect();
    let [year, month, day] = parts[..] else {
        return Err(wrong());
    };
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i64>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return Err(wrong());
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days_in_month = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => 0,
    };
    if year < 1970 || day < 1 || day > days_in_month {
        return Err(wrong());
    }
    let days = days_from_civil(year, month, day);
    Ok(UNIX_EPOCH + Duration::from_secs(days.unsigned_abs() * 86_400))
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::{LogCommand, parse_date};
    use std::time::{Duration, UNIX_EPOCH};

    fn parse(args: &[&str]) -> Result<LogCommand, String> {
        LogCommand::parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn dates() {
        let day = |text| {
            parse_date(text, "--from")
                .map(|t| t.duration_since(UNIX_EPOCH).unwrap().as_secs() / 86_400)
        };
        assert_eq!(day("1970-01-01"), Ok(0));
        assert_eq!(day("2000-03-01"), Ok(11_017));
        assert_eq!(day("2024-02-29"), Ok(19_782));
        for bad in [
            "2023-02-29",
            "2026-13-01",
            "2026-1-01",
            "1969-12-31",
            "20260101",
            "",
        ] {
            assert!(day(bad).unwrap_err().contains("YYYY-MM-DD"), "{bad}");
        }
    }

    #[test]
    fn commands() {
        let everything = parse(&["export"]).unwrap();
        let LogCommand::Export { period, .. } = everything else {
            panic!("{everything:?}")
        };
        assert_eq!(period.start, UNIX_EPOCH);
        let one_day = parse(&["export", "--from=2026-05-01", "--to=2026-05-01"]).unwrap();
        let LogCommand::Export { period, .. } = one_day else {
            panic!("{one_day:?}")
        };
        assert_eq!(
            period.end.duration_since(period.start).ok(),
            Some(Duration::from_secs(86_400))
        );
        assert_eq!(
            parse(&["purge"]),
            Ok(LogCommand::Purge {
                older_than_days: None
            })
        );
        for (args, message) in [
            (&[][..], "needs a command"),
            (&["vacuum"][..], "not a consent-log command"),
            (
                &["export", "--from", "2026-02-01", "--to", "2026-01-31"],
                "before",
            ),
            (&["export", "--format", "xml"], "csv or json"),
            (&["export", "--older-than-days", "3"], "unknown argument"),
            (&["purge", "--older-than-days", "-3"], "not a number"),
            (&["purge", "--older-than-days"], "needs a value"),
        ] {
            let error = parse(args).unwrap_err();
            assert!(error.contains(message), "{args:?}: {error}");
        }
    }
}
