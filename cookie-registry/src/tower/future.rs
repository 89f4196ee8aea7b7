//! The response future: applies the enforcer's judgment to the response's headers.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::SET_COOKIE;
use http::{HeaderMap, HeaderValue, Response};

use crate::consent::ConsentState;
use crate::enforce::{CarriedHeaders, Enforcer};

/// What the layer keeps from the request until the response comes.
pub(super) struct FromRequest {
    pub(super) consent: ConsentState,
    /// The request's `Cookie` headers (empty when the mode is off).
    pub(super) cookie_headers: CarriedHeaders<HeaderValue>,
}

pin_project_lite::pin_project! {
    /// The future of [`CookiePolicy`](super::CookiePolicy)'s responses.
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

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(result) => result?,
            Poll::Pending => return Poll::Pending,
        };
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
        || {
            headers
                .get_all(SET_COOKIE)
                .iter()
                .map(HeaderValue::as_bytes)
        },
    );
    if judgment.is_empty() {
        return;
    }
    if !judgment.stripped().is_empty() {
        // Rebuild the Set-Cookie list without the stripped headers; the others keep their
        // order. The positions are increasing, so one pass over both decides each header.
        let mut stripped = judgment.stripped().iter().peekable();
        let kept: Vec<HeaderValue> = match headers.entry(SET_COOKIE) {
            http::header::Entry::Occupied(entry) => entry
                .remove_entry_mult()
                .1
                .enumerate()
                .filter_map(|(position, value)| {
                    if stripped.peek() == Some(&&position) {
                        stripped.next();
                        None
                    } else {
                        Some(value)
                    }
                })
                .collect(),
            http::header::Entry::Vacant(_) => Vec::new(),
        };
        for value in kept {
            headers.append(SET_COOKIE, value);
        }
    }
    for removal in judgment.into_removals() {
        // A removal is built from a declaration: a token name, declared attributes, ASCII.
        if let Ok(value) = HeaderValue::try_from(removal) {
            headers.append(SET_COOKIE, value);
        }
    }
}
