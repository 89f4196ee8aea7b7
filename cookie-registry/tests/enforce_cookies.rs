//! Real cookies from declarations: every declared attribute reaches the `Set-Cookie`, families
//! take a concrete name, removal cookies match the cookie they delete, and the result works
//! with a plain `cookie::CookieJar`.
#![cfg(feature = "cookie")]

use cookie_registry::Revision;
use cookie_registry::consent::{
    CategorySet, ConsentCookie, ConsentId, ConsentState, NoConsentNeeded, Statistics,
};
use cookie_registry::declaration::{Category, CookieDeclaration, CookieName, Storage};
use cookie_registry::enforce::SetCookieError;
use cookie_registry::enforce::cookie as http;
use cookie_registry::enforce::cookie::time::{Duration, OffsetDateTime};
use cookie_registry::enforce::cookie::{Cookie, CookieJar};
use cookie_registry::{DeclaredCookie, cookie};

#[derive(cookie_registry::Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication", fr = "Authentification"),
    purpose(en = "To remember the user", fr = "Se souvenir de l'utilisateur"),
    lifetime = "2 weeks",
)]
struct SessionId;

#[derive(cookie_registry::Cookie)]
#[cookie(
    name = "csrftoken",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Forms", fr = "Formulaires"),
    purpose(en = "To protect forms", fr = "Protéger les formulaires"),
    lifetime = "session",
    http_only = false,
    same_site = strict,
)]
struct Csrf;

#[derive(cookie_registry::Cookie)]
#[cookie(
    name = "theme",
    provider = "Example",
    category = necessary,
    function(en = "Display", fr = "Affichage"),
    purpose(en = "To remember the theme", fr = "Se souvenir du thème"),
    lifetime = "1 year",
    domain = "example.org",
    path = "/app",
    secure = false,
)]
struct Theme;

#[derive(cookie_registry::Cookie)]
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
struct Embed;

/// A family of statistics cookies that needs consent.
#[derive(cookie_registry::Cookie)]
#[cookie(
    name = "_ga_*",
    provider = "Google Analytics",
    category = statistics,
    party = third,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "2 years",
    same_site = none,
)]
struct GoogleAnalytics;

#[derive(cookie_registry::Cookie)]
#[cookie(
    name = "draft",
    provider = "Example",
    category = functionality,
    exemption = strictly_necessary,
    storage = local_storage,
    function(en = "Editor", fr = "Éditeur"),
    purpose(en = "To keep a draft", fr = "Garder un brouillon"),
    lifetime = "1 month",
)]
struct Draft;

#[derive(cookie_registry::Cookie)]
#[cookie(
    name = "cookies_preferences",
    provider = "Opendatasoft",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie banner", fr = "Bandeau cookies"),
    purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix de cookies"),
    lifetime = "6 months",
    http_only = false,
)]
struct Preferences;

#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Load balancing", fr = "Répartition de charge"),
    purpose(en = "To reach the same server", fr = "Joindre le même serveur"),
    lifetime = "400 days",
)]
const BALANCER: &str = "lb";

#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Load balancing", fr = "Répartition de charge"),
    purpose(en = "To reach the same server", fr = "Joindre le même serveur"),
    lifetime = "401 days",
)]
const BALANCER_LONGER: &str = "lb2";

#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Load balancing", fr = "Répartition de charge"),
    purpose(en = "To reach the same server", fr = "Joindre le même serveur"),
    lifetime = "13 months",
)]
const BALANCER_13_MONTHS: &str = "lb3";

fn global(name: &str) -> &'static CookieDeclaration {
    cookie_registry::Registry::global()
        .expect("registry")
        .find(name)
        .expect("declared")
}

fn statistics() -> ConsentState {
    ConsentState::given(
        CategorySet::NONE.with(Category::Statistics),
        at(1_750_000_000),
        Revision::from_u64(1),
    )
}

#[test]
fn the_safe_defaults_reach_the_header() {
    let cookie = SessionId::cookie("abc123", NoConsentNeeded)
        .unwrap()
        .build();
    assert_eq!(
        cookie.to_string(),
        "sessionid=abc123; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=1209600"
    );
    assert_eq!(cookie.http_only(), Some(true));
    assert_eq!(cookie.secure(), Some(true));
    assert_eq!(cookie.same_site(), Some(http::SameSite::Lax));
    assert_eq!(cookie.partitioned(), Some(false));
    assert_eq!(cookie.path(), Some("/"));
    assert_eq!(cookie.domain(), None, "host-only");
    assert_eq!(cookie.expires(), None, "Max-Age only");
}

#[test]
fn max_age_comes_from_the_lifetime() {
    let two_weeks = SessionId::cookie("v", NoConsentNeeded).unwrap().build();
    assert_eq!(two_weeks.max_age(), Some(Duration::seconds(14 * 86_400)));
    let consent = statistics();
    let capped =
        GoogleAnalytics::cookie_named("_ga_1", "v", consent.granted::<Statistics>().unwrap())
            .unwrap()
            .build();
    assert_eq!(
        capped.max_age(),
        Some(Duration::seconds(
            CookieDeclaration::MAX_AGE_CAP_SECONDS as i64
        )),
        "2 years is capped at 400 days"
    );
}

#[test]
fn max_age_is_capped_at_400_days_and_not_below() {
    let max_age = |name| {
        global(name)
            .cookie("v", NoConsentNeeded)
            .unwrap()
            .build()
            .max_age()
            .map(|d| d.whole_seconds())
    };
    assert_eq!(max_age(BALANCER), Some(34_560_000));
    assert_eq!(max_age(BALANCER_LONGER), Some(34_560_000));
    assert_eq!(max_age(BALANCER_13_MONTHS), Some(13 * 2_629_746));
    assert_eq!(
        global(BALANCER_LONGER).max_age_seconds(),
        Some(CookieDeclaration::MAX_AGE_CAP_SECONDS)
    );
}

#[test]
fn a_session_cookie_has_no_max_age_nor_expires() {
    let cookie = Csrf::cookie("token", NoConsentNeeded).unwrap().build();
    assert_eq!(cookie.max_age(), None);
    assert_eq!(cookie.expires(), None);
    assert_eq!(
        cookie.to_string(),
        "csrftoken=token; SameSite=Strict; Secure; Path=/"
    );
}

#[test]
fn each_declared_attribute_is_carried() {
    // http_only = false, same_site = strict
    let csrf = Csrf::cookie("t", NoConsentNeeded).unwrap().build();
    assert_eq!(csrf.http_only(), Some(false));
    assert_eq!(csrf.same_site(), Some(http::SameSite::Strict));

    // domain, path, secure = false
    let theme = Theme::cookie("dark", NoConsentNeeded).unwrap().build();
    assert_eq!(theme.domain(), Some("example.org"));
    assert_eq!(theme.path(), Some("/app"));
    assert_eq!(theme.secure(), Some(false));
    assert!(!theme.to_string().contains("Secure"), "{theme}");
    assert!(
        theme.to_string().contains("; Domain=example.org"),
        "{theme}"
    );

    // same_site = none, partitioned
    let consent = ConsentState::given(CategorySet::ALL, at(1_750_000_000), Revision::from_u64(1));
    let embed = Embed::cookie("v", consent.proof_for::<Embed>().unwrap())
        .unwrap()
        .build();
    assert_eq!(embed.same_site(), Some(http::SameSite::None));
    assert_eq!(embed.partitioned(), Some(true));
    assert_eq!(embed.secure(), Some(true));
    assert_eq!(
        embed.to_string(),
        "__Host-embed=v; HttpOnly; SameSite=None; Partitioned; Secure; Path=/; Max-Age=15778476"
    );
}

#[test]
fn a_family_needs_a_concrete_name_it_covers() {
    let proof = statistics().granted::<Statistics>().unwrap();
    let cookie = GoogleAnalytics::cookie_named("_ga_1A2B", "v", proof)
        .unwrap()
        .build();
    assert_eq!(cookie.name(), "_ga_1A2B");
    assert_eq!(cookie.same_site(), Some(http::SameSite::None));

    assert_eq!(
        GoogleAnalytics::cookie("v", proof).unwrap_err(),
        SetCookieError::FamilyNeedsName {
            family: CookieName::Prefix("_ga_")
        }
    );
    for not_covered in ["_ga_", "_gat", "ga_1", ""] {
        assert_eq!(
            GoogleAnalytics::cookie_named(not_covered, "v", proof).unwrap_err(),
            SetCookieError::NameNotCovered {
                declared: CookieName::Prefix("_ga_"),
                name: not_covered.to_string(),
            },
            "{not_covered:?}"
        );
    }
    for invalid in ["_ga_a;b", "_ga_a b", "_ga_é", "_ga_a=b", "_ga_\r\n"] {
        assert_eq!(
            GoogleAnalytics::cookie_named(invalid, "v", proof).unwrap_err(),
            SetCookieError::InvalidName {
                name: invalid.to_string()
            },
            "{invalid:?}"
        );
    }
}

#[test]
fn an_exact_declaration_takes_its_own_name_only() {
    let d = SessionId::DECLARATION;
    assert_eq!(
        d.cookie_named("sessionid", "v", NoConsentNeeded)
            .unwrap()
            .build()
            .name(),
        "sessionid"
    );
    assert!(matches!(
        d.cookie_named("sessionid2", "v", NoConsentNeeded),
        Err(SetCookieError::NameNotCovered { .. })
    ));
    assert!(matches!(
        d.removal_named("other"),
        Err(SetCookieError::NameNotCovered { .. })
    ));
}

#[test]
fn storage_other_than_a_cookie_has_no_set_cookie() {
    let expected = SetCookieError::NotAnHttpCookie {
        name: CookieName::Exact("draft"),
        storage: Storage::LocalStorage,
    };
    assert_eq!(Draft::cookie("v", NoConsentNeeded).unwrap_err(), expected);
    assert_eq!(
        Draft::cookie_named("draft", "v", NoConsentNeeded).unwrap_err(),
        expected
    );
    assert_eq!(Draft::removal().unwrap_err(), expected);
    assert_eq!(Draft::removal_named("draft").unwrap_err(), expected);
    assert_eq!(
        expected.to_string(),
        "`draft` is declared as a local_storage item, not an HTTP cookie: it has no Set-Cookie"
    );
}

#[test]
fn values_must_be_cookie_values() {
    for (value, offset) in [
        ("a;b", 1),
        ("a b", 1),
        ("a,b", 1),
        ("x\"", 1),
        ("\\", 0),
        ("é", 0),
        ("v\r\nSet-Cookie: evil=1", 1),
    ] {
        assert_eq!(
            SessionId::cookie(value, NoConsentNeeded).unwrap_err(),
            SetCookieError::InvalidValue {
                name: CookieName::Exact("sessionid"),
                offset
            },
            "{value:?}"
        );
    }
    for value in ["", "\"quoted\"", "base64url-_AZaz09", "a=b", "{}[]:/?"] {
        assert!(
            SessionId::cookie(value, NoConsentNeeded).is_ok(),
            "{value:?}"
        );
    }
    // Owned values work too.
    let owned = String::from("abc");
    assert!(SessionId::cookie(owned, NoConsentNeeded).is_ok());
}

#[test]
fn the_declaration_level_builder_checks_the_proof_at_run_time() {
    let d = GoogleAnalytics::DECLARATION;
    assert_eq!(
        d.cookie_named("_ga_1", "v", NoConsentNeeded).unwrap_err(),
        SetCookieError::WrongProof {
            name: CookieName::Prefix("_ga_"),
            needs: Some(Category::Statistics),
            given: None,
        }
    );
    let proof = statistics().granted::<Statistics>().unwrap();
    assert!(d.cookie_named("_ga_1", "v", proof).is_ok());
    let error = SessionId::DECLARATION.cookie("v", proof).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`sessionid` must be built with `NoConsentNeeded`, not `Granted<Statistics>`"
    );
}

#[test]
fn removal_cookies_match_the_cookie_they_delete() {
    let removal = Theme::removal().unwrap();
    assert_eq!(removal.name(), "theme");
    assert_eq!(removal.value(), "");
    assert_eq!(removal.path(), Some("/app"));
    assert_eq!(removal.domain(), Some("example.org"));
    assert_eq!(removal.max_age(), Some(Duration::ZERO));
    let expires = removal.expires_datetime().expect("an Expires");
    assert!(expires < OffsetDateTime::now_utc());

    // The same as `make_removal` on the declared cookie.
    let mut made = Theme::cookie("dark", NoConsentNeeded).unwrap().build();
    made.make_removal();
    assert_eq!(made.name(), removal.name());
    assert_eq!(made.path(), removal.path());
    assert_eq!(made.domain(), removal.domain());
    assert_eq!(made.max_age(), removal.max_age());

    // A partitioned `__Host-` cookie is only deleted by one with the same attributes.
    let embed = Embed::removal().unwrap();
    assert_eq!(embed.partitioned(), Some(true));
    assert_eq!(embed.secure(), Some(true));
    assert_eq!(embed.same_site(), Some(http::SameSite::None));
    assert_eq!(embed.domain(), None);
    assert!(
        embed
            .to_string()
            .starts_with("__Host-embed=; HttpOnly; SameSite=None; Partitioned; Secure; Path=/; Max-Age=0; Expires="),
        "{embed}"
    );

    // Families: the concrete name.
    let ga = GoogleAnalytics::removal_named("_ga_1A2B").unwrap();
    assert_eq!(ga.name(), "_ga_1A2B");
    assert_eq!(ga.max_age(), Some(Duration::ZERO));
    assert!(matches!(
        GoogleAnalytics::removal(),
        Err(SetCookieError::FamilyNeedsName { .. })
    ));
}

#[test]
fn works_with_a_plain_cookie_jar() {
    // The request carried a session and a theme cookie.
    let mut jar = CookieJar::new();
    jar.add_original(Cookie::new("sessionid", "old"));
    jar.add_original(Cookie::new("theme", "dark"));

    // The response renews the session and deletes the theme.
    jar.add(SessionId::cookie("new", NoConsentNeeded).unwrap());
    jar.remove(Theme::removal().unwrap());

    let mut delta: Vec<String> = jar.delta().map(|c| c.to_string()).collect();
    delta.sort();
    assert_eq!(delta.len(), 2, "{delta:?}");
    assert_eq!(
        delta[0],
        "sessionid=new; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=1209600"
    );
    assert!(
        delta[1].starts_with(
            "theme=; HttpOnly; SameSite=Lax; Path=/app; Domain=example.org; Max-Age=0; Expires="
        ),
        "{delta:?}"
    );
    assert_eq!(jar.get("sessionid").map(Cookie::value), Some("new"));
    assert!(jar.get("theme").is_none());

    // Adding a removal cookie directly always sends it, whether or not the request had it.
    let mut jar = CookieJar::new();
    jar.add(Theme::removal().unwrap());
    let only: Vec<_> = jar.delta().collect();
    assert_eq!(only.len(), 1);
    assert_eq!(only[0].max_age(), Some(Duration::ZERO));
}

#[test]
fn the_consent_cookie_has_its_declared_attributes() {
    let consent = ConsentCookie::new(Preferences::DECLARATION, Revision::from_u64(0xabc)).unwrap();
    let choice = consent
        .choose(CategorySet::NONE, at(1_750_000_000))
        .with_consent_id(ConsentId::from_bytes([0xcd; 16]));
    let cookie = consent.cookie(&choice).unwrap().build();
    assert_eq!(
        cookie.to_string(),
        format!(
            "cookies_preferences=2.-.1750000000.0000000000000abc.{}; SameSite=Lax; Secure; Path=/; Max-Age=15778476",
            "cd".repeat(16)
        )
    );
    assert!(consent.cookie(&ConsentState::NONE).is_none());

    let removal = consent.removal();
    assert_eq!(removal.name(), "cookies_preferences");
    assert_eq!(removal.value(), "");
    assert_eq!(removal.max_age(), Some(Duration::ZERO));
    assert_eq!(removal.path(), Some("/"));

    // What it sets reads back.
    let header = format!("{}={}", cookie.name(), cookie.value());
    assert_eq!(
        consent.from_cookie_header(header, at(1_750_000_000)),
        choice
    );
}

#[test]
fn errors_explain_themselves() {
    assert_eq!(
        SetCookieError::FamilyNeedsName {
            family: CookieName::Prefix("_ga_")
        }
        .to_string(),
        "`_ga_*` is a family of names: give the concrete cookie name"
    );
    assert_eq!(
        SetCookieError::NameNotCovered {
            declared: CookieName::Prefix("_ga_"),
            name: "_gat".into()
        }
        .to_string(),
        "`_gat` is not covered by the declaration of `_ga_*`"
    );
    assert_eq!(
        SetCookieError::InvalidName {
            name: "_ga_\n".into()
        }
        .to_string(),
        "`_ga_\\n` is not a valid cookie name (an RFC 6265 token)"
    );
    let error: Box<dyn std::error::Error> = Box::new(SetCookieError::InvalidValue {
        name: CookieName::Exact("sessionid"),
        offset: 3,
    });
    assert!(error.to_string().contains("byte 3"), "{error}");
}

/// The time `secs` seconds after 1970 (at most 2^40 seconds, some 35,000 years: a
/// `SystemTime` cannot hold `u64::MAX` seconds).
fn at(secs: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs.min(1 << 40))
}
