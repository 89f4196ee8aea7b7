//! Compile-error tests for crates that publish several languages: each file in
//! `tests/ui-languages/` is built as if its crate published English and French.
//!
//! trybuild does not copy `[package.metadata]` into the project it generates, so the languages
//! come from `COOKIE_REGISTRY_LANGUAGES`, which the macro reads in place of the manifest. That is
//! why these cases live in their own test binary: the variable must be set for the cargo that
//! trybuild spawns, and must not leak into the other UI cases.

#[test]
fn ui_languages() {
    // SAFETY: `set_var` is unsound only when another thread reads or writes the environment at
    // the same time. This is the only test of this binary, so no other test thread exists, and
    // the variable is set before trybuild spawns cargo (the spawned process inherits it).
    unsafe {
        std::env::set_var("COOKIE_REGISTRY_LANGUAGES", "en,fr");
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-languages/*.rs");
    t.pass("tests/ui-languages/pass/*.rs");
}
