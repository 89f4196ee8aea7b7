//! What handlers take and return: the request's consent as an argument, and the crate's errors
//! as actix-web errors, so that `?` works in a handler.

use core::fmt;
use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError};

use crate::consent::ConsentState;
use crate::enforce::SetCookieError;

/// The consent the [`CookiePolicy`](super::CookiePolicy) middleware read from the request's
/// `Cookie` headers, as a handler argument (the same as `web::ReqData<ConsentState>`).
///
/// ```
/// use actix_web::HttpResponse;
/// use cookie_registry::consent::{ConsentState, Statistics};
///
/// async fn page(consent: ConsentState) -> HttpResponse {
///     if consent.granted::<Statistics>().is_ok() {
///         // set the audience-measurement cookies
///     }
///     HttpResponse::Ok().finish()
/// }
/// ```
///
/// A handler outside the middleware gets [`MissingCookiePolicy`] (a 500 response):
/// `Option<ConsentState>` takes that as `None`.
impl FromRequest for ConsentState {
    type Error = MissingCookiePolicy;
    type Future = Ready<Result<ConsentState, MissingCookiePolicy>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            request
                .extensions()
                .get::<ConsentState>()
                .copied()
                .ok_or(MissingCookiePolicy),
        )
    }
}

/// A handler took a [`ConsentState`] argument, but the request did not go through the
/// [`CookiePolicy`](super::CookiePolicy) middleware, which reads it: the app, scope or resource
/// is not wrapped in it. A mistake in the app's setup, answered with `500 Internal Server
/// Error`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct MissingCookiePolicy;

impl fmt::Display for MissingCookiePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "the request has no ConsentState: wrap the app (or the handler's scope) in \
             `cookie_registry::actix::CookiePolicy`",
        )
    }
}

crate::errors::debug_as_display!(MissingCookiePolicy);
impl std::error::Error for MissingCookiePolicy {}

/// `500 Internal Server Error`: the app is set up without the middleware.
impl ResponseError for MissingCookiePolicy {}

/// `500 Internal Server Error`: a declared cookie could not be built, a mistake in the
/// application (a value that needs encoding, a proof of the wrong category, `Partitioned` with
/// actix-web's cookie type). So that `Session::actix_cookie(value, proof)?` works in a handler
/// that returns `actix_web::Result`.
impl ResponseError for SetCookieError {}
