//! The corpus files: one `Set-Cookie` line per corpus line, written so that every byte is
//! visible.
//!
//! ```text
//! # A comment: what the next group of lines is about.
//! origin http://www.example.com/dir/page
//! "tracker=1; Max-Age=-"
//! "csrftoken\u{a0}=id; Expires=\{date}"
//! ```
//!
//! * `#` starts a comment line; blank lines are skipped.
//! * `origin http://HOST/PATH` sets the page the following lines are served from, until the
//!   next `origin` line (the first lines default to `http://127.0.0.1/dir/page`). HOST is one
//!   of [`HOSTS`]; the test serves every host from 127.0.0.1.
//! * A line between double quotes is a header. Inside, printable ASCII stands for itself, and
//!   `\\`, `\"`, `\t`, `\xNN` (any byte), `\u{...}` (a character, as UTF-8) are escapes. No other
//!   character may appear as is: invisible white space and raw bytes are always spelled out.
//! * `\{...}` is a piece of a date 30 days after the run starts, so that an `Expires` inside the
//!   400-day cap can be checked to the second whenever the test runs: `\{date}` (an IMF date,
//!   `Sun, 06 Nov 1994 08:49:37 GMT`), `\{wkd}` / `\{weekday}`, `\{d}` / `\{dd}`, `\{mon}` /
//!   `\{month}`, `\{yy}` / `\{yyyy}`, `\{HH}`, `\{MM}`, `\{SS}`.

use std::fmt::Write as _;

use crate::model;
use crate::reader;

/// The hosts a corpus line can be served from: name, whether browsers count `http://` to it as
/// secure, and its registrable domain.
pub const HOSTS: [(&str, bool, Option<&str>); 4] = [
    ("127.0.0.1", true, None),
    ("localhost", true, None),
    ("www.example.com", false, Some("example.com")),
    ("a.b.example.co.uk", false, Some("example.co.uk")),
];

/// How far ahead of the run's start the `\{...}` date is.
pub const DATE_AHEAD_SECONDS: i64 = 30 * 86_400;

/// The page a line is served from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page {
    /// One of [`HOSTS`].
    pub host: String,
    /// The URL path, without the query.
    pub path: String,
}

impl Page {
    fn secure_and_registrable(&self) -> (bool, Option<&'static str>) {
        HOSTS
            .iter()
            .find(|(host, _, _)| *host == self.host)
            .map_or((false, None), |&(_, secure, registrable)| {
                (secure, registrable)
            })
    }

    /// The page as the reader's [`reader::Origin`].
    pub fn origin(&self) -> reader::Origin<'_> {
        let (secure, registrable) = self.secure_and_registrable();
        let origin = reader::Origin::new(&self.host, &self.path, secure);
        match registrable {
            Some(registrable) => origin.registrable_domain(registrable),
            None => origin,
        }
    }

    /// The page as the model's request.
    pub fn request(&self) -> model::Request {
        let (secure, registrable) = self.secure_and_registrable();
        model::Request {
            host: self.host.clone(),
            registrable_domain: registrable.map(str::to_string),
            path: self.path.clone(),
            secure,
        }
    }
}

/// One header of a corpus file.
#[derive(Clone, Debug)]
pub struct Line {
    /// The file, relative to the crate.
    pub file: &'static str,
    /// 1-based.
    pub number: usize,
    /// As written, quotes included.
    pub text: String,
    /// The page it is served from.
    pub page: Page,
}

impl Line {
    /// `file:number`.
    pub fn location(&self) -> String {
        format!("{}:{}", self.file, self.number)
    }
}

/// The hand-written corpus, relative to the crate.
pub const CASES: &str = "corpus/cases.txt";
/// The generated corpus ([`crate::generate`]), relative to the crate.
pub const GENERATED: &str = "corpus/generated.txt";

/// Both corpus files, read from the crate's directory.
///
/// # Panics
///
/// When a file is missing or has a line that is not a comment, an `origin` or a valid header.
pub fn load_all() -> Vec<Line> {
    let mut lines = Vec::new();
    for file in [CASES, GENERATED] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        lines.extend(parse(file, &text).unwrap_or_else(|e| panic!("{e}")));
    }
    lines
}

/// The headers of a corpus file; `Err` names the first bad line.
pub fn parse(file: &'static str, text: &str) -> Result<Vec<Line>, String> {
    let mut page = Page {
        host: "127.0.0.1".into(),
        path: "/dir/page".into(),
    };
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let fail = |why: String| format!("{file}:{number}: {why}");
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        if let Some(url) = raw.strip_prefix("origin ") {
            let rest = url
                .strip_prefix("http://")
                .ok_or_else(|| fail(format!("an origin is `http://HOST/PATH`: {url}")))?;
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !HOSTS.iter().any(|(known, _, _)| *known == host) {
                return Err(fail(format!("unknown host {host}")));
            }
            page = Page {
                host: host.into(),
                path: if path.is_empty() {
                    "/".into()
                } else {
                    path.into()
                },
            };
            continue;
        }
        if raw.len() < 2 || !raw.starts_with('"') || !raw.ends_with('"') {
            return Err(fail("a header is written between double quotes".into()));
        }
        let line = Line {
            file,
            number,
            text: raw.to_string(),
            page: page.clone(),
        };
        let bytes = line.bytes(0).map_err(fail)?;
        if bytes.contains(&b'\r') || bytes.contains(&b'\n') {
            return Err(fail(
                "CR and LF end a header line before any cookie parser sees them".into(),
            ));
        }
        lines.push(line);
    }
    Ok(lines)
}

impl Line {
    /// The header's bytes, `\{...}` filled in with the date `date_at` (Unix seconds).
    pub fn bytes(&self, date_at: i64) -> Result<Vec<u8>, String> {
        unescape(&self.text[1..self.text.len() - 1], date_at)
    }
}

fn unescape(text: &str, date_at: i64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            if !(' '..='~').contains(&c) || c == '"' {
                return Err(format!("{c:?} must be escaped"));
            }
            bytes.push(c as u8);
            continue;
        }
        match chars.next() {
            Some('\\') => bytes.push(b'\\'),
            Some('"') => bytes.push(b'"'),
            Some('t') => bytes.push(b'\t'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16).map_err(|_| format!("bad \\x{hex}"))?;
                bytes.push(byte);
            }
            Some('u') => {
                let rest = chars.as_str();
                let inner = rest
                    .strip_prefix('{')
                    .and_then(|r| r.split_once('}'))
                    .map(|(inner, _)| inner)
                    .ok_or("\\u must be followed by {hex}")?;
                let c = u32::from_str_radix(inner, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad \\u{{{inner}}}"))?;
                bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                chars = rest[inner.len() + 2..].chars();
            }
            Some('{') => {
                let rest = chars.as_str();
                let (name, after) = rest.split_once('}').ok_or("unclosed \\{")?;
                bytes.extend_from_slice(date_piece(name, date_at)?.as_bytes());
                chars = after.chars();
            }
            other => return Err(format!("unknown escape \\{other:?}")),
        }
    }
    Ok(bytes)
}

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A piece of the date at `at` (Unix seconds, UTC).
fn date_piece(name: &str, at: i64) -> Result<String, String> {
    let days = at.div_euclid(86_400);
    let seconds = at.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[(days + 4).rem_euclid(7) as usize];
    let month_name = MONTHS[month as usize - 1];
    let (hour, minute, second) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    let mut out = String::new();
    match name {
        "date" => write!(
            out,
            "{}, {day:02} {} {year} {hour:02}:{minute:02}:{second:02} GMT",
            &weekday[..3],
            &month_name[..3]
        ),
        "wkd" => write!(out, "{}", &weekday[..3]),
        "weekday" => write!(out, "{weekday}"),
        "d" => write!(out, "{day}"),
        "dd" => write!(out, "{day:02}"),
        "mon" => write!(out, "{}", &month_name[..3]),
        "month" => write!(out, "{month_name}"),
        "yy" => write!(out, "{:02}", year % 100),
        "yyyy" => write!(out, "{year}"),
        "HH" => write!(out, "{hour:02}"),
        "MM" => write!(out, "{minute:02}"),
        "SS" => write!(out, "{second:02}"),
        _ => return Err(format!("unknown date piece \\{{{name}}}")),
    }
    .map_err(|e| e.to_string())?;
    Ok(out)
}

/// Howard Hinnant's `civil_from_days`: year, month, day of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_dates() {
        let line = r#"a\t\x00\u{a0}\\\"b \{date} \{weekday} \{d}-\{month}-\{yy} \{HH}:\{MM}:\{SS}"#;
        let bytes = unescape(line, 784_111_777).unwrap();
        assert_eq!(
            bytes,
            "a\t\0\u{a0}\\\"b Sun, 06 Nov 1994 08:49:37 GMT Sunday 6-November-94 08:49:37"
                .as_bytes()
        );
        assert!(unescape("é", 0).is_err());
        assert!(unescape("\\q", 0).is_err());
        assert!(unescape("\\{nope}", 0).is_err());
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
