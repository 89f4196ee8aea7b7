//! `cargo xtask linkme-packages`: keeps scripts/test-all's linkme pass honest.
//!
//! The collection backend (inventory by default, linkme as a feature of cookie-registry) is
//! global to a build. scripts/test-all tests the whole workspace with inventory, and with linkme
//! only the packages where the backend changes what is tested: cookie-registry itself and the
//! fixtures that check which declarations a build collects. Every other package that uses the
//! registry is listed as inventory-only, with its reason, in the script. This check reads
//! `cargo metadata` and fails when a package that depends on cookie-registry is in neither list
//! (a new crate: decide and say why), is in both, or is listed without depending on
//! cookie-registry any more; and when an inventory-only package names the backend in its code
//! (`BACKEND`, `COOKIE_REGISTRY_EXPECTED_BACKEND`), since a test that looks at the backend must
//! run under both.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};
use crate::json::{self, Value};
use crate::process;

const USAGE: &str = "cargo xtask linkme-packages --linkme P,P... --inventory-only P,P...";

/// What the code of an inventory-only package must not mention.
const BACKEND_WORDS: [&str; 2] = ["COOKIE_REGISTRY_EXPECTED_BACKEND", "BACKEND"];

pub fn main(parser: &mut lexopt::Parser, root: &Path) -> Result<()> {
    use lexopt::prelude::*;
    let mut linkme = None;
    let mut inventory_only = None;
    let list = |text: String| -> BTreeSet<String> {
        text.split([',', ' ', '\n'])
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Long("linkme") => linkme = Some(list(parser.value()?.string()?)),
            Long("inventory-only") => inventory_only = Some(list(parser.value()?.string()?)),
            Short('h') | Long("help") => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(other.unexpected().into()),
        }
    }
    let (Some(linkme), Some(inventory_only)) = (linkme, inventory_only) else {
        return Err(Error::Usage(format!("both lists are needed: {USAGE}")));
    };
    let packages = workspace_packages(root)?;
    let problems = check(&packages, &linkme, &inventory_only);
    if problems.is_empty() {
        println!(
            "linkme-packages: {} packages depend on cookie-registry: {} tested with both backends, {} with inventory only",
            packages.iter().filter(|p| p.uses_registry).count(),
            linkme.len(),
            inventory_only.len()
        );
        Ok(())
    } else {
        Err(Error::Check(format!(
            "scripts/test-all's backend lists are out of date:\n- {}",
            problems.join("\n- ")
        )))
    }
}

/// A member of the workspace, as far as this check cares.
struct Package {
    name: String,
    /// Its directory.
    dir: PathBuf,
    /// It is cookie-registry or depends on it (normal, dev or build dependency).
    uses_registry: bool,
}

fn workspace_packages(root: &Path) -> Result<Vec<Package>> {
    let text = process::stdout_of(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .current_dir(root)
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--locked",
                "--offline",
            ]),
    )?;
    let metadata =
        json::parse(&text).map_err(|e| Error::Unexpected(format!("cargo metadata: {e}")))?;
    let packages = metadata
        .get("packages")
        .map(Value::elements)
        .unwrap_or_default();
    Ok(packages
        .iter()
        .filter_map(|package| {
            let name = package.get("name")?.as_str()?.to_owned();
            let dir = Path::new(package.get("manifest_path")?.as_str()?)
                .parent()?
                .to_path_buf();
            let depends = package
                .get("dependencies")
                .map(Value::elements)
                .unwrap_or_default()
                .iter()
                .any(|dep| dep.get("name").and_then(Value::as_str) == Some("cookie-registry"));
            let uses_registry = name == "cookie-registry" || depends;
            Some(Package {
                name,
                dir,
                uses_registry,
            })
        })
        .collect())
}

fn check(
    packages: &[Package],
    linkme: &BTreeSet<String>,
    inventory_only: &BTreeSet<String>,
) -> Vec<String> {
    let mut problems = Vec::new();
    for name in linkme.intersection(inventory_only) {
        problems.push(format!("`{name}` is in both lists"));
    }
    for name in linkme.iter().chain(inventory_only) {
        match packages.iter().find(|p| &p.name == name) {
            None => problems.push(format!("`{name}` is not a package of the workspace")),
            Some(p) if !p.uses_registry => problems.push(format!(
                "`{name}` does not depend on cookie-registry: remove it from the lists"
            )),
            Some(_) => {}
        }
    }
    for package in packages.iter().filter(|p| p.uses_registry) {
        if !linkme.contains(&package.name) && !inventory_only.contains(&package.name) {
            problems.push(format!(
                "`{}` depends on cookie-registry but is in neither list: add it to LINKME_PACKAGES if its tests \
                 check what a build collects, else to INVENTORY_ONLY with the reason",
                package.name
            ));
        }
        if inventory_only.contains(&package.name) {
            for (file, word) in mentions(&package.dir, &BACKEND_WORDS) {
                problems.push(format!(
                    "`{}` is inventory-only but {} names `{word}`: a test that looks at the backend runs under both",
                    package.name,
                    file.display()
                ));
            }
        }
    }
    problems
}

/// The Rust files under `dir` (not under a `target` directory or a nested package) that
/// contain one of `words` as a whole word, with the first word found.
fn mentions(dir: &Path, words: &[&str]) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                let nested_package = path.join("Cargo.toml").is_file();
                if path.file_name().is_some_and(|n| n != "target") && !nested_package {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if let Some(word) = words.iter().find(|w| contains_word(&text, w)) {
                    found.push((path, (*word).to_owned()));
                }
            }
        }
    }
    found.sort();
    found
}

fn contains_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn package(name: &str, uses_registry: bool) -> Package {
        Package {
            name: name.into(),
            dir: PathBuf::from("/nonexistent"),
            uses_registry,
        }
    }

    fn set(names: &[&str]) -> BTreeSet<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn every_user_of_the_registry_is_in_exactly_one_list() {
        let packages = [
            package("cookie-registry", true),
            package("app", true),
            package("syntax", false),
        ];
        assert!(check(&packages, &set(&["cookie-registry"]), &set(&["app"])).is_empty());
        let problems = check(
            &packages,
            &set(&["cookie-registry", "syntax"]),
            &set(&["cookie-registry"]),
        );
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("both lists"));
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`syntax` does not depend"))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("`app` depends on cookie-registry but is in neither"))
        );
    }

    #[test]
    fn whole_words_only() {
        assert!(contains_word("cookie_registry::BACKEND;", "BACKEND"));
        assert!(!contains_word("EXPECTED_BACKEND_X", "BACKEND"));
    }
}
