//! Reading crates' sources: which files, in what order, and what each holds.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use cookie_registry_syntax::declaration::{Context, NameSource};
use cookie_registry_syntax::manifest::{self, LANGUAGES_ENV};
use cookie_registry_syntax::scan::{self, CookieUse, DeclarationError, FoundDeclaration};

use super::BuildError;

/// One scanned crate: its declarations, its cookie-setting sites, and the files it was read from.
pub(crate) struct ScannedCrate {
    /// The package name, from its `Cargo.toml`.
    pub name: String,
    /// The crate root (the folder of its `Cargo.toml`).
    pub root: PathBuf,
    pub files: Vec<ScannedFile>,
    /// Folders walked, so that a file added to one triggers a rerun.
    pub dirs: Vec<PathBuf>,
    /// Its `const NAME: &str = "..."` items, which may name cookies in other crates too.
    pub constants: HashMap<String, String>,
}

impl ScannedCrate {
    /// Resolves names written as paths to constants of another crate (a dependency's).
    pub fn resolve_with(&mut self, constants: &HashMap<String, String>) {
        for file in &mut self.files {
            scan::resolve_with(&mut file.uses, constants);
        }
    }
}

/// What one file holds.
pub(crate) struct ScannedFile {
    /// The path relative to the crate root, with `/` separators (`src/main.rs`).
    pub relative: String,
    /// The module path of the file inside its crate (`["cookies"]` for `src/cookies.rs`).
    pub modules: Vec<String>,
    pub declarations: Vec<FoundDeclaration>,
    pub errors: Vec<DeclarationError>,
    pub uses: Vec<CookieUse>,
    pub type_paths: Vec<(String, scan::Location)>,
}

/// Scans every `.rs` file under `dirs` (relative to `root`), in sorted order, and resolves names
/// written as paths to constants against the constants of all of them.
pub(crate) fn scan_crate(root: &Path, dirs: &[PathBuf]) -> Result<ScannedCrate, BuildError> {
    let (languages, languages_source) =
        manifest::published_languages(Some(root), std::env::var(LANGUAGES_ENV).ok().as_deref())
            .map_err(BuildError::Manifest)?;
    let context = Context {
        languages,
        languages_source,
        name_source: NameSource::Key,
        span: proc_macro2::Span::call_site(),
    };
    let name = package_name(root)?;

    let mut paths = Vec::new();
    let mut walked = Vec::new();
    for dir in dirs {
        let dir = root.join(dir);
        if dir.is_dir() {
            walk(&dir, &mut paths, &mut walked)?;
        }
    }
    paths.sort();

    let mut files = Vec::with_capacity(paths.len());
    let mut constants = HashMap::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).map_err(|source| BuildError::Io {
            path: path.clone(),
            source,
        })?;
        let relative = relative_path(root, &path);
        let modules = module_path_of(&relative);
        let mut file = ScannedFile {
            relative,
            modules,
            declarations: Vec::new(),
            errors: Vec::new(),
            uses: Vec::new(),
            type_paths: Vec::new(),
        };
        match scan::parse_file(&text) {
            Ok(parsed) => {
                let found = scan::scan_file(&parsed, &context);
                constants.extend(found.constants);
                file.declarations = found.declarations;
                file.errors = found.errors;
                file.uses = found.uses;
                file.type_paths = found.type_paths;
            }
            Err(error) => file.errors.push(DeclarationError {
                location: error.location,
                message: format!(
                    "not valid Rust, so its cookies cannot be checked: {}",
                    error.message
                ),
            }),
        }
        files.push(file);
    }
    let mut scanned = ScannedCrate {
        name,
        root: root.to_path_buf(),
        files,
        dirs: walked,
        constants: HashMap::new(),
    };
    scanned.resolve_with(&constants);
    scanned.constants = constants;
    Ok(scanned)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, dirs: &mut Vec<PathBuf>) -> Result<(), BuildError> {
    dirs.push(dir.to_path_buf());
    let entries = std::fs::read_dir(dir).map_err(|source| BuildError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| BuildError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|source| BuildError::Io {
            path: path.clone(),
            source,
        })?;
        if kind.is_dir() {
            walk(&path, files, dirs)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    Ok(())
}

fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `src/lib.rs` and `src/main.rs` are the crate root; `src/a/b.rs` and `src/a/b/mod.rs` are
/// `a::b`. Files outside `src/` keep their folders as modules: a best effort, used only to
/// label declaration sites.
fn module_path_of(relative: &str) -> Vec<String> {
    let without_src = relative.strip_prefix("src/").unwrap_or(relative);
    let stem = without_src.strip_suffix(".rs").unwrap_or(without_src);
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// The `[package] name` of the crate at `root`.
pub(crate) fn package_name(root: &Path) -> Result<String, BuildError> {
    let path = root.join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(|source| BuildError::Io {
        path: path.clone(),
        source,
    })?;
    manifest::package_name(&text, &path.display().to_string()).map_err(BuildError::Manifest)
}

/// The root folder of a dependency, found without the network: a path dependency of this
/// crate's manifest (or of its workspace's, for `name.workspace = true`), else the version
/// `Cargo.lock` pins, in cargo's registry source folder.
///
/// `cargo metadata` would know, but offline it fails as soon as any package of any platform of
/// the graph is not downloaded, which is common; everything a build uses is on disk already.
pub(crate) fn dependency_root(manifest_dir: &Path, name: &str) -> Result<PathBuf, BuildError> {
    let not_found = || BuildError::DependencyNotFound(name.to_string());
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| BuildError::Io {
            path: path.to_path_buf(),
            source,
        })
    };
    let own = read(&manifest_dir.join("Cargo.toml"))?;
    let workspace_root = manifest_dir.ancestors().find(|dir| {
        std::fs::read_to_string(dir.join("Cargo.toml"))
            .is_ok_and(|text| manifest::is_workspace_root(&text))
    });
    match manifest::path_dependency(&own, name) {
        Some(Some(path)) => return Ok(manifest_dir.join(path)),
        Some(None) => {
            let inherited = match workspace_root {
                Some(root) => manifest::path_dependency(&read(&root.join("Cargo.toml"))?, name),
                None => None,
            };
            if let (Some(root), Some(Some(path))) = (workspace_root, inherited) {
                return Ok(root.join(path));
            }
        }
        None => {}
    }
    let lock_dir = workspace_root
        .or_else(|| {
            manifest_dir
                .ancestors()
                .find(|d| d.join("Cargo.lock").is_file())
        })
        .ok_or_else(not_found)?;
    let (version, source) = manifest::locked_package(&read(&lock_dir.join("Cargo.lock"))?, name)
        .ok_or_else(not_found)?;
    if !source.is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+")) {
        return Err(not_found());
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))
        .ok_or_else(not_found)?;
    let registries = cargo_home.join("registry").join("src");
    let entries = std::fs::read_dir(&registries).map_err(|source| BuildError::Io {
        path: registries.clone(),
        source,
    })?;
    entries
        .filter_map(Result::ok)
        .map(|registry| registry.path().join(format!("{name}-{version}")))
        .find(|dir| dir.join("Cargo.toml").is_file())
        .ok_or_else(not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_follow_the_file_layout() {
        assert!(module_path_of("src/lib.rs").is_empty());
        assert!(module_path_of("src/main.rs").is_empty());
        assert_eq!(module_path_of("src/cookies.rs"), ["cookies"]);
        assert_eq!(module_path_of("src/a/b/mod.rs"), ["a", "b"]);
        assert_eq!(module_path_of("src/bin/tool.rs"), ["bin", "tool"]);
    }
}
