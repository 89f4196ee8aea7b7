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
use cookie_registry::enforce::{ConsentState, unix_now};

use crate::AppState;
use crate::cookies::{Analytics, CsrfToken, Language, SessionId};
use crate::i18n::Lang;

/// The request, as the pages see it. Reading it never fails: whatever is malformed in the
/// `Cookie` or `Accept-Language` headers is ignored.
#[derive(Clone, Debug)]
pub struct Visit {
    /// The interface language: the `django_language` cookie, else `Accept-Language`, else English.
    pub lang: Lang,
    /// What the visitor consented to, read from the consent cookie ([`ConsentState::NONE`] if
    /// missing, malformed, expired or for an older policy revision).
    pub consent: ConsentState,
    /// The CSRF token forms carry: the request's `csrftoken` if well-formed, else a new one.
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
        let lang = request_cookie(headers, name_of::<Language>())
            .and_then(|code| Lang::from_tag(code).filter(|lang| lang.code() == code))
            .or_else(|| accept_language(headers))
            .unwrap_or(Lang::En);
        let consent = site.consent.from_cookie_headers(
            headers.get_all(COOKIE).iter().map(|v| v.as_bytes()),
            unix_now(),
        );
        let csrf = request_cookie(headers, name_of::<CsrfToken>())
            .filter(|t| is_token(t))
            .map_or_else(new_token, str::to_string);
        let session = request_cookie(headers, name_of::<SessionId>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let user = session
            .as_ref()
            .and_then(|id| site.sessions.lock().ok()?.get(id).cloned());
        let visitor_id = request_cookie(headers, name_of::<Analytics>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let here = uri.path_and_query().map_or("/", |p| p.as_str());
        let here = safe_local_path(here).unwrap_or("/").to_string();
        Visit {
            lang,
            consent,
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

/// The value of the first cookie called `name` in the request's `Cookie` headers. Headers that
/// are not UTF-8, and pairs without `=`, are skipped.
pub(crate) fn request_cookie<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| key.trim() == name)
        .map(|(_, value)| value.trim())
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
