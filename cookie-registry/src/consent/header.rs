//! Reading a request's `Cookie` headers, in place.
//!
//! Every request goes through here (the consent cookie, the cookies a withdrawal must delete),
//! so the pairs are cut with a word-at-a-time byte search and nothing is allocated. The reading
//! is a browser's: pairs separated by `;`, each cut at its first `=`, optional white space (space
//! and tab) trimmed, names compared byte for byte. A pair without `=` or with bytes that are
//! not UTF-8 is skipped on its own; it never hides the pairs around it.

use crate::bytes::{find, find2};

/// The `name=value` pairs of one `Cookie` header value, in order, as byte slices.
pub(crate) fn pairs(header: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut start = Some(0);
    std::iter::from_fn(move || {
        loop {
            let from = start?;
            let stop = find2(header, from, b'=', b';');
            if stop == header.len() || header[stop] == b';' {
                // A pair without `=`, or the end.
                start = (stop < header.len()).then_some(stop + 1);
                continue;
            }
            let end = find(header, stop + 1, b';');
            start = (end < header.len()).then_some(end + 1);
            return Some((
                trim_ows(&header[from..stop]),
                trim_ows(&header[stop + 1..end]),
            ));
        }
    })
}

/// The values of the cookies called `name` in a `Cookie` header.
pub(crate) fn values_named<'h>(
    header: &'h [u8],
    name: &'h [u8],
) -> impl Iterator<Item = &'h [u8]> + 'h {
    // Every request is read for its consent cookie: a pair is only split when it starts with
    // `name` (after white space), the others cost one search for the next `;`.
    let mut start = Some(0);
    std::iter::from_fn(move || {
        loop {
            let from = start?;
            let end = find(header, from, b';');
            start = (end < header.len()).then_some(end + 1);
            let Some(rest) = trim_start_ows(&header[from..end]).strip_prefix(name) else {
                continue;
            };
            // The name is all before the first `=`, trimmed: `name x=1` is another cookie.
            if let Some(value) = trim_start_ows(rest).strip_prefix(b"=") {
                return Some(trim_ows(value));
            }
        }
    })
}

/// The names of the cookies of `Cookie` header values that are UTF-8 and not empty.
pub(crate) fn names<'h>(headers: impl Iterator<Item = &'h [u8]>) -> impl Iterator<Item = &'h str> {
    headers
        .flat_map(pairs)
        .filter_map(|(name, _)| std::str::from_utf8(name).ok())
        .filter(|name| !name.is_empty())
}

/// `bytes` without leading and trailing spaces and tabs (RFC 9110 `OWS`).
#[inline]
fn trim_start_ows(mut bytes: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = bytes {
        bytes = rest;
    }
    bytes
}

#[inline]
fn trim_ows(bytes: &[u8]) -> &[u8] {
    let is_ows = |b: u8| b == b' ' || b == b'\t';
    let (mut start, mut end) = (0, bytes.len());
    while start < end && is_ows(bytes[start]) {
        start += 1;
    }
    while end > start && is_ows(bytes[end - 1]) {
        end -= 1;
    }
    &bytes[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_values_are_found_and_trimmed() {
        let header = b" a=1;b = 2 ;\tcookies_preferences = x ;noequals; cookies_preferences=y;";
        let values: Vec<&[u8]> = values_named(header, b"cookies_preferences").collect();
        assert_eq!(values, [&b"x"[..], &b"y"[..]]);
        assert_eq!(values_named(b"", b"a").count(), 0);
        assert_eq!(values_named(b";;;", b"a").count(), 0);
        assert_eq!(values_named(b"a=", b"a").collect::<Vec<_>>(), [&b""[..]]);
        assert_eq!(
            values_named(b"A=1", b"a").count(),
            0,
            "names are case-sensitive"
        );
    }

    #[test]
    fn a_pair_that_is_not_utf8_hides_no_other() {
        let header: &[u8] = b"other=caf\xc3\xa9; bad\xff=1; sessionid=abc";
        let found: Vec<&str> = names([header].into_iter()).collect();
        assert_eq!(found, ["other", "sessionid"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2_000, failure_persistence: None, ..Default::default()
        })]

        /// The word-at-a-time reading finds the same pairs as the plain one: split at `;`, cut
        /// at the first `=`, trim, compare.
        #[test]
        fn values_named_reads_as_split(
            header in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"; =\tab".to_vec()),
                    proptest::prelude::any::<u8>(),
                ],
                0..80,
            ),
            name in proptest::sample::select(vec![&b"a"[..], b"ab", b"b", b"", b"a b"]),
        ) {
            let plain: Vec<&[u8]> = header
                .split(|&b| b == b';')
                .filter_map(|pair| {
                    let equals = pair.iter().position(|&b| b == b'=')?;
                    (trim_ows(&pair[..equals]) == name).then(|| trim_ows(&pair[equals + 1..]))
                })
                .collect();
            let fast: Vec<&[u8]> = values_named(&header, name).collect();
            proptest::prop_assert_eq!(fast, plain);
        }
    }

    #[test]
    fn trim_ows_handles_blank_and_empty() {
        assert_eq!(trim_ows(b""), b"");
        assert_eq!(trim_ows(b" \t "), b"");
        assert_eq!(trim_ows(b" x y\t"), b"x y");
    }
}
