//! The service: reads the request's consent, and hands the response to the future.

use std::task::{Context, Poll};

use http::header::COOKIE;
use http::{HeaderName, HeaderValue, Request, Response};

use super::future::{FromRequest, ResponseFuture};
use crate::enforce::{CarriedHeaders, Enforcer, Mode};

/// Built once: looking a header up by `&str` parses the name on every request.
const SEC_GPC: HeaderName = HeaderName::from_static(crate::interop::gpc::HEADER);

/// The service [`CookiePolicyLayer`](super::CookiePolicyLayer) wraps around another.
#[derive(Clone, Debug)]
pub struct CookiePolicy<S> {
    inner: S,
    enforcer: Enforcer,
}

impl<S> CookiePolicy<S> {
    pub(super) fn new(inner: S, enforcer: Enforcer) -> CookiePolicy<S> {
        CookiePolicy { inner, enforcer }
    }
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for CookiePolicy<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let cookies = request.headers().get_all(COOKIE);
        // `Sec-GPC: 1` takes away what the enforcer's GPC policy refuses.
        let (consent, gpc) = self.enforcer.request_consent_with_gpc(
            cookies.iter().map(HeaderValue::as_bytes),
            request
                .headers()
                .get_all(SEC_GPC)
                .iter()
                .map(HeaderValue::as_bytes),
        );
        // Kept for the response: the cookies a withdrawn (or never given) category still has in
        // the browser are deleted (enforce) or reported (audit). Cloning a header value does not
        // copy it, and the values are read only if the response's consent leaves a category out.
        let cookie_headers = match self.enforcer.current_mode() {
            Mode::Off => CarriedHeaders::None,
            Mode::Audit | Mode::Enforce => CarriedHeaders::keep(cookies.iter()),
        };
        // Handlers read the consent from here instead of parsing the cookie again.
        request.extensions_mut().insert(consent);
        // The signal, for the application's consent records.
        if let Some(gpc) = gpc {
            request.extensions_mut().insert(gpc);
        }
        ResponseFuture::new(
            self.inner.call(request),
            self.enforcer.clone(),
            FromRequest {
                consent,
                cookie_headers,
            },
        )
    }
}
