//! What the jar tests share: the cookies they set, declared as an application would, a policy
//! layer that records its violations, one request through an axum app, and the verdicts every
//! jar must get (`assert_*`, against the routes every test app serves: `/declared`,
//! `/undeclared`, `/cached`, `/logout`).
//!
//! Each jar takes the `cookie` crate's (0.18) types, so a declared cookie goes in with one
//! line, `jar.add(Session::cookie(value, NoConsentNeeded)?)`, and the layer outside the jar
//! judges what the jar writes like any other `Set-Cookie`.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use cookie_registry::consent::{CategorySet, ConsentCookie, ConsentState, Statistics};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::cookie::Cookie as JarCookie;
use cookie_registry::enforce::{Mode, SetCookieError, Violation, ViolationKind};
use cookie_registry::tower::CookiePolicyLayer;
use cookie_registry::{Cookie, DeclaredCookie, Registry};
use http::header::{COOKIE, SET_COOKIE};
use http::{Request, StatusCode};
use tower::ServiceExt;

/// A necessary session cookie.
#[derive(Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Example",
    category = necessary,
    function(en = "Login", fr = "Connexion"),
    purpose(en = "To keep you logged in", fr = "Vous garder connecté"),
    lifetime = "2 weeks",
)]
pub struct Session;

/// An audience-measurement cookie that needs consent to statistics.
#[derive(Cookie)]
#[cookie(
    name = "_pk_id",
    provider = "Example",
    category = statistics,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
)]
pub struct Analytics;

/// The consent cookie.
#[derive(Cookie)]
#[cookie(
    name = "cookies_preferences",
    provider = "Example",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie preferences", fr = "Préférences cookies"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
    lifetime = "6 months",
    http_only = false,
)]
pub struct Preferences;

/// The declarations of this crate.
pub fn registry() -> &'static Registry {
    Registry::global().expect("the declarations of test-jars")
}

/// The consent cookie the layer reads.
pub fn consent_cookie() -> ConsentCookie {
    ConsentCookie::new(Preferences::DECLARATION, registry().revision())
        .expect("a consent cookie declaration")
}

/// A `Cookie` request header pair recording a choice of `granted`, made now.
pub fn consent_pair(granted: CategorySet) -> String {
    let state = consent_cookie().choose(granted, SystemTime::now());
    let value = state.cookie_value().expect("a choice has a cookie value");
    format!("{}={value}", Preferences::DECLARATION.name())
}

/// A cookie that could not be built, as a handler's `500`: `?` on a declaration's builder in
/// an axum handler.
#[derive(Debug)]
pub struct Failed(pub SetCookieError);

impl From<SetCookieError> for Failed {
    fn from(error: SetCookieError) -> Failed {
        Failed(error)
    }
}

impl IntoResponse for Failed {
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, self.0.to_string()).into_response()
    }
}

/// The policy layer in [`Mode::Enforce`], and the violations it has reported.
#[derive(Clone)]
pub struct Policy {
    layer: CookiePolicyLayer,
    seen: Arc<Mutex<Vec<Violation>>>,
}

impl Policy {
    /// A layer for this crate's declarations that records every violation.
    pub fn enforce() -> Policy {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let layer = CookiePolicyLayer::new(registry(), consent_cookie())
            .mode(Mode::Enforce)
            .on_violation(move |violation| sink.lock().unwrap().push(violation.clone()));
        Policy { layer, seen }
    }

    /// The layer, to add last (outermost) to an app.
    pub fn layer(&self) -> CookiePolicyLayer {
        self.layer.clone()
    }

    /// The violations reported since the last call.
    pub fn take(&self) -> Vec<Violation> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// `GET path` through `app`, with `cookie` as the `Cookie` header when not empty: the
/// `Set-Cookie` values of the response, which must be a `200`, sorted (a jar writes its delta
/// in no particular order).
pub async fn get(app: &Router, path: &str, cookie: &str) -> Vec<String> {
    let mut request = Request::get(path);
    if !cookie.is_empty() {
        request = request.header(COOKIE, cookie);
    }
    let request = request.body(Body::empty()).unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    let mut sent: Vec<String> = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_string())
        .collect();
    sent.sort();
    sent
}

/// The names of `set_cookies`, in order.
pub fn names(set_cookies: &[String]) -> Vec<&str> {
    set_cookies
        .iter()
        .map(|value| value.split('=').next().unwrap_or_default())
        .collect()
}

/// A `_pk_id` built with the consent of another visitor (a cookie made once and then added to
/// every response): the proof of consent is checked where a cookie is built, not where it is
/// sent, so the layer is what catches it. Served at `/cached` by each test app.
pub fn cached_analytics() -> JarCookie<'static> {
    let first_visitor =
        ConsentState::given(CategorySet::ALL, SystemTime::now(), registry().revision());
    let granted = first_visitor
        .granted::<Statistics>()
        .expect("every category granted");
    Analytics::cookie("cached-visitor", granted)
        .expect("a valid value")
        .build()
}

/// `GET /declared` with and without consent to statistics, then `GET /logout`: the session
/// (its value `abc123`, as each test app's `/declared` sets it) every time, the analytics cookie
/// only with the consent (without it the handler has no proof to build it with), and the
/// session's removal with its declared path; nothing reported.
pub async fn assert_declared_passes(app: &Router, policy: &Policy) {
    let statistics = consent_pair([Category::Statistics].into_iter().collect());
    let sent = get(app, "/declared", &statistics).await;
    assert_eq!(names(&sent), ["_pk_id", "sessionid"], "{sent:?}");
    assert!(sent[1].starts_with("sessionid=abc123;"), "{sent:?}");
    assert!(policy.take().is_empty());
    let sent = get(app, "/declared", "").await;
    assert_eq!(names(&sent), ["sessionid"]);
    assert!(policy.take().is_empty());
    let sent = get(app, "/logout", "sessionid=abc123").await;
    assert_eq!(names(&sent), ["sessionid"]);
    assert!(
        sent[0].contains("Max-Age=0") && sent[0].contains("Path=/"),
        "{sent:?}"
    );
    assert!(policy.take().is_empty());
}

/// The cookie `tracker`, which nothing declares, from `GET /undeclared`: stripped, and
/// reported.
pub async fn assert_undeclared_is_stripped(app: &Router, policy: &Policy) {
    let sent = get(app, "/undeclared", "").await;
    assert!(sent.is_empty(), "{sent:?}");
    let seen = policy.take();
    assert_eq!(seen.len(), 1, "{seen:?}");
    assert_eq!(
        (seen[0].name(), seen[0].kind()),
        ("tracker", &ViolationKind::Undeclared)
    );
}

/// [`cached_analytics`] from `GET /cached`: stripped for a visitor who did not consent to
/// statistics, kept for one who did.
pub async fn assert_unconsented_is_stripped(app: &Router, policy: &Policy) {
    let sent = get(app, "/cached", "").await;
    assert!(sent.is_empty(), "{sent:?}");
    let seen = policy.take();
    assert_eq!(seen.len(), 1, "{seen:?}");
    let missing = ViolationKind::MissingConsent {
        category: Category::Statistics,
    };
    assert_eq!((seen[0].name(), seen[0].kind()), ("_pk_id", &missing));
    // The same cookie for a visitor who consented: it was the consent that was missing.
    let statistics = consent_pair([Category::Statistics].into_iter().collect());
    let sent = get(app, "/cached", &statistics).await;
    assert_eq!(names(&sent), ["_pk_id"]);
    assert!(policy.take().is_empty());
}
