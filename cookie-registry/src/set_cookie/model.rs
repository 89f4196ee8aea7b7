//! The model: a second reading of `Set-Cookie`, written to be obviously right rather than
//! fast. It allocates freely and follows RFC 6265bis step by step (5.6 to split the header,
//! 5.7 to store the cookie, 5.1.1 for dates), with Chromium's departures where the parent
//! module's table lists them. It is the oracle of the reader's property test, of the
//! `set_cookie` fuzz target, and is itself checked against Chromium by the browser test.
//!
//! Compiled only in tests and fuzzing: `#[cfg(test)]` in this crate, and included with
//! `#[path]` by the test crates and the fuzz target, which must have the fast reader in scope
//! as `reader` in the including module (`use cookie_registry::set_cookie as reader;`).
#![allow(dead_code)]

use super::reader;

/// How the model reads the expiry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// No valid `Max-Age` or `Expires`.
    Session,
    /// Seconds, saturated at the 64-bit limits.
    MaxAge(i64),
    /// Unix seconds.
    Expires(i64),
}

/// A header as the model reads it, before the request is looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie {
    pub name: Vec<u8>,
    pub value: Vec<u8>,
    pub expiry: Expiry,
    pub domain: Option<Vec<u8>>,
    pub path: Option<Vec<u8>>,
    pub secure: bool,
    pub http_only: bool,
    /// `None` without the attribute; else `strict`, `lax`, `none` or `unknown`.
    pub same_site: Option<&'static str>,
    pub partitioned: bool,
}

/// The request, for [`store`].
#[derive(Clone, Debug)]
pub struct Request {
    pub host: String,
    pub registrable_domain: Option<String>,
    pub path: String,
    pub secure: bool,
}

/// A cookie the browser keeps, as it keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub name: Vec<u8>,
    pub value: Vec<u8>,
    /// Lower case, as the DevTools protocol shows it: the host for a host-only cookie, else
    /// `.` and the domain.
    pub domain: String,
    pub path: Vec<u8>,
    /// `None` for a session cookie, else Unix seconds (capped at 400 days).
    pub expires: Option<i64>,
    pub secure: bool,
    pub http_only: bool,
    /// `Strict`, `Lax` or `None`, as the DevTools protocol names them; `None` when unspecified.
    pub same_site: Option<&'static str>,
    pub partitioned: bool,
}

const MAX_NAME_VALUE: usize = 4096;
const MAX_ATTRIBUTE_VALUE: usize = 1024;
const FOUR_HUNDRED_DAYS: i64 = 400 * 86_400;

fn trim(bytes: &[u8]) -> &[u8] {
    let mut bytes = bytes;
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = bytes {
        bytes = rest;
    }
    bytes
}

/// Any control character, the tab included: by now a tab is not at an end.
fn has_control(bytes: &[u8]) -> bool {
    bytes.iter().any(|&b| b < 0x20 || b == 0x7f)
}

fn split_at_equals(piece: &[u8]) -> Option<(&[u8], &[u8])> {
    let equals = piece.iter().position(|&b| b == b'=')?;
    Some((&piece[..equals], &piece[equals + 1..]))
}

fn starts_with_ignoring_case(bytes: &[u8], prefix: &str) -> bool {
    bytes.len() >= prefix.len() && bytes[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// RFC 6265bis 5.6, with Chromium's rejection of inner tabs; `Err` names the reason.
pub fn read(header: &[u8]) -> Result<Cookie, &'static str> {
    // 1. Split at every `;`: the first piece is the name-value pair, the others attributes.
    let mut pieces: Vec<&[u8]> = header.split(|&b| b == b';').collect();
    let pair = pieces.remove(0);

    // 2. Name and value: around the first `=`; without one, all value.
    let (name, value) = match split_at_equals(pair) {
        Some((name, value)) => (trim(name), trim(value)),
        None => (&b""[..], trim(pair)),
    };
    if has_control(name) || has_control(value) {
        return Err("control character");
    }
    if name.is_empty() && value.is_empty() {
        return Err("empty");
    }
    if name.len() + value.len() > MAX_NAME_VALUE {
        return Err("too long");
    }

    // 3. Attributes, in order; names lower-cased; values over 1,024 bytes dropped.
    let mut attributes: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    for piece in pieces {
        let (attribute_name, attribute_value) = split_at_equals(piece).unwrap_or((piece, b""));
        let attribute_name = trim(attribute_name);
        let attribute_value = trim(attribute_value);
        if has_control(attribute_name) || has_control(attribute_value) {
            return Err("control character");
        }
        if attribute_value.len() > MAX_ATTRIBUTE_VALUE {
            continue;
        }
        attributes.push((
            attribute_name.to_ascii_lowercase(),
            attribute_value.to_vec(),
        ));
    }

    // 4. A nameless cookie must not look like a named one, nor like a prefixed one.
    if name.is_empty() && value.contains(&b'=') {
        return Err("equals in nameless value");
    }
    if name.is_empty()
        && ["__secure-", "__host-", "__http-"]
            .iter()
            .any(|prefix| starts_with_ignoring_case(value, prefix))
    {
        return Err("reserved prefix");
    }

    // 5. The last of each attribute wins.
    let last = |wanted: &str| -> Option<Vec<u8>> {
        let mut found = None;
        for (attribute_name, attribute_value) in &attributes {
            if attribute_name == wanted.as_bytes() {
                found = Some(attribute_value.clone());
            }
        }
        found
    };
    let present = |wanted: &str| attributes.iter().any(|(n, _)| n == wanted.as_bytes());
    // An empty last `Domain` means none (Chromium; the RFC would skip it).
    let domain = last("domain").filter(|value| !value.is_empty());
    let same_site = last("samesite").map(|v| match v.to_ascii_lowercase().as_slice() {
        b"strict" => "strict",
        b"lax" => "lax",
        b"none" => "none",
        _ => "unknown",
    });

    // 6. Max-Age when its last value is a number, else the last Expires when it is a date.
    let mut expiry = Expiry::Session;
    if let Some(expires) = last("expires")
        && let Some(at) = cookie_date(&expires)
    {
        expiry = Expiry::Expires(at);
    }
    if let Some(max_age) = last("max-age")
        && let Some(seconds) = max_age_seconds(&max_age)
    {
        expiry = Expiry::MaxAge(seconds);
    }

    Ok(Cookie {
        name: name.to_vec(),
        value: value.to_vec(),
        expiry,
        domain,
        path: last("path"),
        secure: present("secure"),
        http_only: present("httponly"),
        same_site,
        partitioned: present("partitioned"),
    })
}

/// Chromium's `Max-Age`: a sign, then digits. The longest run of digits is read as a whole
/// number; beyond 64 bits it saturates, whatever follows it. Otherwise the whole value must be
/// digits.
fn max_age_seconds(value: &[u8]) -> Option<i64> {
    let (negative, rest) = match value.first() {
        Some(b'-') => (true, &value[1..]),
        Some(b'+') => (false, &value[1..]),
        _ => (false, value),
    };
    let digit_count = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    if digit_count == 0 {
        return None;
    }
    let digits = std::str::from_utf8(&rest[..digit_count]).ok()?;
    let significant = digits.trim_start_matches('0');
    let magnitude: Option<i128> = if significant.len() > 19 {
        None
    } else {
        significant.parse::<i128>().ok().or(Some(0))
    };
    let signed = magnitude.map(|m| if negative { -m } else { m });
    match signed {
        Some(n) if n >= i128::from(i64::MIN) && n <= i128::from(i64::MAX) => {
            if digit_count == rest.len() {
                Some(n as i64)
            } else {
                None
            }
        }
        _ => Some(if negative { i64::MIN } else { i64::MAX }),
    }
}

/// The cookie-date: RFC 6265bis 5.1.1's delimiters, Chromium's token rules.
fn cookie_date(value: &[u8]) -> Option<i64> {
    let is_delimiter = |b: u8| {
        b == 0x09
            || (0x20..=0x2f).contains(&b)
            || (0x3b..=0x40).contains(&b)
            || (0x5b..=0x60).contains(&b)
            || (0x7b..=0x7e).contains(&b)
    };
    let mut tokens: Vec<Vec<u8>> = Vec::new();
    let mut current = Vec::new();
    for &b in value {
        if is_delimiter(b) {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else {
            current.push(b);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }

    // A number: ASCII digits only, below 2^32.
    let number = |token: &[u8]| -> Option<u32> {
        if token.is_empty() || !token.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(token).ok()?.parse::<u32>().ok()
    };
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let (mut day, mut month, mut year, mut time) = (None, None, None, None);
    for token in &tokens {
        let starts_with_digit = token[0].is_ascii_digit();
        if !starts_with_digit {
            if month.is_none() {
                month = months
                    .iter()
                    .position(|m| starts_with_ignoring_case(token, m))
                    .map(|i| i as u32 + 1);
            }
        } else if token.contains(&b':') {
            if time.is_none() {
                let fields: Vec<&[u8]> = token.split(|&b| b == b':').collect();
                if let [hour, minute, second] = fields[..]
                    && let (Some(h), Some(m), Some(s)) =
                        (number(hour), number(minute), number(second))
                {
                    time = Some((h, m, s));
                }
            }
        } else if day.is_none() && token.len() <= 2 {
            day = number(token);
        } else if year.is_none() && token.len() <= 5 {
            year = number(token);
        }
    }
    let (day, month, year, (hour, minute, second)) = (day?, month?, year?, time?);
    let year = match year {
        0..=69 => year + 2000,
        70..=99 => year + 1900,
        _ => year,
    } as i64;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let month_lengths = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if day < 1 || day > month_lengths[month as usize - 1] || hour > 23 || minute > 59 || second > 59
    {
        return None;
    }
    // Days since 1970-01-01: whole years, then whole months, then days.
    let leap_years_before =
        |y: i64| (y - 1).div_euclid(4) - (y - 1).div_euclid(100) + (y - 1).div_euclid(400);
    let mut days = 365 * (year - 1970) + leap_years_before(year) - leap_years_before(1970);
    for length in &month_lengths[..month as usize - 1] {
        days += i64::from(*length);
    }
    days += i64::from(day) - 1;
    Some(days * 86_400 + i64::from(hour) * 3_600 + i64::from(minute) * 60 + i64::from(second))
}

fn host_is_ip(host: &str) -> bool {
    host.parse::<std::net::Ipv4Addr>().is_ok()
        || (host.starts_with('[')
            && host.ends_with(']')
            && host[1..host.len() - 1]
                .parse::<std::net::Ipv6Addr>()
                .is_ok())
}

/// RFC 6265bis 5.7 steps 7-22 and the expiry: `Ok(None)` when the header deletes the cookie
/// (expiry at `now` or before), `Err` naming the rule broken.
pub fn store(cookie: &Cookie, request: &Request, now: i64) -> Verdict {
    // Secure only from a secure origin.
    if cookie.secure && !request.secure {
        return Err("secure from insecure origin");
    }
    // Domain.
    let host = request.host.to_ascii_lowercase();
    let (domain, host_only) = match &cookie.domain {
        None => (host.clone(), true),
        Some(attribute) => {
            let without_dot = attribute.strip_prefix(b".").unwrap_or(attribute);
            if without_dot.is_empty() || !without_dot.is_ascii() {
                return Err("domain mismatch");
            }
            let wanted = String::from_utf8_lossy(without_dot).to_ascii_lowercase();
            match &request.registrable_domain {
                Some(registrable) if !host_is_ip(&host) => {
                    let registrable = registrable.to_ascii_lowercase();
                    let host_matches = host == wanted || host.ends_with(&format!(".{wanted}"));
                    let within_registrable =
                        wanted == registrable || wanted.ends_with(&format!(".{registrable}"));
                    if !host_matches || !within_registrable {
                        return Err("domain mismatch");
                    }
                    (wanted, false)
                }
                _ => {
                    if wanted != host {
                        return Err("domain mismatch");
                    }
                    (host.clone(), true)
                }
            }
        }
    };
    // Path: the attribute when it starts with `/`, else the request's directory.
    let path = match &cookie.path {
        Some(path) if path.first() == Some(&b'/') => path.clone(),
        _ => {
            let request_path = &request.path;
            let directory = match request_path.rfind('/') {
                Some(last) if request_path.starts_with('/') && last > 0 => &request_path[..last],
                _ => "/",
            };
            directory.as_bytes().to_vec()
        }
    };
    // Prefixes.
    if starts_with_ignoring_case(&cookie.name, "__secure-") && !cookie.secure {
        return Err("__Secure- prefix");
    }
    if starts_with_ignoring_case(&cookie.name, "__host-") {
        let domain_ok = match &cookie.domain {
            None => true,
            Some(attribute) => host_is_ip(&host) && attribute.as_slice() == request.host.as_bytes(),
        };
        if !cookie.secure || cookie.path.as_deref() != Some(b"/") || !domain_ok {
            return Err("__Host- prefix");
        }
    }
    if (starts_with_ignoring_case(&cookie.name, "__http-")
        || starts_with_ignoring_case(&cookie.name, "__host-http-"))
        && !(cookie.secure && cookie.http_only)
    {
        return Err("__Http- prefix");
    }
    if cookie.same_site == Some("none") && !cookie.secure {
        return Err("SameSite=None without Secure");
    }
    if cookie.partitioned && !cookie.secure {
        return Err("Partitioned without Secure");
    }
    // Expiry, capped at 400 days; a time not after now deletes.
    let expires = match cookie.expiry {
        Expiry::Session => None,
        Expiry::MaxAge(seconds) if seconds <= 0 => return Ok(None),
        Expiry::MaxAge(seconds) => Some(now.saturating_add(seconds.min(FOUR_HUNDRED_DAYS))),
        Expiry::Expires(at) if at <= now => return Ok(None),
        Expiry::Expires(at) => Some(at.min(now + FOUR_HUNDRED_DAYS)),
    };
    Ok(Some(Kept {
        name: cookie.name.clone(),
        value: cookie.value.clone(),
        domain: if host_only {
            domain
        } else {
            format!(".{domain}")
        },
        path,
        expires,
        secure: cookie.secure,
        http_only: cookie.http_only,
        same_site: match cookie.same_site {
            Some("strict") => Some("Strict"),
            Some("lax") => Some("Lax"),
            Some("none") => Some("None"),
            _ => None,
        },
        partitioned: cookie.partitioned,
    }))
}

/// The requests [`differential`] stores every header for: an IP host, `localhost`, a named host
/// over `http` and over `https`, at the root and deeper.
pub fn requests() -> Vec<Request> {
    let request = |host: &str, registrable: Option<&str>, path: &str, secure: bool| Request {
        host: host.to_string(),
        registrable_domain: registrable.map(str::to_string),
        path: path.to_string(),
        secure,
    };
    vec![
        request("127.0.0.1", None, "/dir/page", true),
        request("localhost", None, "/", true),
        request("www.example.com", Some("example.com"), "/dir/page", false),
        request("www.example.com", Some("example.com"), "/", true),
        request("a.b.example.co.uk", Some("example.co.uk"), "/x/y/z", true),
        request("[::1]", None, "/dir/", true),
    ]
}

/// What happens to a cookie for one request: kept, deleted (`None`), or the rule broken.
pub type Verdict = Result<Option<Kept>, &'static str>;

/// What the fast reader says of `header` at `now`, in the model's terms: the reading and, for
/// each of [`requests`], the verdict.
pub fn fast_verdicts(header: &[u8], now: i64) -> Result<(Cookie, Vec<Verdict>), &'static str> {
    let fast = reader::SetCookie::parse(header).map_err(ignored_reason)?;
    let cookie = Cookie {
        name: fast.name().to_vec(),
        value: fast.value().to_vec(),
        expiry: match fast.expiry() {
            reader::Expiry::Session => Expiry::Session,
            reader::Expiry::MaxAge(seconds) => Expiry::MaxAge(seconds),
            reader::Expiry::Expires(at) => Expiry::Expires(at),
        },
        domain: fast.domain().map(<[u8]>::to_vec),
        path: fast.path().map(<[u8]>::to_vec),
        secure: fast.secure(),
        http_only: fast.http_only(),
        same_site: match fast.same_site() {
            reader::SameSiteAttribute::Absent => None,
            reader::SameSiteAttribute::Known(reader::SameSite::Strict) => Some("strict"),
            reader::SameSiteAttribute::Known(reader::SameSite::Lax) => Some("lax"),
            reader::SameSiteAttribute::Known(reader::SameSite::None) => Some("none"),
            reader::SameSiteAttribute::Unknown => Some("unknown"),
        },
        partitioned: fast.partitioned(),
    };
    let verdicts = requests()
        .iter()
        .map(|request| {
            let origin = reader::Origin::new(&request.host, &request.path, request.secure);
            let origin = match &request.registrable_domain {
                Some(registrable) => origin.registrable_domain(registrable),
                None => origin,
            };
            fast_kept(&fast, &origin, now)
        })
        .collect();
    Ok((cookie, verdicts))
}

/// The fast reader's verdict on `header` for one origin, in the model's terms.
pub fn fast_verdict(header: &[u8], origin: &reader::Origin<'_>, now: i64) -> Verdict {
    let fast = reader::SetCookie::parse(header).map_err(ignored_reason)?;
    fast_kept(&fast, origin, now)
}

/// The fast reader's verdict on a parsed header for one origin, in the model's terms.
pub fn fast_kept(fast: &reader::SetCookie<'_>, origin: &reader::Origin<'_>, now: i64) -> Verdict {
    let stored = fast.stored_for(origin).map_err(rejected_reason)?;
    if fast.deletes(now) {
        return Ok(None);
    }
    let domain = String::from_utf8_lossy(stored.domain()).to_ascii_lowercase();
    Ok(Some(Kept {
        name: fast.name().to_vec(),
        value: fast.value().to_vec(),
        domain: if stored.host_only() {
            domain
        } else {
            format!(".{domain}")
        },
        path: stored.path().to_vec(),
        expires: fast.expires_at(now),
        secure: fast.secure(),
        http_only: fast.http_only(),
        same_site: match fast.same_site().known() {
            Some(reader::SameSite::Strict) => Some("Strict"),
            Some(reader::SameSite::Lax) => Some("Lax"),
            Some(reader::SameSite::None) => Some("None"),
            None => None,
        },
        partitioned: fast.partitioned(),
    }))
}

/// The model's name for an [`reader::Ignored`] reason.
#[allow(unreachable_patterns)]
pub fn ignored_reason(ignored: reader::Ignored) -> &'static str {
    match ignored {
        reader::Ignored::ControlCharacter { .. } => "control character",
        reader::Ignored::Empty => "empty",
        reader::Ignored::TooLong { .. } => "too long",
        reader::Ignored::EqualsInNamelessValue => "equals in nameless value",
        reader::Ignored::ReservedPrefix => "reserved prefix",
        _ => "a reason the model does not know",
    }
}

/// The model's name for a [`reader::Rejected`] reason.
#[allow(unreachable_patterns)]
pub fn rejected_reason(rejected: reader::Rejected) -> &'static str {
    match rejected {
        reader::Rejected::SecureFromInsecureOrigin => "secure from insecure origin",
        reader::Rejected::DomainMismatch => "domain mismatch",
        reader::Rejected::Prefix(reader::SecurityPrefix::Secure) => "__Secure- prefix",
        reader::Rejected::Prefix(reader::SecurityPrefix::Host) => "__Host- prefix",
        reader::Rejected::HttpPrefix => "__Http- prefix",
        reader::Rejected::SameSiteNoneWithoutSecure => "SameSite=None without Secure",
        reader::Rejected::PartitionedWithoutSecure => "Partitioned without Secure",
        _ => "a reason the model does not know",
    }
}

/// Compares the fast reader with the model on `header` received at `now`: the reading, and the
/// verdict for each of [`requests`]. `Err` describes the differences.
pub fn differential(header: &[u8], now: i64) -> Result<(), String> {
    let shown = header.escape_ascii();
    let model = read(header);
    let fast = fast_verdicts(header, now);
    match (fast, model) {
        (Err(fast), Err(model)) if fast == model => Ok(()),
        (Ok((fast, fast_verdicts)), Ok(model)) => {
            if fast != model {
                return Err(format!(
                    "\"{shown}\": the reader reads {fast:?}, the model {model:?}"
                ));
            }
            for (request, fast_verdict) in requests().iter().zip(fast_verdicts) {
                let model_verdict = store(&model, request, now);
                if fast_verdict != model_verdict {
                    return Err(format!(
                        "\"{shown}\" from {request:?}: the reader stores {fast_verdict:?}, the model {model_verdict:?}"
                    ));
                }
            }
            Ok(())
        }
        (fast, model) => Err(format!(
            "\"{shown}\": the reader reads {:?}, the model {:?}",
            fast.map(|(cookie, _)| cookie),
            model
        )),
    }
}
