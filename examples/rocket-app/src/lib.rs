//! The example site ([`example_site`]) served with Rocket 0.5, held to its cookie policy by
//! cookie-registry's fairing, [`CookiePolicyFairing`].
//!
//! Everything but Rocket is in `example-site`: the declarations, texts, pages, forms, CSRF
//! decision, security headers and the video host. This crate is the glue: the routes and
//! catchers, two guards that read a request into the site's [`Visit`] (and, for a `POST`,
//! refuse a form from another site before reading its body), [`Reply`] to send an [`Outcome`]
//! as a Rocket response, a fairing that sets the security headers on every response, the cookie
//! policy's fairing attached last, and [`video_host`], the video host's own Rocket for its
//! second listener.
//!
//! [`serve`] launches both on 127.0.0.1, as `cargo run -p example-rocket` does;
//! `cargo run -p example-rocket -- --help` for the server; `docs/rocket.md` for the guide.

use std::convert::Infallible;
use std::io::Cursor;
use std::net::{Ipv4Addr, SocketAddr};

use cookie_registry::rocket::CookiePolicyFairing;
use example_site::consent_log::ConsentLog;
use example_site::forms::{ConsentForm, LoginForm, LogoutForm, SiteForm};
use example_site::video_host::VideoHost;
use example_site::{Outcome, RequestHead, Site, Visit};
use rocket::config::{Config, LogLevel};
use rocket::data::{self, Data, FromData, Limits};
use rocket::fairing::AdHoc;
use rocket::http::{Header, Status};
use rocket::request::{self, FromRequest, Request};
use rocket::response::{self, Responder, Response};
use rocket::shield::Shield;
use rocket::tokio::sync::oneshot;
use rocket::tokio::task::JoinHandle;
use rocket::{Build, Ignite, Rocket, Shutdown, State, catch, catchers, get, post, routes};

pub use example_site::{Enforcement, Error, consent_cookie_pair};

/// The whole site: routes, catchers, state, the security headers and, unless `enforcement` is
/// [`Enforcement::Off`], the cookie policy's fairing, attached last.
///
/// # Errors
///
/// As [`Site::new`].
pub fn app(enforcement: Enforcement, config: Config) -> Result<Rocket<Build>, Error> {
    Ok(site_app(Site::new(enforcement)?, config))
}

/// The whole of `site`: [`app`], for a site built already (with its video host, say).
pub fn site_app(site: Site, config: Config) -> Rocket<Build> {
    let fairing = site
        .enforcer()
        .map(|enforcer| CookiePolicyFairing::from_enforcer(enforcer.clone()));
    let rocket = rocket::custom(config)
        .mount(
            "/",
            routes![
                home,
                login_page,
                login,
                logout,
                set_language,
                policy,
                preferences,
                save_consent,
                consent_records,
                policy_json,
                site_css,
                policy_css,
                analytics_js,
                forget_analytics_js,
                cookieconsent_config,
                klaro_config,
                gpc_json,
            ],
        )
        .register("/", catchers![not_found, other_status])
        // The site sets its own security headers (a stricter `X-Frame-Options` than Shield's
        // default): an empty Shield replaces the one Rocket attaches.
        .attach(Shield::new())
        .attach(AdHoc::on_response(
            "security headers",
            |request, response| {
                Box::pin(async move {
                    // The site is managed by `site_app`, so it is always there. A header the
                    // response carries already is a page's own Content-Security-Policy, which
                    // allows the nonce of its inline script.
                    if let Some(site) = request.rocket().state::<Site>() {
                        let path = request.uri().path();
                        for (name, value) in site.security_headers(path.as_str()) {
                            if !response.headers().contains(*name) {
                                response.set_raw_header(*name, value.clone());
                            }
                        }
                    }
                })
            },
        ))
        .manage(site);
    // Last: response fairings run in attach order, so it sees every cookie the others set.
    match fairing {
        Some(fairing) => rocket.attach(fairing),
        None => rocket,
    }
}

/// The video host's own Rocket, on `config`'s port: every `GET` answered by
/// [`VideoHost::respond`], anything else Rocket's `404`. Nothing of the site runs here, its
/// cookie policy least of all: it is another company's server. Rocket's default Shield is
/// replaced by an empty one: its `X-Frame-Options: SAMEORIGIN` would keep the site from
/// framing the player.
///
/// The host is [`VideoHost::on_port`] of the port Rocket listens on, read at each request:
/// with a port of `0`, Rocket 0.5 knows it only once it has bound (see [`serve`]).
///
/// ```
/// use example_rocket::{config, video_host};
/// use rocket::local::blocking::Client;
///
/// let client = Client::untracked(video_host(config(0)))?;
/// let player = client.get("/embed/portal-tour").dispatch();
/// assert_eq!(player.status().code, 200);
/// assert!(player.headers().get_one("set-cookie").is_some());
/// assert!(player.headers().get_one("x-frame-options").is_none());
/// assert_eq!(client.post("/embed/portal-tour").dispatch().status().code, 404);
/// # Ok::<(), rocket::Error>(())
/// ```
pub fn video_host(config: Config) -> Rocket<Build> {
    rocket::custom(config)
        .mount("/", routes![play])
        .attach(Shield::new())
}

#[get("/<_..>")]
fn play(video_host: ThisVideoHost) -> Reply {
    Reply(video_host.0)
}

/// The guard of the video host's answer to the request's path (as sent, percent-encoded).
struct ThisVideoHost(Outcome);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for ThisVideoHost {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<ThisVideoHost, Infallible> {
        let host = VideoHost::on_port(request.rocket().config().port);
        request::Outcome::Success(ThisVideoHost(host.respond(request.uri().path().as_str())))
    }
}

/// The example's addresses: the site and its video host, each on its own port of 127.0.0.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Running {
    /// The site's address (`http://127.0.0.1:{port}/`).
    pub site: SocketAddr,
    /// The video host's address, which pages call `localhost` (another site for the browser).
    pub video_host: SocketAddr,
}

/// The example launched by [`serve`]: where it listens, and the two Rockets' tasks. Dropping it
/// leaves both running until the runtime ends.
pub struct Launched {
    /// Where the site and its video host listen.
    pub running: Running,
    site: Task,
    video_host: Task,
    video_host_shutdown: Shutdown,
}

impl Launched {
    /// Waits until the site stops (Ctrl-C, unless its configuration says otherwise), then stops
    /// the video host, which only the site's pages use, and waits for it.
    ///
    /// # Errors
    ///
    /// When either Rocket failed.
    pub async fn stopped(self) -> Result<(), Error> {
        let site = finished(self.site).await;
        self.video_host_shutdown.notify();
        let video_host = finished(self.video_host).await;
        site.and(video_host)
    }
}

/// Launches the example on the current tokio runtime (Rocket's, under [`rocket::execute`]):
/// the video host on a free port of 127.0.0.1, then the site in `enforcement` with `config`
/// (its port `0` picks a free one), its home page embedding the video host's player, every
/// consent choice recorded in `consent_log`. Returns once both listen. The video host gets
/// `config` with a port of its own.
///
/// ```no_run
/// use example_rocket::{Enforcement, config, serve};
/// use example_site::consent_log;
///
/// rocket::execute(async {
///     let log = consent_log::open(&consent_log::default_path()).await?;
///     let launched = serve(Enforcement::Enforce, config(0), log).await?;
///     println!("http://{}/", launched.running.site);
///     launched.stopped().await
/// })?;
/// # Ok::<(), example_rocket::Error>(())
/// ```
///
/// # Errors
///
/// When a Rocket cannot launch (a port taken), or as [`Site::new`].
pub async fn serve(
    enforcement: Enforcement,
    config: Config,
    consent_log: ConsentLog,
) -> Result<Launched, Error> {
    let site = Site::new(enforcement)?.with_consent_log(consent_log);
    // `localhost` in the site's pages: 127.0.0.1, whatever address the site listens on.
    let video_config = Config {
        address: Ipv4Addr::LOCALHOST.into(),
        port: 0,
        ..config.clone()
    };
    let site_address = config.address;
    // Rocket 0.5 binds at launch: the video host's port is known once it lifts off, and the
    // site, which names that port in its pages and its Content-Security-Policy, is built after.
    let ((video_port, video_host_shutdown), video_host_task) = launch(video_host(video_config))
        .await
        .map_err(|error| format!("the video host: {error}"))?;
    let site = site.with_video_host(VideoHost::on_port(video_port));
    let ((site_port, _), site_task) = launch(site_app(site, config))
        .await
        .map_err(|error| format!("the site: {error}"))?;
    Ok(Launched {
        running: Running {
            site: SocketAddr::new(site_address, site_port),
            video_host: SocketAddr::from((Ipv4Addr::LOCALHOST, video_port)),
        },
        site: site_task,
        video_host: video_host_task,
        video_host_shutdown,
    })
}

type Task = JoinHandle<Result<Rocket<Ignite>, rocket::Error>>;

/// Launches `rocket` in a task of its own; once it listens, its port and shutdown handle.
async fn launch(rocket: Rocket<Build>) -> Result<((u16, Shutdown), Task), Error> {
    let (bound, listening) = oneshot::channel();
    let rocket = rocket.attach(AdHoc::on_liftoff("port", move |rocket| {
        Box::pin(async move {
            let _ = bound.send((rocket.config().port, rocket.shutdown()));
        })
    }));
    let task = rocket::tokio::spawn(rocket.launch());
    match listening.await {
        Ok(listening) => Ok((listening, task)),
        // It never lifted off: the task says why.
        Err(_) => Err(match finished(task).await {
            Ok(()) => "it stopped before it listened".into(),
            Err(error) => error,
        }),
    }
}

/// How a Rocket's task ended. (Rocket's error panics when dropped unread: it is read here.)
async fn finished(task: Task) -> Result<(), Error> {
    match task.await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(error)) => Err(error.to_string().into()),
        Err(error) => Err(error.to_string().into()),
    }
}

/// Rocket's configuration for the example: `127.0.0.1:port` (`0` picks a free port), plain
/// HTTP, and only critical messages in Rocket's log (the site prints its violations itself).
pub fn config(port: u16) -> Config {
    Config {
        address: Ipv4Addr::LOCALHOST.into(),
        port,
        log_level: LogLevel::Critical,
        cli_colors: false,
        ..Config::default()
    }
}

#[get("/")]
fn home(site: &State<Site>, visit: Visited) -> Reply {
    Reply(site.home(&visit.0))
}

#[get("/login")]
fn login_page(site: &State<Site>, visit: Visited) -> Reply {
    Reply(site.login_page(&visit.0))
}

#[post("/login", data = "<posted>")]
fn login(site: &State<Site>, posted: Posted<LoginForm>) -> Reply {
    posted.answer(|visit, form| site.login(visit, form))
}

#[post("/logout", data = "<posted>")]
fn logout(site: &State<Site>, posted: Posted<LogoutForm>) -> Reply {
    posted.answer(|visit, form| site.logout(visit, form))
}

#[get("/lang/<code>")]
fn set_language(site: &State<Site>, visit: Visited, code: &str) -> Reply {
    Reply(site.set_language(&visit.0, code))
}

#[get("/cookies")]
fn policy(site: &State<Site>, visit: Visited) -> Reply {
    Reply(site.policy(&visit.0))
}

#[get("/cookies/preferences")]
fn preferences(site: &State<Site>, visit: Visited) -> Reply {
    Reply(site.preferences(&visit.0))
}

#[post("/consent", data = "<posted>")]
async fn save_consent(site: &State<Site>, posted: Posted<ConsentForm>) -> Reply {
    Reply(match posted.0 {
        Ok((visit, form)) => site.save_consent(&visit, form).await,
        Err(refusal) => refusal,
    })
}

#[get("/consent/records.json")]
async fn consent_records(site: &State<Site>, visit: Visited) -> Reply {
    Reply(site.consent_records(&visit.0).await)
}

#[get("/cookies.json")]
fn policy_json(site: &State<Site>, visit: Visited) -> Reply {
    Reply(site.policy_json(&visit.0))
}

#[get("/static/analytics.js")]
fn analytics_js(site: &State<Site>) -> Reply {
    Reply(site.analytics_js())
}

#[get("/static/forget-analytics.js")]
fn forget_analytics_js(site: &State<Site>) -> Reply {
    Reply(site.forget_analytics_js())
}

#[get("/static/site.css")]
fn site_css(site: &State<Site>) -> Reply {
    Reply(site.site_css())
}

#[get("/static/policy.css")]
fn policy_css(site: &State<Site>) -> Reply {
    Reply(site.policy_css())
}

#[get("/banner/cookieconsent.json")]
fn cookieconsent_config(site: &State<Site>) -> Reply {
    Reply(site.cookieconsent_config())
}

#[get("/banner/klaro.json")]
fn klaro_config(site: &State<Site>) -> Reply {
    Reply(site.klaro_config())
}

#[get("/.well-known/gpc.json")]
fn gpc_json(site: &State<Site>) -> Reply {
    Reply(site.gpc_json())
}

/// Every path no route takes, and every method a path does not take (Rocket answers both
/// with `404`): the site's own page.
#[catch(404)]
fn not_found(request: &Request<'_>) -> Reply {
    Reply(match request.rocket().state::<Site>() {
        Some(site) => site.not_found(&visit(site, request)),
        None => plain(404, "not found"),
    })
}

/// Any other error Rocket answers itself (a handler's panic is a `500`): its status, in plain
/// text.
#[catch(default)]
fn other_status(status: Status, _: &Request<'_>) -> Reply {
    Reply(plain(status.code, status.reason_lossy()))
}

/// The site's [`Visit`] of `request`: its target and every header, as the site reads them.
///
/// Rocket gives header values as text: it drops a header whose value is not UTF-8 before any
/// guard or fairing runs, so the site never sees such a `Cookie` header (see `docs/rocket.md`).
/// Rocket's target is always a path and query (it answers `400` to any other), so there is no
/// authority to give.
fn visit(site: &Site, request: &Request<'_>) -> Visit {
    let target = request.uri().to_string();
    let headers: Vec<Header<'_>> = request.headers().iter().collect();
    let head = RequestHead::new(&target)
        .headers(
            headers
                .iter()
                .map(|header| (header.name().as_str(), header.value().as_bytes())),
        )
        // The fairing has read the consent already (when it is attached).
        .consent(cookie_registry::rocket::consent_read_by_fairing(request));
    site.visit(&head)
}

/// The guard of the site's [`Visit`]: reading it never fails.
struct Visited(Visit);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Visited {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Visited, Infallible> {
        match request.rocket().state::<Site>() {
            Some(site) => request::Outcome::Success(Visited(visit(site, request))),
            // `app` always manages the site; a route outside it gets the `404` page.
            None => request::Outcome::Forward(Status::NotFound),
        }
    }
}

/// The data guard of every `POST` handler: the visit and the form, read only once
/// [`Site::guard`] has let the request through (a form from another site gets the site's `403`
/// page whatever its body is, even one that is not a form at all); else the response to send.
/// The token is checked by the site's handler.
struct Posted<T>(Result<(Visit, T), Outcome>);

impl<T> Posted<T> {
    /// The handler's outcome for the form, or the refusal.
    fn answer(self, handler: impl FnOnce(&Visit, T) -> Outcome) -> Reply {
        Reply(match self.0 {
            Ok((visit, form)) => handler(&visit, form),
            Err(refusal) => refusal,
        })
    }
}

#[rocket::async_trait]
impl<'r, T: SiteForm + Send> FromData<'r> for Posted<T> {
    type Error = Infallible;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        match request.rocket().state::<Site>() {
            Some(site) => data::Outcome::Success(Posted(read_form(site, request, data).await)),
            None => data::Outcome::Forward((data, Status::NotFound)),
        }
    }
}

/// What axum's and actix-web's `Form` do, after the site's guard: `415` for a body that is not
/// a form, `413` past Rocket's `form` limit, `422` for a form without these fields.
async fn read_form<T: SiteForm>(
    site: &Site,
    request: &Request<'_>,
    data: Data<'_>,
) -> Result<(Visit, T), Outcome> {
    let visit = visit(site, request);
    site.guard(&visit)?;
    if !request.content_type().is_some_and(|ct| ct.is_form()) {
        return Err(plain(
            415,
            "expected an application/x-www-form-urlencoded form",
        ));
    }
    let limit = request.limits().get("form").unwrap_or(Limits::FORM);
    let body = match data.open(limit).into_bytes().await {
        Ok(body) if body.is_complete() => body.into_inner(),
        Ok(_) => return Err(plain(413, "the form is too large")),
        Err(_) => return Err(plain(400, "the body broke off")),
    };
    let form = T::from_urlencoded(&body).map_err(|error| plain(422, error.to_string()))?;
    Ok((visit, form))
}

/// A plain-text response of the glue's own.
fn plain(status: u16, text: impl Into<String>) -> Outcome {
    Outcome {
        status,
        headers: vec![("content-type", "text/plain; charset=utf-8".to_string())],
        body: text.into().into(),
    }
}

/// An [`Outcome`] of the site, sent as a Rocket response: the status, each header appended in
/// order (one `Set-Cookie` per cookie), the body.
pub struct Reply(pub Outcome);

impl<'r> Responder<'r, 'static> for Reply {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let Outcome {
            status,
            headers,
            body,
        } = self.0;
        let mut response = Response::build();
        response.status(Status::new(status));
        for (name, value) in headers {
            response.raw_header_adjoin(name, value);
        }
        response.sized_body(body.len(), Cursor::new(body));
        response.ok()
    }
}
