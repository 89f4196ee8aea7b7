//! The cookies the middleware tests set, declared as an application would.

use cookie_registry::cookie;

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

/// The consent cookie.
#[cookie(
    provider = "Example",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie preferences", fr = "Préférences cookies"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
    lifetime = "6 months",
    http_only = false,
)]
pub const PREFERENCES: &str = "cookies_preferences";

/// A session cookie: it must never be sent with a lifetime.
#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Shopping cart", fr = "Panier"),
    purpose(en = "To remember your cart", fr = "Se souvenir de votre panier"),
    lifetime = "session",
)]
pub const CART: &str = "cart";

/// A family of analytics cookies that needs consent (`_ga_1A2B`, ...).
#[cookie(
    provider = "Example",
    category = statistics,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
)]
pub const GA_FAMILY: &str = "_ga_*";
