//! The fairing around a route that sets cookies as headers: what it strips, keeps, reports and
//! adds, in each mode (the cases of `tests/middleware/tests/layer.rs`, through Rocket's local
//! client).

use cookie_registry::consent::{CategorySet, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Mode, ViolationKind};
use cookie_registry::rocket::{CookiePolicyFairing, assert_cookies_allowed};
use rocket::http::{Header, HeaderMap, Status};
use rocket::local::asynchronous::Client;
use rocket::shield::Shield;
use test_rocket::{
    ANALYTICS_OK, SESSION_OK, Script, app, consent_cookie, consent_header, consent_pair, kinds,
    registry, run,
};

fn statistics() -> CategorySet {
    CategorySet::NONE.with(Category::Statistics)
}

#[rocket::async_test]
async fn declared_necessary_cookies_pass_untouched() {
    let sent = run(Mode::Enforce, None, Script::headers(&[SESSION_OK])).await;
    assert_eq!(sent.status, Status::Ok);
    assert_eq!(sent.set_cookies, [SESSION_OK]);
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
}

#[rocket::async_test]
async fn undeclared_cookies_are_stripped_in_enforce_mode_and_reported_in_audit_mode() {
    let script = Script::headers(&["tracker=1", SESSION_OK]);
    let sent = run(Mode::Enforce, None, script.clone()).await;
    assert_eq!(sent.set_cookies, [SESSION_OK], "the declared cookie stays");
    assert_eq!(
        kinds(&sent.violations),
        [("tracker".to_string(), ViolationKind::Undeclared)]
    );

    let sent = run(Mode::Audit, None, script).await;
    assert_eq!(
        sent.set_cookies,
        ["tracker=1", SESSION_OK],
        "audit mode changes nothing"
    );
    assert_eq!(
        kinds(&sent.violations),
        [("tracker".to_string(), ViolationKind::Undeclared)]
    );
}

#[rocket::async_test]
async fn off_mode_changes_nothing_and_reports_nothing() {
    let request = format!("_pk_id=old; {}", consent_pair(CategorySet::NONE));
    let script = Script::headers(&["tracker=1", ANALYTICS_OK, "no-equals-sign"]);
    let sent = run(Mode::Off, Some(&request), script).await;
    assert_eq!(
        sent.set_cookies,
        ["tracker=1", ANALYTICS_OK, "no-equals-sign"]
    );
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
}

#[rocket::async_test]
async fn a_cookie_that_needs_consent_is_set_only_with_it() {
    let missing = ViolationKind::MissingConsent {
        category: Category::Statistics,
    };
    let sent = run(Mode::Enforce, None, Script::headers(&[ANALYTICS_OK])).await;
    assert!(sent.set_cookies.is_empty(), "{:?}", sent.set_cookies);
    assert_eq!(kinds(&sent.violations), [("_pk_id".to_string(), missing)]);

    let refused = consent_pair(CategorySet::NONE);
    let sent = run(
        Mode::Enforce,
        Some(&refused),
        Script::headers(&[ANALYTICS_OK]),
    )
    .await;
    assert!(
        sent.set_cookies.is_empty(),
        "refusal: {:?}",
        sent.set_cookies
    );

    let granted = format!("other=1; {}", consent_pair(statistics()));
    let sent = run(
        Mode::Enforce,
        Some(&granted),
        Script::headers(&[ANALYTICS_OK]),
    )
    .await;
    assert_eq!(sent.set_cookies, [ANALYTICS_OK]);
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
}

#[rocket::async_test]
async fn the_response_that_records_consent_may_set_what_it_grants() {
    let script = Script::headers(&[ANALYTICS_OK.to_string(), consent_header(statistics())]);
    let sent = run(Mode::Enforce, None, script).await;
    assert_eq!(sent.set_cookies.len(), 2, "{sent:?}");
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
}

#[rocket::async_test]
async fn withdrawn_categories_are_deleted_with_their_declared_path_and_domain() {
    let request = format!(
        "_pk_id=old; sessionid=s; {}",
        consent_pair(CategorySet::NONE)
    );
    let sent = run(Mode::Enforce, Some(&request), Script::default()).await;
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
    let [removal] = sent.set_cookies.as_slice() else {
        panic!("one removal expected: {:?}", sent.set_cookies)
    };
    for part in ["_pk_id=", "Path=/shop", "Domain=example.org", "Max-Age=0"] {
        assert!(removal.contains(part), "{part} missing from {removal}");
    }

    let sent = run(Mode::Audit, Some(&request), Script::default()).await;
    assert!(
        sent.set_cookies.is_empty(),
        "audit mode adds nothing: {:?}",
        sent.set_cookies
    );

    let still_granted = format!("_pk_id=old; {}", consent_pair(statistics()));
    let sent = run(Mode::Enforce, Some(&still_granted), Script::default()).await;
    assert!(
        sent.set_cookies.is_empty(),
        "consent in force: nothing to delete: {:?}",
        sent.set_cookies
    );
}

#[rocket::async_test]
async fn the_response_that_records_a_withdrawal_deletes_the_withdrawn_cookies() {
    // The request still grants statistics; the response records a choice that does not.
    let request = format!("_pk_id=old; {}", consent_pair(statistics()));
    let withdrawal = consent_header(CategorySet::NONE);
    let sent = run(
        Mode::Enforce,
        Some(&request),
        Script::headers(std::slice::from_ref(&withdrawal)),
    )
    .await;
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
    assert_eq!(
        sent.set_cookies.len(),
        2,
        "the new consent cookie, then the removal: {:?}",
        sent.set_cookies
    );
    assert_eq!(sent.set_cookies[0], withdrawal);
    assert!(
        sent.set_cookies[1].starts_with("_pk_id=") && sent.set_cookies[1].contains("Max-Age=0"),
        "{:?}",
        sent.set_cookies
    );
}

#[rocket::async_test]
async fn drift_from_the_declaration_is_reported_but_the_cookie_kept() {
    let too_long = "sessionid=abc; Path=/; Max-Age=99999999; Secure; HttpOnly; SameSite=Lax";
    let session_sent_persistent = "cart=1; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax";
    let shorter = "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax";
    let sent = run(
        Mode::Enforce,
        None,
        Script::headers(&[too_long, session_sent_persistent, shorter]),
    )
    .await;
    assert_eq!(
        sent.set_cookies,
        [too_long, session_sent_persistent, shorter]
    );
    let drifts: Vec<String> = sent.violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        drifts,
        [
            "cookie `sessionid` is sent with Max-Age 99999999 seconds, but declared with at most 1209600 seconds",
            "cookie `cart` is sent with Max-Age 60 seconds, but declared with a session lifetime",
        ]
    );
}

#[rocket::async_test]
async fn removals_are_always_allowed() {
    let removal = "tracker=; Path=/; Max-Age=0";
    let sent = run(Mode::Enforce, None, Script::headers(&[removal])).await;
    assert_eq!(sent.set_cookies, [removal]);
    assert!(sent.violations.is_empty());
}

#[rocket::async_test]
async fn nameless_headers_are_undeclared_and_never_fail_the_request() {
    let sent = run(
        Mode::Enforce,
        None,
        Script::headers(&["no-equals-sign", "=1", SESSION_OK]),
    )
    .await;
    assert_eq!(sent.status, Status::Ok);
    assert_eq!(sent.set_cookies, [SESSION_OK]);
    assert_eq!(sent.violations.len(), 2, "{:?}", sent.violations);
    assert!(
        sent.violations
            .iter()
            // A browser stores both as a cookie with an empty name: undeclared.
            .all(|v| *v.kind() == ViolationKind::Undeclared && v.name().is_empty()),
        "{:?}",
        sent.violations
    );

    // Broken `Cookie` headers: the response is the route's, whatever they hold.
    let huge = format!(
        "{}; _pk_id=1; ;;; =; ===; {}",
        "a".repeat(100_000),
        consent_pair(CategorySet::NONE)
    );
    for request in [
        "",
        ";;;",
        "=",
        "_pk_id=\u{80}; _pk_id=2; \u{1}",
        huge.as_str(),
    ] {
        let sent = run(Mode::Enforce, Some(request), Script::headers(&[SESSION_OK])).await;
        assert_eq!(sent.status, Status::Ok, "{request:.40}");
        assert_eq!(
            sent.set_cookies.first().map(String::as_str),
            Some(SESSION_OK),
            "{request:.40}: {:?}",
            sent.set_cookies
        );
    }
}

#[rocket::async_test]
async fn stripping_leaves_every_other_header_in_its_place() {
    const CART_OK: &str = "cart=1; Path=/; Secure; HttpOnly; SameSite=Lax";
    // Without Rocket's default Shield, whose headers come in a different order in each
    // instance: the route's `Set-Cookie`s, then Rocket's `Server`.
    async fn names_and_cookies(mode: Mode, headers: &[&str]) -> (Vec<String>, Vec<String>) {
        let (fairing, _) = test_rocket::fairing(mode);
        let app = app(Script::headers(headers), Some(fairing)).attach(Shield::new());
        let client = Client::untracked(app).await.unwrap();
        let response = client.get("/").dispatch().await;
        let names: Vec<String> = response
            .headers()
            .iter()
            .map(|h| h.name().to_string())
            .collect();
        (names, test_rocket::set_cookies(response.headers()))
    }
    let (names, set_cookies) =
        names_and_cookies(Mode::Enforce, &[SESSION_OK, "tracker=1", CART_OK]).await;
    assert_eq!(names, ["Set-Cookie", "Set-Cookie", "Server"]);
    assert_eq!(set_cookies, [SESSION_OK, CART_OK]);

    // Every `Set-Cookie` stripped: the header is gone, the others stay.
    let (names, _) = names_and_cookies(Mode::Enforce, &["tracker=1"]).await;
    assert_eq!(names, ["Server"]);
}

/// The fairing finds a response's `Set-Cookie` headers itself, up to sixteen without
/// allocating, and hands more to the judgment's own walk: every header is judged at its place
/// either way.
#[rocket::async_test]
async fn responses_with_many_cookies_are_judged_whole() {
    for count in [15, 16, 17, 40] {
        let mut headers = vec![SESSION_OK; count];
        headers.push("tracker=1");
        headers.push(SESSION_OK);
        let sent = run(Mode::Enforce, None, Script::headers(&headers)).await;
        assert_eq!(
            sent.set_cookies,
            vec![SESSION_OK; count + 1],
            "{count} before"
        );
        assert_eq!(
            kinds(&sent.violations),
            [("tracker".to_string(), ViolationKind::Undeclared)],
            "{count} before"
        );
    }
}

#[test]
#[should_panic(expected = "cookie `tracker` is set but not declared")]
fn the_test_helper_lists_violations() {
    let mut headers = HeaderMap::new();
    headers.add(Header::new("Set-Cookie", "tracker=1"));
    headers.add(Header::new("Set-Cookie", SESSION_OK));
    assert_cookies_allowed(registry(), &ConsentState::NONE, &headers);
}

#[rocket::async_test]
#[should_panic(expected = "cookie policy violation")]
async fn the_fairing_can_panic_on_violations_in_debug_builds() {
    // Tests are built with debug assertions. Rocket catches panics in handlers, not in
    // fairings: the local client's dispatch panics.
    let fairing =
        CookiePolicyFairing::new(registry(), consent_cookie()).panic_on_violation_in_debug();
    let client = Client::untracked(app(Script::headers(&["tracker=1"]), Some(fairing)))
        .await
        .unwrap();
    let _ = client.get("/").dispatch().await;
}
