//! Where the layer sits matters: it checks the cookies of the services inside it, and cannot see
//! those added by a layer outside it. Put it outermost (with axum: the last `.layer(...)`).

use std::convert::Infallible;

use cookie_registry::tower::CookiePolicyLayer;
use http::header::SET_COOKIE;
use http::{HeaderValue, Request, Response};
use tower::{Layer, ServiceBuilder, ServiceExt, service_fn};

use test_middleware::{consent_cookie, registry};

/// A layer that sets an undeclared cookie on every response, as a careless session or
/// tracking middleware would.
#[derive(Clone)]
struct SetsTracker;

impl<S> Layer<S> for SetsTracker {
    type Service = tower::util::MapResponse<S, fn(Response<()>) -> Response<()>>;
    fn layer(&self, inner: S) -> Self::Service {
        fn add(mut response: Response<()>) -> Response<()> {
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_static("tracker=1"));
            response
        }
        tower::util::MapResponse::new(inner, add as fn(Response<()>) -> Response<()>)
    }
}

fn policy() -> CookiePolicyLayer {
    CookiePolicyLayer::new(registry(), consent_cookie())
}

async fn set_cookies<S>(service: S) -> usize
where
    S: tower::Service<Request<()>, Response = Response<()>, Error = Infallible>,
{
    let response = service.oneshot(Request::new(())).await.unwrap();
    response.headers().get_all(SET_COOKIE).iter().count()
}

fn handler()
-> impl tower::Service<Request<()>, Response = Response<()>, Error = Infallible, Future: Send> + Clone
{
    service_fn(|_: Request<()>| async { Ok::<_, Infallible>(Response::new(())) })
}

#[tokio::test]
async fn outermost_the_layer_strips_what_inner_layers_set() {
    // ServiceBuilder lists layers outermost first.
    let service = ServiceBuilder::new()
        .layer(policy())
        .layer(SetsTracker)
        .service(handler());
    assert_eq!(set_cookies(service).await, 0);
}

#[tokio::test]
async fn inside_a_cookie_setting_layer_it_cannot_see_that_layer_s_cookies() {
    let service = ServiceBuilder::new()
        .layer(SetsTracker)
        .layer(policy())
        .service(handler());
    assert_eq!(
        set_cookies(service).await,
        1,
        "the tracker escapes a layer placed inside the one that sets it"
    );
}
