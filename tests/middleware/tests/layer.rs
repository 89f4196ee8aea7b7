//! The layer against a service that sets cookies: what it strips, keeps, reports and adds.

mod common;

use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Mode, ViolationKind};
use cookie_registry::tower::{CookiePolicyLayer, assert_cookies_allowed};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderValue, Request, Response};
use tower::{Layer, ServiceExt, service_fn};

use common::run;
use test_middleware::{ANALYTICS_OK, SESSION_OK, consent_cookie, consent_pair, kinds, registry};

#[tokio::test]
async fn declared_necessary_cookies_pass_untouched() {
    let (sent, violations) = run(Mode::Enforce, None, &[SESSION_OK.as_bytes()]).await;
    assert_eq!(sent, [SESSION_OK]);
    assert!(violations.is_empty(), "{violations:?}");
}

#[tokio::test]
async fn undeclared_cookies_are_stripped_in_enforce_mode_and_reported_in_both() {
    let (sent, violations) = run(Mode::Enforce, None, &[b"tracker=1", SESSION_OK.as_bytes()]).await;
    assert_eq!(sent, [SESSION_OK], "the declared cookie keeps its place");
    assert_eq!(
        kinds(&violations),
        [("tracker".to_string(), ViolationKind::Undeclared)]
    );

    let (sent, violations) = run(Mode::Audit, None, &[b"tracker=1", SESSION_OK.as_bytes()]).await;
    assert_eq!(
        sent,
        ["tracker=1", SESSION_OK],
        "audit mode changes nothing"
    );
    assert_eq!(
        kinds(&violations),
        [("tracker".to_string(), ViolationKind::Undeclared)]
    );
}

#[tokio::test]
async fn a_cookie_that_needs_consent_is_set_only_with_it() {
    let missing = ViolationKind::MissingConsent {
        category: Category::Statistics,
    };
    let (sent, violations) = run(Mode::Enforce, None, &[ANALYTICS_OK.as_bytes()]).await;
    assert!(sent.is_empty(), "{sent:?}");
    assert_eq!(
        kinds(&violations),
        [("_pk_id".to_string(), missing.clone())]
    );

    let refused = consent_pair(CategorySet::NONE);
    let (sent, _) = run(
        Mode::Enforce,
        Some(refused.as_bytes()),
        &[ANALYTICS_OK.as_bytes()],
    )
    .await;
    assert!(sent.is_empty(), "refusal: {sent:?}");

    let granted = format!(
        "other=1; {}",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let (sent, violations) = run(
        Mode::Enforce,
        Some(granted.as_bytes()),
        &[ANALYTICS_OK.as_bytes()],
    )
    .await;
    assert_eq!(sent, [ANALYTICS_OK]);
    assert!(violations.is_empty(), "{violations:?}");
}

#[tokio::test]
async fn the_response_that_records_consent_may_set_what_it_grants() {
    let state = consent_cookie().choose(
        CategorySet::NONE.with(Category::Statistics),
        std::time::SystemTime::now(),
    );
    let consent_header = consent_cookie().cookie(&state).unwrap().build().to_string();
    let consent_header: &'static [u8] = Box::leak(consent_header.into_bytes().into_boxed_slice());
    let (sent, violations) = run(
        Mode::Enforce,
        None,
        &[ANALYTICS_OK.as_bytes(), consent_header],
    )
    .await;
    assert_eq!(sent.len(), 2, "{sent:?} {violations:?}");
    assert!(violations.is_empty(), "{violations:?}");
}

#[tokio::test]
async fn withdrawn_categories_are_deleted_with_their_declared_path_and_domain() {
    let request = format!(
        "_pk_id=old; sessionid=s; {}",
        consent_pair(CategorySet::NONE)
    );
    let (sent, violations) = run(Mode::Enforce, Some(request.as_bytes()), &[]).await;
    assert!(violations.is_empty(), "{violations:?}");
    let [removal] = sent.as_slice() else {
        panic!("one removal expected: {sent:?}")
    };
    for part in ["_pk_id=", "Path=/shop", "Domain=example.org", "Max-Age=0"] {
        assert!(removal.contains(part), "{part} missing from {removal}");
    }

    let (sent, _) = run(Mode::Audit, Some(request.as_bytes()), &[]).await;
    assert!(sent.is_empty(), "audit mode adds nothing: {sent:?}");

    let still_granted = format!(
        "_pk_id=old; {}",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let (sent, _) = run(Mode::Enforce, Some(still_granted.as_bytes()), &[]).await;
    assert!(
        sent.is_empty(),
        "consent in force: nothing to delete: {sent:?}"
    );
}

#[tokio::test]
async fn the_response_that_records_a_withdrawal_deletes_the_withdrawn_cookies() {
    // The request still grants statistics; the response records a choice that does not.
    let request = format!(
        "_pk_id=old; {}",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let state = consent_cookie().choose(CategorySet::NONE, std::time::SystemTime::now());
    let withdrawal = consent_cookie().cookie(&state).unwrap().build().to_string();
    let withdrawal: &'static [u8] = Box::leak(withdrawal.into_bytes().into_boxed_slice());
    let (sent, violations) = run(Mode::Enforce, Some(request.as_bytes()), &[withdrawal]).await;
    assert!(violations.is_empty(), "{violations:?}");
    assert_eq!(
        sent.len(),
        2,
        "the new consent cookie and the removal: {sent:?}"
    );
    assert!(
        sent[1].starts_with("_pk_id=") && sent[1].contains("Max-Age=0"),
        "{sent:?}"
    );
}

#[tokio::test]
async fn handlers_find_the_consent_in_the_request_extensions() {
    let layer = CookiePolicyLayer::new(registry(), consent_cookie());
    let service = layer.layer(service_fn(|request: Request<()>| async move {
        let consent = request
            .extensions()
            .get::<cookie_registry::consent::ConsentState>()
            .copied();
        Ok::<_, Infallible>(Response::new(consent))
    }));
    let mut request = Request::new(());
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    request
        .headers_mut()
        .insert(COOKIE, HeaderValue::from_str(&granted).unwrap());
    let response = service.oneshot(request).await.unwrap();
    let consent = response.into_body().expect("the layer inserts the consent");
    assert!(consent.grants(Category::Statistics));
}

#[tokio::test]
async fn drift_from_the_declaration_is_reported_but_the_cookie_kept() {
    let too_long = "sessionid=abc; Path=/; Max-Age=99999999; Secure; HttpOnly; SameSite=Lax";
    let session_sent_persistent = "cart=1; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax";
    // Shorter than declared is no drift: the policy promises at most that long.
    let shorter = "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax";
    let headers = [
        too_long.as_bytes(),
        session_sent_persistent.as_bytes(),
        shorter.as_bytes(),
    ];
    let (sent, violations) = run(Mode::Enforce, None, &headers).await;
    assert_eq!(sent, [too_long, session_sent_persistent, shorter]);
    let drifts: Vec<String> = violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        drifts,
        [
            "cookie `sessionid` is sent with Max-Age 99999999 seconds, but declared with at most 1209600 seconds",
            "cookie `cart` is sent with Max-Age 60 seconds, but declared with a session lifetime",
        ]
    );

    let wrong_flags = "sessionid=abc; Path=/; Max-Age=60; Secure; SameSite=Strict";
    let (_, violations) = run(Mode::Enforce, None, &[wrong_flags.as_bytes()]).await;
    assert_eq!(
        kinds(&violations),
        [(
            "sessionid".to_string(),
            ViolationKind::Drift {
                attribute: "HttpOnly",
                declared: "true".into(),
                sent: "false".into()
            }
        )]
    );
}

#[tokio::test]
async fn removals_are_always_allowed() {
    let removal = "tracker=; Path=/; Max-Age=0";
    let (sent, violations) = run(Mode::Enforce, None, &[removal.as_bytes()]).await;
    assert_eq!(sent, [removal]);
    assert!(violations.is_empty());
}

#[tokio::test]
async fn malformed_headers_never_fail_the_request() {
    let (sent, violations) = run(
        Mode::Enforce,
        None,
        &[b"no-equals-sign", b"\xff\xfe=1", SESSION_OK.as_bytes()],
    )
    .await;
    assert_eq!(sent, [SESSION_OK]);
    // Chromium stores both: a cookie without a name, and one named with two raw bytes.
    assert_eq!(
        kinds(&violations),
        [
            (String::new(), ViolationKind::Undeclared),
            ("\u{fffd}\u{fffd}".to_string(), ViolationKind::Undeclared)
        ]
    );

    let huge = format!(
        "{}; _pk_id=1; ;;; =; ===; {}",
        "a".repeat(100_000),
        consent_pair(CategorySet::NONE)
    );
    let requests: [&[u8]; 5] = [
        b"",
        b";;;",
        b"=",
        b"\xff\xfe_pk_id=\x80; _pk_id=2",
        huge.as_bytes(),
    ];
    for request in requests {
        let (sent, _) = run(Mode::Enforce, Some(request), &[SESSION_OK.as_bytes()]).await;
        assert!(
            sent.first().is_some_and(|s| s == SESSION_OK),
            "{:.40}: {sent:?}",
            String::from_utf8_lossy(request)
        );
    }
}

#[test]
#[should_panic(expected = "cookie `tracker` is set but not declared")]
fn the_test_helper_lists_violations() {
    let mut headers = http::HeaderMap::new();
    headers.append(SET_COOKIE, HeaderValue::from_static("tracker=1"));
    headers.append(SET_COOKIE, HeaderValue::from_static(SESSION_OK));
    assert_cookies_allowed(
        registry(),
        &cookie_registry::consent::ConsentState::NONE,
        &headers,
    );
}

/// `panic_on_violation_in_debug` panics at the first violation when the crate is built with
/// debug assertions (`cargo test`), and does nothing more than the mode when it is not (`cargo
/// test --release`): each profile checks its half. Cargo builds this test and cookie-registry
/// with the same profile, so `cfg!(debug_assertions)` here is the library's.
#[tokio::test]
async fn the_layer_panics_on_violations_in_debug_builds_only() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let layer = CookiePolicyLayer::new(registry(), consent_cookie())
        .on_violation(move |v| sink.lock().unwrap().push(v.clone()))
        .panic_on_violation_in_debug();
    let service = layer.layer(service_fn(|_: Request<()>| async {
        let mut response = Response::new(());
        response
            .headers_mut()
            .append(SET_COOKIE, HeaderValue::from_static("tracker=1"));
        Ok::<_, Infallible>(response)
    }));
    // On a task of its own, so that its panic is an outcome to inspect.
    let outcome = tokio::spawn(service.oneshot(Request::new(()))).await;
    if cfg!(debug_assertions) {
        let panic = outcome
            .expect_err("with debug assertions, a violation panics")
            .into_panic();
        let message = panic
            .downcast_ref::<String>()
            .map_or("(not a string)", String::as_str);
        assert!(
            message
                .starts_with("cookie policy violation: cookie `tracker` is set but not declared"),
            "{message}"
        );
    } else {
        let response = outcome
            .expect("without debug assertions, no panic")
            .unwrap();
        assert_eq!(
            response.headers().get_all(SET_COOKIE).iter().count(),
            0,
            "the mode (enforce) still strips the undeclared cookie"
        );
    }
    let names: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|v| v.name().to_string())
        .collect();
    assert_eq!(
        names,
        ["tracker"],
        "reported before the panic, in both profiles"
    );
}
