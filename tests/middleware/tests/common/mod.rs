//! One request through the tower layer, for the test files that include this module
//! (`mod common;`): a module of the tests rather than of the crate, so that the crate itself,
//! which test-actix and test-rocket link for its declarations, builds without tower.

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use cookie_registry::enforce::{Mode, Violation};
use cookie_registry::tower::CookiePolicyLayer;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use tower::{Layer, ServiceExt, service_fn};

use test_middleware::{consent_cookie, registry};

/// One request, with `request_cookie` as its `Cookie` header when there is one, through the
/// layer in `mode` around a service that answers with the `set_cookies` headers: the
/// `Set-Cookie` headers that go out, byte for byte, and what the layer reported.
pub async fn run_bytes(
    mode: Mode,
    request_cookie: Option<&[u8]>,
    set_cookies: &[&[u8]],
) -> (Vec<Vec<u8>>, Vec<Violation>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let layer = CookiePolicyLayer::new(registry(), consent_cookie())
        .mode(mode)
        .on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    let set_cookies: Vec<HeaderValue> = set_cookies
        .iter()
        .map(|value| HeaderValue::from_bytes(value).unwrap())
        .collect();
    let service = layer.layer(service_fn(move |_request: Request<()>| {
        let set_cookies = set_cookies.clone();
        async move {
            let mut response = Response::new(());
            for value in set_cookies {
                response.headers_mut().append(SET_COOKIE, value);
            }
            Ok::<_, Infallible>(response)
        }
    }));
    let mut request = Request::new(());
    if let Some(cookie) = request_cookie {
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_bytes(cookie).unwrap());
    }
    let response = service.oneshot(request).await.unwrap();
    let sent = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.as_bytes().to_vec())
        .collect();
    let violations = seen.lock().unwrap().clone();
    (sent, violations)
}

/// [`run_bytes`], with the `Set-Cookie` headers that go out as text.
#[allow(
    dead_code,
    reason = "each test file compiles this module; browser_reading.rs compares bytes only"
)]
pub async fn run(
    mode: Mode,
    request_cookie: Option<&[u8]>,
    set_cookies: &[&[u8]],
) -> (Vec<String>, Vec<Violation>) {
    let (sent, violations) = run_bytes(mode, request_cookie, set_cookies).await;
    let sent = sent
        .into_iter()
        .map(|value| String::from_utf8_lossy(&value).into_owned())
        .collect();
    (sent, violations)
}
