//! A `Set-Cookie` header read the way a browser stores it: the storage model of RFC 6265bis
//! (draft 22) as Chromium 156 implements it, found by experiment and checked line by line
//! against the browser (`tests/browser-set-cookie`).
//!
//! ```
//! use cookie_registry::set_cookie::{Expiry, SetCookie};
//!
//! // The last Max-Age is the one, and an invalid one is ignored: a session cookie, not a deletion.
//! let cookie = SetCookie::parse(b"tracker=1; Max-Age=0; Max-Age=x")?;
//! assert_eq!(cookie.name(), b"tracker");
//! assert_eq!(cookie.expiry(), Expiry::Session);
//! assert!(!cookie.deletes(1_750_000_000));
//!
//! // `+0` is a valid Max-Age for Chromium (the RFC would ignore it): this deletes the cookie.
//! assert!(SetCookie::parse(b"tracker=; Max-Age=+0")?.deletes(1_750_000_000));
//! # Ok::<(), cookie_registry::set_cookie::Ignored>(())
//! ```
//!
//! [`SetCookie::parse`] is the context-free reading: what the header says whatever the request
//! was. [`SetCookie::stored_for`] adds what depends on the request ([`Origin`]): the `Secure`
//! attribute and the name prefixes need a secure origin, `Domain` must match the host, the path
//! defaults to the request's directory.
//!
//! The reading takes raw header bytes (non-ASCII and non-UTF-8 included, as browsers store
//! them) and does not allocate. It first looks for control bytes, eight bytes at a time; a
//! header with none (nearly all) is then split on `;` and `=` alone, a header with one is read
//! part by part, each checked for the tabs Chromium takes as white space. The last `Max-Age`
//! or `Expires` is read when the line is done, since only the last one counts.
//!
//! # What the browser does
//!
//! Each rule with its section of RFC 6265bis (draft 22), and what Chromium 156 does where it
//! departs from it. "Ignored" means the browser stores nothing and deletes nothing.
//!
//! | step | RFC 6265bis | Chromium 156 |
//! |---|---|---|
//! | control characters | 5.6: a byte `%x00-08 / %x0A-1F / %x7F` anywhere ignores the line; a tab is white space | the same, and a tab *inside* a name, value, attribute name or attribute value ignores the line too: only tabs next to `=` and `;` are white space ([`Ignored::ControlCharacter`]) |
//! | name and value | 5.6: up to the first `;`; the name ends at the first `=`; without `=` the whole pair is the value and the name is empty | the same |
//! | white space | 5.6 step 4: space and tab trimmed around the name, the value, attribute names and values | the same: U+00A0, U+3000, U+2003... are bytes of the name (`csrftoken\u{a0}` is another cookie) |
//! | empty | 5.7 step 2: empty name and empty value ignores the line | the same ([`Ignored::Empty`]) |
//! | size | 5.6 step 5: name + value over 4,096 bytes ignores the line; an attribute value over 1,024 bytes ignores that attribute | the same ([`Ignored::TooLong`]); the line itself has no limit |
//! | reserved prefixes on a nameless cookie | 5.7 step 22: a nameless cookie whose value starts with `__Secure-` or `__Host-` (any case) is ignored | the same, and `__Http-` too ([`Ignored::ReservedPrefix`]) |
//! | `=` in a nameless cookie | not in the RFC | `=x=y` (name empty, value `x=y`) is ignored ([`Ignored::EqualsInNamelessValue`]) |
//! | attribute names | 5.6: matched without ASCII case; unknown ones ignored | the same |
//! | last attribute wins | 5.7: the last `Max-Age`, `Expires`, `Path`, `SameSite`; 5.6.3: an empty `Domain` is skipped | the last one, whether or not its value is valid: `Max-Age=0; Max-Age=x` is a session cookie; an empty last `Domain` makes the cookie host-only |
//! | `Max-Age` | 5.6.2: `-`? then digits; anything else ignores the attribute | `+` or `-` then digits: `+5` is 5, `-0` and `+0` delete. A number too large for 64 bits saturates (to the longest or the shortest age) even when non-digits follow: `99999999999999999999x` is the longest age |
//! | `Max-Age` over `Expires` | 5.7 step 6 | the same: `Max-Age=+31536000; Expires=Thu, 01 Jan 1970 00:00:00 GMT` lives a year |
//! | `Expires` date | 5.1.1: tokens between delimiters; time `h:m:s` of 1-2 digits each, day 1-2 digits, year 2-4 digits, each possibly followed by a non-digit and anything; year before 1601 fails | Chromium's own cookie-date reading, same delimiters (see [`Expiry`]): a token is a month when it starts with a month's three letters, a time when it is exactly three `:`-separated numbers (any number of digits, each below 2³²), a day when it is a 1-2 digit number, a year when a 1-5 digit number; a token that fails is skipped; `UTC`, `+0000` and weekdays are skipped; no year limit (year 1000 is in the past, so deletes) |
//! | `Expires` validity | 5.1.1 step 5-6 | the same ranges (second ≤ 59: `23:59:60` fails), and a day past the month's end fails (`31 Apr`): the attribute is ignored |
//! | 400-day cap | 5.5 | applied to `Max-Age` and `Expires` alike, from the time the cookie is received ([`SetCookie::expires_at`]) |
//! | `SameSite` | 5.6.7: `Strict`, `Lax`, `None` without case; anything else is "Default" | the same ([`SameSiteAttribute`]) |
//! | `Domain` | 5.6.3, 5.7 steps 7-10: leading dot dropped, lower-cased; a non-ASCII domain ignores the cookie; must domain-match the host | IDN domains are converted to punycode and may match; a trailing dot never matches. An IP host accepts only a `Domain` equal to it, and the cookie stays host-only ([`Origin`]) |
//! | `Path` | 5.6.4, 5.1.4: a value not starting with `/` means the default path | the same |
//! | `Secure` | 5.7 step 13: ignored from an insecure origin | the same; `http://localhost` and `http://127.0.0.1` count as secure |
//! | `SameSite=None` | 5.7 step 19: needs `Secure` | the same |
//! | `Partitioned` | not in the RFC (CHIPS) | needs `Secure` |
//! | `__Secure-` | 5.7 step 20: needs `Secure`, any case | the same |
//! | `__Host-` | 5.7 step 21: `Secure`, host-only, a `Path` attribute and path `/` | the last `Path` attribute must be exactly `/`; no `Domain` attribute, except on an IP host a `Domain` equal to it |
//! | `__Http-`, `__Host-Http-` | not in draft 22 | need `Secure` and `HttpOnly` (and the `__Host-` rules for the second) |
//!
//! Control characters are bytes a header value read by the `http` crate cannot hold (except the
//! tab); they matter for headers from elsewhere. In a browser, a `\r` or `\n` never reaches
//! the cookie parser (it ends the header line), and a NUL makes Chromium refuse the whole
//! response: either way nothing is stored, as for any control character here.
//!
//! Not covered: what Chromium does with its cookie store's state (a non-secure cookie cannot
//! overwrite a `Secure` one, per-domain limits, a newer cookie replacing an older one),
//! `Priority`, and cookies set from scripts.

mod date;
mod origin;
pub(crate) mod reuse;

#[cfg(test)]
mod model;
#[cfg(test)]
use crate::set_cookie as reader;

use std::fmt;

use crate::bytes::find;

pub use crate::declaration::{SameSite, SecurityPrefix};
pub use origin::{Origin, Rejected, Stored};

/// The most bytes a cookie's name and value may have together (RFC 6265bis 5.6 step 5).
pub const MAX_NAME_VALUE_BYTES: usize = 4096;

/// The most bytes an attribute value may have; a longer one is ignored (RFC 6265bis 5.6).
pub const MAX_ATTRIBUTE_VALUE_BYTES: usize = 1024;

/// The longest lifetime a browser keeps a cookie: 400 days, in seconds (RFC 6265bis 5.5).
pub const MAX_LIFETIME_SECONDS: i64 = 400 * 24 * 60 * 60;

/// Why a browser ignores a `Set-Cookie` header entirely, whatever the request: it stores
/// nothing and deletes nothing.
///
/// ```
/// use cookie_registry::set_cookie::{Ignored, SetCookie};
///
/// assert_eq!(SetCookie::parse(b" = "), Err(Ignored::Empty));
/// assert_eq!(SetCookie::parse(b"id=a\tb"), Err(Ignored::ControlCharacter { offset: 4 }));
/// assert_eq!(SetCookie::parse(b"=__Host-id"), Err(Ignored::ReservedPrefix));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ignored {
    /// A byte `0x00`-`0x1F` or `0x7F`, other than a tab next to a `=` or `;` (or at either end).
    ControlCharacter {
        /// Where the byte is in the header.
        offset: usize,
    },
    /// Neither a name nor a value.
    Empty,
    /// The name and value are longer than [`MAX_NAME_VALUE_BYTES`] together.
    TooLong {
        /// Their length.
        length: usize,
    },
    /// A cookie without a name whose value holds a `=` (`=x=y`): it would be read back as the
    /// cookie `x`.
    EqualsInNamelessValue,
    /// A cookie without a name whose value starts with `__Secure-`, `__Host-` or `__Http-`, in
    /// any case: it would be read back as a prefixed name that escaped the prefix's rules.
    ReservedPrefix,
}

impl fmt::Display for Ignored {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ignored::ControlCharacter { offset } => {
                write!(f, "a control character at byte {offset}")
            }
            Ignored::Empty => f.write_str("neither a name nor a value"),
            Ignored::TooLong { length } => write!(
                f,
                "name and value of {length} bytes, over the {MAX_NAME_VALUE_BYTES}-byte limit"
            ),
            Ignored::EqualsInNamelessValue => {
                f.write_str("a cookie without a name whose value holds `=`")
            }
            Ignored::ReservedPrefix => f.write_str(
                "a cookie without a name whose value starts with a reserved prefix (`__Secure-`, `__Host-` or `__Http-`)",
            ),
        }
    }
}

impl std::error::Error for Ignored {}

/// When a cookie expires, as the header sets it.
///
/// ```
/// use cookie_registry::set_cookie::{Expiry, SetCookie};
///
/// let read = |header: &str| SetCookie::parse(header.as_bytes()).unwrap().expiry();
/// assert_eq!(read("id=1"), Expiry::Session);
/// assert_eq!(read("id=1; Max-Age=+60"), Expiry::MaxAge(60));
/// assert_eq!(read("id=1; Max-Age=99999999999999999999"), Expiry::MaxAge(i64::MAX));
/// // Chromium's date reading: the zone and the weekday are skipped, a two-digit year is 19xx or 20xx.
/// assert_eq!(read("id=1; Expires=Thu, 01-Jan-70 00:00:00 UTC"), Expiry::Expires(0));
/// // An invalid last Max-Age leaves the Expires in force.
/// assert_eq!(read("id=1; Expires=1 Jan 1970 0:0:1; Max-Age=5a"), Expiry::Expires(1));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expiry {
    /// No valid `Max-Age` or `Expires`: kept until the browser closes.
    Session,
    /// A valid last `Max-Age`, in seconds from when the cookie is received: zero or less
    /// deletes the cookie. A number past the 64-bit range is `i64::MAX` or `i64::MIN`, as in
    /// Chromium. The 400-day cap is not applied here but by [`SetCookie::expires_at`].
    MaxAge(i64),
    /// No valid `Max-Age`, and a last `Expires` that is a date: Unix seconds, possibly
    /// negative (year 1000 is a date). Not capped either.
    Expires(i64),
}

/// The `SameSite` attribute as written: the last one, matched without ASCII case.
///
/// ```
/// use cookie_registry::set_cookie::{SameSite, SameSiteAttribute, SetCookie};
///
/// let read = |header: &str| SetCookie::parse(header.as_bytes()).unwrap().same_site();
/// assert_eq!(read("id=1; samesite=STRICT"), SameSiteAttribute::Known(SameSite::Strict));
/// assert_eq!(read("id=1; SameSite=Strict; SameSite=bogus"), SameSiteAttribute::Unknown);
/// assert_eq!(read("id=1"), SameSiteAttribute::Absent);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SameSiteAttribute {
    /// No `SameSite` attribute: browsers apply their default (`Lax` in Chromium).
    Absent,
    /// `Strict`, `Lax` or `None`.
    Known(SameSite),
    /// A value that is none of these, empty included: treated as absent.
    Unknown,
}

impl SameSiteAttribute {
    /// The value, when it is one of the three.
    pub fn known(self) -> Option<SameSite> {
        match self {
            SameSiteAttribute::Known(same_site) => Some(same_site),
            SameSiteAttribute::Absent | SameSiteAttribute::Unknown => None,
        }
    }
}

/// One `Set-Cookie` header, as a browser reads it before looking at the request: see the
/// [module docs](self) for the rules.
///
/// Name, value and attribute values are slices of the header, as stored: bytes, not text.
///
/// ```
/// use cookie_registry::set_cookie::{SameSite, SetCookie};
///
/// let header = b" _pk_id = a.b ; path=/shop; Domain=.Example.org; Max-Age=3600; Secure; HTTPONLY; SameSite=Lax";
/// let cookie = SetCookie::parse(header)?;
/// assert_eq!(cookie.name_str(), Some("_pk_id"));
/// assert_eq!(cookie.value(), b"a.b");
/// assert_eq!(cookie.path(), Some(&b"/shop"[..]));
/// assert_eq!(cookie.domain(), Some(&b".Example.org"[..]));
/// assert!(cookie.secure() && cookie.http_only() && !cookie.partitioned());
/// assert_eq!(cookie.same_site().known(), Some(SameSite::Lax));
/// # Ok::<(), cookie_registry::set_cookie::Ignored>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SetCookie<'h> {
    name: &'h [u8],
    value: &'h [u8],
    expiry: Expiry,
    domain: Option<&'h [u8]>,
    path: Option<&'h [u8]>,
    secure: bool,
    http_only: bool,
    same_site: SameSiteAttribute,
    partitioned: bool,
}

impl fmt::Debug for SetCookie<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetCookie")
            .field("name", &Escaped(self.name))
            .field("value", &Escaped(self.value))
            .field("expiry", &self.expiry)
            .field("domain", &self.domain.map(Escaped))
            .field("path", &self.path.map(Escaped))
            .field("secure", &self.secure)
            .field("http_only", &self.http_only)
            .field("same_site", &self.same_site)
            .field("partitioned", &self.partitioned)
            .finish()
    }
}

/// Bytes shown as a string literal, non-ASCII escaped.
struct Escaped<'a>(&'a [u8]);

impl fmt::Debug for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.0.escape_ascii())
    }
}

impl<'h> SetCookie<'h> {
    /// Reads `header` as a browser does before it looks at the request.
    ///
    /// ```
    /// use cookie_registry::set_cookie::SetCookie;
    ///
    /// // Without `=`, the whole pair is the value of a cookie without a name.
    /// let cookie = SetCookie::parse(b"tracker")?;
    /// assert_eq!((cookie.name(), cookie.value()), (&b""[..], &b"tracker"[..]));
    /// // Only space and tab are trimmed.
    /// assert_eq!(SetCookie::parse("csrftoken\u{a0}=1".as_bytes())?.name(), "csrftoken\u{a0}".as_bytes());
    /// # Ok::<(), cookie_registry::set_cookie::Ignored>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Ignored`] when the browser ignores the whole header, whatever the request.
    pub fn parse(header: &'h [u8]) -> Result<SetCookie<'h>, Ignored> {
        if has_control_byte(header) {
            return Self::parse_with_control_bytes(header);
        }
        // No control byte, so no tab: white space is only the space, and `;` and `=` are all
        // there is to look for. Nearly every header a server sends takes this way.
        let len = header.len();
        let end = find(header, 0, b';');
        let mut reading = Reading::pair(&header[..end])?;
        let mut start = end + 1;
        while start < len {
            let end = find(header, start, b';');
            // Attributes mostly follow `; `: trimming the part first leaves its key and value
            // each one end to look at.
            let part = trim_spaces(&header[start..end]);
            start = end + 1;
            let stop = find(part, 0, b'=');
            if stop < part.len() {
                reading.attribute(
                    trim_end_spaces(&part[..stop]),
                    trim_start_spaces(&part[stop + 1..]),
                );
            } else {
                reading.attribute(part, &part[..0]);
            }
        }
        reading.finish()
    }

    /// [`SetCookie::parse`] of a header holding a control byte: ignored, unless every control
    /// byte is a tab next to `=` or `;` (white space). Each part is checked as it is split.
    #[cold]
    fn parse_with_control_bytes(header: &'h [u8]) -> Result<SetCookie<'h>, Ignored> {
        let len = header.len();
        let mut tabs = false;
        let stop = scan(header, 0, b'=', &mut tabs)?;
        let (name, value, end) = if header.get(stop) == Some(&b'=') {
            let end = scan(header, stop + 1, b';', &mut tabs)?;
            (trim(&header[..stop]), trim(&header[stop + 1..end]), end)
        } else {
            (&header[..0], trim(&header[..stop]), stop)
        };
        if tabs {
            inner_tab(header, name)?;
            inner_tab(header, value)?;
        }
        let mut reading = Reading::new(name, value)?;
        let mut start = end + 1;
        while start < len {
            let mut tabs = false;
            let stop = scan(header, start, b'=', &mut tabs)?;
            let key = trim(&header[start..stop]);
            let value = if header.get(stop) == Some(&b'=') {
                let end = scan(header, stop + 1, b';', &mut tabs)?;
                start = end + 1;
                trim(&header[stop + 1..end])
            } else {
                start = stop + 1;
                &header[stop..stop]
            };
            if tabs {
                inner_tab(header, key)?;
                inner_tab(header, value)?;
            }
            reading.attribute(key, value);
        }
        reading.finish()
    }

    /// The name, as stored: possibly empty, possibly not UTF-8.
    pub fn name(&self) -> &'h [u8] {
        self.name
    }

    /// The name, when it is UTF-8.
    pub fn name_str(&self) -> Option<&'h str> {
        std::str::from_utf8(self.name).ok()
    }

    /// The value, as stored (quotes included).
    pub fn value(&self) -> &'h [u8] {
        self.value
    }

    /// The value, when it is UTF-8.
    pub fn value_str(&self) -> Option<&'h str> {
        std::str::from_utf8(self.value).ok()
    }

    /// The expiry the header sets.
    pub fn expiry(&self) -> Expiry {
        self.expiry
    }

    /// The last `Domain` attribute, as written (leading dot and case included); `None` when
    /// there is none or the last one is empty.
    pub fn domain(&self) -> Option<&'h [u8]> {
        self.domain
    }

    /// The last `Path` attribute, as written. Empty, or not starting with `/`, it stands for the
    /// request's default path (see [`Stored::path`]).
    pub fn path(&self) -> Option<&'h [u8]> {
        self.path
    }

    /// Whether a `Secure` attribute is present (its value, if any, does not matter).
    pub fn secure(&self) -> bool {
        self.secure
    }

    /// Whether an `HttpOnly` attribute is present.
    pub fn http_only(&self) -> bool {
        self.http_only
    }

    /// The last `SameSite` attribute.
    pub fn same_site(&self) -> SameSiteAttribute {
        self.same_site
    }

    /// Whether a `Partitioned` attribute is present.
    pub fn partitioned(&self) -> bool {
        self.partitioned
    }

    /// When the cookie expires if the browser receives it at `now` (Unix seconds), with the
    /// 400-day cap applied: `None` for a session cookie, `i64::MIN` for a `Max-Age` of zero or
    /// less (the earliest time, RFC 6265bis 5.6.2).
    ///
    /// ```
    /// use cookie_registry::set_cookie::{MAX_LIFETIME_SECONDS, SetCookie};
    ///
    /// let now = 1_750_000_000;
    /// let expires_at = |header: &str| SetCookie::parse(header.as_bytes()).unwrap().expires_at(now);
    /// assert_eq!(expires_at("id=1; Max-Age=60"), Some(now + 60));
    /// assert_eq!(expires_at("id=1; Max-Age=99999999999"), Some(now + MAX_LIFETIME_SECONDS));
    /// assert_eq!(expires_at("id=1; Expires=Wed, 01 Jan 2100 00:00:00 GMT"), Some(now + MAX_LIFETIME_SECONDS));
    /// assert_eq!(expires_at("id=1"), None);
    /// ```
    pub fn expires_at(&self, now: i64) -> Option<i64> {
        let cap = now.saturating_add(MAX_LIFETIME_SECONDS);
        match self.expiry {
            Expiry::Session => None,
            Expiry::MaxAge(seconds) if seconds <= 0 => Some(i64::MIN),
            Expiry::MaxAge(seconds) => Some(now.saturating_add(seconds.min(MAX_LIFETIME_SECONDS))),
            Expiry::Expires(at) => Some(at.min(cap)),
        }
    }

    /// Whether the header deletes the cookie when received at `now` (Unix seconds): it expires
    /// at `now` or before. The browser then stores nothing, and removes a cookie of the same
    /// name, domain and path.
    ///
    /// ```
    /// use cookie_registry::set_cookie::SetCookie;
    ///
    /// let now = 1_750_000_000;
    /// let deletes = |header: &str| SetCookie::parse(header.as_bytes()).unwrap().deletes(now);
    /// assert!(deletes("id=; Max-Age=0"));
    /// assert!(deletes("id=; Expires=Thu, 01 Jan 1970 00:00:00 +0000"));
    /// assert!(!deletes("id=; Max-Age=-"));
    /// ```
    pub fn deletes(&self, now: i64) -> bool {
        self.expires_at(now).is_some_and(|at| at <= now)
    }
}

/// A header being read: the cookie so far, and the last `Max-Age` and `Expires`, which are only
/// read once the line is done (only the last of each counts, valid or not).
struct Reading<'h> {
    cookie: SetCookie<'h>,
    max_age: Option<&'h [u8]>,
    expires: Option<&'h [u8]>,
}

impl<'h> Reading<'h> {
    /// The name-value pair, trimmed: ignored when both are empty or together too long.
    #[inline(always)]
    fn new(name: &'h [u8], value: &'h [u8]) -> Result<Self, Ignored> {
        if name.is_empty() && value.is_empty() {
            return Err(Ignored::Empty);
        }
        if name.len() + value.len() > MAX_NAME_VALUE_BYTES {
            return Err(Ignored::TooLong {
                length: name.len() + value.len(),
            });
        }
        Ok(Reading {
            cookie: SetCookie {
                name,
                value,
                expiry: Expiry::Session,
                domain: None,
                path: None,
                secure: false,
                http_only: false,
                same_site: SameSiteAttribute::Absent,
                partitioned: false,
            },
            max_age: None,
            expires: None,
        })
    }

    /// The name-value pair of a header without control bytes, up to its first `;`: the name
    /// runs to the pair's first `=`, and only spaces are trimmed.
    #[inline(always)]
    fn pair(pair: &'h [u8]) -> Result<Self, Ignored> {
        let stop = find(pair, 0, b'=');
        if stop < pair.len() {
            Reading::new(trim_spaces(&pair[..stop]), trim_spaces(&pair[stop + 1..]))
        } else {
            Reading::new(&pair[..0], trim_spaces(pair))
        }
    }

    /// One attribute, trimmed; the last of a name wins.
    #[inline(always)]
    fn attribute(&mut self, key: &'h [u8], value: &'h [u8]) {
        if value.len() > MAX_ATTRIBUTE_VALUE_BYTES {
            return;
        }
        let cookie = &mut self.cookie;
        match (key.len(), folded(key)) {
            (4, PATH) => cookie.path = Some(value),
            (6, SECURE) => cookie.secure = true,
            // An empty `Domain` is not skipped: it takes back an earlier one (host-only).
            (6, DOMAIN) => cookie.domain = Some(value).filter(|v| !v.is_empty()),
            (7, MAX_AGE) => self.max_age = Some(value),
            (7, EXPIRES) => self.expires = Some(value),
            (8, HTTPONLY) => cookie.http_only = true,
            (8, SAMESITE) => cookie.same_site = same_site(value),
            (11, _) if key.eq_ignore_ascii_case(b"partitioned") => cookie.partitioned = true,
            _ => {}
        }
    }

    /// The rules that need the whole line: a nameless cookie's value, then the expiry.
    #[inline(always)]
    fn finish(self) -> Result<SetCookie<'h>, Ignored> {
        let expiry = match self.max_age.and_then(delta_seconds) {
            Some(seconds) => Expiry::MaxAge(seconds),
            None => match self.expires {
                Some(date) if !date.is_empty() => {
                    date::parse(date).map_or(Expiry::Session, Expiry::Expires)
                }
                _ => Expiry::Session,
            },
        };
        self.cookie.finish_with(expiry)
    }
}

impl<'h> SetCookie<'h> {
    /// The cookie read so far with its `expiry`, unless the rules about a nameless cookie's
    /// value ignore it.
    #[inline(always)]
    fn finish_with(mut self, expiry: Expiry) -> Result<SetCookie<'h>, Ignored> {
        if self.name.is_empty() && self.value.contains(&b'=') {
            return Err(Ignored::EqualsInNamelessValue);
        }
        if self.name.is_empty() && reserved_prefix(self.value) {
            return Err(Ignored::ReservedPrefix);
        }
        self.expiry = expiry;
        Ok(self)
    }
}

/// Whether `bytes` holds a byte below `0x20` (tab included) or `0x7F`: eight bytes at a time,
/// the last word overlapping the one before when the length is not a multiple of eight. Any
/// flagged byte means at least one real match (a borrow only ever flags bytes above a real
/// match), which is all this answers.
#[inline(always)]
pub(crate) fn has_control_byte(bytes: &[u8]) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let flagged = |word: u64| {
        let delete = word ^ (LOW * 0x7f);
        (word.wrapping_sub(LOW * 0x20) & !word | delete.wrapping_sub(LOW) & !delete) & HIGH != 0
    };
    let load = |at: usize| match bytes.get(at..at + 8) {
        Some(chunk) => u64::from_le_bytes(chunk.try_into().unwrap_or_default()),
        None => 0,
    };
    if bytes.len() < 8 {
        return bytes.iter().any(|&b| b < 0x20 || b == 0x7f);
    }
    let mut at = 0;
    while at + 8 <= bytes.len() {
        if flagged(load(at)) {
            return true;
        }
        at += 8;
    }
    at < bytes.len() && flagged(load(bytes.len() - 8))
}

/// `bytes` without the spaces at either end (for a header without tabs: [`trim`] otherwise).
#[inline(always)]
fn trim_spaces(bytes: &[u8]) -> &[u8] {
    trim_end_spaces(trim_start_spaces(bytes))
}

#[inline(always)]
fn trim_start_spaces(mut bytes: &[u8]) -> &[u8] {
    while let [b' ', rest @ ..] = bytes {
        bytes = rest;
    }
    bytes
}

#[inline(always)]
fn trim_end_spaces(mut bytes: &[u8]) -> &[u8] {
    while let [rest @ .., b' '] = bytes {
        bytes = rest;
    }
    bytes
}

/// The first `stop` or `;` in `bytes` from `from` on, or the length; a control byte on the way
/// is an error, except a tab, which sets `tabs` (it may be white space, [`inner_tab`] decides).
///
/// Eight bytes at a time, as `crate::bytes::find2` does, with control bytes as a third kind of
/// match: a byte below `0x20` sets its high bit in `(x - 0x20…20) & !x`, `0x7F` in
/// `(x + 0x01…01) & !x`. Only the lowest match of a word is exact (a borrow or a carry may
/// flag a byte above it), so a flagged byte is looked at before it is believed.
#[inline(always)]
fn scan(bytes: &[u8], from: usize, stop: u8, tabs: &mut bool) -> Result<usize, Ignored> {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (stops, semicolons) = (LOW * u64::from(stop), LOW * u64::from(b';'));
    let mut at = from;
    loop {
        let found = match bytes.get(at..at + 8) {
            Some(chunk) => {
                let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                let (a, b) = (word ^ stops, word ^ semicolons);
                let special = (a.wrapping_sub(LOW) & !a
                    | b.wrapping_sub(LOW) & !b
                    | word.wrapping_sub(LOW * 0x20) & !word
                    | word.wrapping_add(LOW) & !word)
                    & HIGH;
                if special == 0 {
                    at += 8;
                    continue;
                }
                at + (special.trailing_zeros() / 8) as usize
            }
            None => match bytes[at.min(bytes.len())..]
                .iter()
                .position(|&b| b == stop || b == b';' || b < 0x20 || b == 0x7f)
            {
                Some(offset) => at + offset,
                None => return Ok(bytes.len()),
            },
        };
        match bytes[found] {
            b if b == stop || b == b';' => return Ok(found),
            b'\t' => *tabs = true,
            b if b < 0x20 || b == 0x7f => return Err(Ignored::ControlCharacter { offset: found }),
            // Flagged by a carry, not special.
            _ => {}
        }
        at = found + 1;
    }
}

/// An attribute name of 4 to 8 bytes as one word, ASCII letters folded to lower case: its first
/// four bytes and its last four (they overlap below 8), each byte with bit `0x20` set. For the
/// names matched here (letters and `-`) this is exact: no byte but the letter in either case,
/// or `-`, sets bit `0x20` to the same value, control bytes aside (the scan rejected them).
/// Other lengths give 0, which no name matches.
#[inline(always)]
const fn folded(key: &[u8]) -> u64 {
    if key.len() < 4 || key.len() > 8 {
        return 0;
    }
    let end = key.len() - 4;
    let first = u32::from_le_bytes([key[0], key[1], key[2], key[3]]);
    let last = u32::from_le_bytes([key[end], key[end + 1], key[end + 2], key[end + 3]]);
    (first as u64 | (last as u64) << 32) | 0x2020_2020_2020_2020
}

const PATH: u64 = folded(b"path");
const SECURE: u64 = folded(b"secure");
const DOMAIN: u64 = folded(b"domain");
const MAX_AGE: u64 = folded(b"max-age");
const EXPIRES: u64 = folded(b"expires");
const HTTPONLY: u64 = folded(b"httponly");
const SAMESITE: u64 = folded(b"samesite");

/// Space and tab, the white space trimmed around names and values.
#[inline(always)]
fn trim(bytes: &[u8]) -> &[u8] {
    // Most parts have neither: one look at each end.
    if let [first, .., last] = bytes
        && *first > b' '
        && *last > b' '
    {
        return bytes;
    }
    // Both are at most `b' '`: one comparison rules out most bytes.
    let blank = |b: u8| b <= b' ' && (b == b' ' || b == b'\t');
    let mut start = 0;
    while start < bytes.len() && blank(bytes[start]) {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start && blank(bytes[end - 1]) {
        end -= 1;
    }
    &bytes[start..end]
}

/// A tab left inside a trimmed `part` of `header` ignores the line.
fn inner_tab(header: &[u8], part: &[u8]) -> Result<(), Ignored> {
    match part.iter().position(|&b| b == b'\t') {
        Some(at) => Err(Ignored::ControlCharacter {
            offset: part.as_ptr() as usize - header.as_ptr() as usize + at,
        }),
        None => Ok(()),
    }
}

/// `__Secure-`, `__Host-` or `__Http-` at the start of `value`, in any case.
fn reserved_prefix(value: &[u8]) -> bool {
    [&b"__secure-"[..], b"__host-", b"__http-"]
        .iter()
        .any(|prefix| {
            value
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        })
}

fn same_site(value: &[u8]) -> SameSiteAttribute {
    if value.eq_ignore_ascii_case(b"strict") {
        SameSiteAttribute::Known(SameSite::Strict)
    } else if value.eq_ignore_ascii_case(b"lax") {
        SameSiteAttribute::Known(SameSite::Lax)
    } else if value.eq_ignore_ascii_case(b"none") {
        SameSiteAttribute::Known(SameSite::None)
    } else {
        SameSiteAttribute::Unknown
    }
}

/// A `Max-Age` value as Chromium reads it (`base::StringToInt64`): an optional sign, then
/// digits. `None` ignores the attribute. Digits are read left to right: a number that leaves
/// the 64-bit range saturates at once, before any non-digit that follows is seen.
fn delta_seconds(value: &[u8]) -> Option<i64> {
    let (negative, digits) = match value.split_first() {
        Some((b'-', rest)) => (true, rest),
        Some((b'+', rest)) => (false, rest),
        _ => (false, value),
    };
    if digits.is_empty() {
        return None;
    }
    let mut seconds: i64 = 0;
    for &byte in digits {
        if !byte.is_ascii_digit() {
            return None;
        }
        let digit = i64::from(byte - b'0');
        let next = seconds.checked_mul(10).and_then(|s| {
            if negative {
                s.checked_sub(digit)
            } else {
                s.checked_add(digit)
            }
        });
        match next {
            Some(next) => seconds = next,
            None => return Some(if negative { i64::MIN } else { i64::MAX }),
        }
    }
    Some(seconds)
}

#[cfg(test)]
mod tests;
