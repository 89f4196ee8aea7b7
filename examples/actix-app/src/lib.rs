//! The example site ([`example_site`]) served with actix-web 4, held to its cookie policy by
//! cookie-registry's actix middleware, [`CookiePolicy`].
//!
//! Everything but actix-web is in `example-site`: the declarations, texts, pages, forms, CSRF
//! decision, security headers and the video host. This crate is the glue: the routes ([`app`]),
//! two extractors that read a request into the site's [`Visit`] (and, for a `POST`, refuse a
//! form from another site before reading its body), [`Reply`] to send an [`Outcome`] as an
//! actix-web response, a middleware that sets the security headers on every response, around
//! everything the cookie policy ([`server`]), and the video host's own server for its second
//! listener ([`video_host`], [`video_host_server`]). It is `example-axum` with another framework:
//! the same pages, the same cookies, the same contract (`example-suite`).
//!
//! [`serve`] binds both on 127.0.0.1, as `cargo run -p example-actix` does;
//! `cargo run -p example-actix -- --help` for the server; `docs/actix.md` for the guide.

use std::future::{Future, Ready, ready};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::num::NonZeroUsize;
use std::pin::Pin;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, Server, ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::error::{ErrorInternalServerError, InternalError};
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{
    App, FromRequest, HttpMessage, HttpRequest, HttpResponse, HttpServer, Responder, web,
};
use cookie_registry::actix::CookiePolicy;
use cookie_registry::consent::ConsentState;
use example_site::consent_log::ConsentLog;
use example_site::forms::{ConsentForm, LoginForm, LogoutForm};
use example_site::video_host::VideoHost;
use example_site::{Outcome, RequestHead, Site, Visit};
use serde::de::DeserializeOwned;

pub use example_site::{Enforcement, Error, consent_cookie_pair};

/// How the server runs, besides its site: worker threads and signals.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ServerSettings {
    /// The worker threads; `None` for actix-web's default, one per core the process may run on
    /// (one under `taskset -c 0`).
    pub workers: Option<NonZeroUsize>,
    /// Leave `SIGINT`, `SIGTERM` and `SIGQUIT` to the process instead of stopping the server on
    /// them: for a server inside a test process, which `Ctrl-C` must still stop.
    pub ignore_signals: bool,
}

impl ServerSettings {
    /// One worker and no signal handling: a server started inside a test.
    pub const IN_PROCESS: ServerSettings = ServerSettings {
        workers: NonZeroUsize::new(1),
        ignore_signals: true,
    };
}

/// `$server` (an `HttpServer`) on `$listener` with `$settings`, running once awaited: a macro
/// rather than a function, whose bounds would spell out actix-http's service types.
macro_rules! run {
    ($server:expr, $listener:expr, $settings:expr) => {{
        let settings: ServerSettings = $settings;
        let mut server = $server;
        if let Some(workers) = settings.workers {
            server = server.workers(workers.get());
        }
        if settings.ignore_signals {
            server = server.disable_signals();
        }
        server.listen($listener)?.run()
    }};
}

/// The example bound to its two ports: where each listens, and the two servers, which run once
/// awaited or spawned (each is a future), in an actix or a tokio runtime. Dropping a server
/// that runs does not stop it: stop it with its [`Server::handle`], or end the runtime.
pub struct Servers {
    /// Where the site and its video host listen.
    pub running: Running,
    /// The site, its home page embedding the video host's player.
    pub site: Server,
    /// The video host.
    pub video_host: Server,
}

/// The example's addresses: the site and its video host, each on its own port of 127.0.0.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Running {
    /// The site's address (`http://127.0.0.1:{port}/`).
    pub site: SocketAddr,
    /// The video host's address, which pages call `localhost` (another site for the browser).
    pub video_host: SocketAddr,
}

/// Binds the example: the video host on a free port of 127.0.0.1, then the site in
/// `enforcement` on `site` (a port of 0 picks a free one), its home page embedding the video
/// host's player, every consent choice recorded in `consent_log`. Nothing is served until the
/// [`Servers`] run.
///
/// ```no_run
/// use example_actix::{Enforcement, ServerSettings, serve};
/// use example_site::consent_log;
///
/// actix_web::rt::System::new().block_on(async {
///     let log = consent_log::open(&consent_log::default_path()).await?;
///     let address = ([127, 0, 0, 1], 0).into();
///     let servers = serve(Enforcement::Enforce, address, ServerSettings::default(), log)?;
///     println!("http://{}/", servers.running.site);
///     actix_web::rt::spawn(servers.video_host);
///     servers.site.await?;
///     Ok::<(), example_actix::Error>(())
/// })?;
/// # Ok::<(), example_actix::Error>(())
/// ```
///
/// # Errors
///
/// When a port cannot be bound, or as [`Site::new`].
pub fn serve(
    enforcement: Enforcement,
    site: SocketAddr,
    settings: ServerSettings,
    consent_log: ConsentLog,
) -> Result<Servers, Error> {
    let video_listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    let video_address = video_listener.local_addr()?;
    let host = VideoHost::on_port(video_address.port());
    let site_listener = TcpListener::bind(site)?;
    let site_address = site_listener.local_addr()?;
    let site = Site::new(enforcement)?
        .with_video_host(host.clone())
        .with_consent_log(consent_log);
    Ok(Servers {
        running: Running {
            site: site_address,
            video_host: video_address,
        },
        site: server(site, site_listener, settings)?,
        video_host: video_host_server(host, video_listener, settings)?,
    })
}

/// `site` on `listener`: routes, state and, unless the site runs with [`Enforcement::Off`],
/// the cookie policy middleware around all of them. The server runs once awaited, in an actix
/// or a tokio runtime.
///
/// ```no_run
/// use example_actix::{Enforcement, ServerSettings, server};
/// use example_site::Site;
///
/// actix_web::rt::System::new().block_on(async {
///     let listener = std::net::TcpListener::bind("127.0.0.1:3000")?;
///     server(Site::new(Enforcement::Enforce)?, listener, ServerSettings::default())?.await?;
///     Ok::<(), example_actix::Error>(())
/// })?;
/// # Ok::<(), example_actix::Error>(())
/// ```
///
/// # Errors
///
/// When actix-web cannot take the listener.
pub fn server(
    site: Site,
    listener: TcpListener,
    settings: ServerSettings,
) -> Result<Server, Error> {
    let site = web::Data::new(site);
    let policy = site
        .enforcer()
        .map(|enforcer| CookiePolicy::from_enforcer(enforcer.clone()));
    // Two servers rather than one with a disabled middleware: `--enforce off` is the site
    // without the policy at all, the baseline of scripts/load.
    Ok(match policy {
        // Last, so outermost: the middleware sees every cookie the handlers and inner
        // middleware set.
        Some(policy) => run!(
            HttpServer::new(move || app(site.clone()).wrap(policy.clone())),
            listener,
            settings
        ),
        None => run!(
            HttpServer::new(move || app(site.clone())),
            listener,
            settings
        ),
    })
}

/// The video host's own server on `listener`: every `GET` answered by [`VideoHost::respond`].
///
/// # Errors
///
/// When actix-web cannot take the listener.
pub fn video_host_server(
    host: VideoHost,
    listener: TcpListener,
    settings: ServerSettings,
) -> Result<Server, Error> {
    let host = web::Data::new(host);
    Ok(run!(
        HttpServer::new(move || video_host(host.clone())),
        listener,
        settings
    ))
}

/// The routes, with the security headers on every response, without the cookie policy
/// middleware: what [`server`] wraps in [`CookiePolicy`].
///
/// ```
/// use actix_web::test::{TestRequest, call_service, init_service};
/// use example_actix::{Enforcement, app};
/// use example_site::Site;
///
/// # actix_web::rt::System::new().block_on(async {
/// let site = actix_web::web::Data::new(Site::new(Enforcement::Off)?);
/// let app = init_service(app(site)).await;
/// let response = call_service(&app, TestRequest::get().uri("/cookies?lang=fr").to_request()).await;
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.headers().get("x-frame-options").unwrap(), "DENY");
/// # Ok::<(), example_actix::Error>(())
/// # })?;
/// # Ok::<(), example_actix::Error>(())
/// ```
pub fn app(
    site: web::Data<Site>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(site)
        .route("/", web::get().to(home))
        .route("/login", web::get().to(login_page))
        .route("/login", web::post().to(login))
        .route("/logout", web::post().to(logout))
        .route("/lang/{code}", web::get().to(set_language))
        .route("/cookies", web::get().to(policy))
        .route("/cookies/preferences", web::get().to(preferences))
        .route("/cookies.json", web::get().to(policy_json))
        .route("/consent", web::post().to(save_consent))
        .route("/consent/records.json", web::get().to(consent_records))
        .route("/static/site.css", web::get().to(site_css))
        .route("/static/policy.css", web::get().to(policy_css))
        .route("/static/analytics.js", web::get().to(analytics_js))
        .route(
            "/static/forget-analytics.js",
            web::get().to(forget_analytics_js),
        )
        .route(
            "/banner/cookieconsent.json",
            web::get().to(cookieconsent_config),
        )
        .route("/banner/klaro.json", web::get().to(klaro_config))
        .route("/.well-known/gpc.json", web::get().to(gpc_json))
        .default_service(web::to(not_found))
        // Around every route and the default service, so that every response gets the
        // headers, actix-web's own (405, a form it refuses) included.
        .wrap(from_fn(security_headers))
}

/// The video host's routes: every `GET` answered by [`VideoHost::respond`], anything else
/// actix-web's `405`. Nothing of the site runs here, its cookie policy least of all: it is
/// another company's server.
///
/// ```
/// use actix_web::test::{TestRequest, call_service, init_service};
/// use example_actix::video_host;
/// use example_site::video_host::VideoHost;
///
/// # actix_web::rt::System::new().block_on(async {
/// let app = init_service(video_host(actix_web::web::Data::new(VideoHost::on_port(4001)))).await;
/// let response = call_service(&app, TestRequest::get().uri("/embed/portal-tour").to_request()).await;
/// assert_eq!(response.status(), 200);
/// assert!(response.headers().contains_key("set-cookie"));
/// let post = TestRequest::post().uri("/embed/portal-tour").to_request();
/// assert_eq!(call_service(&app, post).await.status(), 405);
/// # });
/// ```
pub fn video_host(
    host: web::Data<VideoHost>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    // One resource for every path: its `GET` route, and actix-web's `405` for any other method.
    App::new()
        .app_data(host)
        .service(web::resource("/{path:.*}").get(play))
}

async fn play(host: web::Data<VideoHost>, request: HttpRequest) -> Reply {
    Reply(host.respond(request.path()))
}

type SiteData = web::Data<Site>;

async fn home(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.home(&visit))
}

async fn login_page(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.login_page(&visit))
}

async fn login(site: SiteData, Posted(visit, form): Posted<LoginForm>) -> Reply {
    Reply(site.login(&visit, form))
}

async fn logout(site: SiteData, Posted(visit, form): Posted<LogoutForm>) -> Reply {
    Reply(site.logout(&visit, form))
}

async fn set_language(site: SiteData, Visited(visit): Visited, code: web::Path<String>) -> Reply {
    Reply(site.set_language(&visit, &code))
}

async fn policy(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.policy(&visit))
}

async fn preferences(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.preferences(&visit))
}

async fn save_consent(site: SiteData, Posted(visit, form): Posted<ConsentForm>) -> Reply {
    Reply(site.save_consent(&visit, form).await)
}

async fn consent_records(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.consent_records(&visit).await)
}

async fn policy_json(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.policy_json(&visit))
}

async fn analytics_js(site: SiteData) -> Reply {
    Reply(site.analytics_js())
}

async fn forget_analytics_js(site: SiteData) -> Reply {
    Reply(site.forget_analytics_js())
}

async fn site_css(site: SiteData) -> Reply {
    Reply(site.site_css())
}

async fn policy_css(site: SiteData) -> Reply {
    Reply(site.policy_css())
}

async fn cookieconsent_config(site: SiteData) -> Reply {
    Reply(site.cookieconsent_config())
}

async fn klaro_config(site: SiteData) -> Reply {
    Reply(site.klaro_config())
}

async fn gpc_json(site: SiteData) -> Reply {
    Reply(site.gpc_json())
}

async fn not_found(site: SiteData, Visited(visit): Visited) -> Reply {
    Reply(site.not_found(&visit))
}

/// The site, from the app's data; a `500` when the app was built without it (not [`app`]).
fn site_of(request: &HttpRequest) -> Result<SiteData, actix_web::Error> {
    request
        .app_data::<SiteData>()
        .cloned()
        .ok_or_else(|| ErrorInternalServerError("the app has no example_site::Site in its data"))
}

/// The request's head, as the site reads it.
fn head(request: &HttpRequest) -> RequestHead<'_> {
    let uri = request.uri();
    let target = uri.path_and_query().map_or("/", |p| p.as_str());
    RequestHead::new(target)
        .authority(uri.authority().map(|a| a.as_str()))
        .headers(
            request
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_bytes())),
        )
        // The middleware has read the consent already (when the site runs with it).
        .consent(request.extensions().get::<ConsentState>().copied())
}

/// The extractor of the site's [`Visit`]: reading it never fails (in an app built by [`app`]).
struct Visited(Visit);

impl FromRequest for Visited {
    type Error = actix_web::Error;
    type Future = Ready<Result<Visited, actix_web::Error>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(site_of(request).map(|site| Visited(site.visit(&head(request)))))
    }
}

/// The extractor of every `POST` handler: the visit and the form, read only once
/// [`Site::guard`] has let the request through (a form from another site gets the site's `403`
/// page whatever its body is, even one that is not a form at all). The token is checked by the
/// site's handler.
struct Posted<T>(Visit, T);

impl<T> FromRequest for Posted<T>
where
    T: DeserializeOwned + 'static,
{
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Posted<T>, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let site = match site_of(request) {
            Ok(site) => site,
            Err(error) => return Box::pin(ready(Err(error))),
        };
        let visit = site.visit(&head(request));
        if let Err(refused) = site.guard(&visit) {
            // The site's page as the error's response: made inside the handler's service, so
            // the middleware around it sees it like any other.
            let error = InternalError::from_response(
                "a form from another site",
                Reply(refused).into_response(),
            );
            return Box::pin(ready(Err(error.into())));
        }
        let form = web::Form::<T>::from_request(request, payload);
        Box::pin(async move {
            let web::Form(form) = form.await?;
            Ok(Posted(visit, form))
        })
    }
}

/// An [`Outcome`] of the site, sent as an actix-web response.
pub struct Reply(pub Outcome);

impl Reply {
    /// The response: the status, each header appended in order (a header the site could not
    /// have made, which [`Outcome`] rules out, is left out), the body.
    pub fn into_response(self) -> HttpResponse {
        let Outcome {
            status,
            headers,
            body,
        } = self.0;
        let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = HttpResponse::with_body(status, body);
        for (name, value) in headers {
            if let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
            {
                response.headers_mut().append(name, value);
            }
        }
        response.map_into_boxed_body()
    }
}

impl Responder for Reply {
    type Body = BoxBody;

    fn respond_to(self, _: &HttpRequest) -> HttpResponse {
        self.into_response()
    }
}

/// Sets the site's security headers on the response to `request`, whoever made it, but for one
/// the response carries already: a page's own Content-Security-Policy, which allows the nonce
/// of its inline script. The names and values are valid (`example_site::security_headers`
/// tests them).
async fn security_headers(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let site = request.app_data::<SiteData>().cloned();
    let path = request.path().to_string();
    let mut response = next.call(request).await?;
    if let Some(site) = site {
        for (name, value) in site.security_headers(&path) {
            let name = HeaderName::from_static(name);
            if let (false, Ok(value)) = (
                response.headers().contains_key(&name),
                HeaderValue::from_str(value),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
    }
    Ok(response)
}
