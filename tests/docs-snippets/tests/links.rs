//! Every relative link of the guide (`README.md`, `docs/**/*.md`) leads somewhere: the file
//! exists, and the `#anchor`, when there is one, is a heading of that page. Pages move (the
//! reference and measurement folders) and headings get renamed; a dead link is caught here.

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn pages(folder: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages(&path, found);
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
}

/// The page without its fenced code blocks (a `](` in code is not a link).
fn prose(text: &str) -> String {
    let mut in_fence = false;
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// GitHub's anchor of a heading: lower case, punctuation dropped, spaces as `-`.
fn anchors(text: &str) -> HashSet<String> {
    prose(text)
        .lines()
        .filter_map(|line| line.strip_prefix('#'))
        .map(|heading| heading.trim_start_matches('#').trim())
        .map(|heading| {
            heading
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect()
        })
        .collect()
}

/// `](target)` links of the page, but absolute ones (`https:`, `mailto:`).
fn links(text: &str) -> Vec<String> {
    let prose = prose(text);
    let mut found = Vec::new();
    let mut rest = prose.as_str();
    while let Some(start) = rest.find("](") {
        rest = &rest[start + 2..];
        let end = rest.find([')', ' ', '\n']).unwrap_or(rest.len());
        let target = &rest[..end];
        let scheme = target.split_once(':').map(|(s, _)| s);
        if !scheme.is_some_and(|s| s.chars().all(|c| c.is_ascii_alphabetic())) {
            found.push(target.to_string());
        }
    }
    found
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_relative_link_of_the_guide_resolves() {
    let root = workspace();
    let mut all = vec![root.join("README.md")];
    pages(&root.join("docs"), &mut all);
    assert!(all.len() > 10, "the guide's pages were not found");
    let mut dead = Vec::new();
    for page in &all {
        let text = fs::read_to_string(page).unwrap();
        for link in links(&text) {
            let (path, anchor) = link.split_once('#').unwrap_or((link.as_str(), ""));
            let target = if path.is_empty() {
                page.clone()
            } else {
                normalize(&page.parent().unwrap().join(path))
            };
            let shown = page.strip_prefix(&root).unwrap_or(page).display();
            if !target.exists() {
                dead.push(format!("{shown}: {link} (no such file)"));
            } else if !anchor.is_empty() && target.extension().is_some_and(|e| e == "md") {
                let headings = anchors(&fs::read_to_string(&target).unwrap());
                if !headings.contains(anchor) {
                    dead.push(format!("{shown}: {link} (no such heading)"));
                }
            }
        }
    }
    assert!(dead.is_empty(), "dead links:\n{}", dead.join("\n"));
}

#[test]
fn a_dead_link_is_caught() {
    let text = "# Title\n\nSee [there](#title) and [nowhere](#missing).\n```\n](#in-code)\n```\n";
    assert_eq!(links(text), ["#title", "#missing"]);
    let headings = anchors(text);
    assert!(headings.contains("title"));
    assert!(!headings.contains("missing"));
    assert_eq!(
        anchors("## Crates that re-export cookie-registry: `crate = \"...\"`"),
        HashSet::from(["crates-that-re-export-cookie-registry-crate--".to_string()])
    );
}
