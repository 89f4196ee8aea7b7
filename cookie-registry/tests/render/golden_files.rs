//! The golden files of the seed policy (`cookie-registry/tests/render/golden/`), reviewed by
//! eye: one set, against which two tests compare the same policy, the seed cookies named for
//! [`SITE`], rendered two ways: cookie-registry's `render_golden` through the library, and
//! example-opendatasoft's `cli` through the example's binary (which includes this file). So a
//! change of the rendering is regenerated and reviewed in one place.
//!
//! With `UPDATE_GOLDEN=1`, [`compare`] writes the files instead of comparing them:
//!
//! ```sh
//! UPDATE_GOLDEN=1 cargo test -p cookie-registry --test render_golden
//! cargo test -p example-opendatasoft   # the example must agree with the new files
//! git diff cookie-registry/tests/render/golden/
//! ```

use std::path::{Path, PathBuf};

/// The site the golden policies name (one of the seed policies' sites).
pub const SITE: &str = "https://opendata.saemes.fr";

/// The languages of the golden files.
pub const LANGUAGES: [&str; 2] = ["en", "fr"];

/// The golden files' directory, found from the including package's directory up.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("cookie-registry/tests/render/golden"))
        .find(|dir| dir.is_dir())
        .expect("cookie-registry/tests/render/golden in the workspace")
}

/// The golden file of a policy in `lang`, for the format whose files end in `extension`
/// (`md`, `html`, `page.html`, `json`).
pub fn path(lang: &str, extension: &str) -> PathBuf {
    dir().join(format!("policy.{lang}.{extension}"))
}

/// Compares each rendered document with its golden file (`(path, rendered)`), and fails
/// listing every file that differs, at its first differing line. With `UPDATE_GOLDEN=1`, writes
/// them instead.
#[track_caller]
pub fn compare(documents: &[(PathBuf, String)]) {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let mut mismatches = Vec::new();
    for (path, rendered) in documents {
        if update {
            std::fs::write(path, rendered).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            continue;
        }
        let golden = std::fs::read_to_string(path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
                path.display()
            )
        });
        if let Some(line) = first_difference(&golden, rendered) {
            mismatches.push(format!(
                "{} differs from the rendering, first at line {line}:\n  golden:   {:?}\n  rendered: {:?}",
                path.display(),
                golden.lines().nth(line - 1).unwrap_or(""),
                rendered.lines().nth(line - 1).unwrap_or(""),
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(after an intended change, rewrite them with `UPDATE_GOLDEN=1 cargo test -p \
         cookie-registry --test render_golden` and review the diff)",
        mismatches.join("\n")
    );
}

/// The first line (from 1) where `a` and `b` differ, `None` when they are the same.
fn first_difference(a: &str, b: &str) -> Option<usize> {
    if a == b {
        return None;
    }
    let (mut x, mut y) = (a.split_inclusive('\n'), b.split_inclusive('\n'));
    (1..).find(|_| x.next() != y.next())
}
