//! A conflict across crates is reported with both declaration sites.

use cookie_registry::Registry;
use cookie_registry::declaration::CookieName;

#[test]
fn validate_reports_both_sites_of_a_cross_crate_conflict() {
    assert_eq!(test_conflicting_app::library_field(), "csrftoken");
    let registry = Registry::global().unwrap();
    let error = registry
        .validate()
        .expect_err("csrftoken is declared twice, differently");
    let [conflict] = error.conflicts() else {
        panic!("one conflict expected: {error}")
    };
    assert_eq!(conflict.name(), CookieName::Exact("csrftoken"));
    let mut crates = [
        conflict.first().crate_name(),
        conflict.second().crate_name(),
    ];
    crates.sort();
    assert_eq!(crates, ["test-conflicting-app", "test-library-cookies"]);
    assert_eq!(conflict.differences(), ["function", "purpose", "lifetime"]);
    for site in [conflict.first(), conflict.second()] {
        assert!(site.file().ends_with("lib.rs"), "{site}");
        assert!(site.line() > 0);
    }
    let message = error.to_string();
    assert!(
        message.contains("test-library-cookies (") && message.contains("test-conflicting-app ("),
        "{message}"
    );
    assert!(message.contains("src/lib.rs:"), "{message}");
    // Both declarations stay visible: the registry does not pick a winner silently.
    assert_eq!(
        registry
            .iter()
            .filter(|d| d.name() == CookieName::Exact("csrftoken"))
            .count(),
        2
    );
}
