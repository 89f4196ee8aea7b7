//! The response future: applies the enforcer's judgment to the response's headers.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::dev::ServiceResponse;
use actix_web::http::header::{HeaderMap, HeaderValue, SET_COOKIE};

use crate::consent::ConsentState;
use crate::enforce::{CarriedHeaders, Enforcer};

/// What the middleware keeps from the request until the response comes.
pub(super) struct FromRequest {
    pub(super) consent: ConsentState,
    /// The request's `Cookie` headers (none when the mode is off).
    pub(super) cookie_headers: CarriedHeaders<HeaderValue>,
}

pin_project_lite::pin_project! {
    /// The future of [`CookiePolicyMiddleware`](super::CookiePolicyMiddleware)'s responses.
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        state: Option<(Enforcer, FromRequest)>,
    }
}

impl<F> ResponseFuture<F> {
    pub(super) fn new(inner: F, enforcer: Enforcer, from_request: FromRequest) -> Self {
        ResponseFuture {
            inner,
            state: Some((enforcer, from_request)),
        }
    }
}

impl<F, B, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<ServiceResponse<B>, E>>,
{
    type Output = Result<ServiceResponse<B>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        // An error of the inner service goes out as it came: actix-web turns it into a
        // response outside every middleware, where no cookie of it can be judged.
        let mut response = ready!(this.inner.poll(cx))?;
        if let Some((enforcer, from_request)) = this.state.take() {
            apply(&enforcer, &from_request, response.headers_mut());
        }
        Poll::Ready(Ok(response))
    }
}

fn apply(enforcer: &Enforcer, from_request: &FromRequest, headers: &mut HeaderMap) {
    let judgment = enforcer.judge(
        &from_request.consent,
        from_request
            .cookie_headers
            .as_slice()
            .iter()
            .map(HeaderValue::as_bytes),
        || headers.get_all(SET_COOKIE).map(HeaderValue::as_bytes),
    );
    if judgment.is_empty() {
        return;
    }
    if !judgment.stripped().is_empty() {
        // `retain` visits each name's values in order, so counting the Set-Cookie values seen
        // gives their positions; the stripped positions are increasing, so one pass over both
        // decides each header, without collecting the kept ones.
        let mut stripped = judgment.stripped().iter().copied().peekable();
        let mut position = 0;
        headers.retain(|name, _| {
            if *name != SET_COOKIE {
                return true;
            }
            let strip = stripped.next_if_eq(&position).is_some();
            position += 1;
            !strip
        });
    }
    for removal in judgment.into_removals() {
        // A removal is built from a declaration: a token name, declared attributes, ASCII.
        if let Ok(value) = HeaderValue::try_from(removal) {
            headers.append(SET_COOKIE, value);
        }
    }
}
