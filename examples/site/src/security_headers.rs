//! The security headers of every response, as data: a glue sets them in one place, a
//! middleware around the whole application, so that no page, redirect, `403` or `404`, nor any
//! error response of the framework itself, goes without them.
//!
//! | header | value | why |
//! |---|---|---|
//! | `Content-Security-Policy` | [`POLICY`], and on the home page `frame-src` the video host | no page may be framed (a framed banner turns a click into consent the visitor never meant), forms post only to this site, nothing but this site's scripts, stylesheets and images loads, no inline script or style runs, and only the home page may frame one origin: the video host's player |
//! | `X-Frame-Options` | `DENY` | `frame-ancestors` for browsers that predate it |
//! | `Referrer-Policy` | `same-origin` | this site's addresses (`/cookies/preferences?…`) are nobody else's business: links to other sites (the providers' privacy policies) and the video host's player get no `Referer` |
//! | `X-Content-Type-Options` | `nosniff` | a response is only what its `Content-Type` says (the stylesheets are `text/css`, the scripts `text/javascript`) |

use crate::video_host::VideoHost;

/// The site's Content-Security-Policy: what its pages need and nothing more.
///
/// The pages are server-rendered HTML with two stylesheets and two scripts from this origin
/// (`/static/site.css`, `/static/policy.css`; `/static/analytics.js` after consent to
/// statistics, `/static/forget-analytics.js` otherwise) and forms that post to this origin; no
/// inline script, no inline style or `style` attribute, no plugin. `default-src 'none'`
/// refuses everything else, frames included; `frame-ancestors`, `form-action` and `base-uri` do
/// not fall back to `default-src`, so they are written out. The home page adds `frame-src`
/// for the video host alone ([`SecurityHeaders::for_path`]).
pub const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// The headers every response gets besides the Content-Security-Policy: lowercase names, and
/// values that are valid header values.
const OTHERS: [(&str, &str); 3] = [
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    ("x-content-type-options", "nosniff"),
];

/// The security headers of the site's responses, by path: built once, with the site
/// ([`Site::security_headers`](crate::Site::security_headers)).
///
/// ```
/// use example_site::security_headers::{POLICY, SecurityHeaders};
/// use example_site::video_host::VideoHost;
///
/// let headers = SecurityHeaders::new(Some(&VideoHost::on_port(4001)));
/// let csp = |path| {
///     headers.for_path(path).iter().find(|(name, _)| *name == "content-security-policy").unwrap().1.clone()
/// };
/// assert_eq!(csp("/cookies/preferences"), POLICY);
/// assert_eq!(csp("/"), format!("{POLICY}; frame-src http://localhost:4001"));
/// assert!(headers.for_path("/login").contains(&("x-frame-options", "DENY".to_string())));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityHeaders {
    every_page: Vec<(&'static str, String)>,
    home: Vec<(&'static str, String)>,
}

impl SecurityHeaders {
    /// The headers of a site that embeds the player of `video_host` on its home page, or no
    /// player at all.
    pub fn new(video_host: Option<&VideoHost>) -> SecurityHeaders {
        let with_policy = |policy: String| {
            let mut headers = vec![("content-security-policy", policy)];
            headers.extend(OTHERS.map(|(name, value)| (name, value.to_string())));
            headers
        };
        let home = match video_host {
            Some(host) => format!("{POLICY}; frame-src {}", host.origin()),
            None => POLICY.to_string(),
        };
        SecurityHeaders {
            every_page: with_policy(POLICY.to_string()),
            home: with_policy(home),
        }
    }

    /// The headers of the response to a request for `path`: `(name, value)` pairs, the names
    /// in lowercase, the values valid header values (visible ASCII and spaces). A glue sets each
    /// one on every response, replacing any value of the same name.
    ///
    /// The one place the headers are chosen: the home page, which frames the video host's
    /// player, gets [`POLICY`] with `frame-src` that origin; every other path the strict one.
    pub fn for_path(&self, path: &str) -> &[(&'static str, String)] {
        if path == "/" {
            &self.home
        } else {
            &self.every_page
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{POLICY, SecurityHeaders};
    use crate::video_host::VideoHost;

    /// What a glue may rely on: `HeaderName::from_static` and `HeaderValue::from_str` (or
    /// their equivalents) accept every pair.
    #[test]
    fn names_are_lowercase_tokens_and_values_visible_ascii() {
        for host in [None, Some(VideoHost::on_port(65535))] {
            let headers = SecurityHeaders::new(host.as_ref());
            for path in ["/", "/cookies"] {
                for (name, value) in headers.for_path(path) {
                    assert!(
                        name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                        "{name}"
                    );
                    assert!(
                        value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
                        "{value}"
                    );
                }
            }
        }
        assert!(POLICY.contains("frame-ancestors 'none'"));
        assert!(!POLICY.contains("frame-src"));
    }
}
