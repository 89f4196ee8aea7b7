//! Applying a judgment to a Rocket response: stripping `Set-Cookie` headers, appending removals.

use ::rocket::Response;

use super::headers;
use crate::enforce::Judgment;

pub(super) const SET_COOKIE: &str = "Set-Cookie";

/// [`SET_COOKIE`], to find among a response's headers.
pub(super) static SET_COOKIE_NAME: headers::Name = headers::Name::new(SET_COOKIE);

/// Strips the judged headers and appends the removals; the status and every other header are
/// left alone.
pub(super) fn apply(judgment: Judgment, response: &mut Response<'_>) {
    if judgment.is_empty() {
        return;
    }
    if !judgment.stripped().is_empty() {
        // Rocket's `HeaderMap` lends its values only as `&str`: the kept ones are copied, on
        // this path only (a response that breaks the policy). The positions are increasing,
        // so one pass decides each header; the others keep their order.
        let mut stripped = judgment.stripped().iter().peekable();
        let kept: Vec<String> = headers::values(response.headers(), &SET_COOKIE_NAME)
            .enumerate()
            .filter_map(|(position, value)| {
                if stripped.peek() == Some(&&position) {
                    stripped.next();
                    None
                } else {
                    Some(value.to_owned())
                }
            })
            .collect();
        let mut kept = kept.into_iter();
        match kept.next() {
            // Replacing keeps the header's place among the others; removing would not
            // (`HeaderMap::remove` swaps the last header into it).
            Some(first) => {
                response.set_raw_header(SET_COOKIE, first);
                for value in kept {
                    response.adjoin_raw_header(SET_COOKIE, value);
                }
            }
            None => response.remove_header(SET_COOKIE),
        }
    }
    for removal in judgment.into_removals() {
        response.adjoin_raw_header(SET_COOKIE, removal);
    }
}
