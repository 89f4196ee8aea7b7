//! The consent cookie's value: version 2, `2.fs.1750000000.3c5e0d7b1a2f9e84.<consent ID>`, or
//! version 1 without the ID, which earlier releases wrote and this one still reads (the format
//! is documented on [`ConsentCookie`](super::ConsentCookie)).
//!
//! Decoding accepts exactly what encoding writes, one spelling per state, so that a value
//! changed by hand into anything non-canonical reads as no consent.

use super::categories::CategorySet;
use super::cookie::NoConsent;
use super::id::ConsentId;
use super::state::ConsentState;
use crate::declaration::Category;
use crate::registry::Revision;

/// The version a choice without a consent ID is written in.
const VERSION_1: &str = "1";
/// The version a choice with a consent ID is written in.
const VERSION_2: &str = "2";

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
    Some(match state.consent_id() {
        Some(id) => format!("{VERSION_2}.{categories}.{at}.{revision}.{id}"),
        None => format!("{VERSION_1}.{categories}.{at}.{revision}"),
    })
}

/// What a value records.
pub(super) struct Recorded {
    pub granted: CategorySet,
    pub at: u64,
    pub revision: Revision,
    pub id: Option<ConsentId>,
}

/// Parses a version-1 or version-2 value; accepts only the canonical spelling.
pub(super) fn parse(value: &[u8]) -> Result<Recorded, NoConsent> {
    let malformed = |reason| Err(NoConsent::Malformed { reason });
    let mut fields = value.split(|&b| b == b'.');
    let version = fields.next().unwrap_or_default();
    let with_id = if version == VERSION_2.as_bytes() {
        true
    } else if version == VERSION_1.as_bytes() {
        false
    } else {
        return if !version.is_empty()
            && version.len() <= 3
            && version.iter().all(u8::is_ascii_digit)
        {
            Err(NoConsent::UnsupportedVersion)
        } else {
            malformed("the version is not a number")
        };
    };
    let (Some(categories), Some(time), Some(revision)) =
        (fields.next(), fields.next(), fields.next())
    else {
        return malformed("expected the categories, the time and the revision, separated by `.`");
    };
    let id = match (with_id, fields.next(), fields.next()) {
        (false, None, _) => None,
        (true, Some(id), None) => match ConsentId::parse_hex(id) {
            Some(id) => Some(id),
            None => return malformed("the consent ID is not 32 lowercase hexadecimal digits"),
        },
        (false, Some(_), _) => return malformed("version 1 has four fields"),
        _ => return malformed("version 2 has five fields"),
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
    Ok(Recorded {
        granted,
        at,
        revision,
        id,
    })
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
            format!("1.s.1.{rev}.{}", "ab".repeat(16)),
            format!("2.s.1.{rev}"),
            format!("2.s.1.{rev}.{}", "AB".repeat(16)),
            format!("2.s.1.{rev}.{}.", "ab".repeat(16)),
            format!("2.s.1.{rev}.{}", "ab".repeat(15)),
            "1.s.1".to_string(),
            String::new(),
        ] {
            assert!(!ok(&bad), "{bad}");
        }
        assert!(ok(&format!("2.s.1.{rev}.{}", "ab".repeat(16))));
        assert_eq!(
            parse(format!("3.s.1.{rev}").as_bytes()).err(),
            Some(NoConsent::UnsupportedVersion)
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
            let without = ConsentState::given_at_unix(granted, 1_750_000_000, revision);
            let with = without.with_consent_id(ConsentId::from_bytes([7; 16]));
            for state in [without, with] {
                let value = encode(&state).expect("a choice has a value");
                let recorded = parse(value.as_bytes()).expect("canonical");
                let mut parsed =
                    ConsentState::given_at_unix(recorded.granted, recorded.at, recorded.revision);
                if let Some(id) = recorded.id {
                    parsed = parsed.with_consent_id(id);
                }
                assert_eq!(parsed, state, "{value}");
            }
        }
        assert_eq!(encode(&ConsentState::NONE), None);
    }
}
