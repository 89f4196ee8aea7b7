//! Every cookie this site sets or lets a third party set, declared once.
//!
//! The declarations are the policy that `/cookies` renders, the `Set-Cookie` attributes the
//! handlers send (`SessionId::header(value, NoConsentNeeded)`), and what the enforcer holds
//! every response to, whatever the framework.

use cookie_registry::Cookie;

/// The logged-in user's session, set by `/login`. Scripts never need it: HttpOnly (the default).
#[derive(Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Example Portal",
    category = necessary,
    function(en = "Authentication (all pages)", fr = "Authentification (toutes les pages)"),
    purpose(
        en = "To remember the logged-in user from one page to another",
        fr = "Se souvenir de l'utilisateur connecté d'une page à une autre",
    ),
    lifetime = "2 weeks",
)]
pub struct SessionId;

/// The interface language the visitor chose with `/lang/{code}`. Read by scripts, so not HttpOnly.
#[derive(Cookie)]
#[cookie(
    name = "django_language",
    provider = "Example Portal",
    category = necessary,
    function(en = "Language selection (all pages)", fr = "Sélection de la langue (toutes les pages)"),
    purpose(en = "To remember the visitor's language", fr = "Se souvenir de la langue du visiteur"),
    lifetime = "12 months",
    http_only = false,
)]
pub struct Language;

/// The token every form echoes back (double submit; [`crate::csrf`] holds every POST to it).
///
/// `__Host-`: browsers keep it only if it is `Secure`, has `Path=/` and no `Domain` (the
/// declaration's defaults), so no sibling subdomain can plant a token of its own for this site,
/// with a narrower path that would be sent first. Read by scripts, so not HttpOnly.
#[derive(Cookie)]
#[cookie(
    name = "__Host-csrftoken",
    provider = "Example Portal",
    category = necessary,
    function(en = "Security (all forms)", fr = "Sécurité (tous les formulaires)"),
    purpose(
        en = "To protect forms against cross-site request forgery",
        fr = "Protéger les formulaires contre la falsification de requêtes intersites",
    ),
    lifetime = "12 months",
    http_only = false,
)]
pub struct CsrfToken;

/// The visitor's cookie choices: exempt as the store of consent itself, kept six months (CNIL).
///
/// `__Host-`, as the CSRF token: no sibling subdomain can write a choice for the visitor (a
/// planted `Domain=` cookie would read as the consent of a visitor who has none yet).
#[derive(Cookie)]
#[cookie(
    name = "__Host-cookies_preferences",
    provider = "Example Portal",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie banner (all pages)", fr = "Bandeau cookies (toutes les pages)"),
    purpose(
        en = "To remember your cookie choices",
        fr = "Se souvenir de vos choix en matière de cookies",
    ),
    lifetime = "6 months",
)]
pub struct Preferences;

/// The audience-measurement visitor id. It follows visits over 13 months and has no exemption,
/// so it needs consent. HttpOnly: only the server reads it, and only the server can delete it.
#[derive(Cookie)]
#[cookie(
    name = "_pk_id",
    provider(name = "Matomo", privacy_policy = "https://matomo.org/privacy-policy/"),
    category = statistics,
    function(en = "Audience measurement (all pages)", fr = "Mesure d'audience (toutes les pages)"),
    purpose(
        en = "To recognise a returning visitor and count visits and pages viewed",
        fr = "Reconnaître un visiteur qui revient et compter les visites et les pages vues",
    ),
    lifetime = "13 months",
)]
pub struct Analytics;

/// The audience-measurement visit, 30 minutes, refreshed on each page. Needs consent.
#[derive(Cookie)]
#[cookie(
    name = "_pk_ses",
    provider(name = "Matomo", privacy_policy = "https://matomo.org/privacy-policy/"),
    category = statistics,
    function(en = "Audience measurement (all pages)", fr = "Mesure d'audience (toutes les pages)"),
    purpose(
        en = "To group the pages viewed during one visit",
        fr = "Regrouper les pages vues au cours d'une même visite",
    ),
    lifetime = "30 minutes",
)]
pub struct AnalyticsSession;

/// Where the visitor came from, written by the first-party analytics script
/// (`/static/analytics.js`, sent only after consent to statistics) with `document.cookie`: a
/// script cookie, so not HttpOnly. The script takes its attributes from this declaration (the
/// page hands them over), and the enforcer deletes it when statistics are withdrawn.
#[derive(Cookie)]
#[cookie(
    name = "_pk_ref",
    provider(name = "Matomo", privacy_policy = "https://matomo.org/privacy-policy/"),
    category = statistics,
    function(en = "Audience measurement (all pages)", fr = "Mesure d'audience (toutes les pages)"),
    purpose(
        en = "To remember which site the visitor came from",
        fr = "Se souvenir du site d'où vient le visiteur",
    ),
    lifetime = "6 months",
    http_only = false,
)]
pub struct AnalyticsReferrer;

/// The pages viewed in this browser, kept by the analytics script in `localStorage`. No server
/// can delete it: on the pages of a visitor who does not consent to statistics, a script of the
/// site (`/static/forget-analytics.js`) removes it.
#[derive(Cookie)]
#[cookie(
    name = "_pk_pages",
    provider(name = "Matomo", privacy_policy = "https://matomo.org/privacy-policy/"),
    category = statistics,
    storage = local_storage,
    function(en = "Audience measurement (all pages)", fr = "Mesure d'audience (toutes les pages)"),
    purpose(
        en = "To count the pages viewed in this browser",
        fr = "Compter les pages vues dans ce navigateur",
    ),
    lifetime = "13 months",
)]
pub struct AnalyticsPages;

/// The video host's visitor id, set with `Set-Cookie` by the embedded player's page, in its
/// own frame, on its own host (never by this server), once the visitor accepts marketing
/// cookies. The video host is the example's stand-in for YouTube
/// ([`video_host`](crate::video_host)): `localhost` on another port, another site than
/// `127.0.0.1` for the browser.
#[derive(Cookie)]
#[cookie(
    name = "VISITOR_INFO1_LIVE",
    provider = "Example Video",
    category = marketing,
    party = third,
    function(en = "Embedded videos (home page)", fr = "Vidéos intégrées (page d'accueil)"),
    purpose(
        en = "To estimate the visitor's bandwidth and recommend videos based on their viewing",
        fr = "Estimer la bande passante du visiteur et lui recommander des vidéos selon ce qu'il regarde",
    ),
    lifetime = "6 months",
    same_site = none,
)]
pub struct VideoVisitor;

/// The embedded player's device id, kept by the player's script in its frame's `localStorage`
/// (the video host's origin), with marketing consent.
#[derive(Cookie)]
#[cookie(
    name = "yt-remote-device-id",
    provider = "Example Video",
    category = marketing,
    party = third,
    storage = local_storage,
    function(en = "Embedded videos (home page)", fr = "Vidéos intégrées (page d'accueil)"),
    purpose(
        en = "To recognise the visitor's device across the videos it plays",
        fr = "Reconnaître l'appareil du visiteur d'une vidéo à l'autre",
    ),
    lifetime = "12 months",
)]
pub struct VideoDevice;
