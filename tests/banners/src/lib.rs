//! The cookies of a site that keeps a JavaScript banner, declared as the application would: the
//! banners' own cookies, a session, and statistics and marketing cookies that only the server
//! can delete (`HttpOnly`).

use cookie_registry::cookie;

/// A necessary session cookie.
#[cookie(
    provider = "Example Shop",
    category = necessary,
    function(en = "Login", fr = "Connexion"),
    purpose(en = "To keep you logged in", fr = "Vous garder connecté"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

/// vanilla-cookieconsent's cookie: written by its script, so not `HttpOnly`.
#[cookie(
    provider = "Example Shop",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie banner", fr = "Bandeau cookies"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix de cookies"),
    lifetime = "6 months",
    http_only = false,
    secure = false,
)]
pub const CC_COOKIE: &str = "cc_cookie";

/// Klaro's cookie: written by its script, so not `HttpOnly`.
#[cookie(
    provider = "Example Shop",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie banner", fr = "Bandeau cookies"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix de cookies"),
    lifetime = "6 months",
    http_only = false,
    secure = false,
)]
pub const KLARO: &str = "klaro";

/// A family of statistics cookies, set by the server as `HttpOnly`: no banner script can
/// delete them.
#[cookie(
    provider(name = "Example Analytics", privacy_policy = "https://analytics.example/privacy"),
    category = statistics,
    function(en = "Audience measurement (all pages)", fr = "Mesure d'audience (toutes les pages)"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
)]
pub const STATS: &str = "_stats_*";

/// A third-party advertising cookie.
#[cookie(
    provider = "Example Ads <b>Network</b>",
    category = marketing,
    party = third,
    function(en = "Advertising", fr = "Publicité"),
    purpose(en = "To show ads that fit you", fr = "Montrer des publicités adaptées"),
    lifetime = "3 months",
)]
pub const ADS: &str = "_ads";
