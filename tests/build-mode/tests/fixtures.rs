//! Fixture crates built with cargo, as a user's crate would be: the build-time mode must fail the
//! build on an undeclared cookie (naming it, with file, line and column), pass a crate whose
//! cookies are all declared, and warn on a name computed at run time.
//!
//! Each fixture is copied to a temporary folder with the workspace's `Cargo.lock` (same versions,
//! offline) and built with a target folder shared by all fixtures, so that the dependencies are
//! compiled once.

use std::path::{Path, PathBuf};
use std::process::Output;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Builds the fixture `name` and returns cargo's output.
fn build(name: &str) -> Output {
    let workspace = workspace();
    let dir = std::env::temp_dir().join(format!(
        "cookie-registry-fixture-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
        &dir,
    );
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml.fixture")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        manifest.replace("@WORKSPACE@", workspace.to_str().unwrap()),
    )
    .unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let output = std::process::Command::new(env!("CARGO"))
        .args(["build", "--offline", "--message-format", "short"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace.join("target").join("build-mode-fixtures"),
        )
        .env_remove("COOKIE_REGISTRY_LANGUAGES")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let _ = std::fs::remove_dir_all(&dir);
    output
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

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
