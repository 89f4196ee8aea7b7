//! A header's values found by walking Rocket's header map rather than looking its name up.
//!
//! Rocket's `HeaderMap::get` hashes the name with SipHash, a byte at a time through the
//! map's case-blind key (400 to 600 instructions for `Set-Cookie`), and the fairing looks up
//! three names per request. A walk compares each header's name with a [`Name`] made ready when
//! compiling (its length, then two words), and costs some dozens of instructions per header
//! value (Rocket's walk builds a `Header` for each). Measured with callgrind on the example
//! site, walks against look-ups: on a request, 1,000 instead of 2,500 instructions and fewer
//! cache misses; on a response of ten values, the fairing's plain loop ([`first_values`])
//! costs 400 instructions, the walk through iterator adaptors and `eq_ignore_ascii_case` 970,
//! the look-up 1,240. The values come in the order `get` gives them.

use std::borrow::Cow;

use ::rocket::http::HeaderMap;

use crate::enforce::FirstLookUp;

/// The values of the headers named `name` (any case), in the order `HeaderMap::get` gives.
pub(super) fn values<'h>(
    headers: &'h HeaderMap<'_>,
    name: &'static Name,
) -> impl Iterator<Item = &'h str> + 'h {
    // Not `values_named`: one name needs no counters. The response's hot walk is `first_values`.
    headers
        .iter()
        .filter(move |header| name.is(header.name.as_str()))
        .enumerate()
        .filter_map(move |(position, header)| match header.value {
            Cow::Borrowed(value) => Some(value),
            // Rocket 0.5's walk lends every value from the map; should a later one hand out a
            // copy, the look-up lends the same value for as long as the map.
            Cow::Owned(_) => headers.get(name.text).nth(position),
        })
}

/// The values of the headers named `name` (any case), as [`values`] gives them, in one plain
/// loop over the map: the first [`FirstLookUp`]'s worth, or none when there are more (or when
/// the map lends a copy: [`values`] finds them then).
pub(super) fn first_values<'h>(headers: &'h HeaderMap<'_>, name: &'static Name) -> FirstLookUp<'h> {
    let mut found = FirstLookUp::new();
    for header in headers.iter() {
        if !name.is(header.name.as_str()) {
            continue;
        }
        let added = match header.value {
            Cow::Borrowed(value) => found.push(value.as_bytes()),
            Cow::Owned(_) => {
                found.give_up();
                false
            }
        };
        if !added {
            break;
        }
    }
    found
}

/// The values of the headers named any of `names` (any case), each with its name's place in
/// `names`, in the map's order: one walk for several names. The values of one name come in
/// the order `HeaderMap::get` gives.
pub(super) fn values_named<'h, const N: usize>(
    headers: &'h HeaderMap<'_>,
    names: [&'static Name; N],
) -> impl Iterator<Item = (usize, &'h str)> + 'h {
    let mut seen = [0_usize; N];
    headers.iter().filter_map(move |header| {
        let name = names
            .iter()
            .position(|name| name.is(header.name.as_str()))?;
        let position = seen[name];
        seen[name] += 1;
        match header.value {
            Cow::Borrowed(value) => Some((name, value)),
            // As in `values`.
            Cow::Owned(_) => headers
                .get(names[name].text)
                .nth(position)
                .map(|value| (name, value)),
        }
    })
}

/// A header name to find, made ready when compiling for comparing a name in any case with
/// two word operations: `eq_ignore_ascii_case` lowers both sides a byte at a time (seventy
/// instructions for each `Set-Cookie` of a response).
pub(super) struct Name {
    pub(super) text: &'static str,
    /// The name's first and last [`Name::word`] bytes in lowercase, little-endian (they
    /// overlap unless the name is two words long).
    first: u64,
    last: u64,
    /// `0x20`, the case bit, at the bytes of `first` and `last` that are letters.
    first_cases: u64,
    last_cases: u64,
}

impl Name {
    /// # Panics
    ///
    /// When compiling, for a name of under 4 or over 16 bytes: two words of 4 or 8 bytes
    /// cover it.
    pub(super) const fn new(text: &'static str) -> Name {
        let bytes = text.as_bytes();
        assert!(bytes.len() >= 4 && bytes.len() <= 16);
        let word = Name::word(bytes.len());
        let (first, first_cases) = Name::lowercase_word(bytes, 0, word);
        let (last, last_cases) = Name::lowercase_word(bytes, bytes.len() - word, word);
        Name {
            text,
            first,
            last,
            first_cases,
            last_cases,
        }
    }

    const fn word(len: usize) -> usize {
        if len >= 8 { 8 } else { 4 }
    }

    const fn lowercase_word(bytes: &[u8], at: usize, len: usize) -> (u64, u64) {
        let (mut word, mut cases, mut i) = (0, 0, 0);
        while i < len {
            let lower = bytes[at + i].to_ascii_lowercase();
            word |= (lower as u64) << (8 * i);
            if lower.is_ascii_lowercase() {
                cases |= 0x20 << (8 * i);
            }
            i += 1;
        }
        (word, cases)
    }

    /// Whether a header's `name` is this one, in any case. With the case bit set, a letter of
    /// either case is the lowercase one; any other byte must be the same (the case bit would
    /// make a carriage return match `-`: it is not set there).
    #[inline(always)]
    pub(super) fn is(&self, name: &str) -> bool {
        let bytes = name.as_bytes();
        if bytes.len() != self.text.len() {
            return false;
        }
        let words = if bytes.len() >= 8 {
            bytes
                .first_chunk::<8>()
                .zip(bytes.last_chunk::<8>())
                .map(|(first, last)| (u64::from_le_bytes(*first), u64::from_le_bytes(*last)))
        } else {
            bytes
                .first_chunk::<4>()
                .zip(bytes.last_chunk::<4>())
                .map(|(first, last)| {
                    (
                        u64::from(u32::from_le_bytes(*first)),
                        u64::from(u32::from_le_bytes(*last)),
                    )
                })
        };
        words.is_some_and(|(first, last)| {
            (first | self.first_cases) == self.first && (last | self.last_cases) == self.last
        })
    }
}

#[cfg(test)]
mod tests {
    use ::rocket::http::{Header, HeaderMap};

    use super::{Name, values, values_named};

    /// The word comparison answers as `eq_ignore_ascii_case` for every name of every length
    /// around the wanted one, each byte changed into every other.
    #[test]
    fn names_match_in_any_case_and_only_themselves() {
        static NAMES: [Name; 5] = [
            Name::new("Set-Cookie"),
            Name::new("Cookie"),
            Name::new("Sec-GPC"),
            Name::new("A-Sixteen-Bytes!"),
            Name::new("Vary"),
        ];
        for wanted in &NAMES {
            let text = wanted.text;
            for name in [text.to_owned(), text.to_lowercase(), text.to_uppercase()] {
                assert!(wanted.is(&name), "{name}");
            }
            for at in 0..text.len() {
                for byte in 0..=u8::MAX {
                    let mut name = text.as_bytes().to_vec();
                    name[at] = byte;
                    let Ok(name) = String::from_utf8(name) else {
                        continue;
                    };
                    assert_eq!(
                        wanted.is(&name),
                        name.eq_ignore_ascii_case(text),
                        "{name:?}"
                    );
                }
            }
            for cut in 0..text.len() {
                assert!(!wanted.is(&text[..cut]), "{text} cut at {cut}");
            }
            assert!(!wanted.is(&format!("{text}x")));
            assert!(!wanted.is(&format!("x{text}")));
        }
    }

    #[test]
    fn the_walk_gives_what_the_look_up_gives() {
        let mut headers = HeaderMap::new();
        headers.add(Header::new("Content-Type", "text/html"));
        headers.add(Header::new("Set-Cookie", "a=1"));
        headers.add(Header::new("X-Set-Cookie", "not=this"));
        headers.add(Header::new("set-cookie", "b=2"));
        headers.add(Header::new("Cookie", "c=3"));
        headers.add(Header::new("SET-COOKIE", "c=3; Max-Age=0"));
        static NAMES: [Name; 4] = [
            Name::new("Set-Cookie"),
            Name::new("Cookie"),
            Name::new("Sec-GPC"),
            Name::new("Content-Type"),
        ];
        for name in &NAMES {
            assert_eq!(
                values(&headers, name).collect::<Vec<_>>(),
                headers.get(name.text).collect::<Vec<_>>(),
                "{}",
                name.text
            );
        }
        assert_eq!(
            values(&headers, &NAMES[0]).collect::<Vec<_>>(),
            ["a=1", "b=2", "c=3; Max-Age=0"]
        );
        assert_eq!(
            values_named(&headers, [&NAMES[1], &NAMES[0]]).collect::<Vec<_>>(),
            // Rocket's map groups the values of a name under its first place.
            [(1, "a=1"), (1, "b=2"), (1, "c=3; Max-Age=0"), (0, "c=3")]
        );
    }
}
