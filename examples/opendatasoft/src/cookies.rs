//! The cookies an Opendatasoft portal sets, as its published policy lists them, declared once.
//!
//! The constants are what the application code uses to set and read the cookies; the
//! attributes above them are the policy.

use cookie_registry::cookie;

/// The logged-in user's session.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
    purpose(
        en = "To remember the user from one page to another",
        fr = "Se souvenir de l'utilisateur d'une page à une autre",
    ),
    lifetime = "2 weeks",
)]
pub const SESSION_ID: &str = "sessionid";

/// The interface language the visitor chose. Read by the front end, so not HttpOnly.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Language selection (front and back office)", fr = "Sélection de la langue (front et back office)"),
    purpose(en = "To remember the visitor's language", fr = "Se souvenir de la langue du visiteur"),
    lifetime = "12 months",
    http_only = false,
)]
pub const LANGUAGE: &str = "django_language";

/// The CSRF token that API calls from the front end echo back. Read by scripts, so not HttpOnly.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "API (CSRF) (front and back office)", fr = "API (CSRF) (front et back office)"),
    purpose(en = "To retrieve data via API calls", fr = "Récupérer des données via des appels API"),
    lifetime = "12 months",
    http_only = false,
)]
pub const CSRF_TOKEN: &str = "csrftoken";

/// The visitor's cookie choices: exempt from consent as the store of consent itself (CNIL),
/// kept six months as the CNIL recommends.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    exemption = consent_storage,
    function(en = "Choices related to your cookie preferences", fr = "Choix concernant vos préférences sur les cookies"),
    purpose(
        en = "To remember the visitor's cookie preferences",
        fr = "Se souvenir du choix opéré par le visiteur concernant les cookies",
    ),
    lifetime = "6 months",
    http_only = false,
)]
pub const COOKIE_PREFERENCES: &str = "cookies_preferences";
