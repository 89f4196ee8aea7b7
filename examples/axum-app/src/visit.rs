//! What a handler knows about the request: language, consent, CSRF token, signed-in user.

use std::convert::Infallible;
use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::FromRequestParts;
use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use cookie_registry::DeclaredCookie;
use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::cookie::Cookie;

use crate::AppState;
use crate::cookies::{Analytics, CsrfToken, Language, SessionId};
use crate::i18n::Lang;

/// The request, as the pages see it. Reading it never fails: whatever is malformed in the
/// `Cookie` or `Accept-Language` headers is ignored, pair by pair.
#[derive(Clone, Debug)]
pub struct Visit {
    /// The interface language: the `django_language` cookie, else `Accept-Language`, else English.
    pub lang: Lang,
    /// What the visitor consented to, read from the consent cookie ([`ConsentState::NONE`] if
    /// missing, malformed, expired or for an older policy revision).
    pub consent: ConsentState,
    /// The CSRF token the request carries: the value of its only `__Host-csrftoken`, if
    /// well-formed. `None` when it carries none, or several (one of them planted).
    pub csrf_cookie: Option<String>,
    /// The CSRF token forms carry: [`csrf_cookie`](Visit::csrf_cookie), else a new one (which
    /// the page then sets).
    pub csrf: String,
    /// The signed-in user's name.
    pub user: Option<String>,
    /// The `sessionid` the request carries, if well-formed.
    pub session: Option<String>,
    /// The `_pk_id` the request carries, if well-formed.
    pub visitor_id: Option<String>,
    /// The path and query of this request, to come back to after a form.
    pub here: String,
}

impl Visit {
    /// Reads a request's headers.
    pub(crate) fn read(headers: &HeaderMap, uri: &Uri, site: &AppState) -> Visit {
        let cookies = RequestCookies::read(headers);
        let lang = cookies
            .first(name_of::<Language>())
            .and_then(|code| Lang::from_tag(code).filter(|lang| lang.code() == code))
            .or_else(|| accept_language(headers))
            .unwrap_or(Lang::En);
        // The library reads the consent cookie from the raw bytes itself.
        let consent = site.consent.from_cookie_headers(
            headers.get_all(COOKIE).iter().map(|v| v.as_bytes()),
            std::time::SystemTime::now(),
        );
        let csrf_cookie = cookies
            .only(name_of::<CsrfToken>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let csrf = csrf_cookie.clone().unwrap_or_else(new_token);
        let session = cookies
            .first(name_of::<SessionId>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let user = session
            .as_ref()
            .and_then(|id| site.sessions.lock().ok()?.get(id).cloned());
        let visitor_id = cookies
            .first(name_of::<Analytics>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let here = uri.path_and_query().map_or("/", |p| p.as_str());
        let here = safe_local_path(here).unwrap_or("/").to_string();
        Visit {
            lang,
            consent,
            csrf_cookie,
            csrf,
            user,
            session,
            visitor_id,
            here,
        }
    }
}

impl FromRequestParts<AppState> for Visit {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Visit, Infallible> {
        Ok(Visit::read(&parts.headers, &parts.uri, state))
    }
}

fn accept_language(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(ACCEPT_LANGUAGE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(Lang::negotiate)
}

/// A declared cookie's name.
pub(crate) fn name_of<T: DeclaredCookie>() -> &'static str {
    T::DECLARATION.name().stem()
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
    pub(crate) fn read(headers: &'h HeaderMap) -> RequestCookies<'h> {
        RequestCookies(
            headers
                .get_all(COOKIE)
                .iter()
                .flat_map(|value| Cookie::split_parse(String::from_utf8_lossy(value.as_bytes())))
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

/// A token this site issued: 32 lowercase hexadecimal digits.
pub(crate) fn is_token(value: &str) -> bool {
    value.len() == 32
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A new 128-bit token, as 32 lowercase hexadecimal digits.
///
/// From std's randomly keyed SipHash over a counter and the clock: unpredictable enough for a
/// demo. A real site draws session ids and CSRF tokens from a CSPRNG (`getrandom`, `rand`).
pub(crate) fn new_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut token = String::with_capacity(32);
    for half in 0..2u8 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(nanos);
        hasher.write_u8(half);
        let _ = write!(token, "{:016x}", hasher.finish());
    }
    token
}

/// `path` if it is a path on this site (`/…`, not `//host` or `/\host`, no control characters).
pub(crate) fn safe_local_path(path: &str) -> Option<&str> {
    let local = path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\");
    (local && path.len() <= 2048 && !path.bytes().any(|b| b.is_ascii_control())).then_some(path)
}

#[cfg(test)]
mod tests {
    use axum::http::header::COOKIE;
    use axum::http::{HeaderMap, HeaderValue};

    use super::RequestCookies;

    fn headers(values: &[&[u8]]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(COOKIE, HeaderValue::from_bytes(value).unwrap());
        }
        headers
    }

    #[test]
    fn a_bad_pair_spoils_only_itself() {
        for bytes in [
            "other=café; a=1; b=2".as_bytes(),
            b"other=caf\xe9; a=1; b=2",
            b"\xff\xfe=\x80; a=1;;; =x; novalue; b=2",
            b"  a = 1 ;b=2; c\xe9=3",
        ] {
            let headers = headers(&[bytes]);
            let cookies = RequestCookies::read(&headers);
            let text = String::from_utf8_lossy(bytes);
            assert_eq!(cookies.first("a"), Some("1"), "{text}");
            assert_eq!(cookies.only("b"), Some("2"), "{text}");
        }
    }

    #[test]
    fn only_means_exactly_one() {
        let headers = headers(&[b"t=1; x=0", b"t=2"]);
        let cookies = RequestCookies::read(&headers);
        assert_eq!(cookies.values("t").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(cookies.first("t"), Some("1"));
        assert_eq!(cookies.only("t"), None);
        assert_eq!(cookies.only("x"), Some("0"));
        assert_eq!(cookies.only("T"), None);
        // A second pair whose value is not UTF-8 still counts as a second pair.
        let headers = self::headers(&[b"t=1; t=\xe9"]);
        assert_eq!(RequestCookies::read(&headers).only("t"), None);
    }
}
