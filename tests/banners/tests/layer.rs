//! The banners' cookies as the consent of the tower layer: stripping by the banner's consent,
//! deleting `HttpOnly` cookies on withdrawal, malformed and outdated cookies as no consent,
//! and Global Privacy Control.

use std::convert::Infallible;

use cookie_registry::Registry;
use cookie_registry::consent::{ConsentCookie, ConsentSource, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::Enforcer;
use cookie_registry::interop::cookieconsent::{CcCookie, revision_number};
use cookie_registry::interop::gpc::{GpcPolicy, GpcSignal, GpcSource};
use cookie_registry::interop::klaro::KlaroCookie;
use cookie_registry::tower::CookiePolicyLayer;
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response, StatusCode};
use tower::{Layer, ServiceExt, service_fn};

use test_banners::CC_COOKIE;

fn registry() -> &'static Registry {
    Registry::global().expect("declarations linked")
}

fn enforcer(source: impl ConsentSource) -> Enforcer {
    let own = ConsentCookie::new(registry().find(CC_COOKIE).unwrap(), registry().revision());
    Enforcer::new(registry(), own.unwrap()).consent_source(source)
}

/// What the response sent, and what the handler saw.
struct Outcome {
    status: StatusCode,
    set_cookies: Vec<String>,
    consent: Option<ConsentState>,
    gpc: Option<GpcSignal>,
}

/// One request with `cookie` (and `Sec-GPC` when `gpc`) through the layer around a handler that
/// sets `_stats_1`, `_ads` and `sessionid`.
async fn run(enforcer: Enforcer, cookie: &str, gpc: Option<&str>) -> Outcome {
    let seen = std::sync::Arc::new(std::sync::Mutex::new((None, None)));
    let sink = seen.clone();
    let service =
        CookiePolicyLayer::from_enforcer(enforcer).layer(service_fn(move |request: Request<()>| {
            let sink = sink.clone();
            async move {
                *sink.lock().unwrap() = (
                    request.extensions().get::<ConsentState>().copied(),
                    request.extensions().get::<GpcSignal>().copied(),
                );
                let mut response = Response::new(());
                for value in [
                    "_stats_1=a; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax",
                    "_ads=b; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax",
                    "sessionid=c; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax",
                ] {
                    response
                        .headers_mut()
                        .append(SET_COOKIE, HeaderValue::from_static(value));
                }
                Ok::<_, Infallible>(response)
            }
        }));
    let mut request = Request::new(());
    request
        .headers_mut()
        .insert(COOKIE, HeaderValue::from_str(cookie).unwrap());
    if let Some(gpc) = gpc {
        request
            .headers_mut()
            .insert("sec-gpc", HeaderValue::from_str(gpc).unwrap());
    }
    let response = service.oneshot(request).await.unwrap();
    let (consent, gpc) = *seen.lock().unwrap();
    Outcome {
        status: response.status(),
        set_cookies: response
            .headers()
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| v.to_str().unwrap().to_string())
            .collect(),
        consent,
        gpc,
    }
}

/// Names of the cookies a response sets (with a value), and those it deletes.
fn names(outcome: &Outcome) -> (Vec<&str>, Vec<&str>) {
    let (mut set, mut deleted) = (Vec::new(), Vec::new());
    for header in &outcome.set_cookies {
        let (name, rest) = header.split_once('=').unwrap();
        if rest.contains("Max-Age=0") {
            deleted.push(name);
        } else {
            set.push(name);
        }
    }
    (set, deleted)
}

/// `cc_cookie=…` as vanilla-cookieconsent 3 writes it: percent-encoded JSON.
fn cc_cookie(categories: &[&str], revision: u64) -> String {
    let json = serde_json::json!({
        "categories": categories,
        "revision": revision,
        "data": null,
        "consentTimestamp": "2025-06-01T12:00:00.000Z",
        "consentId": "0f8fad5b-d9cb-469f-a165-70867728950e",
        "services": {},
        "languageCode": "en",
        "lastConsentTimestamp": "2025-06-01T12:00:00.000Z",
        "expirationTime": 1_764_000_000_000u64,
    });
    format!("cc_cookie={}", percent_encoded(&json.to_string()))
}

/// What `encodeURIComponent` does.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'_'
            | b'.'
            | b'!'
            | b'~'
            | b'*'
            | b'\''
            | b'('
            | b')' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn current() -> u64 {
    revision_number(registry().revision())
}

#[tokio::test]
async fn the_banners_consent_strips_what_was_refused() {
    let cookie = cc_cookie(&["necessary", "statistics"], current());
    let outcome = run(enforcer(CcCookie::new(registry())), &cookie, None).await;
    assert_eq!(names(&outcome), (vec!["_stats_1", "sessionid"], vec![]));
    let consent = outcome.consent.unwrap();
    assert!(consent.grants(Category::Statistics) && !consent.grants(Category::Marketing));
    assert_eq!(
        consent.consent_id().unwrap().to_string(),
        "0f8fad5bd9cb469fa16570867728950e"
    );
}

#[tokio::test]
async fn withdrawing_in_the_banner_deletes_the_httponly_cookies_the_browser_holds() {
    // The visitor accepted statistics earlier; the browser holds `_stats_7` (HttpOnly, out of
    // the banner script's reach). Now the banner's cookie says necessary only.
    let cookie = format!(
        "{}; _stats_7=old; sessionid=s",
        cc_cookie(&["necessary"], current())
    );
    let outcome = run(enforcer(CcCookie::new(registry())), &cookie, None).await;
    let (set, deleted) = names(&outcome);
    assert_eq!(set, ["sessionid"]);
    assert_eq!(deleted, ["_stats_7"], "{:?}", outcome.set_cookies);
}

#[tokio::test]
async fn an_outdated_or_malformed_banner_cookie_is_no_consent_never_an_error() {
    let outdated = cc_cookie(&["necessary", "statistics", "marketing"], current() ^ 1);
    let cases = [
        outdated.as_str(),
        "cc_cookie=%7B%22categories%22",
        "cc_cookie=%ZZ",
        "cc_cookie={\"categories\":\"all\"}",
        "cc_cookie=null",
        "cc_cookie=%7B%7D",
    ];
    for cookie in cases {
        let outcome = run(enforcer(CcCookie::new(registry())), cookie, None).await;
        assert_eq!(outcome.status, StatusCode::OK, "{cookie}");
        assert_eq!(outcome.consent, Some(ConsentState::NONE), "{cookie}");
        assert_eq!(names(&outcome).0, ["sessionid"], "{cookie}");
    }
    // Sent twice with different values (another path, a sibling domain): no consent either.
    let twice = format!(
        "{}; {}",
        cc_cookie(&["necessary", "marketing"], current()),
        cc_cookie(&["necessary"], current())
    );
    let outcome = run(enforcer(CcCookie::new(registry())), &twice, None).await;
    assert_eq!(outcome.consent, Some(ConsentState::NONE));
}

#[tokio::test]
async fn klaros_cookie_grants_a_category_when_every_service_of_it_is_on() {
    let accepted = "klaro=%7B%22necessary-example-shop%22%3Atrue%2C%22statistics-example-analytics%22%3Atrue%2C%22marketing-example-ads-b-network-b%22%3Afalse%7D";
    let outcome = run(enforcer(KlaroCookie::new(registry())), accepted, None).await;
    assert_eq!(names(&outcome).0, ["_stats_1", "sessionid"]);

    let withdrawn = "klaro=%7B%22statistics-example-analytics%22%3Afalse%7D; _stats_2=x";
    let outcome = run(enforcer(KlaroCookie::new(registry())), withdrawn, None).await;
    assert_eq!(names(&outcome), (vec!["sessionid"], vec!["_stats_2"]));

    for malformed in ["klaro=%7B", "klaro=%7B%22a%22%3A1%7D", "klaro=[]"] {
        let outcome = run(enforcer(KlaroCookie::new(registry())), malformed, None).await;
        assert_eq!(outcome.status, StatusCode::OK);
        assert_eq!(outcome.consent, Some(ConsentState::NONE), "{malformed}");
    }
}

#[tokio::test]
async fn global_privacy_control_refuses_marketing_and_is_handed_to_the_handler() {
    let everything = cc_cookie(&["necessary", "statistics", "marketing"], current());
    let without = run(enforcer(CcCookie::new(registry())), &everything, None).await;
    assert_eq!(names(&without).0, ["_stats_1", "_ads", "sessionid"]);
    assert_eq!(without.gpc, None);

    let with = run(enforcer(CcCookie::new(registry())), &everything, Some("1")).await;
    assert_eq!(names(&with).0, ["_stats_1", "sessionid"]);
    assert_eq!(with.gpc.map(|s| s.source()), Some(GpcSource::Header));
    assert!(!with.consent.unwrap().grants(Category::Marketing));

    // Where the jurisdiction does not ask for it: recorded, not applied.
    let ignored = run(
        enforcer(CcCookie::new(registry())).gpc(GpcPolicy::Ignore),
        &everything,
        Some("1"),
    )
    .await;
    assert_eq!(names(&ignored).0, ["_stats_1", "_ads", "sessionid"]);
    assert!(ignored.gpc.is_some());

    // Any other value is no signal; and a signal is never a consent.
    let other = run(enforcer(CcCookie::new(registry())), &everything, Some("0")).await;
    assert_eq!(other.gpc, None);
    let nothing_yet = run(enforcer(CcCookie::new(registry())), "a=b", Some("1")).await;
    assert_eq!(nothing_yet.consent, Some(ConsentState::NONE));
    assert_eq!(names(&nothing_yet).0, ["sessionid"]);
}
