//! The example site ([`example_site`]) served with axum, held to its cookie policy by
//! cookie-registry's tower layer, [`CookiePolicyLayer`].
//!
//! Everything but axum is in `example-site`: the declarations, texts, pages, forms, CSRF
//! decision, security headers and the video host. This crate is the glue: the routes, two
//! extractors that read a request into the site's [`Visit`] (and, for a `POST`, refuse a form
//! from another site before reading its body), [`Reply`] to send an [`Outcome`] as an axum
//! response, a middleware that sets the security headers on every response, the cookie policy
//! around everything ([`site_app`]), and [`video_host`], the video host's router for its second
//! listener.
//!
//! [`serve`] runs both on 127.0.0.1, as `cargo run -p example-axum` does;
//! `cargo run -p example-axum -- --help` for the server; `docs/axum.md` for the guide.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, FromRequestParts, Path, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router, ServiceExt as _};
use cookie_registry::consent::ConsentState;
use cookie_registry::tower::{CookiePolicy, CookiePolicyLayer};
use example_site::consent_log::ConsentLog;
use example_site::forms::{ConsentForm, LoginForm, LogoutForm};
use example_site::video_host::VideoHost;
use example_site::{Outcome, RequestHead, Site, Visit};
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tower::util::Either;
use tower::{Layer, Service};

pub use example_site::{Enforcement, Error, consent_cookie_pair};

#[cfg(feature = "peer-tower-cookies")]
pub mod peer;

/// The whole site: routes, state and, unless `enforcement` is [`Enforcement::Off`], the cookie
/// policy around all of them.
///
/// # Errors
///
/// As [`Site::new`].
pub fn app(enforcement: Enforcement) -> Result<SiteService, Error> {
    Ok(site_app(Site::new(enforcement)?))
}

/// The site as one service: its router, inside the cookie policy ([`CookiePolicy`]) unless the
/// site runs with [`Enforcement::Off`].
pub type SiteService = Either<CookiePolicy<Router>, Router>;

/// The routes of `site` and, unless it runs with [`Enforcement::Off`], the cookie policy
/// around all of them.
///
/// The layer wraps the finished router, not each route (`Router::layer`): every response goes
/// through it, the fallback's and those of routes added to the router later included, and axum
/// does not box each route's service and future once more for it (two allocations per request).
pub fn site_app(site: Site) -> SiteService {
    let layer = site
        .enforcer()
        .map(|enforcer| CookiePolicyLayer::from_enforcer(enforcer.clone()));
    let router = routes(site);
    // Outermost: the layer sees every cookie the handlers and the router's layers set.
    match layer {
        Some(layer) => Either::Left(layer.layer(router)),
        None => Either::Right(router),
    }
}

/// What [`serve_with`] serves: a service around the site's router ([`CookiePolicy`], the
/// benchmark's peer), as axum serves a [`Router`].
pub trait AppService:
    Service<Request, Response = Response, Error = Infallible, Future: Send> + Clone + Send + 'static
{
}

impl<S> AppService for S where
    S: Service<Request, Response = Response, Error = Infallible, Future: Send>
        + Clone
        + Send
        + 'static
{
}

/// The video host's own server: every `GET` answered by [`VideoHost::respond`]. Nothing of the
/// site runs here, its cookie policy least of all: it is another company's server.
pub fn video_host(host: VideoHost) -> Router {
    let host = Arc::new(host);
    Router::new().fallback(get(move |request: Request| {
        let host = host.clone();
        async move { Reply(host.respond(request.uri().path())) }
    }))
}

/// The example running: the site and its video host, each on its own port of 127.0.0.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Running {
    /// The site's address (`http://127.0.0.1:{port}/`).
    pub site: SocketAddr,
    /// The video host's address, which pages call `localhost` (another site for the browser).
    pub video_host: SocketAddr,
}

/// Starts the example: the video host on a free port of 127.0.0.1, then the site in
/// `enforcement` on `site` (a port of 0 picks a free one), its home page embedding the video
/// host's player, every consent choice recorded in `consent_log`; both served on the current
/// tokio runtime until it ends. Stop them by ending the runtime (a test's) or the process.
///
/// ```no_run
/// # async fn run() -> Result<(), example_axum::Error> {
/// use example_axum::{Enforcement, serve};
/// use example_site::consent_log;
///
/// let log = consent_log::open(&consent_log::default_path()).await?;
/// let running = serve(Enforcement::Enforce, ([127, 0, 0, 1], 0).into(), log).await?;
/// println!("http://{}/", running.site);
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// When a port cannot be bound, or as [`Site::new`].
pub async fn serve(
    enforcement: Enforcement,
    site: SocketAddr,
    consent_log: ConsentLog,
) -> Result<Running, Error> {
    serve_with(site, |host| {
        let site = Site::new(enforcement)?
            .with_video_host(host)
            .with_consent_log(consent_log);
        Ok(site_app(site))
    })
    .await
}

/// [`serve`], with the site's service built by `app` from the video host (a test's own routes
/// around the site's, the benchmark's peer): a service around the router, or the router alone.
///
/// Each is served as its own type: the router alone is served exactly as without the policy,
/// not as one side of an [`Either`] whose futures have the size of the larger side's.
///
/// # Errors
///
/// When a port cannot be bound, or as `app`.
pub async fn serve_with<S: AppService>(
    site: SocketAddr,
    app: impl FnOnce(VideoHost) -> Result<Either<S, Router>, Error>,
) -> Result<Running, Error> {
    let video_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
    let video_address = video_listener.local_addr()?;
    let host = VideoHost::on_port(video_address.port());
    let service = app(host.clone())?;
    let site_listener = TcpListener::bind(site).await?;
    let site_address = site_listener.local_addr()?;
    tokio::spawn(async move { axum::serve(video_listener, video_host(host)).await });
    match service {
        Either::Left(service) => spawn_site(site_listener, service),
        Either::Right(router) => spawn_site(site_listener, router),
    }
    Ok(Running {
        site: site_address,
        video_host: video_address,
    })
}

fn spawn_site<S: AppService>(listener: TcpListener, service: S) {
    let service = service.into_make_service();
    tokio::spawn(async move { axum::serve(listener, service).await });
}

/// The routes, with the security headers on every response, without the cookie policy layer.
pub(crate) fn routes(site: Site) -> Router {
    let site = Arc::new(site);
    Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang/{code}", get(set_language))
        .route("/cookies", get(policy))
        .route("/cookies/preferences", get(preferences))
        .route("/cookies.json", get(policy_json))
        .route("/consent", post(save_consent))
        .route("/consent/records.json", get(consent_records))
        .route("/static/site.css", get(site_css))
        .route("/static/policy.css", get(policy_css))
        .route("/static/analytics.js", get(analytics_js))
        .route("/static/forget-analytics.js", get(forget_analytics_js))
        .route("/banner/cookieconsent.json", get(cookieconsent_config))
        .route("/banner/klaro.json", get(klaro_config))
        .route("/.well-known/gpc.json", get(gpc_json))
        .fallback(not_found)
        // After every route and the fallback, so that every response gets the headers, axum's
        // own (405, 415) included.
        .layer(middleware::from_fn_with_state(
            site.clone(),
            security_headers,
        ))
        .with_state(site)
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
    Reply(site.save_consent(&visit, form).await)
}

async fn consent_records(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.consent_records(&visit).await)
}

async fn policy_json(State(site): SiteState, Visited(visit): Visited) -> Reply {
    Reply(site.policy_json(&visit))
}

async fn analytics_js(State(site): SiteState) -> Reply {
    Reply(site.analytics_js())
}

async fn forget_analytics_js(State(site): SiteState) -> Reply {
    Reply(site.forget_analytics_js())
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
        // The layer has read the consent already (when the site runs with it).
        .consent(parts.extensions.get::<ConsentState>().copied())
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

/// Sets the site's security headers on the response to `request`, whoever made it, but for
/// one the response carries already: a page's own Content-Security-Policy, which allows the
/// nonce of its inline script. The names and values are valid (`example_site::security_headers`
/// tests them).
async fn security_headers(State(site): SiteState, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    for (name, value) in site.security_headers(&path) {
        let name = HeaderName::from_static(name);
        if let (false, Ok(value)) = (
            response.headers().contains_key(&name),
            HeaderValue::from_str(value),
        ) {
            response.headers_mut().insert(name, value);
        }
    }
    response
}
