//! Tests only: see `tests/` and the fixture crates in `fixtures/`. This library holds what the
//! tests share: building a fixture crate with cargo, as a user's crate would be built.
//!
//! Each fixture is copied to a temporary folder with the workspace's `Cargo.lock` (same versions,
//! offline) and built with a target folder shared by all fixtures, so that the dependencies are
//! compiled once.

use std::path::{Path, PathBuf};
use std::process::Output;

/// The cookie-registry workspace's root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/build-mode is two levels below the workspace root")
        .to_path_buf()
}

/// The folder of the fixture crate `name`.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
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

/// Builds the fixture `name` with `cargo build --offline --message-format short` and returns
/// cargo's output.
pub fn build(name: &str) -> Output {
    let workspace = workspace();
    let dir = std::env::temp_dir().join(format!(
        "cookie-registry-fixture-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&fixture_dir(name), &dir);
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

/// Cargo's standard error, as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
