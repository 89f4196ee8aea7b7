//! The judgment's harder cases through the fairing (those of
//! `tests/middleware/tests/judgment.rs`): the last consent cookie of a response counts, a
//! request's many cookies get a bounded number of removals, and audit mode reports what enforce
//! mode deletes.

use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Enforcer, Mode, ViolationKind};
use test_rocket::{ANALYTICS_OK, Script, consent_header, consent_pair, kinds, run};

/// A response that grants all, sets `_pk_id`, then refuses: the browser keeps the refusal, so
/// `_pk_id` must not go out. In the other order, it keeps the grant.
#[rocket::async_test]
async fn the_last_consent_cookie_of_a_response_is_the_one_that_counts() {
    let grant = consent_header(CategorySet::ALL);
    let refuse = consent_header(CategorySet::NONE);
    let sent = run(
        Mode::Enforce,
        None,
        Script::headers(&[grant.as_str(), ANALYTICS_OK, refuse.as_str()]),
    )
    .await;
    assert_eq!(sent.set_cookies, [grant.clone(), refuse.clone()]);
    assert!(
        sent.violations.iter().any(|v| v.name() == "_pk_id"
            && *v.kind()
                == ViolationKind::MissingConsent {
                    category: Category::Statistics
                }),
        "{:?}",
        sent.violations
    );

    let sent = run(
        Mode::Enforce,
        None,
        Script::headers(&[refuse.as_str(), ANALYTICS_OK, grant.as_str()]),
    )
    .await;
    assert_eq!(sent.set_cookies, [refuse, ANALYTICS_OK.to_string(), grant]);
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
}

/// A visitor without consent who sends 30,000 cookies of a declared family that needs consent
/// gets at most `MAX_REMOVALS_PER_RESPONSE` removals, each name once; the next response deletes
/// the next ones.
#[rocket::async_test]
async fn thousands_of_carried_cookies_get_a_bounded_number_of_removals() {
    let many: Vec<String> = (0..30_000).map(|i| format!("_ga_{i}=1")).collect();
    let header = many.join("; ");
    let sent = run(Mode::Enforce, Some(&header), Script::default()).await;
    assert_eq!(sent.set_cookies.len(), Enforcer::MAX_REMOVALS_PER_RESPONSE);
    for (i, removal) in sent.set_cookies.iter().enumerate() {
        assert!(
            removal.starts_with(&format!("_ga_{i}=; Path=/; Max-Age=0;")),
            "{removal}"
        );
    }

    let header = vec!["_ga_1=1"; 30_000].join("; ");
    let sent = run(Mode::Enforce, Some(&header), Script::default()).await;
    assert_eq!(sent.set_cookies.len(), 1, "{:?}", sent.set_cookies);

    let header = many[Enforcer::MAX_REMOVALS_PER_RESPONSE..].join("; ");
    let sent = run(Mode::Enforce, Some(&header), Script::default()).await;
    assert!(
        sent.set_cookies[0].starts_with(&format!("_ga_{}=;", Enforcer::MAX_REMOVALS_PER_RESPONSE))
    );
}

/// In audit mode, the cookies of a withdrawn category that the browser still sends are
/// reported; enforce mode deletes the same ones.
#[rocket::async_test]
async fn audit_mode_reports_what_enforce_would_delete() {
    let header = format!(
        "{}; _pk_id=xyz; _ga_7=1; sessionid=abc",
        consent_pair(CategorySet::NONE)
    );
    let sent = run(Mode::Audit, Some(&header), Script::default()).await;
    assert!(
        sent.set_cookies.is_empty(),
        "audit changes nothing: {sent:?}"
    );
    let mut reported = kinds(&sent.violations);
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

    let sent = run(Mode::Enforce, Some(&header), Script::default()).await;
    let mut deleted: Vec<&str> = sent
        .set_cookies
        .iter()
        .map(|s| s.split('=').next().unwrap())
        .collect();
    deleted.sort();
    assert_eq!(deleted, ["_ga_7", "_pk_id"]);

    let granted = format!(
        "{}; _pk_id=xyz; _ga_7=1",
        consent_pair(CategorySet::NONE.with(Category::Statistics))
    );
    let sent = run(Mode::Audit, Some(&granted), Script::default()).await;
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
}
