//! The service: reads the request's consent, and hands the response to the future.

use actix_web::HttpMessage;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, forward_ready};
use actix_web::http::header::{COOKIE, HeaderName, HeaderValue};

use super::future::{FromRequest, ResponseFuture};
use crate::enforce::{CarriedHeaders, Enforcer, Mode};

/// Built once: looking a header up by `&str` parses the name on every request.
const SEC_GPC: HeaderName = HeaderName::from_static(crate::interop::gpc::HEADER);

/// The service [`CookiePolicy`](super::CookiePolicy) wraps around another.
#[derive(Clone, Debug)]
pub struct CookiePolicyMiddleware<S> {
    inner: S,
    enforcer: Enforcer,
}

impl<S> CookiePolicyMiddleware<S> {
    pub(super) fn new(inner: S, enforcer: Enforcer) -> CookiePolicyMiddleware<S> {
        CookiePolicyMiddleware { inner, enforcer }
    }
}

impl<S, B> Service<ServiceRequest> for CookiePolicyMiddleware<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>>,
{
    type Response = ServiceResponse<B>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    forward_ready!(inner);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let cookies = request.headers().get_all(COOKIE);
        // `Sec-GPC: 1` takes away what the enforcer's GPC policy refuses.
        let (consent, gpc) = self.enforcer.request_consent_with_gpc(
            cookies.clone().map(HeaderValue::as_bytes),
            request
                .headers()
                .get_all(SEC_GPC)
                .map(HeaderValue::as_bytes),
        );
        // Kept for the response: the cookies a withdrawn (or never given) category still has in
        // the browser are deleted (enforce) or reported (audit). Cloning a header value does not
        // copy it, and the values are read only if the response's consent leaves a category out.
        let cookie_headers = match self.enforcer.current_mode() {
            Mode::Off => CarriedHeaders::None,
            Mode::Audit | Mode::Enforce => CarriedHeaders::keep(cookies),
        };
        // Handlers read the consent from here (`ConsentState` or `web::ReqData<ConsentState>`
        // arguments) instead of parsing the cookie again.
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
