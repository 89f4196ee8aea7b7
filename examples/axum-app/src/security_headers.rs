//! The security headers of every response, set in one place: a middleware around the whole
//! router, so that no page, redirect, `403` or `404` goes without them.
//!
//! | header | value | why |
//! |---|---|---|
//! | `Content-Security-Policy` | [`POLICY`] | no page may be framed (a framed banner turns a click into consent the visitor never meant), forms post only to this site, nothing but this site's stylesheets and images loads, and no script or inline style runs at all |
//! | `X-Frame-Options` | `DENY` | `frame-ancestors` for browsers that predate it |
//! | `Referrer-Policy` | `same-origin` | this site's addresses (`/cookies/preferences?…`) are nobody else's business: links to other sites (the providers' privacy policies) send no `Referer` |
//! | `X-Content-Type-Options` | `nosniff` | a response is only what its `Content-Type` says (the stylesheets are `text/css`) |

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::middleware::Next;
use axum::response::Response;

/// The site's Content-Security-Policy: what its pages need and nothing more.
///
/// The pages are server-rendered HTML with two stylesheets from this origin
/// (`/static/site.css`, `/static/policy.css`) and forms that post to this origin; no script,
/// no inline style or `style` attribute, no frame, no plugin. `default-src 'none'` refuses
/// everything else; `frame-ancestors`, `form-action` and `base-uri` do not fall back to
/// `default-src`, so they are written out.
pub(crate) const POLICY: &str = "default-src 'none'; style-src 'self'; \
     img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
     object-src 'none'";

/// Sets the security headers on the response to `request`.
///
/// The one place the headers are chosen. A page that needs more (a video player framed from
/// another origin, a first-party analytics script) gets its policy here, from `request`'s path,
/// as a widened copy of [`POLICY`] (`frame-src <player origin>`,
/// `script-src 'self'`) rather than from its handler; every other page keeps the strict one.
pub(crate) async fn set(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(POLICY));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}
