//! The other direction of enforcement: every cookie the code sets must have a declaration.

use std::path::PathBuf;

use cookie_registry_syntax::name::NamePattern;
use cookie_registry_syntax::scan::{Location, UsedName};

use super::sources::ScannedCrate;
use super::{Finding, FindingKind, Level, Levels};
use crate::declaration::{CookieDeclaration, Party, Storage};

/// What one crate's scan means against the declarations in force.
///
/// * a set name no declaration (nor allowance) covers: [`FindingKind::Undeclared`];
/// * a set name the scanner cannot know: [`FindingKind::Unverifiable`];
/// * an own HTTP cookie, first-party, that nothing in the sources sets: [`FindingKind::Unused`]
///   (third-party cookies are set by the third party, and storage items by scripts).
pub(crate) fn findings(
    own: &ScannedCrate,
    own_declarations: &[(&'static CookieDeclaration, PathBuf, Location)],
    all_declarations: &[&'static CookieDeclaration],
    handles: &[(String, &'static CookieDeclaration)],
    allowed: &[(String, String)],
    levels: Levels,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let covered = |name: &str| {
        all_declarations.iter().any(|d| d.matches(name))
            || allowed
                .iter()
                .any(|(pattern, _)| NamePattern::parse(pattern).matches(name))
    };
    let mut set_names: Vec<&str> = Vec::new();
    let mut set_handles: Vec<&'static CookieDeclaration> = Vec::new();

    for file in &own.files {
        let path = own.root.join(&file.relative);
        for error in &file.errors {
            out.push(Finding {
                level: Level::Deny,
                kind: FindingKind::InvalidDeclaration,
                file: path.clone(),
                display_path: file.relative.clone(),
                location: error.location,
                message: error.message.clone(),
            });
        }
        for (ty, _) in &file.type_paths {
            for (handle, declaration) in handles {
                if handle == ty {
                    set_handles.push(*declaration);
                }
            }
        }
        for u in &file.uses {
            let finding = |level, kind, message| Finding {
                level,
                kind,
                file: path.clone(),
                display_path: file.relative.clone(),
                location: u.location,
                message,
            };
            match &u.name {
                // A Set-Cookie text without `=`: browsers keep it, as a cookie with no name.
                UsedName::Resolved(name) if name.is_empty() => out.push(finding(
                    levels.undeclared,
                    FindingKind::Undeclared { name: String::new() },
                    format!(
                        "a cookie with an empty name is set here ({}): a Set-Cookie text with no `=` before its first \
                         `;` is, to a browser, a cookie without a name whose value is the whole text, which no \
                         declaration can cover: write `name=value`",
                        u.via
                    ),
                )),
                UsedName::Resolved(name) => {
                    set_names.push(name);
                    if !covered(name) {
                        out.push(finding(
                            levels.undeclared,
                            FindingKind::Undeclared { name: name.clone() },
                            format!(
                                "cookie `{name}` is set here ({}) but not declared: declare it with `#[cookie(...)]` \
                                 next to the code that sets it, or allow it in build.rs with `.allow(\"{name}\", \"why\")`",
                                u.via
                            ),
                        ));
                    }
                }
                UsedName::Handle(handle) if handles.iter().any(|(h, _)| h == handle) => {
                    set_handles.extend(handles.iter().filter(|(h, _)| h == handle).map(|(_, d)| *d));
                }
                UsedName::Handle(handle) => out.push(finding(
                    levels.unverifiable,
                    FindingKind::Unverifiable { expression: format!("{handle}::DECLARATION") },
                    format!(
                        "a cookie is set here ({}) through `{handle}::DECLARATION`, but no `#[derive(Cookie)]` struct \
                         `{handle}` is in the scanned sources: if it comes from a dependency, add it with \
                         `.dependency(\"...\")`",
                        u.via
                    ),
                )),
                UsedName::Unresolved(expression) | UsedName::UnresolvedText { expression, .. } => out.push(finding(
                    levels.unverifiable,
                    FindingKind::Unverifiable { expression: expression.clone() },
                    format!(
                        "a cookie is set here ({}) with a name computed at run time, `{expression}`, that the build \
                         cannot check: use a declared constant, or leave it to the middleware to catch at run time",
                        u.via
                    ),
                )),
            }
        }
    }

    for (declaration, file, location) in own_declarations {
        let checkable =
            declaration.storage() == Storage::HttpCookie && declaration.party() == Party::First;
        let used = set_names.iter().any(|n| declaration.matches(n))
            || set_handles.iter().any(|h| std::ptr::eq(*h, *declaration));
        if checkable && !used {
            let name = declaration.name();
            out.push(Finding {
                level: levels.unused,
                kind: FindingKind::Unused { name: name.to_string() },
                file: file.clone(),
                display_path: file.strip_prefix(&own.root).unwrap_or(file).display().to_string(),
                location: *location,
                message: format!(
                    "cookie `{name}` is declared, but nothing in the scanned sources sets it: if the code no longer \
                     sets it, remove the declaration so the policy stops listing it"
                ),
            });
        }
    }
    out.sort_by(|a, b| (&a.display_path, a.location).cmp(&(&b.display_path, b.location)));
    out
}
