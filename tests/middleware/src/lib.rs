//! The cookies the middleware tests set, declared as an application would, and what tests
//! build from them: the test binary's registry and consent cookies.
//!
//! The actix-web and Rocket tests (test-actix, test-rocket) link this crate too, so that every
//! adapter is held to the same declarations, written once. It depends on cookie-registry with
//! its default features only: linking it compiles no framework. A test binary that names this
//! crate collects these declarations, each once; one that declares a cookie of the same name
//! itself would get a conflict at collection.

use std::time::SystemTime;

use cookie_registry::consent::{CategorySet, ConsentCookie};
use cookie_registry::enforce::{Violation, ViolationKind};
use cookie_registry::{Cookie, DeclaredCookie, Registry, cookie};

/// A necessary session cookie.
#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Login", fr = "Connexion"),
    purpose(en = "To keep you logged in", fr = "Vous garder connecté"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

/// An analytics cookie that needs consent, on a declared path and domain.
#[cookie(
    provider = "Example",
    category = statistics,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
    path = "/shop",
    domain = "example.org",
)]
pub const ANALYTICS: &str = "_pk_id";

/// The consent cookie, as a typed handle (Rocket's jar takes it); its name is [`PREFERENCES`].
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

/// The name of the consent cookie, [`Preferences`].
pub const PREFERENCES: &str = Preferences::DECLARATION.name().stem();

/// A session cookie, as a typed handle: it must never be sent with a lifetime. Its name is
/// [`CART`].
#[derive(Cookie)]
#[cookie(
    name = "cart",
    provider = "Example",
    category = necessary,
    function(en = "Shopping cart", fr = "Panier"),
    purpose(en = "To remember your cart", fr = "Se souvenir de votre panier"),
    lifetime = "session",
)]
pub struct Cart;

/// The name of the session cookie [`Cart`].
pub const CART: &str = Cart::DECLARATION.name().stem();

/// A family of analytics cookies that needs consent (`_ga_1A2B`, ...).
#[cookie(
    provider = "Example",
    category = statistics,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
)]
pub const GA_FAMILY: &str = "_ga_*";

/// A third party's partitioned cookie: every attribute a declaration can carry, and what
/// actix-web's `cookie` 0.16 cannot express.
#[derive(Cookie)]
#[cookie(
    name = "__Host-embed",
    provider = "Video Host",
    category = marketing,
    party = third,
    function(en = "Embedded videos", fr = "Vidéos intégrées"),
    purpose(en = "To recommend videos", fr = "Recommander des vidéos"),
    lifetime = "6 months",
    same_site = none,
    partitioned,
)]
pub struct Embed;

/// A `Set-Cookie` of [`SESSION`] that keeps to its declaration.
pub const SESSION_OK: &str =
    "sessionid=abc; Path=/; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax";

/// A `Set-Cookie` of [`ANALYTICS`] that keeps to its declaration: it still needs consent.
pub const ANALYTICS_OK: &str =
    "_pk_id=xyz; Path=/shop; Domain=example.org; Max-Age=3600; Secure; HttpOnly; SameSite=Lax";

/// `(cookie name, kind)` of each violation, in order: what the tests compare.
pub fn kinds(violations: &[Violation]) -> Vec<(String, ViolationKind)> {
    violations
        .iter()
        .map(|v| (v.name().to_string(), v.kind().clone()))
        .collect()
}

/// Every declaration linked into the test binary.
pub fn registry() -> &'static Registry {
    Registry::global().expect("declarations linked")
}

/// The consent cookie the policy reads, for the test binary's registry.
pub fn consent_cookie() -> ConsentCookie {
    ConsentCookie::new(Preferences::DECLARATION, registry().revision())
        .expect("a consent cookie declaration")
}

/// The value of a consent cookie granting `categories`, recorded now.
pub fn consent_value(categories: CategorySet) -> String {
    consent_cookie()
        .choose(categories, SystemTime::now())
        .cookie_value()
        .expect("a choice has a value")
}

/// `name=value` of a consent cookie granting `categories`, recorded now: for a `Cookie`
/// request header.
pub fn consent_pair(categories: CategorySet) -> String {
    format!("{PREFERENCES}={}", consent_value(categories))
}

/// The `Set-Cookie` header value that records `categories` now, as a consent endpoint sends
/// it.
pub fn consent_set_cookie(categories: CategorySet) -> String {
    let consent = consent_cookie();
    let state = consent.choose(categories, SystemTime::now());
    consent.header(&state).expect("a choice has a header")
}
