//! The actix-web 4 adapter: a middleware that holds every response's cookies to the policy, the
//! request's consent as a handler argument, and declared cookies as actix-web's cookie type
//! (feature `actix`).
//!
//! ```
//! use actix_web::{App, HttpResponse, web};
//! use cookie_registry::actix::{CookiePolicy, DeclaredCookieExt};
//! use cookie_registry::consent::{ConsentCookie, ConsentState, NoConsentNeeded, Statistics};
//! use cookie_registry::enforce::Mode;
//! use cookie_registry::{Cookie, DeclaredCookie, Registry};
//!
//! #[derive(Cookie)]
//! #[cookie(
//!     name = "cookies_preferences", provider = "Example", category = necessary,
//!     exemption = consent_storage, lifetime = "6 months", http_only = false,
//!     function(en = "Cookie preferences", fr = "Préférences cookies"),
//!     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
//! )]
//! struct Preferences;
//!
//! #[derive(Cookie)]
//! #[cookie(
//!     name = "sessionid", provider = "Example", category = necessary, lifetime = "2 weeks",
//!     function(en = "Login", fr = "Connexion"),
//!     purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
//! )]
//! struct Session;
//!
//! #[derive(Cookie)]
//! #[cookie(
//!     name = "_pk_id", provider = "Example", category = statistics, lifetime = "13 months",
//!     function(en = "Audience measurement", fr = "Mesure d'audience"),
//!     purpose(en = "To count visits", fr = "Compter les visites"),
//! )]
//! struct Analytics;
//!
//! /// The consent is a handler argument; each cookie is built from its declaration.
//! async fn home(consent: ConsentState) -> actix_web::Result<HttpResponse> {
//!     let mut response = HttpResponse::Ok();
//!     response.cookie(Session::actix_cookie("abc123", NoConsentNeeded)?);
//!     if let Ok(granted) = consent.granted::<Statistics>() {
//!         response.cookie(Analytics::actix_cookie("visitor-42", granted)?);
//!     }
//!     Ok(response.finish())
//! }
//!
//! # actix_web::rt::System::new().block_on(async {
//! let registry = Registry::global()?;
//! let consent = ConsentCookie::new(Preferences::DECLARATION, registry.revision())?;
//! let app = App::new()
//!     .route("/", web::get().to(home))
//!     // The last `wrap` is the outermost: it sees the cookies of every other middleware.
//!     .wrap(CookiePolicy::new(registry, consent).mode(Mode::Enforce));
//!
//! let app = actix_web::test::init_service(app).await;
//! let response = actix_web::test::call_service(&app, actix_web::test::TestRequest::get().to_request()).await;
//! // No consent yet: the session cookie only.
//! assert_eq!(response.response().cookies().map(|c| c.name().to_owned()).collect::<Vec<_>>(), ["sessionid"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! # })?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! For each request, the middleware reads the consent cookie from the `Cookie` headers and puts
//! the [`ConsentState`] in the request's extensions, where a handler takes it as an argument
//! (`consent: ConsentState`, or `web::ReqData<ConsentState>`) without parsing the cookie again.
//! For each response, it hands the `Set-Cookie` headers to the
//! [`Enforcer`](crate::enforce::Enforcer), strips what the judgment strips and appends the
//! removals it adds: what is checked, and why, is in the [`enforce`](crate::enforce) module's
//! docs. The middleware never fails a request, and an error of the services inside it goes out
//! unchanged.
//!
//! # Where the middleware goes
//!
//! A middleware sees the headers of the services *inside* it. With actix-web, the **last**
//! `.wrap(...)` is the outermost: wrap `CookiePolicy` after every middleware that sets cookies
//! (`SessionMiddleware`, `IdentityMiddleware`, your own). Unlike axum, the order of `wrap` and
//! `route` calls does not matter: `App::wrap` covers every route and the default service.
//!
//! What the middleware cannot see: cookies added by a middleware wrapped after it (outside
//! it), and the response actix-web makes from an `Err` that a middleware inside returns (it is
//! built outside every middleware; a handler's error is turned into a response inside, and is
//! judged). A streaming body is not read nor delayed: the judgment is on the head.
//!
//! # Cookies with actix-web's cookie type
//!
//! actix-web 4 uses the `cookie` crate 0.16, which is not the 0.18 of the `cookie` feature, and
//! has no `Partitioned`. [`DeclaredCookieExt`] (typed handles) and
//! [`CookieDeclaration::actix_cookie`](crate::declaration::CookieDeclaration::actix_cookie)
//! build that type with every declared attribute, and return
//! [`SetCookieError::Unsupported`](crate::enforce::SetCookieError::Unsupported) for a
//! `partitioned` declaration rather than a cookie without the attribute. The header value
//! route sends any declaration, `Partitioned` included:
//! `response.append_header((SET_COOKIE, Embed::header(value, proof)?))` (`append_header`, not
//! `insert_header`, which replaces the `Set-Cookie`s already there).

mod cookies;
mod extract;
mod future;
mod middleware;
mod transform;

use actix_web::http::header::{HeaderMap, SET_COOKIE};

pub use cookies::DeclaredCookieExt;
pub use extract::MissingCookiePolicy;
pub use future::ResponseFuture;
pub use middleware::CookiePolicyMiddleware;
pub use transform::CookiePolicy;

use crate::Registry;
use crate::consent::ConsentState;

/// Asserts that a response sets only declared cookies, consented to under `consent`, with their
/// declared attributes: [`enforce::assert_cookies_allowed`](crate::enforce::assert_cookies_allowed)
/// over actix-web's `HeaderMap`, for an application's tests.
///
/// ```
/// use actix_web::HttpResponse;
/// use actix_web::http::header::SET_COOKIE;
/// use cookie_registry::actix::assert_cookies_allowed;
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::{Registry, cookie};
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let response = HttpResponse::Ok()
///     .append_header((SET_COOKIE, "session=abc; Path=/; Secure; HttpOnly; SameSite=Lax"))
///     .finish();
/// assert_cookies_allowed(Registry::global()?, &ConsentState::NONE, response.headers());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
///
/// Listing every violation, when there is one.
#[track_caller]
pub fn assert_cookies_allowed(registry: &Registry, consent: &ConsentState, headers: &HeaderMap) {
    crate::enforce::assert_cookies_allowed(
        registry,
        consent,
        headers.get_all(SET_COOKIE).map(|v| v.as_bytes()),
    );
}
