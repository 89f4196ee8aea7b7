//! Fixture crates built with cargo, as a user's crate would be: the build-time mode must fail the
//! build on an undeclared cookie (naming it, with file, line and column), pass a crate whose
//! cookies are all declared, and warn on a name computed at run time.
//!
//! How a fixture is built: [`test_build_mode::build`]. The `every-way` fixture has its own test,
//! `every_way.rs`.

use test_build_mode::{build, stderr};

#[test]
fn an_undeclared_cookie_fails_the_build_with_its_name_and_position() {
    let output = build("undeclared");
    let stderr = stderr(&output);
    assert!(!output.status.success(), "the build must fail:\n{stderr}");
    assert!(
        stderr.contains(
            "src/main.rs:15:31: cookie `tracker` is set here (Cookie::new) but not declared"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("declare it with `#[cookie(...)]`"),
        "the fix is given:\n{stderr}"
    );
    assert!(
        !stderr.contains("sessionid"),
        "the declared cookie is not reported:\n{stderr}"
    );
}

#[test]
fn a_crate_whose_cookies_are_all_declared_builds_without_warnings() {
    let output = build("declared");
    let stderr = stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("warning: fixture-declared"), "{stderr}");
}

#[test]
fn a_computed_name_warns_but_builds() {
    let output = build("computed");
    let stderr = stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("src/main.rs:15:30: a cookie is set here (Cookie::new) with a name computed at run time, `name`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: fixture-computed"),
        "reported as a warning:\n{stderr}"
    );
}

#[test]
fn a_dependency_named_in_build_rs_declares_the_cookies_its_code_names() {
    let output = build("with-dependency");
    let stderr = stderr(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(
        !stderr.contains("warning: fixture-with-dependency"),
        "{stderr}"
    );
}
