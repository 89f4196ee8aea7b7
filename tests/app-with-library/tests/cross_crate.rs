//! The registry of a program holds the declarations of every crate linked into it.

use cookie_registry::Registry;
use cookie_registry::declaration::CookieName;

#[test]
fn dependency_declarations_are_in_the_application_registry() {
    assert_eq!(test_app_with_library::csrf_field(), "csrftoken");
    let registry = Registry::global().expect("registry builds");
    let names: Vec<String> = registry.iter().map(|d| d.name().to_string()).collect();
    assert_eq!(
        names,
        ["_pk_id_*", "csrftoken", "sessionid"],
        "backend: {}",
        Registry::BACKEND
    );

    let csrf = registry.find("csrftoken").unwrap();
    assert_eq!(csrf.site().crate_name(), "test-library-cookies");
    assert_eq!(csrf.site().module_path(), "test_library_cookies");
    assert_eq!(
        registry.find("sessionid").unwrap().site().crate_name(),
        "test-app-with-library"
    );
    assert_eq!(
        registry.find("_pk_id_1a2b").unwrap().name(),
        CookieName::Prefix("_pk_id_")
    );
    registry
        .validate()
        .expect("no conflicts between the application and its library");
}

/// `scripts/test-all` runs the workspace once per backend and says which one it asked for;
/// a plain `cargo test` gets the default.
#[test]
fn the_backend_is_the_one_asked_for() {
    let expected =
        std::env::var("COOKIE_REGISTRY_EXPECTED_BACKEND").unwrap_or_else(|_| "inventory".into());
    assert_eq!(Registry::BACKEND, expected);
}
