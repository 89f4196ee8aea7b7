//! The consent cookie's value, version 1: `1.fs.1750000000.3c5e0d7b1a2f9e84` (the format is
//! documented on [`ConsentCookie`](super::ConsentCookie)).
//!
//! Decoding accepts exactly what encoding writes, one spelling per state, so that a value
//! changed by hand into anything non-canonical reads as no consent.

use super::categories::CategorySet;
use super::cookie::NoConsent;
use super::state::ConsentState;
use crate::declaration::Category;
use crate::registry::Revision;

/// The version field this crate writes.
const VERSION: &str = "1";

/// The categories that need consent, with their letter in the encoding, in encoding order.
const LETTERS: [(Category, u8); 3] = [
    (Category::Functionality, b'f'),
    (Category::Statistics, b's'),
    (Category::Marketing, b'm'),
];

/// The value that records `state`; `None` before any choice.
pub(super) fn encode(state: &ConsentState) -> Option<String> {
    let at = state.given_at_unix_seconds()?;
    let revision = state.revision()?;
    let mut categories = String::with_capacity(3);
    for (category, letter) in LETTERS {
        if state.grants(category) {
            categories.push(letter as char);
        }
    }
    if categories.is_empty() {
        categories.push('-');
    }
    Some(format!("{VERSION}.{categories}.{at}.{revision}"))
}

/// Parses a version-1 value into granted categories, time (Unix seconds) and revision;
/// accepts only the canonical spelling.
pub(super) fn parse(value: &[u8]) -> Result<(CategorySet, u64, Revision), NoConsent> {
    let malformed = |reason| Err(NoConsent::Malformed { reason });
    let mut fields = value.split(|&b| b == b'.');
    let version = fields.next().unwrap_or_default();
    if version != VERSION.as_bytes() {
        return if !version.is_empty()
            && version.len() <= 3
            && version.iter().all(u8::is_ascii_digit)
        {
            Err(NoConsent::UnsupportedVersion)
        } else {
            malformed("the version is not a number")
        };
    }
    let (Some(categories), Some(time), Some(revision), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return malformed("expected four fields separated by `.`");
    };

    let granted = if categories == b"-" {
        CategorySet::NONE
    } else {
        let mut granted = CategorySet::NONE;
        let mut next = 0; // index in LETTERS the next letter may have, at least
        for &byte in categories {
            let Some(offset) = LETTERS[next..].iter().position(|&(_, l)| l == byte) else {
                return malformed("the categories are not `-` or some of `fsm` in that order");
            };
            granted = granted.with(LETTERS[next + offset].0);
            next += offset + 1;
        }
        if granted.is_empty() {
            return malformed("the categories are empty");
        }
        granted
    };

    // At most 12 digits: enough until the year 33658, and never overflows.
    if time.is_empty()
        || time.len() > 12
        || !time.iter().all(u8::is_ascii_digit)
        || (time.len() > 1 && time[0] == b'0')
    {
        return malformed("the time is not a decimal number of seconds");
    }
    let at = time.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));

    let Some(revision) = Revision::parse_hex(revision) else {
        return malformed("the revision is not 16 lowercase hexadecimal digits");
    };
    Ok((granted, at, revision))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_only_canonical_values() {
        let rev = "0123456789abcdef";
        let ok = |v: &str| parse(v.as_bytes()).is_ok();
        assert!(ok(&format!("1.-.0.{rev}")));
        assert!(ok(&format!("1.fsm.999999999999.{rev}")));
        assert!(ok(&format!("1.fm.1.{rev}")));
        for bad in [
            format!("1.sf.1.{rev}"),
            format!("1.ss.1.{rev}"),
            format!("1..1.{rev}"),
            format!("1.x.1.{rev}"),
            format!("1.-s.1.{rev}"),
            format!("1.s.01.{rev}"),
            format!("1.s.1000000000000.{rev}"),
            format!("1.s.+1.{rev}"),
            format!("1.s..{rev}"),
            format!("1.s.1.{}", rev.to_uppercase()),
            format!("1.s.1.{rev}0"),
            format!("1.s.1.{rev}."),
            format!("01.s.1.{rev}"),
            "1.s.1".to_string(),
            String::new(),
        ] {
            assert!(!ok(&bad), "{bad}");
        }
        assert_eq!(
            parse(format!("2.s.1.{rev}").as_bytes()),
            Err(NoConsent::UnsupportedVersion)
        );
    }

    #[test]
    fn encode_then_parse_is_the_identity() {
        let revision = Revision::from_u64(0xabc);
        for granted in [
            CategorySet::NONE,
            CategorySet::ALL,
            CategorySet::NONE.with(Category::Marketing),
        ] {
            let state = ConsentState::given_at_unix(granted, 1_750_000_000, revision);
            let value = encode(&state).expect("a choice has a value");
            let (parsed, at, rev) = parse(value.as_bytes()).expect("canonical");
            assert_eq!(
                ConsentState::given_at_unix(parsed, at, rev),
                state,
                "{value}"
            );
        }
        assert_eq!(encode(&ConsentState::NONE), None);
    }
}
