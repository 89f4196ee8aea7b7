//! Compile-error tests: each file in `tests/ui/` misuses a preset, and its `.stderr` is what the
//! build must report. Regenerate with
//! `TRYBUILD=overwrite cargo test -p cookie-registry-presets --test ui`, then read every diff.
//!
//! trybuild's generated project has no `[package.metadata.cookie-registry]`, so these crates
//! publish English only, which the presets satisfy; other languages are in `ui_languages.rs`.

#[test]
fn ui() {
    // A CI job may export `COOKIE_REGISTRY_LANGUAGES` to require a language everywhere; these
    // cases are written for the default.
    // SAFETY: `remove_var` is unsound only when another thread reads or writes the environment at
    // the same time. This is the only test of this binary, so no other test thread exists, and
    // the variable is removed before trybuild spawns cargo.
    unsafe {
        std::env::remove_var("COOKIE_REGISTRY_LANGUAGES");
    }
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
