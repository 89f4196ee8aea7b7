//! The cookies the Rocket tests set, declared as an application would (the tower layer's test
//! declarations, `test_middleware`, and Rocket's own flash cookie), and the application they
//! send requests to: a route that answers with the `Set-Cookie` headers and jar cookies a test
//! scripts, behind the fairing.

use std::io::Cursor;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use cookie_registry::consent::CategorySet;
use cookie_registry::cookie;
use cookie_registry::enforce::{Mode, Violation};
use cookie_registry::rocket::CookiePolicyFairing;
use rocket::config::{Config, LogLevel, SecretKey};
use rocket::http::{CookieJar, Header, Status};
use rocket::local::asynchronous::Client;
use rocket::response::{self, Responder, Response};
use rocket::{Build, Request, Rocket, State, get, routes};

pub use test_middleware::{
    ANALYTICS, ANALYTICS_OK, Cart, Embed, GA_FAMILY, Preferences, SESSION, SESSION_OK,
    consent_cookie, consent_pair, kinds, registry,
};

/// Rocket's own flash-message cookie (`rocket::response::Flash`), declared with the attributes
/// Rocket gives it over plain HTTP: five minutes, `SameSite=Strict`, readable by scripts, not
/// `Secure` (Rocket adds `Secure` when TLS is on).
#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Messages after a form", fr = "Messages après un formulaire"),
    purpose(en = "To show the result of the last action", fr = "Afficher le résultat de la dernière action"),
    lifetime = "5 minutes",
    same_site = strict,
    http_only = false,
    secure = false,
)]
pub const FLASH: &str = "_flash";

/// The `Set-Cookie` header value that records `categories` now, as a consent endpoint built on
/// Rocket's jar sends it: the `cookie` crate's text, not [`test_middleware::consent_set_cookie`]'s.
pub fn consent_header(categories: CategorySet) -> String {
    let consent = consent_cookie();
    let state = consent.choose(categories, SystemTime::now());
    consent
        .cookie(&state)
        .expect("a choice")
        .build()
        .to_string()
}

/// Rocket as the tests configure it: debug defaults, no log, a fixed secret key (for private
/// cookies), no colours.
pub fn rocket() -> Rocket<Build> {
    rocket::custom(Config {
        log_level: LogLevel::Off,
        secret_key: SecretKey::from(&[7; 64]),
        cli_colors: false,
        ..Config::debug_default()
    })
}

/// Where a fairing puts its violations.
pub type Reported = Arc<Mutex<Vec<Violation>>>;

/// The fairing in `mode`, reporting into the returned list.
pub fn fairing(mode: Mode) -> (CookiePolicyFairing, Reported) {
    let reported = Reported::default();
    let sink = reported.clone();
    let fairing = CookiePolicyFairing::new(registry(), consent_cookie())
        .mode(mode)
        .on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    (fairing, reported)
}

/// What the scripted route does, in this order: adds `jar` cookies with `CookieJar::add` and
/// `private` ones with `CookieJar::add_private`, and answers `200 ok` with the `headers` as
/// `Set-Cookie` headers of its own.
#[derive(Clone, Debug, Default)]
pub struct Script {
    /// `Set-Cookie` header values the handler's response carries.
    pub headers: Vec<String>,
    /// Cookies added to Rocket's jar.
    pub jar: Vec<rocket::http::Cookie<'static>>,
    /// Cookies added to Rocket's jar as private (encrypted) cookies.
    pub private: Vec<rocket::http::Cookie<'static>>,
}

impl Script {
    /// A route that answers with these `Set-Cookie` header values.
    pub fn headers<S: ToString>(headers: &[S]) -> Script {
        Script {
            headers: headers.iter().map(ToString::to_string).collect(),
            ..Script::default()
        }
    }
}

/// A response with `Set-Cookie` headers set by the handler itself (not through the jar).
pub struct WithSetCookies(pub Vec<String>);

impl<'r> Responder<'r, 'static> for WithSetCookies {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response.sized_body(2, Cursor::new("ok"));
        for value in self.0 {
            response.raw_header_adjoin("Set-Cookie", value);
        }
        response.ok()
    }
}

#[get("/")]
fn scripted(script: &State<Script>, jar: &CookieJar<'_>) -> WithSetCookies {
    for cookie in &script.jar {
        jar.add(cookie.clone());
    }
    for cookie in &script.private {
        jar.add_private(cookie.clone());
    }
    WithSetCookies(script.headers.clone())
}

/// The application under test: the scripted route at `/`, behind `fairing` when there is one.
pub fn app(script: Script, fairing: Option<CookiePolicyFairing>) -> Rocket<Build> {
    let app = rocket().manage(script).mount("/", routes![scripted]);
    match fairing {
        Some(fairing) => app.attach(fairing),
        None => app,
    }
}

/// What one request got.
#[derive(Debug)]
pub struct Sent {
    /// The response's status.
    pub status: Status,
    /// The response's `Set-Cookie` header values, in order.
    pub set_cookies: Vec<String>,
    /// What the fairing reported.
    pub violations: Vec<Violation>,
}

/// One `GET /` with `request_cookie` as its `Cookie` header, through the fairing in `mode`
/// around the route scripted by `script`.
pub async fn run(mode: Mode, request_cookie: Option<&str>, script: Script) -> Sent {
    let (fairing, reported) = fairing(mode);
    let client = Client::untracked(app(script, Some(fairing)))
        .await
        .expect("the app launches");
    let mut request = client.get("/");
    if let Some(cookie) = request_cookie {
        request.add_header(Header::new("Cookie", cookie.to_owned()));
    }
    let response = request.dispatch().await;
    Sent {
        status: response.status(),
        set_cookies: set_cookies(response.headers()),
        violations: reported.lock().unwrap().clone(),
    }
}

/// The `Set-Cookie` header values of `headers`, in order.
pub fn set_cookies(headers: &rocket::http::HeaderMap<'_>) -> Vec<String> {
    headers.get("Set-Cookie").map(str::to_owned).collect()
}
