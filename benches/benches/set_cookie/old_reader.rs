//! The layer's previous `Set-Cookie` reader (`cookie-registry/src/middleware/set_cookie.rs` at
//! commit 0963442, with its byte search from `bytes.rs`), kept here as the benchmark's baseline.
//! It read headers as `cookie::Cookie::parse` does (and handed `Expires` dates to it), which is
//! not how browsers read them: see `cookie_registry::set_cookie`.
#![allow(dead_code)]

use std::time::SystemTime;

use cookie_registry::declaration::SameSite;

/// A `Set-Cookie` value that is not a cookie: no `=` in its first part, or an empty name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotACookie;

/// One `Set-Cookie`, as read by [`SetCookie::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetCookie<'h> {
    pub name: &'h str,
    pub value: &'h str,
    /// `Max-Age` in seconds: a negative age reads as 0, an empty or overlong one as `i64::MAX`.
    pub max_age: Option<i64>,
    /// `Expires`, read only when there is no `Max-Age` (which takes precedence).
    pub expires: Option<SystemTime>,
    pub path: Option<&'h str>,
    /// As sent, leading dot included; an empty `Domain` is ignored.
    pub domain: Option<&'h str>,
    pub secure: bool,
    pub http_only: bool,
    /// `None` when absent or not one of `Strict`, `Lax`, `None`.
    pub same_site: Option<SameSite>,
    pub partitioned: bool,
}

impl<'h> SetCookie<'h> {
    /// Reads `header` as `cookie::Cookie::parse` would.
    pub fn parse(header: &'h str) -> Result<SetCookie<'h>, NotACookie> {
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
            cookie.expires = ::cookie::Cookie::parse(header)
                .ok()
                .and_then(|parsed| parsed.expires_datetime())
                .map(SystemTime::from);
        }
        Ok(cookie)
    }

    /// `Domain` without its leading dot, which browsers ignore.
    pub fn domain_without_dot(&self) -> Option<&'h str> {
        self.domain.map(|d| d.strip_prefix('.').unwrap_or(d))
    }

    /// Whether the cookie deletes itself: `Max-Age` zero or less, or an `Expires` not in the
    /// future.
    pub fn is_removal(&self, now: SystemTime) -> bool {
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

/// The position of the first `byte` in `bytes` from `start` on, or the length.
#[inline]
fn find(bytes: &[u8], start: usize, byte: u8) -> usize {
    find2(bytes, start, byte, byte)
}

/// The position of the first `a` or `b` in `bytes` from `start` on, or the length.
///
/// Eight bytes at a time (cookie values are often 20 to 40 bytes of token): a word's bytes
/// equal to `a` become zero in `word ^ a…a`, and `(x - 0x01…01) & !x & 0x80…80` sets the high
/// bit of each zero byte, the lowest one exactly (higher ones may be false positives, which
/// does not matter: the first is taken).
#[inline]
fn find2(bytes: &[u8], start: usize, a: u8, b: u8) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let (a_word, b_word) = (LOW * u64::from(a), LOW * u64::from(b));
    let mut at = start;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let found = zero_bytes(word ^ a_word) | zero_bytes(word ^ b_word);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at] != a && bytes[at] != b {
        at += 1;
    }
    at
}
