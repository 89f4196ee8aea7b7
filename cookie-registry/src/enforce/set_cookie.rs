//! A borrowed reading of one `Set-Cookie` value: the name, the value and the attributes the
//! policy checks, without allocating.
//!
//! The layer reads every `Set-Cookie` of every response, so this is its hot path. The `cookie`
//! crate's `Cookie::parse` reads the same grammar but lowercases each attribute name into a new
//! `String` and builds a `Cookie` that owns its attribute table: some 4,000 instructions per
//! header, several times the rest of the check (docs/benchmarks.md). This reading compares
//! attribute names in place and keeps slices of the header.
//!
//! It must read every header exactly as `Cookie::parse` does, since the `cookie` crate is what
//! builds the headers users send and what the tests compare against: same splitting at `;` and
//! the first `=`, same Unicode trimming, same precedence (the last valid attribute wins), same
//! odd cases (`Max-Age=` reads as the longest age, a negative one as zero). The one field it does
//! not read itself is `Expires`: HTTP dates come in four historic formats that the `cookie`
//! crate parses with `time`; a header whose expiry matters (an `Expires` and no `Max-Age`) is
//! handed to `Cookie::parse` for that date. The property test below and the `set_cookie` fuzz
//! target compare both readings on arbitrary input.

use std::time::SystemTime;

use crate::bytes::{find, find2};
use crate::declaration::SameSite;

/// A `Set-Cookie` value that is not a cookie: no `=` in its first part, or an empty name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NotACookie;

/// One `Set-Cookie`, as read by [`SetCookie::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SetCookie<'h> {
    pub(crate) name: &'h str,
    pub(crate) value: &'h str,
    /// `Max-Age` in seconds: a negative age reads as 0, an empty or overlong one as `i64::MAX`.
    pub(crate) max_age: Option<i64>,
    /// `Expires`, read only when there is no `Max-Age` (which takes precedence).
    pub(crate) expires: Option<SystemTime>,
    pub(crate) path: Option<&'h str>,
    /// As sent, leading dot included; an empty `Domain` is ignored.
    pub(crate) domain: Option<&'h str>,
    pub(crate) secure: bool,
    pub(crate) http_only: bool,
    /// `None` when absent or not one of `Strict`, `Lax`, `None`.
    pub(crate) same_site: Option<SameSite>,
    pub(crate) partitioned: bool,
}

impl<'h> SetCookie<'h> {
    /// Reads `header` as `cookie::Cookie::parse` would.
    pub(crate) fn parse(header: &'h str) -> Result<SetCookie<'h>, NotACookie> {
        // One pass over the bytes. `;` and `=` are ASCII, so every cut falls on a character
        // boundary; `str::split` and `split_once` would set up a searcher for each short part.
        let bytes = header.as_bytes();
        let equals = find2(bytes, 0, b'=', b';');
        if bytes.get(equals) != Some(&b'=') {
            return Err(NotACookie);
        }
        let pair_end = find(bytes, equals + 1, b';');
        let name = trim(&header[..equals]);
        if name.is_empty() {
            return Err(NotACookie);
        }
        let mut cookie = SetCookie {
            name,
            value: trim(&header[equals + 1..pair_end]),
            max_age: None,
            expires: None,
            path: None,
            domain: None,
            secure: false,
            http_only: false,
            same_site: None,
            partitioned: false,
        };
        let mut has_expires = false;
        let mut start = pair_end + 1;
        while start <= bytes.len() {
            // Up to the first `=` or `;`, then, after an `=`, on to the `;`: each byte once.
            let stop = find2(bytes, start, b'=', b';');
            let key = trim(&header[start..stop]);
            let value = if stop < bytes.len() && bytes[stop] == b'=' {
                let end = find(bytes, stop + 1, b';');
                let value = trim(&header[stop + 1..end]);
                start = end + 1;
                Some(value)
            } else {
                start = stop + 1;
                None
            };
            // Attribute names are matched without case; dispatch on length first so that most
            // comparisons stop there.
            let is = |expected: &str| key.eq_ignore_ascii_case(expected);
            match (key.len(), value) {
                (6, _) if is("secure") => cookie.secure = true,
                (8, _) if is("httponly") => cookie.http_only = true,
                (11, _) if is("partitioned") => cookie.partitioned = true,
                (7, Some(value)) if is("max-age") => {
                    if let Some(seconds) = max_age(value) {
                        cookie.max_age = Some(seconds);
                    }
                }
                (6, Some(value)) if is("domain") && !value.is_empty() => {
                    cookie.domain = Some(value);
                }
                (4, Some(value)) if is("path") => cookie.path = Some(value),
                (8, Some(value)) if is("samesite") => {
                    if let Some(same_site) = same_site(value) {
                        cookie.same_site = Some(same_site);
                    }
                }
                (7, Some(_)) if is("expires") => has_expires = true,
                _ => {}
            }
        }
        if has_expires && cookie.max_age.is_none() {
            // Rare on this path (the declarations' builders send `Max-Age`), and the date formats
            // are the `cookie` crate's to know: let it read the date. It accepts whatever the
            // reading above accepted.
            #[cfg(feature = "cookie")]
            {
                cookie.expires = ::cookie::Cookie::parse(header)
                    .ok()
                    .and_then(|parsed| parsed.expires_datetime())
                    .map(SystemTime::from);
            }
        }
        Ok(cookie)
    }

    /// `Domain` without its leading dot, which browsers ignore.
    pub(crate) fn domain_without_dot(&self) -> Option<&'h str> {
        self.domain.map(|d| d.strip_prefix('.').unwrap_or(d))
    }

    /// Whether the cookie deletes itself: `Max-Age` zero or less, or an `Expires` not in the
    /// future.
    pub(crate) fn is_removal(&self, now: SystemTime) -> bool {
        match (self.max_age, self.expires) {
            (Some(seconds), _) => seconds <= 0,
            (None, Some(expires)) => expires <= now,
            (None, None) => false,
        }
    }
}

/// `str::trim`, with the common case (ASCII at both ends) decided on bytes.
#[inline(always)]
fn trim(text: &str) -> &str {
    // The ASCII characters `char::is_whitespace` accepts (`u8::is_ascii_whitespace` lacks the
    // vertical tab).
    const SPACES: u64 = 1 << b' ' | 1 << b'\t' | 1 << b'\n' | 1 << 0x0b | 1 << 0x0c | 1 << b'\r';
    let space = |b: u8| b <= b' ' && SPACES >> b & 1 == 1;
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() && space(bytes[start]) {
        start += 1;
    }
    let mut end = bytes.len();
    while end > start && space(bytes[end - 1]) {
        end -= 1;
    }
    // Both cuts are after or before an ASCII byte, so on character boundaries.
    let trimmed = &text[start..end];
    match (trimmed.as_bytes().first(), trimmed.as_bytes().last()) {
        // Non-ASCII at an end may be Unicode white space (U+00A0, U+2003...): the full rule.
        (Some(first), Some(last)) if !first.is_ascii() || !last.is_ascii() => trimmed.trim(),
        _ => trimmed,
    }
}

/// A `Max-Age` value in seconds, or `None` to ignore the attribute (not all digits).
fn max_age(value: &str) -> Option<i64> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, value),
    };
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if negative {
        // RFC 6265 5.2.2: zero or negative means "expire now".
        return Some(0);
    }
    // `cookie` reads an empty or overflowing age as the longest one.
    if digits.is_empty() {
        return Some(i64::MAX);
    }
    let seconds = digits.bytes().try_fold(0i64, |seconds, digit| {
        seconds
            .checked_mul(10)?
            .checked_add(i64::from(digit - b'0'))
    });
    Some(seconds.unwrap_or(i64::MAX))
}

fn same_site(value: &str) -> Option<SameSite> {
    if value.eq_ignore_ascii_case("strict") {
        Some(SameSite::Strict)
    } else if value.eq_ignore_ascii_case("lax") {
        Some(SameSite::Lax)
    } else if value.eq_ignore_ascii_case("none") {
        Some(SameSite::None)
    } else {
        None
    }
}

#[cfg(feature = "cookie")]
/// Compares [`SetCookie::parse`] with `cookie::Cookie::parse` on `header`: `Err` describes the
/// first difference. The oracle of the property test below and of the `set_cookie` fuzz target.
pub(crate) fn differential(header: &str) -> Result<(), String> {
    let ours = SetCookie::parse(header);
    let theirs = ::cookie::Cookie::parse(header);
    let (ours, theirs) = match (ours, theirs) {
        (Err(_), Err(_)) => return Ok(()),
        (Ok(ours), Ok(theirs)) => (ours, theirs),
        (ours, theirs) => {
            return Err(format!(
                "{header:?}: read as {ours:?} here, as {theirs:?} by the cookie crate"
            ));
        }
    };
    let same_site = theirs.same_site().map(|s| match s {
        ::cookie::SameSite::Strict => SameSite::Strict,
        ::cookie::SameSite::Lax => SameSite::Lax,
        ::cookie::SameSite::None => SameSite::None,
    });
    let expected = SetCookie {
        name: theirs.name_raw().unwrap_or_default(),
        value: theirs.value(),
        max_age: theirs.max_age().map(|d| d.whole_seconds()),
        expires: match theirs.max_age() {
            Some(_) => None,
            None => theirs.expires_datetime().map(SystemTime::from),
        },
        path: theirs.path(),
        domain: None,
        secure: theirs.secure().unwrap_or(false),
        http_only: theirs.http_only().unwrap_or(false),
        same_site,
        partitioned: theirs.partitioned().unwrap_or(false),
    };
    let ours_without_domain = SetCookie {
        domain: None,
        ..ours.clone()
    };
    if ours_without_domain != expected || ours.domain_without_dot() != theirs.domain() {
        return Err(format!(
            "{header:?}: read as {ours:?} here, as {expected:?} (domain {:?}) by the cookie crate",
            theirs.domain()
        ));
    }
    Ok(())
}

#[cfg(all(test, feature = "cookie"))]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_builders_send() {
        let cookie = SetCookie::parse(
            "_pk_id=a.b; Path=/shop; Domain=.example.org; Max-Age=3600; Secure; HttpOnly; SameSite=Lax; Partitioned",
        )
        .unwrap();
        assert_eq!(cookie.name, "_pk_id");
        assert_eq!(cookie.value, "a.b");
        assert_eq!(cookie.max_age, Some(3600));
        assert_eq!(cookie.path, Some("/shop"));
        assert_eq!(cookie.domain_without_dot(), Some("example.org"));
        assert!(cookie.secure && cookie.http_only && cookie.partitioned);
        assert_eq!(cookie.same_site, Some(SameSite::Lax));
    }

    #[test]
    fn agrees_with_the_cookie_crate_on_odd_headers() {
        for header in [
            "",
            "=",
            "=x",
            " a = b ",
            "a",
            "a=b=c",
            "a=\"quoted\"",
            "a=1; max-age=",
            "a=1; Max-Age=-",
            "a=1; Max-Age=-5",
            "a=1; Max-Age=+5",
            "a=1; Max-Age=99999999999999999999999",
            "a=1; Max-Age=10; Max-Age=x; Max-Age=20",
            "a=1; MAX-AGE = 7 ",
            "a=1; Domain=; Domain=.x.org; Domain=",
            "a=1; Path=; path",
            "a=1; SameSite=Strict; SameSite=bogus; samesite",
            "a=1; Secure=false; HTTPONLY=0; partitioned=no",
            "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT",
            "a=1; Expires=Wednesday, 21-Oct-15 07:28:00 GMT",
            "a=1; Expires=Wed Oct 21 07:28:00 2015",
            "a=1; Expires=Wed, 21-Oct-2015 07:28:00 GMT; Max-Age=5",
            "a=1; Expires=not a date",
            "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Expires=garbage",
            "a=1;;; ;=;Secure",
            "\u{a0}a\u{2003}=\u{3000}b\u{85}; \u{a0}Secure",
            "a=1; Ｓecure",
        ] {
            if let Err(difference) = differential(header) {
                panic!("{difference}");
            }
        }
    }

    mod properties {
        use super::differential;
        use proptest::prelude::*;

        /// Headers built from the pieces the grammar cares about, in any order and case.
        fn header() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just(";".to_string()),
                Just("=".to_string()),
                Just(" ".to_string()),
                // White space, ASCII and not: `str::trim` takes all of these.
                "[ \t\n\r\u{b}\u{c}\u{85}\u{a0}\u{2028}\u{3000}]{1,2}",
                Just("-".to_string()),
                "[0-9]{1,25}",
                "(?i)(secure|httponly|partitioned|max-age|domain|path|samesite|expires)",
                "(?i)(strict|lax|none)",
                Just("Wed, 21 Oct 2015 07:28:00 GMT".to_string()),
                Just("Wed, 21-Oct-15 07:28:00 GMT".to_string()),
                Just(".example.org".to_string()),
                "\\PC{0,4}",
            ];
            proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.concat())
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

            #[test]
            fn reads_as_the_cookie_crate(header in header()) {
                if let Err(difference) = differential(&header) {
                    return Err(TestCaseError::fail(difference));
                }
            }
        }
    }
}
