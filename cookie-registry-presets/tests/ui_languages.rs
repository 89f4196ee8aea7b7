//! An app that publishes a language the presets have no texts in (German here) gets one error
//! per preset, saying what it can do, instead of two per cookie asking for texts it cannot add.
//!
//! trybuild does not copy `[package.metadata]` into the project it generates, so the languages
//! come from `COOKIE_REGISTRY_LANGUAGES`, which both the presets and `#[cookie]` read in place of
//! the manifest; hence a test binary of its own.

#[test]
fn ui_languages() {
    // SAFETY: `set_var` is unsound only when another thread reads or writes the environment at
    // the same time. This is the only test of this binary, so no other test thread exists, and
    // the variable is set before trybuild spawns cargo (the spawned process inherits it).
    unsafe {
        std::env::set_var("COOKIE_REGISTRY_LANGUAGES", "en,de");
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui-languages/*.rs");
}
