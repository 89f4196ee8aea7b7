//! The middleware against an app that sets cookies: what it strips, keeps, reports and adds.
//! The same cases as the tower layer's (tests/middleware/tests/layer.rs and judgment.rs),
//! through `actix_web::test` apps.

use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Enforcer, Mode, ViolationKind};
use test_actix::{
    ANALYTICS_OK, PREFERENCES, SESSION_OK, consent_pair, consent_set_cookie, kinds, run,
};

#[actix_web::test]
async fn declared_necessary_cookies_pass_untouched() {
    let outcome = run(Mode::Enforce, &[], &[SESSION_OK.as_bytes()]).await;
    assert_eq!(outcome.sent, [SESSION_OK]);
    assert!(outcome.violations.is_empty(), "{outcome:?}");
}

#[actix_web::test]
async fn undeclared_cookies_are_stripped_in_enforce_mode_and_reported_in_both() {
    let set: [&[u8]; 3] = [b"tracker=1", SESSION_OK.as_bytes(), b"other_tracker=2"];
    let outcome = run(Mode::Enforce, &[], &set).await;
    assert_eq!(outcome.sent, [SESSION_OK], "the declared cookie stays");
    assert_eq!(
        kinds(&outcome.violations),
        [
            ("tracker".to_string(), ViolationKind::Undeclared),
            ("other_tracker".to_string(), ViolationKind::Undeclared)
        ]
    );

    let outcome = run(Mode::Audit, &[], &set).await;
    assert_eq!(
        outcome.sent,
        ["tracker=1", SESSION_OK, "other_tracker=2"],
        "audit mode changes nothing"
    );
    assert_eq!(outcome.violations.len(), 2, "{outcome:?}");
}

#[actix_web::test]
async fn the_kept_cookies_keep_their_order() {
    let set: [&[u8]; 5] = [
        b"a=1",
        SESSION_OK.as_bytes(),
        b"b=2",
        b"cart=1; Path=/; Secure; HttpOnly; SameSite=Lax",
        b"c=3",
    ];
    let outcome = run(Mode::Enforce, &[], &set).await;
    assert_eq!(
        outcome.sent,
        [SESSION_OK, "cart=1; Path=/; Secure; HttpOnly; SameSite=Lax"]
    );
}

#[actix_web::test]
async fn off_mode_does_nothing() {
    let request = format!("_pk_id=old; {}", consent_pair(CategorySet::NONE));
    let set: [&[u8]; 3] = [b"tracker=1", ANALYTICS_OK.as_bytes(), b"no-equals-sign"];
    let outcome = run(Mode::Off, &[request.as_bytes()], &set).await;
    assert_eq!(outcome.sent, ["tracker=1", ANALYTICS_OK, "no-equals-sign"]);
    assert!(outcome.violations.is_empty(), "{outcome:?}");
}

#[actix_web::test]
async fn a_cookie_that_needs_consent_is_set_only_with_it() {
    let missing = ViolationKind::MissingConsent {
        category: Category::Statistics,
    };
    let outcome = run(Mode::Enforce, &[], &[ANALYTICS_OK.as_bytes()]).await;
    assert!(outcome.sent.is_empty(), "{outcome:?}");
    assert_eq!(
        kinds(&outcome.violations),
        [("_pk_id".to_string(), missing)]
    );

    let refused = consent_pair(CategorySet::NONE);
    let outcome = run(
        Mode::Enforce,
        &[refused.as_bytes()],
        &[ANALYTICS_OK.as_bytes()],
    )
    .await;
    assert!(outcome.sent.is_empty(), "refusal: {outcome:?}");

    let granted = format!(
        "other=1; {}",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let outcome = run(
        Mode::Enforce,
        &[granted.as_bytes()],
        &[ANALYTICS_OK.as_bytes()],
    )
    .await;
    assert_eq!(outcome.sent, [ANALYTICS_OK]);
    assert!(outcome.violations.is_empty(), "{outcome:?}");
}

/// HTTP/2 may split the cookies over several `Cookie` headers: the consent is read from any.
#[actix_web::test]
async fn the_consent_is_read_from_any_of_several_cookie_headers() {
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let outcome = run(
        Mode::Enforce,
        &[b"sessionid=abc", granted.as_bytes(), b"other=1"],
        &[ANALYTICS_OK.as_bytes()],
    )
    .await;
    assert_eq!(outcome.sent, [ANALYTICS_OK]);

    // And the carried cookies of a refused category from any of them are deleted.
    let refused = consent_pair(CategorySet::NONE);
    let outcome = run(
        Mode::Enforce,
        &[b"sessionid=abc", refused.as_bytes(), b"_pk_id=old"],
        &[],
    )
    .await;
    assert_eq!(outcome.sent.len(), 1, "{outcome:?}");
    assert!(outcome.sent[0].starts_with("_pk_id=; Path=/shop; Domain=example.org; Max-Age=0"));
}

#[actix_web::test]
async fn the_response_that_records_consent_may_set_what_it_grants() {
    let consent = consent_set_cookie(CategorySet::NONE.with(Category::Statistics));
    let outcome = run(
        Mode::Enforce,
        &[],
        &[ANALYTICS_OK.as_bytes(), consent.as_bytes()],
    )
    .await;
    assert_eq!(outcome.sent, [ANALYTICS_OK, consent.as_str()]);
    assert!(outcome.violations.is_empty(), "{outcome:?}");
}

#[actix_web::test]
async fn withdrawn_categories_are_deleted_with_their_declared_path_and_domain() {
    let request = format!(
        "_pk_id=old; sessionid=s; {}",
        consent_pair(CategorySet::NONE)
    );
    let outcome = run(Mode::Enforce, &[request.as_bytes()], &[]).await;
    assert!(outcome.violations.is_empty(), "{outcome:?}");
    assert_eq!(
        outcome.sent,
        ["_pk_id=; Path=/shop; Domain=example.org; Max-Age=0; \
          Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax"]
    );

    let outcome = run(Mode::Audit, &[request.as_bytes()], &[]).await;
    assert!(
        outcome.sent.is_empty(),
        "audit mode adds nothing: {outcome:?}"
    );

    let still_granted = format!(
        "_pk_id=old; {}",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let outcome = run(Mode::Enforce, &[still_granted.as_bytes()], &[]).await;
    assert!(
        outcome.sent.is_empty(),
        "consent in force: nothing to delete: {outcome:?}"
    );
}

#[actix_web::test]
async fn the_response_that_records_a_withdrawal_deletes_the_withdrawn_cookies() {
    // The request still grants statistics; the response records a choice that does not.
    let request = format!(
        "_pk_id=old; {}",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let withdrawal = consent_set_cookie(CategorySet::NONE);
    let outcome = run(
        Mode::Enforce,
        &[request.as_bytes()],
        &[withdrawal.as_bytes()],
    )
    .await;
    assert!(outcome.violations.is_empty(), "{outcome:?}");
    assert_eq!(
        outcome.sent.len(),
        2,
        "the new consent and the removal: {outcome:?}"
    );
    assert_eq!(outcome.sent[0], withdrawal);
    assert!(
        outcome.sent[1].starts_with("_pk_id=") && outcome.sent[1].contains("Max-Age=0"),
        "{outcome:?}"
    );
}

#[actix_web::test]
async fn drift_from_the_declaration_is_reported_but_the_cookie_kept() {
    let too_long = "sessionid=abc; Path=/; Max-Age=99999999; Secure; HttpOnly; SameSite=Lax";
    let session_sent_persistent = "cart=1; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax";
    // Shorter than declared is no drift: the policy promises at most that long.
    let shorter = "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax";
    let set = [
        too_long.as_bytes(),
        session_sent_persistent.as_bytes(),
        shorter.as_bytes(),
    ];
    let outcome = run(Mode::Enforce, &[], &set).await;
    assert_eq!(outcome.sent, [too_long, session_sent_persistent, shorter]);
    let drifts: Vec<String> = outcome.violations.iter().map(ToString::to_string).collect();
    assert_eq!(
        drifts,
        [
            "cookie `sessionid` is sent with Max-Age 99999999 seconds, but declared with at most 1209600 seconds",
            "cookie `cart` is sent with Max-Age 60 seconds, but declared with a session lifetime",
        ]
    );

    let wrong_flags = "sessionid=abc; Path=/; Max-Age=60; Secure; SameSite=Strict";
    let outcome = run(Mode::Enforce, &[], &[wrong_flags.as_bytes()]).await;
    assert_eq!(outcome.sent, [wrong_flags]);
    assert_eq!(
        kinds(&outcome.violations),
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

#[actix_web::test]
async fn removals_are_always_allowed() {
    let removal = "tracker=; Path=/; Max-Age=0";
    let outcome = run(Mode::Enforce, &[], &[removal.as_bytes()]).await;
    assert_eq!(outcome.sent, [removal]);
    assert!(outcome.violations.is_empty());
}

#[actix_web::test]
async fn malformed_headers_never_fail_the_request() {
    let outcome = run(
        Mode::Enforce,
        &[],
        &[b"no-equals-sign", b"\xff\xfe=1", SESSION_OK.as_bytes()],
    )
    .await;
    assert_eq!(outcome.status, 200);
    assert_eq!(outcome.sent, [SESSION_OK]);
    // Chromium stores both: a cookie without a name, and one named with two raw bytes.
    assert_eq!(
        kinds(&outcome.violations),
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
    let requests: [&[u8]; 6] = [
        b"",
        b";;;",
        b"=",
        b"\xff\xfe_pk_id=\x80; _pk_id=2",
        format!("{PREFERENCES}=garbage; {PREFERENCES}=1.s.x.y")
            .leak()
            .as_bytes(),
        huge.as_bytes(),
    ];
    for request in requests {
        for mode in [Mode::Enforce, Mode::Audit, Mode::Off] {
            let outcome = run(mode, &[request], &[SESSION_OK.as_bytes()]).await;
            assert_eq!(outcome.status, 200);
            assert!(
                outcome.sent.first().is_some_and(|s| s == SESSION_OK),
                "{:.40} {mode:?}: {outcome:?}",
                String::from_utf8_lossy(request)
            );
        }
    }
}

/// A response that grants all, sets `_pk_id`, then refuses: the browser keeps the refusal, so
/// `_pk_id` must not go out. The other order lets it through.
#[actix_web::test]
async fn the_last_consent_cookie_of_a_response_is_the_one_that_counts() {
    let grant = consent_set_cookie(
        CategorySet::NONE
            .with(Category::Functionality)
            .with(Category::Statistics)
            .with(Category::Marketing),
    );
    let refuse = consent_set_cookie(CategorySet::NONE);
    let outcome = run(
        Mode::Enforce,
        &[],
        &[grant.as_bytes(), ANALYTICS_OK.as_bytes(), refuse.as_bytes()],
    )
    .await;
    assert_eq!(outcome.sent, [grant.clone(), refuse.clone()]);
    assert!(
        outcome.violations.iter().any(|v| v.name() == "_pk_id"
            && *v.kind()
                == ViolationKind::MissingConsent {
                    category: Category::Statistics
                }),
        "{outcome:?}"
    );

    let outcome = run(
        Mode::Enforce,
        &[],
        &[refuse.as_bytes(), ANALYTICS_OK.as_bytes(), grant.as_bytes()],
    )
    .await;
    assert_eq!(outcome.sent, [refuse, ANALYTICS_OK.to_string(), grant]);
    assert!(outcome.violations.is_empty(), "{outcome:?}");
}

/// Thousands of carried cookies of a family that needs consent get a bounded number of
/// removals, each name once.
#[actix_web::test]
async fn thousands_of_carried_cookies_get_a_bounded_number_of_removals() {
    let header = (0..30_000)
        .map(|i| format!("_ga_{i}=1"))
        .collect::<Vec<_>>()
        .join("; ");
    let outcome = run(Mode::Enforce, &[header.as_bytes()], &[]).await;
    assert_eq!(outcome.sent.len(), Enforcer::MAX_REMOVALS_PER_RESPONSE);
    for (i, removal) in outcome.sent.iter().enumerate() {
        assert!(
            removal.starts_with(&format!("_ga_{i}=; Path=/; Max-Age=0;")),
            "{removal}"
        );
    }
}

/// In audit mode, the cookies of a withdrawn category the browser still sends are reported;
/// enforce mode deletes the same ones.
#[actix_web::test]
async fn audit_mode_reports_what_enforce_would_delete() {
    let header = format!(
        "{}; _pk_id=xyz; _ga_7=1; sessionid=abc",
        consent_pair(CategorySet::NONE)
    );
    let outcome = run(Mode::Audit, &[header.as_bytes()], &[]).await;
    assert!(
        outcome.sent.is_empty(),
        "audit changes nothing: {outcome:?}"
    );
    let mut reported = kinds(&outcome.violations);
    reported.sort_by(|a, b| a.0.cmp(&b.0));
    let carried = ViolationKind::CarriedWithoutConsent {
        category: Category::Statistics,
    };
    assert_eq!(
        reported,
        [
            ("_ga_7".to_string(), carried.clone()),
            ("_pk_id".to_string(), carried)
        ]
    );

    let outcome = run(Mode::Enforce, &[header.as_bytes()], &[]).await;
    let mut deleted: Vec<&str> = outcome
        .sent
        .iter()
        .map(|s| s.split('=').next().unwrap())
        .collect();
    deleted.sort();
    assert_eq!(deleted, ["_ga_7", "_pk_id"]);
}
