//! What the actix tests share: the cookies they set, declared as an application would (on top
//! of the tower layer's test declarations, `test_middleware`), and one request through an app
//! wrapped in the policy.

use std::sync::{Arc, Mutex};

use actix_web::http::StatusCode;
use actix_web::http::header::{COOKIE, HeaderValue, SET_COOKIE};
use actix_web::{App, HttpResponse, test, web};
use cookie_registry::Cookie;
use cookie_registry::actix::CookiePolicy;
use cookie_registry::enforce::{Mode, Violation};

pub use test_middleware::{
    ANALYTICS, ANALYTICS_OK, CART, Embed, GA_FAMILY, PREFERENCES, SESSION, SESSION_OK,
    consent_cookie, consent_pair, consent_set_cookie, consent_value, kinds, registry,
};

/// A necessary cookie with the default attributes, as a typed handle.
#[derive(Cookie)]
#[cookie(
    name = "login",
    provider = "Example",
    category = necessary,
    function(en = "Login", fr = "Connexion"),
    purpose(en = "To keep you logged in", fr = "Vous garder connecté"),
    lifetime = "2 weeks",
)]
pub struct Login;

/// A cookie that needs consent, with every attribute away from its default.
#[derive(Cookie)]
#[cookie(
    name = "theme",
    provider = "Example",
    category = functionality,
    function(en = "Theme", fr = "Thème"),
    purpose(en = "To remember the theme", fr = "Se souvenir du thème"),
    lifetime = "1 year",
    path = "/app",
    domain = "example.org",
    http_only = false,
    same_site = strict,
)]
pub struct Theme;

/// A session cookie (no `Max-Age`), sent without `Secure`.
#[derive(Cookie)]
#[cookie(
    name = "legacy_cart",
    provider = "Example",
    category = necessary,
    function(en = "Shopping cart", fr = "Panier"),
    purpose(en = "To remember your cart", fr = "Se souvenir de votre panier"),
    lifetime = "session",
    secure = false,
)]
pub struct LegacyCart;

/// A consent cookie declared `partitioned` (for an app embedded in others' pages).
#[derive(Cookie)]
#[cookie(
    name = "embedded_preferences",
    provider = "Example",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie preferences", fr = "Préférences cookies"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
    lifetime = "6 months",
    partitioned,
)]
pub struct EmbeddedPreferences;

/// The policy in `mode`, and where its violations go.
pub fn policy(mode: Mode) -> (CookiePolicy, Arc<Mutex<Vec<Violation>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let policy = CookiePolicy::new(registry(), consent_cookie())
        .mode(mode)
        .on_violation(move |v| sink.lock().unwrap().push(v.clone()));
    (policy, seen)
}

/// What one request through the app gave.
#[derive(Debug)]
pub struct Outcome {
    /// The response's status.
    pub status: StatusCode,
    /// Its `Set-Cookie` headers, in order.
    pub sent: Vec<String>,
    /// What the policy reported.
    pub violations: Vec<Violation>,
}

/// One request, with `request_cookies` as its `Cookie` headers, through an app wrapped in the
/// policy whose every route answers with `set_cookies`.
pub async fn run(mode: Mode, request_cookies: &[&[u8]], set_cookies: &[&[u8]]) -> Outcome {
    let (policy, seen) = policy(mode);
    let set_cookies: Vec<HeaderValue> = set_cookies
        .iter()
        .map(|value| HeaderValue::from_bytes(value).unwrap())
        .collect();
    let app = test::init_service(
        App::new()
            .default_service(web::to(move || {
                let set_cookies = set_cookies.clone();
                async move {
                    let mut response = HttpResponse::Ok();
                    for value in set_cookies {
                        response.append_header((SET_COOKIE, value));
                    }
                    response.finish()
                }
            }))
            .wrap(policy),
    )
    .await;
    let mut request = test::TestRequest::get();
    for cookie in request_cookies {
        request = request.append_header((COOKIE, HeaderValue::from_bytes(cookie).unwrap()));
    }
    let response = test::call_service(&app, request.to_request()).await;
    let violations = seen.lock().unwrap().clone();
    Outcome {
        status: response.status(),
        sent: set_cookies_of(response.headers()),
        violations,
    }
}

/// The `Set-Cookie` headers of a response, in order.
pub fn set_cookies_of(headers: &actix_web::http::header::HeaderMap) -> Vec<String> {
    headers
        .get_all(SET_COOKIE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

/// `scripts/load`'s workload, for the benchmarks: `GET /` from a visitor who accepted
/// everything, answered with four declared cookies built per request.
pub mod workload {
    use std::sync::OnceLock;

    use actix_web::http::header::{COOKIE, SET_COOKIE};
    use actix_web::{HttpResponse, test};
    use cookie_registry::actix::DeclaredCookieExt;
    use cookie_registry::consent::{
        CategorySet, ConsentCookie, ConsentState, Functionality, NoConsentNeeded, Statistics,
    };
    use cookie_registry::declaration::Category;

    use super::{LegacyCart, Login, Theme, consent_pair};

    /// The handler: the consent from the request (read by the middleware, or by the handler
    /// itself without it, as an application without the middleware would), and four cookies,
    /// two of which need consent.
    pub async fn home(request: actix_web::HttpRequest) -> actix_web::Result<HttpResponse> {
        let consent = match actix_web::HttpMessage::extensions(&request)
            .get::<ConsentState>()
            .copied()
        {
            Some(consent) => consent,
            None => consent_cookie().from_cookie_headers(
                request.headers().get_all(COOKIE).map(|v| v.as_bytes()),
                std::time::SystemTime::now(),
            ),
        };
        let mut response = HttpResponse::Ok();
        response.cookie(Login::actix_cookie("a3f9c2e1b7d4", NoConsentNeeded)?);
        response.cookie(LegacyCart::actix_cookie("2", NoConsentNeeded)?);
        if let Ok(granted) = consent.granted::<Functionality>() {
            response.cookie(Theme::actix_cookie("dark", granted)?);
        }
        if let Ok(granted) = consent.granted::<Statistics>()
            && let Some(analytics) = super::registry().find(super::ANALYTICS)
        {
            response.append_header((SET_COOKIE, analytics.header("v42", granted)?));
        }
        Ok(response.body("<!doctype html><title>Home</title><p>Hello"))
    }

    /// The consent cookie, made once, as an application keeps it in its state.
    fn consent_cookie() -> &'static ConsentCookie {
        static CONSENT: OnceLock<ConsentCookie> = OnceLock::new();
        CONSENT.get_or_init(super::consent_cookie)
    }

    /// The `Cookie` header of a visitor who accepted everything and holds the four cookies.
    pub fn cookie_header() -> String {
        format!(
            "login=a3f9c2e1b7d4; legacy_cart=2; theme=dark; _pk_id=v41; {}",
            consent_pair(
                CategorySet::NONE
                    .with(Category::Functionality)
                    .with(Category::Statistics)
                    .with(Category::Marketing)
            )
        )
    }

    /// One request of the workload (`.to_request()` it).
    pub fn request(cookie_header: &str) -> test::TestRequest {
        test::TestRequest::get()
            .uri("/")
            .insert_header((COOKIE, cookie_header.to_owned()))
    }
}
