//! What a handler of the site answers, for a glue to send in its framework's response type.

use bytes::Bytes;

/// A response of the site, free of any framework: a status, headers (`Set-Cookie` values
/// included, built from the declarations) and a body.
///
/// A glue copies it into its framework's response: the status as it is, each header appended
/// in order (a name may come several times: one `Set-Cookie` per cookie), the body as bytes.
/// The security headers are not here: they are set around every response, the framework's own
/// included ([`security_headers`](crate::security_headers)).
///
/// ```
/// use example_site::{Enforcement, RequestHead, Site};
///
/// let site = Site::new(Enforcement::Enforce)?;
/// let outcome = site.home(&site.visit(&RequestHead::new("/")));
/// assert_eq!(outcome.status, 200);
/// assert!(outcome.headers.contains(&("content-type", "text/html; charset=utf-8".to_string())));
/// // A first visit: the banner is a form, so the page sets the CSRF token.
/// assert!(outcome.set_cookies().any(|value| value.starts_with("__Host-csrftoken=")));
/// # Ok::<(), example_site::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The status code: `200`, `303`, `403`, `404`, `422` or `500`.
    pub status: u16,
    /// The headers, in order: lowercase names, values that are valid header values
    /// (visible ASCII and spaces).
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Bytes,
}

impl Outcome {
    /// An outcome with `status` and `body`, and no header yet.
    pub(crate) fn new(status: u16, body: impl Into<Bytes>) -> Outcome {
        Outcome {
            status,
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// An HTML page.
    pub(crate) fn html(status: u16, html: String) -> Outcome {
        Outcome::new(status, html).with("content-type", "text/html; charset=utf-8")
    }

    /// A `303 See Other` to `location`, a local path checked by the caller. Bytes a header
    /// value cannot hold (spaces, controls, non-ASCII: `?back=/caf%C3%A9` decodes to `/café`)
    /// are percent-encoded again.
    pub(crate) fn see_other(location: &str) -> Outcome {
        let mut value = String::with_capacity(location.len());
        for byte in location.bytes() {
            if byte.is_ascii_graphic() {
                value.push(char::from(byte));
            } else {
                value.push_str(&format!("%{byte:02X}"));
            }
        }
        Outcome::new(303, Bytes::new()).with("location", value)
    }

    /// A stylesheet, cached for an hour.
    pub(crate) fn stylesheet(css: Bytes) -> Outcome {
        Outcome::new(200, css)
            .with("content-type", "text/css; charset=utf-8")
            .with("cache-control", "public, max-age=3600")
    }

    /// A script of the site, cached for an hour.
    pub(crate) fn script(js: &'static str) -> Outcome {
        Outcome::new(200, Bytes::from_static(js.as_bytes()))
            .with("content-type", "text/javascript; charset=utf-8")
            .with("cache-control", "public, max-age=3600")
    }

    /// This outcome with one more header.
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Outcome {
        self.headers.push((name, value.into()));
        self
    }

    /// This outcome with a `Set-Cookie` header for each of `values`.
    pub(crate) fn with_cookies(mut self, values: impl IntoIterator<Item = String>) -> Outcome {
        self.headers
            .extend(values.into_iter().map(|value| ("set-cookie", value)));
        self
    }

    /// The value of its first header called `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.as_str())
    }

    /// The values of its `Set-Cookie` headers, in order.
    pub fn set_cookies(&self) -> impl Iterator<Item = &str> {
        self.headers
            .iter()
            .filter(|(name, _)| *name == "set-cookie")
            .map(|(_, value)| value.as_str())
    }
}
