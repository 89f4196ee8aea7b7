//! Cookies declared with `#[derive(Cookie)]`, as an application declares them, shared by the
//! test binaries that need typed handles (`declare`, `enforce_consent`, `enforce_gating`,
//! `enforce_revision`): one handle for each kind of proof, and the set whose revision
//! `enforce_revision` pins.
//!
//! Every declaration here is collected into the global registry of each binary that includes
//! this module, whether the binary names it or not: a binary that asserts on
//! `Registry::global()` compares it with [`all`], and declares nothing of its own under these
//! names (two different declarations of one name would conflict).
// Each binary uses a part of the set; all of it is registered in each.
#![allow(dead_code)]

use cookie_registry::Cookie;
use cookie_registry::declaration::CookieDeclaration;

/// Necessary, exempt as strictly necessary (the default): no consent needed.
#[derive(Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
    purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
    lifetime = "2 weeks",
)]
pub struct SessionId;

/// The consent cookie: necessary, exempt as the storage of the consent choice.
#[derive(Cookie)]
#[cookie(
    name = "cookies_preferences",
    provider = "Opendatasoft",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie banner (all pages)", fr = "Bandeau cookies (toutes les pages)"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix de cookies"),
    lifetime = "6 months",
    http_only = false,
)]
pub struct Preferences;

/// Functionality, exempt as strictly necessary: no consent needed.
#[derive(Cookie)]
#[cookie(
    name = "django_language",
    provider = "Example",
    category = functionality,
    exemption = strictly_necessary,
    function(en = "Language", fr = "Langue"),
    purpose(en = "To remember your language", fr = "Se souvenir de votre langue"),
    lifetime = "12 months",
)]
pub struct Language;

/// Functionality, a `localStorage` item that needs consent.
#[derive(Cookie)]
#[cookie(
    name = "draft",
    provider = "Example",
    category = functionality,
    storage = local_storage,
    function(en = "Editor", fr = "Éditeur"),
    purpose(en = "To keep a draft", fr = "Garder un brouillon"),
    lifetime = "1 month",
)]
pub struct Draft;

/// Statistics, exempt as anonymous audience measurement: no consent needed.
#[derive(Cookie)]
#[cookie(
    name = "_pk_id",
    provider = "Example Analytics",
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits anonymously", fr = "Compter les visites anonymement"),
    lifetime = "13 months",
)]
pub struct ExemptAnalytics;

/// Statistics, first party, needs consent.
#[derive(Cookie)]
#[cookie(
    name = "_analytics",
    provider = "Example Analytics",
    category = statistics,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To follow visits", fr = "Suivre les visites"),
    lifetime = "6 months",
)]
pub struct Analytics;

/// Statistics, a third-party family on a declared domain, needs consent.
#[derive(Cookie)]
#[cookie(
    name = "_ga_*",
    provider(name = "Google Analytics", privacy_policy = "https://policies.google.com/privacy"),
    category = statistics,
    party = third,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
    same_site = none,
    domain = "example.org",
)]
pub struct GoogleAnalytics;

/// Marketing, a third-party family, needs consent.
#[derive(Cookie)]
#[cookie(
    name = "ads_*",
    provider = "Ad Network",
    category = marketing,
    party = third,
    function(en = "Advertising", fr = "Publicité"),
    purpose(en = "To show relevant ads", fr = "Montrer des publicités pertinentes"),
    lifetime = "3 months",
    same_site = none,
)]
pub struct Ads;

/// Every declaration of this module: what the global registry of a binary that includes it
/// holds, besides the binary's own declarations.
pub fn all() -> [&'static CookieDeclaration; 8] {
    use cookie_registry::DeclaredCookie;
    [
        SessionId::DECLARATION,
        Preferences::DECLARATION,
        Language::DECLARATION,
        Draft::DECLARATION,
        ExemptAnalytics::DECLARATION,
        Analytics::DECLARATION,
        GoogleAnalytics::DECLARATION,
        Ads::DECLARATION,
    ]
}
