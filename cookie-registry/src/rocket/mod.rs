//! The Rocket 0.5 adapter (feature `rocket`): a fairing that holds every response's cookies to
//! the policy, and the visitor's consent as a request guard.
//!
//! ```
//! use cookie_registry::consent::{CategorySet, ConsentCookie, ConsentState, Statistics};
//! use cookie_registry::declaration::Category;
//! use cookie_registry::rocket::CookiePolicyFairing;
//! use cookie_registry::{Cookie, DeclaredCookie, Registry};
//! use rocket::http::CookieJar;
//! use rocket::local::blocking::Client;
//! use rocket::{get, routes};
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
//!     name = "_pk_id", provider = "Example", category = statistics, lifetime = "13 months",
//!     function(en = "Audience measurement", fr = "Mesure d'audience"),
//!     purpose(en = "To count visits", fr = "Compter les visites"),
//! )]
//! struct Analytics;
//!
//! #[get("/")]
//! fn index(consent: ConsentState, jar: &CookieJar<'_>) -> &'static str {
//!     // Built from its declaration, with the proof of consent that only `consent` hands out.
//!     if let Ok(granted) = consent.granted::<Statistics>() {
//!         jar.add(Analytics::cookie("v1", granted).expect("a valid value"));
//!     }
//!     jar.add(("tracker", "1")); // declared nowhere: the fairing strips it
//!     "Hello"
//! }
//!
//! let registry = Registry::global()?;
//! let consent = ConsentCookie::new(Preferences::DECLARATION, registry.revision())?;
//! let app = rocket::build()
//!     .mount("/", routes![index])
//!     .attach(CookiePolicyFairing::new(registry, consent)); // after every cookie-setting fairing
//! let client = Client::untracked(app)?;
//!
//! // No choice yet: no `_pk_id`, and `tracker` is stripped.
//! assert_eq!(client.get("/").dispatch().cookies().iter().count(), 0);
//!
//! // Statistics granted: `_pk_id` goes out; `tracker` still does not.
//! let choice = consent.choose(CategorySet::NONE.with(Category::Statistics), std::time::SystemTime::now());
//! let response = client.get("/").cookie(consent.cookie(&choice).unwrap()).dispatch();
//! let names: Vec<String> = response.cookies().iter().map(|c| c.name().to_string()).collect();
//! assert_eq!(names, ["_pk_id"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The guard (`consent: ConsentState` in a handler's arguments) reads the consent cookie of the
//! request the handler gets, and the [`CookiePolicyFairing`] judges the response under the same
//! reading: the guard's, recalled by the bytes it was read from, or the cookie read again when
//! no guard asked (or in a later second: a consent that expired in between no longer counts).
//! For each response, it hands the `Set-Cookie` headers to the
//! [`Enforcer`](crate::enforce::Enforcer), strips what the judgment strips and appends the
//! removals it adds: what is checked, and why, is in the
//! [`enforce`](crate::enforce) module's docs. It never changes a status: a malformed header is
//! a violation (stripped in enforce mode), not an error.
//!
//! # What the fairing sees
//!
//! Rocket writes the changes of the request's [`CookieJar`](::rocket::http::CookieJar) as
//! `Set-Cookie` headers *before* the response fairings run, so the fairing judges cookies added
//! through the jar (`add`, `add_private`, `remove`) and cookies set as headers alike, on the
//! responses of routes and of catchers (404s, and the 500s of failing handlers; Rocket drops
//! the jar changes of a handler that fails or forwards, and keeps the catcher's own).
//!
//! It does not see:
//!
//! * **what a fairing attached after it adds** in its own `on_response`: response fairings run
//!   in attach order, so attach this one last. Cookies another fairing adds to the *jar* in
//!   `on_response` are never sent at all (Rocket has written the jar by then);
//! * **responses to requests Rocket refuses before any fairing runs**: an unknown method or a
//!   request target it cannot read gets the 400 catcher's response without request or response
//!   fairings (a `Set-Cookie` that catcher sets goes out unchecked);
//! * **a `Cookie` header that is not UTF-8**: Rocket drops the whole header before any fairing
//!   runs, so a consent cookie in it is not read (no consent), and the withdrawn cookies it
//!   carries are not deleted on that response.
//!
//! Rocket's local client puts a request's cookies (`LocalRequest::cookie`, a tracked client's
//! jar) in the jar without a `Cookie` header; the fairing reads them there, so tests see the
//! same verdicts as the network.
//!
//! # Cookies through Rocket's jar
//!
//! Rocket 0.5 takes the `cookie` crate's cookies at the version the `cookie` feature builds,
//! so `jar.add(Session::cookie(value, NoConsentNeeded)?)` keeps every declared attribute.
//! Rocket fills in `Path`, `SameSite` and (with TLS) `Secure` only when a cookie lacks them,
//! and a declared cookie has them all. `add_private` encrypts the value and, for a cookie
//! without an expiry, adds `Expires` a week ahead: a declared session cookie added that way is
//! sent persistent, which the fairing reports as drift.
//!
//! # The guard without the fairing
//!
//! The guard reads the consent through the fairing's enforcer, or, without the fairing, through
//! an [`Enforcer`](crate::enforce::Enforcer) the application manages. With neither, an
//! application whose routes take a [`ConsentState`] does not launch (Rocket's sentinels).

mod fairing;
mod guard;
mod headers;
mod reading;
mod request;
mod respond;
mod response;

use ::rocket::http::HeaderMap;

pub use fairing::CookiePolicyFairing;
pub use guard::consent_read_by_fairing;

use crate::Registry;
use crate::consent::ConsentState;

/// Asserts that a response sets only declared cookies, consented to under `consent`, with their
/// declared attributes: [`enforce::assert_cookies_allowed`](crate::enforce::assert_cookies_allowed)
/// over Rocket's headers (`response.headers()`, a local client's response included).
///
/// ```
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::rocket::assert_cookies_allowed;
/// use cookie_registry::{Registry, cookie};
/// use rocket::http::{Header, HeaderMap};
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let mut headers = HeaderMap::new();
/// headers.add(Header::new("Set-Cookie", "session=abc; Path=/; Secure; HttpOnly; SameSite=Lax"));
/// assert_cookies_allowed(Registry::global()?, &ConsentState::NONE, &headers);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
///
/// Listing every violation, when there is one.
#[track_caller]
pub fn assert_cookies_allowed(
    registry: &Registry,
    consent: &ConsentState,
    headers: &HeaderMap<'_>,
) {
    crate::enforce::assert_cookies_allowed(
        registry,
        consent,
        headers::values(headers, &response::SET_COOKIE_NAME).map(str::as_bytes),
    );
}
