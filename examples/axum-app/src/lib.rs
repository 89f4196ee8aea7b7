//! The example site ([`example_site`]) served with axum, held to its cookie policy by
//! cookie-registry's tower layer, [`CookiePolicyLayer`].
//!
//! Everything but axum is in `example-site`: the declarations, texts, pages, forms, CSRF
//! decision and security headers. This crate is the glue: the routes, two extractors that read a
//! request into the site's [`Visit`] (and, for a `POST`, refuse a form from another site before
//! reading its body), [`Reply`] to send an [`Outcome`] as an axum response, a middleware that
//! sets the security headers on every response, and the layer around everything.
//!
//! `cargo run -p example-axum -- --help` for the server; `docs/axum.md` for the guide.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use cookie_registry::tower::CookiePolicyLayer;
use example_site::forms::{ConsentForm, LoginForm, LogoutForm};
use example_site::{Outcome, RequestHead, Site, Visit};
use serde::de::DeserializeOwned;

pub use example_site::{Enforcement, Error, consent_cookie_pair};

#[cfg(feature = "peer-tower-cookies")]
pub mod peer;

/// The whole site: routes, state and, unless `enforcement` is [`Enforcement::Off`], the cookie
/// policy layer around all of them.
///
/// # Errors
///
/// As [`Site::new`].
pub fn app(enforcement: Enforcement) -> Result<Router, Error> {
    let site = Site::new(enforcement)?;
    let layer = site
        .enforcer()
        .map(|enforcer| CookiePolicyLayer::from_enforcer(enforcer.clone()));
    let router = routes(site);
    // Last, so outermost: the layer sees every cookie the handlers and inner layers set.
    Ok(match layer {
        Some(layer) => router.layer(layer),
        None => router,
    })
}

/// The routes, with the security headers on every response, without the cookie policy layer.
pub(crate) fn routes(site: Site) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_language))
        .route("/cookies", get(policy))
        .route("/cookies/preferences", get(preferences))
        .route("/consent", post(save_consent))
        .route("/static/site.css", get(site_css))
        .route("/static/policy.css", get(policy_css))
        .route("/banner/cookieconsent.json", get(cookieconsent_config))
        .route("/banner/klaro.json", get(klaro_config))
        .route("/.well-known/gpc.json", get(gpc_json))
        .fallback(not_found)
        // After every route and the fallback, so that every response gets the headers, axum's
        // own (405, 415) included.
        .layer(middleware::from_fn(security_headers))
        .with_state(Arc::new(site))
}

type SiteState = State<Arc<Site>>;

async fn home(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.home(&visit))
}

async fn login_page(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.login_page(&visit))
}

async fn login(State(site): SiteState, Posted(visit, form): Posted<LoginForm>) -> Reply {
    Reply(site.login(&visit, form))
}

async fn logout(State(site): SiteState, Posted(visit, form): Posted<LogoutForm>) -> Reply {
    Reply(site.logout(&visit, form))
}

async fn set_language(
    State(site): SiteState,
    Visited(visit): Visited,
    Path(code): Path<String>,
) -> Reply {
    Reply(site.set_language(&visit, &code))
}

async fn policy(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.policy(&visit))
}

async fn preferences(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.preferences(&visit))
}

async fn save_consent(State(site): SiteState, Posted(visit, form): Posted<ConsentForm>) -> Reply {
    Reply(site.save_consent(&visit, form))
}

async fn site_css(State(site): SiteState) -> Reply {
    Reply(site.site_css())
}

async fn policy_css(State(site): SiteState) -> Reply {
    Reply(site.policy_css())
}

async fn cookieconsent_config(State(site): SiteState) -> Reply {
    Reply(site.cookieconsent_config())
}

async fn klaro_config(State(site): SiteState) -> Reply {
    Reply(site.klaro_config())
}

async fn gpc_json(State(site): SiteState) -> Reply {
    Reply(site.gpc_json())
}

async fn not_found(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.not_found(&visit))
}

/// The request's head, as the site reads it.
fn head(parts: &Parts) -> RequestHead<'_> {
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    RequestHead::new(target)
        .authority(parts.uri.authority().map(|a| a.as_str()))
        .headers(
            parts
                .headers
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        )
}

/// The extractor of the site's [`Visit`]: reading it never fails.
struct Visited(Visit);

impl FromRequestParts<Arc<Site>> for Visited {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        site: &Arc<Site>,
    ) -> Result<Self, Self::Rejection> {
        Ok(Visited(site.visit(&head(parts))))
    }
}

/// The extractor of every `POST` handler: the visit and the form, read only once
/// [`Site::guard`] has let the request through (a form from another site gets the site's `403`
/// page whatever its body is, even one that is not a form at all). The token is checked by the
/// site's handler.
struct Posted<T>(Visit, T);

impl<T> FromRequest<Arc<Site>> for Posted<T>
where
    T: DeserializeOwned + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, site: &Arc<Site>) -> Result<Self, Response> {
        let (parts, body) = request.into_parts();
        let visit = site.visit(&head(&parts));
        site.guard(&visit)
            .map_err(|refused| Reply(refused).into_response())?;
        let Form(form) = Form::<T>::from_request(Request::from_parts(parts, body), site)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Posted(visit, form))
    }
}

/// An [`Outcome`] of the site, sent as an axum response.
pub struct Reply(pub Outcome);

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let Outcome {
            status,
            headers,
            body,
        } = self.0;
        let mut response = Response::new(Body::from(body));
        *response.status_mut() =
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        for (name, value) in headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
            {
                response.headers_mut().append(name, value);
            }
        }
        response
    }
}

/// Sets the site's security headers on the response to `request`, whoever made it. The
/// names and values are static and valid (`example_site::security_headers` tests them).
async fn security_headers(request: Request, next: Next) -> Response {
    let headers = example_site::security_headers::for_path(request.uri().path());
    let mut response = next.run(request).await;
    for (name, value) in headers {
        response.headers_mut().insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    response
}
