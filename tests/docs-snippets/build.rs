//! Attaches every page of the guide (`README.md`, `docs/**/*.md`) to a doctest item, so that a
//! new page's Rust snippets are compiled without anyone remembering to list it here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

/// Pages whose snippets another crate compiles as its own documentation, with its own
/// dependencies (which this crate does not have).
const COMPILED_ELSEWHERE: &[(&str, &str)] = &[
    (
        "docs/audit.md",
        "cookie-registry-audit's crate documentation",
    ),
    (
        "docs/presets.md",
        "cookie-registry-presets' crate documentation",
    ),
];

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut pages = vec![root.join("README.md")];
    collect(&root.join("docs"), &mut pages);
    pages.sort();

    let mut items = String::new();
    for page in &pages {
        let relative = page
            .strip_prefix(&root)
            .expect("under the workspace")
            .to_string_lossy()
            .replace('\\', "/");
        if COMPILED_ELSEWHERE.iter().any(|(path, _)| *path == relative) {
            continue;
        }
        let absolute = fs::canonicalize(page).expect("the page exists");
        writeln!(
            items,
            "/// `{relative}`\n#[doc = include_str!({absolute:?})]\npub struct {};\n",
            item_name(&relative),
        )
        .unwrap();
    }
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    fs::write(out.join("pages.rs"), items).expect("OUT_DIR is writable");

    println!(
        "cargo::rerun-if-changed={}",
        root.join("README.md").display()
    );
    println!("cargo::rerun-if-changed={}", root.join("docs").display());
}

/// Every `.md` file under `folder`, and the folders themselves (so that a new page reruns this).
fn collect(folder: &Path, pages: &mut Vec<PathBuf>) {
    println!("cargo::rerun-if-changed={}", folder.display());
    let entries = fs::read_dir(folder).expect("the docs folder is readable");
    for entry in entries {
        let path = entry.expect("a readable entry").path();
        if path.is_dir() {
            collect(&path, pages);
        } else if path.extension().is_some_and(|e| e == "md") {
            println!("cargo::rerun-if-changed={}", path.display());
            pages.push(path);
        }
    }
}

/// `docs/measurements/middleware-load.md` -> `DocsMeasurementsMiddlewareLoad`: the doctests'
/// names say which page a failing snippet is on.
fn item_name(relative: &str) -> String {
    let stem = relative.strip_suffix(".md").unwrap_or(relative);
    stem.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| {
            let mut chars = word.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}
