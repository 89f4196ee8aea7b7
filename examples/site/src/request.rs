//! The request as the site reads it: a target and header bytes, whatever the framework.

use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::cookie::Cookie;

/// What the site reads from a request: its target (path and query) and its headers, as names
/// and value bytes. A framework's glue builds one from its own request type; nothing here
/// depends on a framework or on a version of the `http` crate.
///
/// Header values are bytes, not text: a browser sends back whatever bytes a cookie was set
/// with, and the site reads them pair by pair ([`Site::visit`](crate::Site::visit)).
///
/// ```
/// use example_site::RequestHead;
///
/// let head = RequestHead::new("/cookies?lang=fr")
///     .header("Cookie", b"django_language=fr; other=caf\xe9")
///     .header("accept-language", b"en");
/// assert_eq!(head.path(), "/cookies");
/// assert_eq!(head.query(), Some("lang=fr"));
/// // Names compare without regard to case.
/// assert_eq!(head.values("cookie").count(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct RequestHead<'a> {
    path_and_query: &'a str,
    authority: Option<&'a str>,
    headers: Vec<(&'a str, &'a [u8])>,
    consent: Option<ConsentState>,
}

impl<'a> RequestHead<'a> {
    /// A request for `path_and_query` (`/cookies?lang=fr`), without headers yet.
    pub fn new(path_and_query: &'a str) -> RequestHead<'a> {
        RequestHead {
            path_and_query,
            authority: None,
            headers: Vec::new(),
            consent: None,
        }
    }

    /// This request with one more header (a name sent twice is two headers).
    #[must_use]
    pub fn header(mut self, name: &'a str, value: &'a [u8]) -> RequestHead<'a> {
        self.headers.push((name, value));
        self
    }

    /// This request with `headers` added, in order: what a glue passes from its framework's
    /// header map.
    ///
    /// ```
    /// # use example_site::RequestHead;
    /// let map = [("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")];
    /// let head = RequestHead::new("/consent")
    ///     .headers(map.iter().map(|(name, value)| (*name, value.as_bytes())));
    /// assert_eq!(head.values("Origin").next(), Some(&b"http://127.0.0.1:3000"[..]));
    /// ```
    #[must_use]
    pub fn headers(
        mut self,
        headers: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    ) -> RequestHead<'a> {
        self.headers.extend(headers);
        self
    }

    /// This request with the authority of its target (`127.0.0.1:3000`), when the request line
    /// or HTTP/2's `:authority` gave one: the site's origin when there is no `Host` header.
    #[must_use]
    pub fn authority(mut self, authority: Option<&'a str>) -> RequestHead<'a> {
        self.authority = authority;
        self
    }

    /// The path and query, as given.
    pub fn path_and_query(&self) -> &'a str {
        self.path_and_query
    }

    /// The path, without the query.
    pub fn path(&self) -> &'a str {
        self.path_and_query
            .split_once('?')
            .map_or(self.path_and_query, |(path, _)| path)
    }

    /// The query, without the `?`; `None` when there is no `?`.
    pub fn query(&self) -> Option<&'a str> {
        self.path_and_query.split_once('?').map(|(_, query)| query)
    }

    /// The consent the framework's cookie-policy middleware already read from this request
    /// (its request extension, or Rocket's request guard), `Global Privacy Control` applied:
    /// the site then does not read the consent cookie a second time. Without it (the site
    /// runs without the middleware) the site reads the cookie itself.
    ///
    /// ```
    /// use cookie_registry::consent::ConsentState;
    /// use example_site::RequestHead;
    ///
    /// let head = RequestHead::new("/").consent(Some(ConsentState::NONE));
    /// assert_eq!(head.read_consent(), Some(ConsentState::NONE));
    /// ```
    #[must_use]
    pub fn consent(mut self, consent: Option<ConsentState>) -> RequestHead<'a> {
        self.consent = consent;
        self
    }

    /// The consent given with [`RequestHead::consent`], if any.
    pub fn read_consent(&self) -> Option<ConsentState> {
        self.consent
    }

    /// The authority of the target, if the glue gave it.
    pub fn target_authority(&self) -> Option<&'a str> {
        self.authority
    }

    /// The values of the headers called `name` (any letter case), in the order received.
    pub fn values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a [u8]> + 's {
        self.headers
            .iter()
            .filter(move |(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }
}

/// The `name=value` pairs of a request's `Cookie` headers, read one pair at a time.
///
/// A header value is bytes, not text: a browser sends back whatever bytes a cookie was set with
/// (`other=café` in UTF-8 or in Latin-1, from another application on the same host). Each value
/// is split by the `cookie` crate (`Cookie::split_parse`); where it is not UTF-8, the offending
/// bytes read as U+FFFD and spoil only the pair they are in, never the rest of the header. Pairs
/// without `=` or without a name are skipped, as browsers do.
pub(crate) struct RequestCookies<'h>(Vec<Cookie<'h>>);

impl<'h> RequestCookies<'h> {
    /// Every pair of every `Cookie` header, in order.
    pub(crate) fn read(head: &RequestHead<'h>) -> RequestCookies<'h> {
        RequestCookies(
            head.values("cookie")
                .flat_map(|value| Cookie::split_parse(String::from_utf8_lossy(value)))
                .filter_map(Result::ok)
                .collect(),
        )
    }

    /// The values of the pairs called `name` (exact, case-sensitive), in the order sent.
    pub(crate) fn values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |cookie| cookie.name() == name)
            .map(Cookie::value)
    }

    /// The first value of `name`: the one with the longest `Path`, as browsers order them.
    pub(crate) fn first<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        self.values(name).next()
    }

    /// The value of `name` when the request carries exactly one; `None` when it carries none
    /// or several (another path, or a value written from elsewhere: which one is ours cannot
    /// be told).
    pub(crate) fn only<'a>(&'a self, name: &'a str) -> Option<&'a str> {
        let mut values = self.values(name);
        let first = values.next()?;
        values.next().is_none().then_some(first)
    }
}

#[cfg(test)]
mod tests {
    use super::{RequestCookies, RequestHead};

    fn head<'a>(values: &[&'a [u8]]) -> RequestHead<'a> {
        RequestHead::new("/").headers(values.iter().map(|value| ("cookie", *value)))
    }

    #[test]
    fn a_bad_pair_spoils_only_itself() {
        for bytes in [
            "other=café; a=1; b=2".as_bytes(),
            b"other=caf\xe9; a=1; b=2",
            b"\xff\xfe=\x80; a=1;;; =x; novalue; b=2",
            b"  a = 1 ;b=2; c\xe9=3",
        ] {
            let head = head(&[bytes]);
            let cookies = RequestCookies::read(&head);
            let text = String::from_utf8_lossy(bytes);
            assert_eq!(cookies.first("a"), Some("1"), "{text}");
            assert_eq!(cookies.only("b"), Some("2"), "{text}");
        }
    }

    #[test]
    fn only_means_exactly_one() {
        let two_headers = head(&[b"t=1; x=0", b"t=2"]);
        let cookies = RequestCookies::read(&two_headers);
        assert_eq!(cookies.values("t").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(cookies.first("t"), Some("1"));
        assert_eq!(cookies.only("t"), None);
        assert_eq!(cookies.only("x"), Some("0"));
        assert_eq!(cookies.only("T"), None);
        // A second pair whose value is not UTF-8 still counts as a second pair.
        let one_header = head(&[b"t=1; t=\xe9"]);
        assert_eq!(RequestCookies::read(&one_header).only("t"), None);
    }

    #[test]
    fn header_names_ignore_case_and_keep_order() {
        let head = RequestHead::new("/a?b=c?d")
            .header("Cookie", b"a=1")
            .header("x", b"y")
            .header("COOKIE", b"b=2");
        assert_eq!(head.values("cookie").collect::<Vec<_>>(), [b"a=1", b"b=2"]);
        assert_eq!((head.path(), head.query()), ("/a", Some("b=c?d")));
        assert_eq!(RequestHead::new("/").query(), None);
    }
}
