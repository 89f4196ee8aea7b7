//! Declared cookies as actix-web's cookie type (`cookie` 0.16): every declared attribute kept,
//! the proof of consent checked, and `Partitioned` refused with a typed error, never dropped.

use actix_web::http::StatusCode;
use actix_web::http::header::{COOKIE, SET_COOKIE};
use actix_web::test::{TestRequest, call_service, init_service, read_body};
use actix_web::{App, HttpResponse, web};
use cookie_registry::actix::DeclaredCookieExt;
use cookie_registry::consent::{
    CategorySet, ConsentCookie, ConsentState, Functionality, Marketing, NoConsentNeeded, Statistics,
};
use cookie_registry::declaration::{Category, CookieDeclaration};
use cookie_registry::enforce::{Mode, SetCookieError};
use cookie_registry::{DeclaredCookie, Revision};
use test_actix::{
    ANALYTICS, Embed, EmbeddedPreferences, GA_FAMILY, LegacyCart, Login, Theme, consent_cookie,
    consent_pair, policy, registry, set_cookies_of,
};

/// A `Set-Cookie` as its name-value pair and its attributes, sorted: the two routes write the
/// attributes in different orders.
fn parts(header: &str) -> Vec<String> {
    let mut parts: Vec<String> = header.split("; ").map(str::to_owned).collect();
    parts[1..].sort();
    parts
}

fn all_granted() -> ConsentState {
    ConsentState::given(
        CategorySet::ALL,
        std::time::SystemTime::now(),
        Revision::from_u64(1),
    )
}

#[test]
fn typed_handles_keep_every_declared_attribute() {
    let consent = all_granted();
    let cases: [(String, String); 3] = [
        (
            Login::actix_cookie("v", NoConsentNeeded)
                .unwrap()
                .to_string(),
            Login::header("v", NoConsentNeeded).unwrap(),
        ),
        (
            Theme::actix_cookie("dark", consent.granted::<Functionality>().unwrap())
                .unwrap()
                .to_string(),
            Theme::header("dark", consent.granted::<Functionality>().unwrap()).unwrap(),
        ),
        (
            LegacyCart::actix_cookie("3", NoConsentNeeded)
                .unwrap()
                .to_string(),
            LegacyCart::header("3", NoConsentNeeded).unwrap(),
        ),
    ];
    for (actix, header) in &cases {
        assert_eq!(parts(actix), parts(header), "{actix}\n{header}");
    }
    // The attributes away from their defaults are there (and `Secure` is absent when declared
    // so): the comparison above is not between two empty lists.
    assert_eq!(
        parts(&cases[1].0),
        [
            "theme=dark",
            "Domain=example.org",
            "Max-Age=31556952",
            "Path=/app",
            "SameSite=Strict",
            "Secure"
        ]
    );
    assert_eq!(
        parts(&cases[2].0),
        ["legacy_cart=3", "HttpOnly", "Path=/", "SameSite=Lax"]
    );
}

#[test]
fn removals_match_the_header_removals() {
    for (actix, header) in [
        (Login::actix_removal(), Login::removal_header()),
        (Theme::actix_removal(), Theme::removal_header()),
        (LegacyCart::actix_removal(), LegacyCart::removal_header()),
    ] {
        let (actix, header) = (actix.unwrap().to_string(), header.unwrap());
        assert_eq!(parts(&actix), parts(&header), "{actix}\n{header}");
    }
}

#[test]
fn declarations_and_families_convert_with_the_proof_checked_at_run_time() {
    let analytics: &CookieDeclaration = registry().find(ANALYTICS).unwrap();
    let granted = all_granted().granted::<Statistics>().unwrap();
    assert_eq!(
        parts(&analytics.actix_cookie("x", granted).unwrap().to_string()),
        parts(&analytics.header("x", granted).unwrap())
    );
    assert_eq!(
        analytics.actix_cookie("x", NoConsentNeeded),
        Err(SetCookieError::WrongProof {
            name: analytics.name(),
            needs: Some(Category::Statistics),
            given: None
        })
    );
    assert!(matches!(
        analytics.actix_cookie("a;b", granted),
        Err(SetCookieError::InvalidValue { offset: 1, .. })
    ));

    let family = registry().find("_ga_1A2B").unwrap();
    assert_eq!(family.name().to_string(), GA_FAMILY);
    assert!(matches!(
        family.actix_cookie("v", granted),
        Err(SetCookieError::FamilyNeedsName { .. })
    ));
    let named = family.actix_cookie_named("_ga_1A2B", "v", granted).unwrap();
    assert_eq!(
        parts(&named.to_string()),
        parts(&family.header_named("_ga_1A2B", "v", granted).unwrap())
    );
    assert!(matches!(
        family.actix_cookie_named("_pk_ref", "v", granted),
        Err(SetCookieError::NameNotCovered { .. })
    ));
    assert_eq!(
        parts(&family.actix_removal_named("_ga_1A2B").unwrap().to_string()),
        parts(&family.removal_header_named("_ga_1A2B").unwrap())
    );
}

#[test]
fn partitioned_is_a_typed_error_never_a_silent_drop() {
    let granted = all_granted().granted::<Marketing>().unwrap();
    let unsupported = SetCookieError::Unsupported {
        name: Embed::DECLARATION.name(),
        attribute: "Partitioned",
        target: "actix_web::cookie::Cookie (cookie 0.16)",
    };
    assert_eq!(Embed::actix_cookie("v", granted), Err(unsupported.clone()));
    assert_eq!(
        Embed::actix_cookie_named("__Host-embed", "v", granted),
        Err(unsupported.clone())
    );
    assert_eq!(Embed::actix_removal(), Err(unsupported.clone()));
    assert_eq!(
        Embed::DECLARATION.actix_cookie("v", granted),
        Err(unsupported.clone())
    );
    assert!(
        unsupported
            .to_string()
            .contains("send the cookie as a header value instead"),
        "{unsupported}"
    );
    // The header value route keeps it.
    assert!(
        Embed::header("v", granted)
            .unwrap()
            .ends_with("; SameSite=None; Partitioned")
    );
    assert!(Embed::removal_header().unwrap().ends_with("; Partitioned"));

    // A partitioned consent cookie too.
    let consent =
        ConsentCookie::new(EmbeddedPreferences::DECLARATION, Revision::from_u64(1)).unwrap();
    let choice = consent.choose(CategorySet::NONE, std::time::SystemTime::now());
    assert!(matches!(
        consent.actix_cookie(&choice),
        Err(SetCookieError::Unsupported {
            attribute: "Partitioned",
            ..
        })
    ));
    assert!(matches!(
        consent.actix_removal(),
        Err(SetCookieError::Unsupported {
            attribute: "Partitioned",
            ..
        })
    ));
}

#[test]
fn the_consent_cookie_converts_like_its_header() {
    let consent = consent_cookie();
    let choice = consent.choose(
        CategorySet::NONE.with(Category::Statistics),
        std::time::SystemTime::now(),
    );
    let cookie = consent.actix_cookie(&choice).unwrap().expect("a choice");
    assert_eq!(
        parts(&cookie.to_string()),
        parts(&consent.header(&choice).unwrap())
    );
    assert_eq!(consent.actix_cookie(&ConsentState::NONE), Ok(None));
    assert_eq!(
        parts(&consent.actix_removal().unwrap().to_string()),
        parts(&consent.removal_header())
    );
}

/// What the issue asked for, in handlers: the one-liner, the header route for `Partitioned`,
/// and `?` on a `SetCookieError` answering 500. Every cookie built from its declaration passes
/// the policy with no violation, drift included.
#[actix_web::test]
async fn handlers_set_declared_cookies_in_one_line() {
    async fn one_liner() -> actix_web::Result<HttpResponse> {
        Ok(HttpResponse::Ok()
            .cookie(Login::actix_cookie("v", NoConsentNeeded)?)
            .finish())
    }
    async fn consented(consent: ConsentState) -> actix_web::Result<HttpResponse> {
        let mut response = HttpResponse::Ok();
        if let Ok(granted) = consent.granted::<Functionality>() {
            response.cookie(Theme::actix_cookie("dark", granted)?);
        }
        if let Ok(granted) = consent.granted::<Marketing>() {
            // `append_header`: several Set-Cookies; `insert_header` would replace the others.
            response.append_header((SET_COOKIE, Embed::header("v", granted)?));
        }
        Ok(response.finish())
    }
    async fn inserted(consent: ConsentState) -> actix_web::Result<HttpResponse> {
        let granted = consent
            .granted::<Marketing>()
            .map_err(actix_web::error::ErrorForbidden)?;
        Ok(HttpResponse::Ok()
            .insert_header((SET_COOKIE, Embed::header("v", granted)?))
            .finish())
    }
    async fn partitioned(consent: ConsentState) -> actix_web::Result<HttpResponse> {
        let granted = consent
            .granted::<Marketing>()
            .map_err(actix_web::error::ErrorForbidden)?;
        Ok(HttpResponse::Ok()
            .cookie(Embed::actix_cookie("v", granted)?)
            .finish())
    }

    let (policy, seen) = policy(Mode::Enforce);
    let app = init_service(
        App::new()
            .route("/one-liner", web::get().to(one_liner))
            .route("/consented", web::get().to(consented))
            .route("/inserted", web::get().to(inserted))
            .route("/partitioned", web::get().to(partitioned))
            .wrap(policy),
    )
    .await;
    let get = |path: &str, cookie: &str| {
        TestRequest::get()
            .uri(path)
            .insert_header((COOKIE, cookie.to_owned()))
            .to_request()
    };
    let all = consent_pair(
        CategorySet::NONE
            .with(Category::Functionality)
            .with(Category::Statistics)
            .with(Category::Marketing),
    );

    let response = call_service(&app, get("/one-liner", "")).await;
    assert_eq!(
        set_cookies_of(response.headers()),
        [Login::actix_cookie("v", NoConsentNeeded)
            .unwrap()
            .to_string()]
    );

    let response = call_service(&app, get("/consented", &all)).await;
    let sent = set_cookies_of(response.headers());
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[0].starts_with("theme=dark;"));
    assert!(sent[1].ends_with("; Partitioned"), "{sent:?}");

    let response = call_service(&app, get("/consented", &consent_pair(CategorySet::NONE))).await;
    assert!(set_cookies_of(response.headers()).is_empty());

    let response = call_service(&app, get("/inserted", &all)).await;
    let sent = set_cookies_of(response.headers());
    assert_eq!(sent.len(), 1);
    assert!(sent[0].ends_with("; Partitioned"), "{sent:?}");

    // actix-web's cookie type cannot carry `Partitioned`: a 500 with the reason, not a cookie
    // without the attribute.
    let response = call_service(&app, get("/partitioned", &all)).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert!(set_cookies_of(response.headers()).is_empty());
    let body = read_body(response).await;
    assert!(
        String::from_utf8_lossy(&body).contains("`Partitioned`"),
        "{body:?}"
    );

    assert!(
        seen.lock().unwrap().is_empty(),
        "{:?}",
        seen.lock().unwrap()
    );
}
