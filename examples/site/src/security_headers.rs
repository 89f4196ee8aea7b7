//! The security headers of every response: a glue sets them in one place, a middleware around
//! the whole application, so that no page, redirect, `403` or `404`, nor any error response of
//! the framework itself, goes without them.
//!
//! | header | value | why |
//! |---|---|---|
//! | `Content-Security-Policy` | [`POLICY`], and on the home page `frame-src` the video host; an HTML page of the site adds its own [`ScriptNonce`] to `script-src` | no page may be framed (a framed banner turns a click into consent the visitor never meant), forms post only to this site, nothing but this site's scripts, stylesheets and images loads, no inline style runs, no inline script runs but the page's own Consent Mode block, which carries the nonce drawn for that response alone, and only the home page may frame one origin: the video host's player |
//! | `X-Frame-Options` | `DENY` | `frame-ancestors` for browsers that predate it |
//! | `Referrer-Policy` | `same-origin` | this site's addresses (`/cookies/preferences?…`) are nobody else's business: links to other sites (the providers' privacy policies) and the video host's player get no `Referer` |
//! | `X-Content-Type-Options` | `nosniff` | a response is only what its `Content-Type` says (the stylesheets are `text/css`, the scripts `text/javascript`) |
//!
//! The headers are data, the same for every response to a path ([`SecurityHeaders::for_path`]),
//! but for one thing: an HTML page of the site runs one inline script, the Google Consent Mode
//! block rendered from the visitor's consent, which must run before any other script. That page
//! draws a [`ScriptNonce`] for itself, puts it on its `<script>` elements, and sends its own
//! Content-Security-Policy, [`SecurityHeaders::content_security_policy`] with that nonce. A
//! glue's middleware therefore sets each header a response does not carry already: every other
//! response, the framework's own included, gets the policy without a nonce, under which no
//! inline script runs.

use core::fmt;
use std::fmt::Write as _;

use crate::video_host::VideoHost;

/// The site's Content-Security-Policy: what its pages need and nothing more.
///
/// The pages are server-rendered HTML with two stylesheets and two scripts from this origin
/// (`/static/site.css`, `/static/policy.css`; `/static/analytics.js` after consent to
/// statistics, `/static/forget-analytics.js` otherwise) and forms that post to this origin; no
/// inline style or `style` attribute, no plugin, and no inline script but the Consent Mode
/// block that a page allows with its own nonce
/// ([`SecurityHeaders::content_security_policy`]). `default-src 'none'` refuses everything
/// else, frames included; `frame-ancestors`, `form-action` and `base-uri` do not fall back to
/// `default-src`, so they are written out. The home page adds `frame-src` for the video host
/// alone ([`SecurityHeaders::for_path`]).
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
    /// `frame-src` of the home page: the video host's origin.
    home_frame_src: Option<String>,
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
        let home_frame_src = video_host.map(|host| host.origin().to_string());
        let home = policy(home_frame_src.as_deref(), None);
        SecurityHeaders {
            every_page: with_policy(POLICY.to_string()),
            home: with_policy(home),
            home_frame_src,
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

    /// The Content-Security-Policy of the response to a request for `path` that allows the
    /// inline scripts carrying `nonce`, and no other: the policy of [`for_path`](Self::for_path)
    /// with `script-src 'self' 'nonce-…'`. An HTML page of the site sends it with the nonce it
    /// drew for itself.
    ///
    /// ```
    /// use example_site::security_headers::{ScriptNonce, SecurityHeaders};
    ///
    /// let nonce = ScriptNonce::new()?;
    /// let csp = SecurityHeaders::new(None).content_security_policy("/cookies", &nonce);
    /// assert!(csp.contains(&format!("; script-src 'self' 'nonce-{nonce}';")));
    /// assert!(!csp.contains("unsafe-inline"));
    /// # Ok::<(), getrandom::Error>(())
    /// ```
    pub fn content_security_policy(&self, path: &str, nonce: &ScriptNonce) -> String {
        let frame_src = self.home_frame_src.as_deref().filter(|_| path == "/");
        policy(frame_src, Some(nonce))
    }
}

/// [`POLICY`], its `script-src` allowing `nonce` too, and `frame-src` when a page frames one.
fn policy(frame_src: Option<&str>, nonce: Option<&ScriptNonce>) -> String {
    let mut policy = match nonce {
        Some(nonce) => POLICY.replacen(
            "script-src 'self';",
            &format!("script-src 'self' 'nonce-{nonce}';"),
            1,
        ),
        None => POLICY.to_string(),
    };
    if let Some(origin) = frame_src {
        let _ = write!(policy, "; frame-src {origin}");
    }
    policy
}

/// A Content-Security-Policy nonce for one response: 128 bits from the operating system's
/// CSPRNG (`getrandom`), as 32 lowercase hexadecimal digits, which are a CSP `base64-value`
/// and need no escaping in an attribute.
///
/// A page draws one, puts it on its inline `<script nonce="…">` elements and allows it in its
/// own Content-Security-Policy ([`SecurityHeaders::content_security_policy`]); no other
/// response allows it, and no other page can guess it.
///
/// ```
/// use example_site::security_headers::ScriptNonce;
///
/// let (one, two) = (ScriptNonce::new()?, ScriptNonce::new()?);
/// assert_eq!(one.as_str().len(), 32);
/// assert_ne!(one, two);
/// # Ok::<(), getrandom::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ScriptNonce(String);

impl ScriptNonce {
    /// A fresh nonce.
    ///
    /// # Errors
    ///
    /// When the operating system's random source cannot be read ([`getrandom::Error`]); a page
    /// then goes without its inline script.
    pub fn new() -> Result<ScriptNonce, getrandom::Error> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes)?;
        let mut hex = String::with_capacity(32);
        for byte in bytes {
            let _ = write!(hex, "{byte:02x}");
        }
        Ok(ScriptNonce(hex))
    }

    /// The nonce, as it goes in `nonce="…"` and `'nonce-…'`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ScriptNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Not the value: a nonce is only worth anything while no one else sees it, logs included.
impl fmt::Debug for ScriptNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ScriptNonce(..)")
    }
}

#[cfg(test)]
mod tests {
    use super::{POLICY, ScriptNonce, SecurityHeaders};
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

    /// The nonce goes into `script-src` and nowhere else; the rest is the path's policy.
    #[test]
    fn a_nonce_only_widens_script_src() {
        let nonce = ScriptNonce::new().unwrap();
        let headers = SecurityHeaders::new(Some(&VideoHost::on_port(4001)));
        for path in ["/", "/cookies"] {
            let with = headers.content_security_policy(path, &nonce);
            let without = &headers.for_path(path)[0].1;
            assert_eq!(
                with.replace(&format!(" 'nonce-{nonce}'"), ""),
                *without,
                "{path}"
            );
            assert_eq!(with.matches("'nonce-").count(), 1, "{with}");
            assert!(with.bytes().all(|b| b == b' ' || b.is_ascii_graphic()));
        }
        assert!(format!("{nonce:?}").find(nonce.as_str()).is_none());
    }
}
