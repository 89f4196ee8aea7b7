//! The guard of every state-changing request: a form is accepted only when the browser says it
//! was posted from one of this site's own pages.
//!
//! Consent recorded by a form that another site submitted, or by a click on this site's banner
//! framed by another site, is not the visitor's consent. So every `POST` goes through
//! [`CsrfForm`], which checks, in this order, before the handler runs:
//!
//! 1. **where the request comes from**, from the headers the browser sets and no page can
//!    forge: `Sec-Fetch-Site` (Fetch Metadata) must be `same-origin`, and `Origin`, when
//!    present, must be this site's own origin (see [`provenance`] for the whole table);
//! 2. **the double-submit token**: the form's `csrf` field must equal the request's
//!    `__Host-csrftoken` cookie, compared in constant time, and the request must carry exactly
//!    one such cookie.
//!
//! The first check is what stops a same-site attacker: a sibling subdomain, or another port of
//! the same host (cookies do not isolate ports), can plant a token cookie it knows, and a
//! browser sends `SameSite=Lax` cookies with a same-site `POST`; it cannot make the browser
//! send `Sec-Fetch-Site: same-origin` or this site's `Origin`. The token stays as a second,
//! independent check (and the only one for clients that send neither header, if a site chose
//! to accept them; this one does not).
//!
//! A refused request gets a `403` page in the site's layout, never a `500`, and nothing of the
//! form is acted upon.

use axum::Form;
use axum::extract::{FromRequest, Request};
use axum::http::header::{HOST, ORIGIN};
use axum::http::uri::Authority;
use axum::http::{HeaderMap, HeaderName, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use crate::AppState;
use crate::html::{Nav, escape, layout};
use crate::pages::html_response;
use crate::visit::Visit;

/// `Sec-Fetch-Site` (Fetch Metadata Request Headers); not among `http`'s constants.
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// A form this site's own pages posted, with the request it came in: the request passed
/// [`provenance`] and the token check. The extractor of every `POST` handler.
pub(crate) struct CsrfForm<T> {
    /// The request, as the pages see it (for the response's language, banner and token).
    pub(crate) visit: Visit,
    /// The form's fields, without `csrf`.
    pub(crate) form: T,
}

/// The fields of every form: the token, and the form's own fields.
#[derive(Deserialize)]
struct Posted<T> {
    #[serde(default)]
    csrf: String,
    #[serde(flatten)]
    form: T,
}

/// Why a `POST` was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The browser says the form came from another origin (`Sec-Fetch-Site` other than
    /// `same-origin`, or an `Origin` other than this site's), or said nothing that shows it did
    /// not (neither header), or said it ambiguously (a header sent twice).
    NotSameOrigin,
    /// The token is missing, malformed or different from the cookie's, or the request carries
    /// no token cookie or several.
    Token,
}

impl<T> FromRequest<AppState> for CsrfForm<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, site: &AppState) -> Result<CsrfForm<T>, Response> {
        let (parts, body) = request.into_parts();
        let visit = Visit::read(&parts.headers, &parts.uri, site);
        // Before the body is read: a cross-origin request is refused whatever it holds, even a
        // body that is not a form at all (`enctype="text/plain"`).
        if let Err(refusal) = provenance(&parts.headers, &parts.uri) {
            return Err(refused(site, &visit, refusal));
        }
        let request = Request::from_parts(parts, body);
        let Form(posted) = Form::<Posted<T>>::from_request(request, site)
            .await
            .map_err(IntoResponse::into_response)?;
        if !token_matches(visit.csrf_cookie.as_deref(), &posted.csrf) {
            return Err(refused(site, &visit, Refusal::Token));
        }
        Ok(CsrfForm {
            visit,
            form: posted.form,
        })
    }
}

/// Whether a request comes from one of this site's own pages, by what the browser says.
///
/// | `Sec-Fetch-Site` | `Origin` | verdict |
/// |---|---|---|
/// | `same-origin` | this site's, or absent | go on to the token check |
/// | `same-origin` | another, or `null` | refused |
/// | `same-site`, `cross-site`, `none`, anything else | any | refused |
/// | absent | this site's | go on to the token check (a browser without Fetch Metadata) |
/// | absent | another, or `null` | refused |
/// | absent | absent | refused: no browser of the last five years posts a form without `Origin` |
/// | sent twice | any | refused |
/// | any | sent twice | refused |
///
/// This site's origin is `http://` and the `Host` header (the authority of the request's URI
/// when there is no `Host`): the example serves plain HTTP, reached as `http://127.0.0.1:PORT`
/// (or `http://localhost:PORT`; each is its own origin, and the browser sends the one it
/// used in both headers). Hosts compare without regard to letter case, ports by number with
/// `80` for an absent one. A site behind a TLS proxy compares with its configured public origin
/// (`https://…`) instead.
///
/// # Errors
///
/// [`Refusal::NotSameOrigin`] when the request may not come from this site's pages.
pub(crate) fn provenance(headers: &HeaderMap, uri: &Uri) -> Result<(), Refusal> {
    let fetch_site = single(headers, &SEC_FETCH_SITE)?;
    let origin = single(headers, &ORIGIN)?;
    if let Some(fetch_site) = fetch_site
        && fetch_site.as_bytes() != b"same-origin"
    {
        return Err(Refusal::NotSameOrigin);
    }
    match origin {
        Some(origin) if is_own_origin(origin.as_bytes(), headers, uri) => Ok(()),
        Some(_) => Err(Refusal::NotSameOrigin),
        None if fetch_site.is_some() => Ok(()),
        None => Err(Refusal::NotSameOrigin),
    }
}

/// The value of a header sent at most once; a header sent twice is refused.
fn single<'h>(
    headers: &'h HeaderMap,
    name: &HeaderName,
) -> Result<Option<&'h axum::http::HeaderValue>, Refusal> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    match values.next() {
        None => Ok(first),
        Some(_) => Err(Refusal::NotSameOrigin),
    }
}

/// Whether `origin` (an `Origin` header's bytes) is `http://` and this request's `Host`.
fn is_own_origin(origin: &[u8], headers: &HeaderMap, uri: &Uri) -> bool {
    let Some(origin) = origin.strip_prefix(b"http://") else {
        return false; // `https://…`, another scheme, or `null`
    };
    let Ok(origin) = Authority::try_from(origin) else {
        return false;
    };
    let host = match single(headers, &HOST) {
        Ok(Some(host)) => Authority::try_from(host.as_bytes()).ok(),
        Ok(None) => uri.authority().cloned(),
        Err(_) => None,
    };
    let Some(host) = host else {
        return false;
    };
    // An origin is scheme, host and port only: no user information, nothing after.
    let bare = |a: &Authority| !a.as_str().contains('@');
    bare(&origin)
        && bare(&host)
        && origin.host().eq_ignore_ascii_case(host.host())
        && origin.port_u16().unwrap_or(80) == host.port_u16().unwrap_or(80)
}

/// Whether the form's token is the request's only token cookie, compared in constant time so
/// that the time taken says nothing of how many leading characters were right.
fn token_matches(cookie: Option<&str>, submitted: &str) -> bool {
    cookie.is_some_and(|cookie| bool::from(cookie.as_bytes().ct_eq(submitted.as_bytes())))
}

/// The `403` page of a refused form, in the site's layout, in the visitor's language.
pub(crate) fn refused(site: &AppState, visit: &Visit, refusal: Refusal) -> Response {
    let texts = visit.lang.texts();
    let (title, text) = match refusal {
        Refusal::NotSameOrigin => (texts.cross_site_title, texts.cross_site_text),
        Refusal::Token => (texts.forbidden_title, texts.forbidden_text),
    };
    let content = format!(
        "<h1>{}</h1>\n<p class=\"error\">{}</p>\n<p><a href=\"/\">{}</a></p>\n",
        escape(title),
        escape(text),
        escape(texts.nav_home)
    );
    let (html, has_form) = layout(site, visit, visit.lang, Nav::None, title, &content);
    html_response(visit, StatusCode::FORBIDDEN, html, has_form, Vec::new())
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue, Uri};

    use super::{Refusal, provenance, token_matches};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn the_origin_must_be_this_sites() {
        let uri = Uri::from_static("/consent");
        let ok = |pairs: &[(&'static str, &'static str)]| provenance(&headers(pairs), &uri);
        let host = ("host", "127.0.0.1:3000");
        assert_eq!(ok(&[host, ("origin", "http://127.0.0.1:3000")]), Ok(()));
        assert_eq!(ok(&[host, ("sec-fetch-site", "same-origin")]), Ok(()));
        assert_eq!(
            ok(&[("host", "Example.ORG"), ("origin", "http://example.org:80")]),
            Ok(())
        );
        for origin in [
            "http://127.0.0.1:3001",
            "http://127.0.0.1",
            "https://127.0.0.1:3000",
            "http://localhost:3000",
            "http://user@127.0.0.1:3000",
            "http://127.0.0.1:3000/consent",
            "null",
            "",
        ] {
            assert_eq!(
                ok(&[host, ("origin", origin)]),
                Err(Refusal::NotSameOrigin),
                "{origin}"
            );
        }
        // Without a Host, the request's own authority; without either, no origin matches.
        let absolute = Uri::from_static("http://127.0.0.1:3000/consent");
        let origin = headers(&[("origin", "http://127.0.0.1:3000")]);
        assert_eq!(provenance(&origin, &absolute), Ok(()));
        assert_eq!(provenance(&origin, &uri), Err(Refusal::NotSameOrigin));
    }

    #[test]
    fn tokens_compare_whole() {
        let token = "0123456789abcdef0123456789abcdef";
        assert!(token_matches(Some(token), token));
        assert!(!token_matches(
            Some(token),
            "0123456789abcdef0123456789abcdee"
        ));
        assert!(!token_matches(Some(token), "0123456789abcdef"));
        assert!(!token_matches(Some(token), ""));
        assert!(!token_matches(None, token));
    }
}
