//! Declarations shared by the `render_*` tests, built by hand (the `#[cookie]` macro builds the
//! same values).
#![allow(dead_code)]

use cookie_registry::__private::DeclarationParts;
use cookie_registry::declaration::{
    Category, CookieDeclaration, CookieName, DeclarationSite, Exemption, HttpAttributes, Lifetime,
    Party, Provider, Storage, Text, TimeUnit,
};

/// Where the fixtures say they were declared.
pub const SITE: DeclarationSite = DeclarationSite::new(
    "cookie-registry",
    "render_fixtures",
    "tests/render/fixtures.rs",
    1,
    1,
);

/// The provider of the seed policies.
pub const OPENDATASOFT: Provider = Provider::new("Opendatasoft", None);

/// Cookies that JavaScript reads: not `HttpOnly`.
pub const READABLE: HttpAttributes = HttpAttributes::DEFAULT.with_http_only(false);

/// A persistent lifetime.
pub const fn lasting(amount: u32, unit: TimeUnit) -> Lifetime {
    Lifetime::Persistent { amount, unit }
}

/// A first-party necessary HTTP cookie of Opendatasoft, as in the seeds.
pub const fn seed(
    name: &'static str,
    function: Text,
    purpose: Text,
    lifetime: Lifetime,
    exemption: Exemption,
    attributes: HttpAttributes,
) -> CookieDeclaration {
    CookieDeclaration::__from_parts(DeclarationParts {
        name: CookieName::Exact(name),
        provider: OPENDATASOFT,
        category: Category::Necessary,
        party: Party::First,
        function,
        purpose,
        justification: None,
        lifetime,
        storage: Storage::HttpCookie,
        exemption: Some(exemption),
        attributes,
        site: SITE,
    })
}

pub static SESSIONID: CookieDeclaration = seed(
    "sessionid",
    Text::new(&[
        ("en", "Authentication (front and back office)"),
        ("fr", "Authentification (front et back office)"),
    ]),
    Text::new(&[
        ("en", "To remember the user from one page to another"),
        ("fr", "Se souvenir de l'utilisateur d'une page à une autre"),
    ]),
    lasting(2, TimeUnit::Week),
    Exemption::StrictlyNecessary,
    HttpAttributes::DEFAULT,
);

pub static DJANGO_LANGUAGE: CookieDeclaration = seed(
    "django_language",
    Text::new(&[
        ("en", "Language selection (front and back office)"),
        ("fr", "Sélection de la langue (front et back office)"),
    ]),
    Text::new(&[
        ("en", "To remember the visitor's language"),
        ("fr", "Se souvenir de la langue du visiteur"),
    ]),
    lasting(12, TimeUnit::Month),
    Exemption::StrictlyNecessary,
    READABLE,
);

pub static CSRFTOKEN: CookieDeclaration = seed(
    "csrftoken",
    Text::new(&[
        ("en", "API (CSRF) (front and back office)"),
        ("fr", "API (CSRF) (front et back office)"),
    ]),
    Text::new(&[
        ("en", "To retrieve data via API calls"),
        ("fr", "Récupérer des données via des appels API"),
    ]),
    lasting(12, TimeUnit::Month),
    Exemption::StrictlyNecessary,
    READABLE,
);

pub static COOKIES_PREFERENCES: CookieDeclaration = seed(
    "cookies_preferences",
    Text::new(&[
        ("en", "Choices related to your cookie preferences"),
        ("fr", "Choix concernant vos préférences sur les cookies"),
    ]),
    Text::new(&[
        ("en", "To remember the visitor's cookie preferences"),
        (
            "fr",
            "Se souvenir du choix opéré par le visiteur concernant les cookies",
        ),
    ]),
    lasting(6, TimeUnit::Month),
    Exemption::ConsentStorage,
    READABLE,
);

/// The four necessary cookies of the seed policies, in the seeds' order.
pub fn seed_cookies() -> Vec<&'static CookieDeclaration> {
    vec![
        &SESSIONID,
        &DJANGO_LANGUAGE,
        &CSRFTOKEN,
        &COOKIES_PREFERENCES,
    ]
}

/// A declaration with every field given, for the hostile and ordering tests.
#[allow(clippy::too_many_arguments)]
pub const fn custom(
    name: CookieName,
    provider: Provider,
    category: Category,
    party: Party,
    function: Text,
    purpose: Text,
    lifetime: Lifetime,
    storage: Storage,
    exemption: Option<Exemption>,
) -> CookieDeclaration {
    CookieDeclaration::__from_parts(DeclarationParts {
        name,
        provider,
        category,
        party,
        function,
        purpose,
        justification: None,
        lifetime,
        storage,
        exemption,
        attributes: HttpAttributes::DEFAULT,
        site: SITE,
    })
}

pub const EVIL_NAME: &str = "weird|`n`*<x>";
pub const EVIL_PROVIDER: &str = "Evil | Corp <b>bold</b> &amp; *x* [a](https://x.example)";
pub const EVIL_PRIVACY: &str = "javascript:alert(1)";
pub const EVIL_FUNCTION: Text = Text::new(&[
    ("en", "Line one\nline two | <script>alert(1)</script>"),
    (
        "fr",
        "Ligne un\r\nligne deux | <script>alert('fr')</script>",
    ),
]);
pub const EVIL_PURPOSE: Text = Text::new(&[
    (
        "en",
        "[click](javascript:x) ](javascript:x) `code` *em* _u_ # h ~~s~~ ![img](x.png) \\ \"' &amp; &#x41; <http://evil.example> <!-- c --> a\\|b",
    ),
    (
        "fr",
        "[clic](javascript:x) « ](javascript:x) » `code` *em* _u_ # titre ~~s~~ ![img](x.png) \\ \"' &amp; &#x41; <https://evil.example> <!-- c --> é\\\\|b",
    ),
]);

/// A third-party necessary cookie whose every text is hostile, with a `javascript:` privacy link.
pub static EVIL: CookieDeclaration = custom(
    CookieName::Exact(EVIL_NAME),
    Provider::new(EVIL_PROVIDER, Some(EVIL_PRIVACY)),
    Category::Necessary,
    Party::Third,
    EVIL_FUNCTION,
    EVIL_PURPOSE,
    lasting(2, TimeUnit::Week),
    Storage::HttpCookie,
    Some(Exemption::StrictlyNecessary),
);

pub const EXAMPLE_PRIVACY: &str = "https://example.com/privacy";
pub const EXAMPLE: Provider = Provider::new("Example", Some(EXAMPLE_PRIVACY));

/// A necessary cookie that claims no exemption (so needs consent), with English texts only.
pub static NEEDS_CONSENT: CookieDeclaration = custom(
    CookieName::Exact("needs_consent"),
    EXAMPLE,
    Category::Necessary,
    Party::First,
    Text::new(&[("en", "Only English function")]),
    Text::new(&[("en", "Only English purpose")]),
    Lifetime::Session,
    Storage::HttpCookie,
    None,
);

pub const UI_FUNCTION: Text = Text::new(&[("en", "UI `prefs`"), ("fr", "Interface `préférences`")]);
pub const UI_PURPOSE: Text = Text::new(&[
    ("en", "Remember\r\nyour theme\n# not a heading"),
    ("fr", "Se souvenir\rde votre thème\n# pas un titre"),
]);

/// A `localStorage` item.
pub static THEME: CookieDeclaration = custom(
    CookieName::Exact("theme"),
    EXAMPLE,
    Category::Functionality,
    Party::First,
    UI_FUNCTION,
    UI_PURPOSE,
    lasting(1, TimeUnit::Year),
    Storage::LocalStorage,
    None,
);

/// A `sessionStorage` item in the same row as [`THEME`].
pub static DRAFT: CookieDeclaration = custom(
    CookieName::Exact("draft"),
    EXAMPLE,
    Category::Functionality,
    Party::First,
    UI_FUNCTION,
    UI_PURPOSE,
    Lifetime::Session,
    Storage::SessionStorage,
    None,
);

pub const STATS_NAME: &str = "Stats & Co";
pub const STATS_PRIVACY: &str = "https://stats.example/privacy?a=1&amp;b=(2)_x|y`z`\\(w<v>))";
pub const STATS: Provider = Provider::new(STATS_NAME, Some(STATS_PRIVACY));
pub const STATS_FUNCTION: Text = Text::new(&[
    ("en", "Audience | measurement"),
    ("fr", "Mesure | d'audience"),
]);
pub const STATS_PURPOSE: Text =
    Text::new(&[("en", "To count *visits*"), ("fr", "Compter les *visites*")]);

/// A family of statistics cookies exempt as anonymous audience measurement.
pub static STATS_FAMILY: CookieDeclaration = custom(
    CookieName::Prefix("_st_"),
    STATS,
    Category::Statistics,
    Party::Third,
    STATS_FUNCTION,
    STATS_PURPOSE,
    lasting(13, TimeUnit::Month),
    Storage::HttpCookie,
    Some(Exemption::AudienceMeasurement),
);

/// The exact cookie next to [`STATS_FAMILY`], with another lifetime.
pub static STATS_EXACT: CookieDeclaration = custom(
    CookieName::Exact("_st"),
    STATS,
    Category::Statistics,
    Party::Third,
    STATS_FUNCTION,
    STATS_PURPOSE,
    lasting(30, TimeUnit::Minute),
    Storage::HttpCookie,
    Some(Exemption::AudienceMeasurement),
);

pub const ADS_NAME: &str = "Ads\"Inc'";
/// Passes the scheme check, but tries to break out of the attribute.
pub const ADS_PRIVACY: &str = "HTTPS://ads.example/p\"onmouseover=\"alert(1)'x";
pub const AD_NAME: &str = "ad<img src=x onerror=alert(1)>";

/// A third-party marketing cookie.
pub static AD: CookieDeclaration = custom(
    CookieName::Exact(AD_NAME),
    Provider::new(ADS_NAME, Some(ADS_PRIVACY)),
    Category::Marketing,
    Party::Third,
    Text::new(&[("en", "Targeting"), ("fr", "Ciblage")]),
    Text::new(&[("en", "&lt;b&gt; & entity"), ("fr", "&lt;b&gt; & entité")]),
    lasting(1, TimeUnit::Year),
    Storage::HttpCookie,
    None,
);

/// Every hostile declaration, in no particular order.
pub fn hostile_cookies() -> Vec<&'static CookieDeclaration> {
    vec![
        &AD,
        &THEME,
        &STATS_FAMILY,
        &EVIL,
        &NEEDS_CONSENT,
        &STATS_EXACT,
        &DRAFT,
    ]
}

/// A site name that is hostile too.
pub const HOSTILE_SITE: &str = "https://x.example/<script>alert(1)</script>_[a](javascript:b)\n# h";

/// The text as a Markdown or HTML reader sees it: CRLF, CR and LF as one space each.
pub fn flat(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ")
}
