//! The security headers of every response, as data: a glue sets them in one place, a
//! middleware around the whole application, so that no page, redirect, `403` or `404`, nor any
//! error response of the framework itself, goes without them.
//!
//! | header | value | why |
//! |---|---|---|
//! | `Content-Security-Policy` | [`POLICY`] | no page may be framed (a framed banner turns a click into consent the visitor never meant), forms post only to this site, nothing but this site's stylesheets and images loads, and no script or inline style runs at all |
//! | `X-Frame-Options` | `DENY` | `frame-ancestors` for browsers that predate it |
//! | `Referrer-Policy` | `same-origin` | this site's addresses (`/cookies/preferences?…`) are nobody else's business: links to other sites (the providers' privacy policies) send no `Referer` |
//! | `X-Content-Type-Options` | `nosniff` | a response is only what its `Content-Type` says (the stylesheets are `text/css`) |

/// The site's Content-Security-Policy: what its pages need and nothing more.
///
/// The pages are server-rendered HTML with two stylesheets from this origin
/// (`/static/site.css`, `/static/policy.css`) and forms that post to this origin; no script,
/// no inline style or `style` attribute, no frame, no plugin. `default-src 'none'` refuses
/// everything else; `frame-ancestors`, `form-action` and `base-uri` do not fall back to
/// `default-src`, so they are written out.
pub const POLICY: &str = "default-src 'none'; style-src 'self'; \
     img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// Every page's headers: lowercase names, and values that are valid header values.
const EVERY_PAGE: [(&str, &str); 4] = [
    ("content-security-policy", POLICY),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("x-content-type-options", "nosniff"),
];

/// The security headers of the response to a request for `path`: `(name, value)` pairs, the
/// names in lowercase. A glue sets each one on every response, replacing any value of the same
/// name.
///
/// The one place the headers are chosen. A page that needs more (a video player framed from
/// another origin, a first-party analytics script) gets its policy here, from its path, as a
/// widened copy of [`POLICY`] (`frame-src <player origin>`, `script-src 'self'`) rather than
/// from its handler; every other page keeps the strict one.
///
/// ```
/// use example_site::security_headers::{POLICY, for_path};
///
/// let headers = for_path("/cookies/preferences");
/// assert!(headers.contains(&("content-security-policy", POLICY)));
/// assert!(headers.contains(&("x-frame-options", "DENY")));
/// ```
pub fn for_path(path: &str) -> &'static [(&'static str, &'static str)] {
    // Every path has the same headers today: no page needs more than the strict policy.
    let _ = path;
    &EVERY_PAGE
}

#[cfg(test)]
mod tests {
    use super::{EVERY_PAGE, POLICY};

    /// What a glue may rely on: `HeaderName::from_static` and `HeaderValue::from_static` (or
    /// their equivalents) accept every pair.
    #[test]
    fn names_are_lowercase_tokens_and_values_visible_ascii() {
        for (name, value) in EVERY_PAGE {
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{name}"
            );
            assert!(
                value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
                "{value}"
            );
        }
        assert!(POLICY.contains("frame-ancestors 'none'"));
    }
}
