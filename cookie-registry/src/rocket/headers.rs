//! A header's values found by walking Rocket's header map rather than looking its name up.
//!
//! Rocket's `HeaderMap::get` hashes the name with SipHash, a byte at a time through the
//! map's case-blind key (400 to 600 instructions for `Set-Cookie`), and the fairing looks up
//! three names per request. A walk compares each header's name length first, so it costs a few
//! instructions per header: less than one hash for any request or response of a few dozen
//! headers, and the values come in the order `get` gives them.

use std::borrow::Cow;

use ::rocket::http::HeaderMap;

/// The values of the headers named `name` (any case), in the order `HeaderMap::get` gives.
pub(super) fn values<'h>(
    headers: &'h HeaderMap<'_>,
    name: &'static str,
) -> impl Iterator<Item = &'h str> + 'h {
    headers
        .iter()
        .filter(move |header| header.name.as_str().eq_ignore_ascii_case(name))
        .enumerate()
        .filter_map(move |(position, header)| match header.value {
            Cow::Borrowed(value) => Some(value),
            // Rocket 0.5's walk lends every value from the map; should a later one hand out a
            // copy, the look-up lends the same value for as long as the map.
            Cow::Owned(_) => headers.get(name).nth(position),
        })
}

#[cfg(test)]
mod tests {
    use ::rocket::http::{Header, HeaderMap};

    use super::values;

    #[test]
    fn the_walk_gives_what_the_look_up_gives() {
        let mut headers = HeaderMap::new();
        headers.add(Header::new("Content-Type", "text/html"));
        headers.add(Header::new("Set-Cookie", "a=1"));
        headers.add(Header::new("X-Set-Cookie", "not=this"));
        headers.add(Header::new("set-cookie", "b=2"));
        headers.add(Header::new("Cookie", "c=3"));
        headers.add(Header::new("SET-COOKIE", "c=3; Max-Age=0"));
        for name in ["Set-Cookie", "Cookie", "Sec-GPC", "Content-Type"] {
            assert_eq!(
                values(&headers, name).collect::<Vec<_>>(),
                headers.get(name).collect::<Vec<_>>(),
                "{name}"
            );
        }
        assert_eq!(
            values(&headers, "Set-Cookie").collect::<Vec<_>>(),
            ["a=1", "b=2", "c=3; Max-Age=0"]
        );
    }
}
