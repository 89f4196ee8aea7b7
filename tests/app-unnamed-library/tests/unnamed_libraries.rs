//! The libraries an application depends on but never names are linked all the same: their
//! declarations are in the application's registry, with no step taken by its author.

use cookie_registry::Registry;

#[test]
fn declarations_of_libraries_no_code_names_are_in_the_registry() {
    // Names the application, as any test of it does; nothing names the libraries.
    assert_eq!(test_app_unnamed_library::SESSION, "sessionid");

    let registry = Registry::global().expect("registry builds");
    let names: Vec<String> = registry.iter().map(|d| d.name().to_string()).collect();
    // The optional library is there exactly when its feature is (it is by default).
    let mut expected = vec!["_pk_id_*", "csrftoken", "sessionid"];
    if cfg!(feature = "language-switcher") {
        expected.push("site_language");
    }
    assert_eq!(names, expected, "backend: {}", Registry::BACKEND);

    let csrf = registry.find("csrftoken").unwrap();
    assert_eq!(csrf.site().crate_name(), "test-library-cookies");
    if let Some(language) = registry.find("site_language") {
        assert_eq!(language.site().crate_name(), "test-optional-library");
    }
    registry.validate().expect("no conflicts");
}
