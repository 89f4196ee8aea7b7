//! Which direct dependencies of a crate may declare cookies, and how to make sure they are linked.
//!
//! The compiler links a dependency only when the crate's code names it, so a library listed in
//! `[dependencies]` for its cookie declarations alone would be left out of the program, its
//! declarations with it. An `extern crate name as _;` anywhere in the crate is enough to have
//! it linked. The macros emit one for every dependency [`links`] returns: the direct normal
//! dependencies that themselves depend on `cookie-registry`, wherever that `extern crate` is
//! certain to compile. When it is not certain, the dependency is left out: a missed link is
//! what happens without this; a build error in a correct crate would be worse.
//!
//! What is read, all of it already on disk when a crate compiles:
//!
//! * the crate's `Cargo.toml` (its `[dependencies]` and `[target.'cfg(..)'.dependencies]`,
//!   renames, `optional`, `workspace = true` completed from the workspace root's
//!   `[workspace.dependencies]`, and `[features]` for optional ones): [`Manifest`];
//! * the workspace's `Cargo.lock`: which package and version each dependency resolved to, and
//!   whether that package depends on `cookie-registry`: [`Lockfile`];
//! * each such dependency's own `Cargo.toml` (path dependencies where they are, registry ones
//!   unpacked in cargo's home), for its library's crate name.
//!
//! A crate unpacked from a registry (or vendored) has a normalized manifest and no lock file of
//! the build; its dependencies are unpacked next to it, so they are looked up there, and every
//! version found must agree on the library's name.

mod lock;
mod platform;
mod tables;

use std::path::{Path, PathBuf};

pub use lock::{LockedPackage, Lockfile};
pub use platform::portable_predicate;
pub use tables::{Dependency, Library, Manifest, Platform, Source};

/// The package whose dependents are linked: the runtime crate the declarations register with.
pub const RUNTIME_PACKAGE: &str = "cookie-registry";

/// cookie-registry's own packages: none of them declares cookies.
const RUNTIME_PACKAGES: &[&str] = &[
    RUNTIME_PACKAGE,
    "cookie-registry-macros",
    "cookie-registry-syntax",
];

/// The crate being compiled, as cargo describes it (`CARGO_MANIFEST_DIR`, `CARGO_PKG_NAME`,
/// `CARGO_PKG_VERSION`).
#[derive(Clone, Copy, Debug)]
pub struct Package<'a> {
    /// The folder of its `Cargo.toml`.
    pub manifest_dir: &'a Path,
    /// Its package name.
    pub name: &'a str,
    /// Its version.
    pub version: &'a str,
}

/// A dependency to link with `extern crate <crate_name> as _;`, under `conditions`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The name the crate is known by in code: the library's name, or the key of a renamed
    /// dependency.
    pub crate_name: String,
    /// The package, for messages.
    pub package: String,
    /// Every condition must hold (each becomes a `#[cfg(...)]`).
    pub conditions: Vec<Condition>,
}

/// When a dependency is there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Condition {
    /// A `cfg(...)` predicate of the target (see [`portable_predicate`]).
    Target(String),
    /// An optional dependency: present when any of these features is on.
    AnyFeature(Vec<String>),
}

/// Cargo's home: `CARGO_HOME`, else `.cargo` in the user's home folder.
pub fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .filter(|home| !home.is_empty())
                .map(|home| PathBuf::from(home).join(".cargo"))
        })
}

/// Where cargo unpacked `name` `version` from a registry: one folder per registry that has it.
pub fn registry_source_dirs(cargo_home: &Path, name: &str, version: &str) -> Vec<PathBuf> {
    let Ok(registries) = std::fs::read_dir(cargo_home.join("registry").join("src")) else {
        return Vec::new();
    };
    let mut dirs: Vec<PathBuf> = registries
        .filter_map(Result::ok)
        .map(|registry| registry.path().join(format!("{name}-{version}")))
        .filter(|dir| dir.join("Cargo.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// The direct dependencies of `package` to link so that their declarations reach the program:
/// those that depend on [`RUNTIME_PACKAGE`], each with its crate name and the conditions under
/// which it is a dependency. Any it cannot name with certainty are left out (see the module
/// documentation); `cargo_home` is where registry dependencies are unpacked.
pub fn links(package: &Package, cargo_home: Option<&Path>) -> Vec<Link> {
    let Some(own) = read_manifest(&package.manifest_dir.join("Cargo.toml")) else {
        return Vec::new();
    };
    let (workspace_dir, workspace) = if own.is_published() {
        (None, None)
    } else {
        match workspace_root(package.manifest_dir, &own) {
            Some((dir, manifest)) => (Some(dir), Some(manifest)),
            None => (None, None),
        }
    };
    let dependencies = own.normal_dependencies(workspace.as_ref());
    // Most declaring libraries depend on the runtime crate alone: no lock file to read.
    if dependencies
        .iter()
        .all(|d| RUNTIME_PACKAGES.contains(&d.package.as_str()))
    {
        return Vec::new();
    }
    let locate = Locator {
        package,
        workspace_dir: workspace_dir.as_deref(),
        cargo_home,
        lock: if own.is_published() {
            None
        } else {
            build_lock(package, workspace_dir.as_deref())
        },
    };
    let mut out: Vec<Link> = Vec::new();
    for dependency in dependencies {
        let Some(conditions) = conditions(&own, &dependency) else {
            continue;
        };
        let Some(dirs) = locate.declaring(&dependency) else {
            continue;
        };
        let Some(crate_name) = crate_name(&dependency, &dirs) else {
            continue;
        };
        let link = Link {
            crate_name,
            package: dependency.package,
            conditions,
        };
        if !out.contains(&link) {
            out.push(link);
        }
    }
    out
}

fn read_manifest(path: &Path) -> Option<Manifest> {
    let text = std::fs::read_to_string(path).ok()?;
    Manifest::parse(&text, &path.display().to_string()).ok()
}

/// The workspace root's folder and manifest: where `[package] workspace` says, else the first
/// folder from the package's own up whose `Cargo.toml` has a `[workspace]`.
fn workspace_root(manifest_dir: &Path, own: &Manifest) -> Option<(PathBuf, Manifest)> {
    if let Some(path) = own.workspace_path() {
        let dir = manifest_dir.join(path);
        let manifest = read_manifest(&dir.join("Cargo.toml"))?;
        return Some((dir, manifest));
    }
    if own.is_workspace_root() {
        return Some((manifest_dir.to_path_buf(), own.clone()));
    }
    manifest_dir.ancestors().skip(1).find_map(|dir| {
        let manifest = read_manifest(&dir.join("Cargo.toml"))?;
        manifest
            .is_workspace_root()
            .then(|| (dir.to_path_buf(), manifest))
    })
}

/// The build's lock file, with the package's own entry in it: the workspace root's, else one
/// next to the package (a package outside any workspace).
fn build_lock(
    package: &Package,
    workspace_dir: Option<&Path>,
) -> Option<(Lockfile, LockedPackage)> {
    [workspace_dir, Some(package.manifest_dir)]
        .into_iter()
        .flatten()
        .find_map(|dir| {
            let path = dir.join("Cargo.lock");
            let text = std::fs::read_to_string(&path).ok()?;
            let lock = Lockfile::parse(&text, &path.display().to_string()).ok()?;
            let own = lock.path_package(package.name, package.version)?.clone();
            Some((lock, own))
        })
}

/// The `#[cfg]`s under which a dependency is there, or `None` when they cannot be expressed in
/// a way the compiler is sure to agree with cargo on.
fn conditions(own: &Manifest, dependency: &Dependency) -> Option<Vec<Condition>> {
    let mut conditions = Vec::new();
    if let Platform::Target(key) = &dependency.platform {
        conditions.push(Condition::Target(portable_predicate(key)?.to_string()));
    }
    if dependency.optional {
        let features = own.features_enabling(&dependency.key);
        if features.is_empty() {
            return None;
        }
        conditions.push(Condition::AnyFeature(features));
    }
    Some(conditions)
}

/// Finds where a dependency's package is.
struct Locator<'a> {
    package: &'a Package<'a>,
    workspace_dir: Option<&'a Path>,
    cargo_home: Option<&'a Path>,
    /// The lock file and the package's own entry; `None` for a published package.
    lock: Option<(Lockfile, LockedPackage)>,
}

impl Locator<'_> {
    /// The folders of every package the dependency may have resolved to, if it depends on
    /// the runtime crate; `None` when it does not, or when that cannot be told.
    fn declaring(&self, dependency: &Dependency) -> Option<Vec<PathBuf>> {
        match &self.lock {
            Some((lock, own)) => self.locked(lock, own, dependency),
            None => self.beside(dependency),
        }
    }

    /// In a workspace: the lock says which package it is and what that depends on.
    fn locked(
        &self,
        lock: &Lockfile,
        own: &LockedPackage,
        dependency: &Dependency,
    ) -> Option<Vec<PathBuf>> {
        let resolved = lock.dependencies_named(own, &dependency.package);
        if !resolved.iter().any(|p| p.depends_on(RUNTIME_PACKAGE)) {
            return None;
        }
        let mut dirs = Vec::new();
        for package in resolved {
            match (&package.source, &dependency.source) {
                (None, Source::Path { path, inherited }) => {
                    let base = if *inherited {
                        self.workspace_dir?
                    } else {
                        self.package.manifest_dir
                    };
                    dirs.push(base.join(path));
                }
                (Some(_), _) if package.from_registry() => {
                    dirs.extend(registry_source_dirs(
                        self.cargo_home?,
                        &package.name,
                        &package.version,
                    ));
                }
                // A git checkout, or a `[patch]` that replaced the source: not looked for.
                _ => return None,
            }
        }
        (!dirs.is_empty()).then_some(dirs)
    }

    /// A published package: its registry dependencies were unpacked (or vendored) in the same
    /// folder as itself, as `name-version` (or `name`).
    fn beside(&self, dependency: &Dependency) -> Option<Vec<PathBuf>> {
        if dependency.source != (Source::Registry { registry: None }) {
            return None;
        }
        let parent = self.package.manifest_dir.parent()?;
        let prefix = format!("{}-", dependency.package);
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(parent)
            .ok()?
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                name == dependency.package.as_str()
                    || name
                        .strip_prefix(&prefix)
                        .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
            })
            .map(|entry| entry.path())
            .collect();
        dirs.sort();
        let declares = dirs.iter().any(|dir| {
            read_manifest(&dir.join("Cargo.toml")).is_some_and(|m| {
                m.package_name() == Some(dependency.package.as_str())
                    && m.depends_on(RUNTIME_PACKAGE, None)
            })
        });
        declares.then_some(dirs)
    }
}

/// The name code uses for the dependency, if every folder it may be in has a library that name
/// designates, and the name is one an `extern crate` accepts.
fn crate_name(dependency: &Dependency, dirs: &[PathBuf]) -> Option<String> {
    let mut names = Vec::new();
    for dir in dirs {
        let manifest = read_manifest(&dir.join("Cargo.toml"))?;
        if manifest.package_name() != Some(dependency.package.as_str()) {
            return None;
        }
        let name = match manifest.library() {
            Library::Declared(name) => name,
            Library::Implicit(name) if dir.join("src").join("lib.rs").is_file() => name,
            Library::Implicit(_) | Library::None => return None,
        };
        names.push(name);
    }
    let name = if dependency.renamed {
        dependency.key.replace('-', "_")
    } else {
        let first = names.first()?;
        if names.iter().any(|n| n != first) {
            return None;
        }
        first.clone()
    };
    // Not a keyword, not `self` or `crate`: `extern crate` takes only a plain identifier.
    syn::parse_str::<syn::Ident>(&name).ok()?;
    Some(name)
}

#[cfg(test)]
mod tests;
