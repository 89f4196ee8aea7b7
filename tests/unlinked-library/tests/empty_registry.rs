//! A registry that collected nothing is an error, never an empty policy.
//!
//! The macros link a crate's declaring dependencies only when the crate declares something
//! itself; this one declares nothing, so the error, and its fix, are what it gets.

use cookie_registry::{Registry, RegistryError};

#[test]
fn an_unlinked_library_is_reported_not_rendered_as_an_empty_policy() {
    let error = Registry::global().expect_err("nothing is linked");
    assert_eq!(error, RegistryError::NoDeclarations);
    assert!(
        error.to_string().contains("use the_library as _;"),
        "{error}"
    );
}
