//! Holes the judgment of a response had, each kept shut by a test: the consent a response
//! records is the last one (the browser keeps the last), a request's cookies cost linear work
//! and a bounded number of removals, and audit mode reports what enforce would delete.

mod common;

use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Enforcer, Mode, ViolationKind};

use common::run;
use test_middleware::{ANALYTICS_OK, PREFERENCES, consent_value, kinds};

/// Hole 2: a response that grants all, sets `_pk_id`, then refuses. The browser keeps the
/// refusal, so `_pk_id` must not go out.
#[tokio::test]
async fn the_last_consent_cookie_of_a_response_is_the_one_that_counts() {
    let grant = format!(
        "{PREFERENCES}={}; Path=/; Max-Age=15778476; Secure; SameSite=Lax",
        consent_value(CategorySet::ALL)
    );
    let refuse = format!(
        "{PREFERENCES}={}; Path=/; Max-Age=15778476; Secure; SameSite=Lax",
        consent_value(CategorySet::NONE)
    );
    let (sent, violations) = run(
        Mode::Enforce,
        None,
        &[grant.as_bytes(), ANALYTICS_OK.as_bytes(), refuse.as_bytes()],
    )
    .await;
    assert_eq!(sent, [grant.clone(), refuse.clone()]);
    assert!(
        violations.iter().any(|v| v.name() == "_pk_id"
            && *v.kind()
                == ViolationKind::MissingConsent {
                    category: Category::Statistics
                }),
        "{violations:?}"
    );

    // The other order: refuse, set, grant. The browser keeps the grant.
    let (sent, violations) = run(
        Mode::Enforce,
        None,
        &[refuse.as_bytes(), ANALYTICS_OK.as_bytes(), grant.as_bytes()],
    )
    .await;
    assert_eq!(sent, [refuse, ANALYTICS_OK.to_string(), grant]);
    assert!(violations.is_empty(), "{violations:?}");
}

/// Hole 3: a visitor without consent who sends 30,000 cookies of a declared family that needs
/// consent gets a bounded number of removals, each name once, and costs linear work (the
/// figure is in docs/measurements: no timing here).
#[tokio::test]
async fn thousands_of_carried_cookies_get_a_bounded_number_of_removals() {
    let many: Vec<String> = (0..30_000).map(|i| format!("_ga_{i}=1")).collect();
    let header = many.join("; ");
    let (sent, _) = run(Mode::Enforce, Some(header.as_bytes()), &[]).await;
    assert_eq!(sent.len(), Enforcer::MAX_REMOVALS_PER_RESPONSE);
    for (i, removal) in sent.iter().enumerate() {
        assert!(
            removal.starts_with(&format!("_ga_{i}=; Path=/; Max-Age=0;")),
            "{removal}"
        );
    }

    // The same name many times is one removal.
    let header = vec!["_ga_1=1"; 30_000].join("; ");
    let (sent, _) = run(Mode::Enforce, Some(header.as_bytes()), &[]).await;
    assert_eq!(sent.len(), 1, "{sent:?}");

    // The next response, for the cookies still held, deletes the next ones.
    let header = many[Enforcer::MAX_REMOVALS_PER_RESPONSE..].join("; ");
    let (sent, _) = run(Mode::Enforce, Some(header.as_bytes()), &[]).await;
    assert!(sent[0].starts_with(&format!("_ga_{}=;", Enforcer::MAX_REMOVALS_PER_RESPONSE)));
}

/// Hole 4: in audit mode, the cookies of a withdrawn category that the browser still sends are
/// reported (enforce mode deletes them).
#[tokio::test]
async fn audit_mode_reports_what_enforce_would_delete() {
    let refused = consent_value(CategorySet::NONE);
    let header = format!("{PREFERENCES}={refused}; _pk_id=xyz; _ga_7=1; sessionid=abc");
    let (sent, violations) = run(Mode::Audit, Some(header.as_bytes()), &[]).await;
    assert!(sent.is_empty(), "audit changes nothing: {sent:?}");
    let mut reported = kinds(&violations);
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
    assert!(violations[0].to_string().contains("still holds"));

    // Enforce mode deletes the same two.
    let (sent, _) = run(Mode::Enforce, Some(header.as_bytes()), &[]).await;
    let mut deleted: Vec<&str> = sent.iter().map(|s| s.split('=').next().unwrap()).collect();
    deleted.sort();
    assert_eq!(deleted, ["_ga_7", "_pk_id"]);

    // With the category granted, nothing is reported.
    let granted = consent_value(CategorySet::NONE.with(Category::Statistics));
    let header = format!("{PREFERENCES}={granted}; _pk_id=xyz; _ga_7=1");
    let (_, violations) = run(Mode::Audit, Some(header.as_bytes()), &[]).await;
    assert!(violations.is_empty(), "{violations:?}");
}
