//! What a `Cargo.lock` says: the exact package each dependency resolved to, and what that
//! package depends on.

use toml::Value;

use crate::manifest::ManifestError;

/// A parsed `Cargo.lock`.
#[derive(Clone, Debug, Default)]
pub struct Lockfile {
    packages: Vec<LockedPackage>,
}

/// One `[[package]]` of a lock file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockedPackage {
    /// Its name.
    pub name: String,
    /// Its exact version.
    pub version: String,
    /// `registry+...`, `sparse+...`, `git+...`; `None` for a path package (a workspace member
    /// or a path dependency).
    pub source: Option<String>,
    /// What it depends on (every kind), as the lock writes it: `name`, `name version`, or
    /// `name version (source)`, as much as tells them apart.
    dependencies: Vec<String>,
}

impl LockedPackage {
    /// Whether one of its dependencies is the package `name`.
    pub fn depends_on(&self, name: &str) -> bool {
        self.dependencies
            .iter()
            .any(|entry| entry.split(' ').next() == Some(name))
    }

    /// Whether it comes from a registry (crates.io or another).
    pub fn from_registry(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.starts_with("registry+") || s.starts_with("sparse+"))
    }
}

impl Lockfile {
    /// Parses a lock file's text; `origin` (its path) is what errors name.
    ///
    /// # Errors
    ///
    /// When the text is not TOML.
    pub fn parse(text: &str, origin: &str) -> Result<Lockfile, ManifestError> {
        let table: toml::Table = text
            .parse()
            .map_err(|e| ManifestError::new(origin, format!("not valid TOML: {e}")))?;
        let packages = table
            .get("package")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let text = |key: &str| p.get(key).and_then(Value::as_str).map(str::to_string);
                Some(LockedPackage {
                    name: text("name")?,
                    version: text("version")?,
                    source: text("source"),
                    dependencies: p
                        .get("dependencies")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect(),
                })
            })
            .collect();
        Ok(Lockfile { packages })
    }

    /// The path package (a workspace member) `name` at `version`.
    pub fn path_package(&self, name: &str, version: &str) -> Option<&LockedPackage> {
        self.packages
            .iter()
            .find(|p| p.name == name && p.version == version && p.source.is_none())
    }

    /// The packages `dependent` depends on under the package name `name`: usually one, two
    /// when, say, a build-dependency and a normal dependency of that name resolved to
    /// different versions (the lock does not say which kind each entry is).
    pub fn dependencies_named(&self, dependent: &LockedPackage, name: &str) -> Vec<&LockedPackage> {
        dependent
            .dependencies
            .iter()
            .filter_map(|entry| {
                let mut parts = entry.splitn(3, ' ');
                if parts.next() != Some(name) {
                    return None;
                }
                let version = parts.next();
                let source = parts
                    .next()
                    .map(|s| s.trim_start_matches('(').trim_end_matches(')'));
                // The lock writes only as much as is needed to pick one package.
                let mut matching = self.packages.iter().filter(|p| {
                    p.name == name
                        && version.is_none_or(|v| p.version == v)
                        && source.is_none_or(|s| p.source.as_deref() == Some(s))
                });
                let found = matching.next()?;
                matching.next().is_none().then_some(found)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = [
 "cookie-registry",
 "helper 1.0.0",
 "helper 2.0.0 (registry+https://github.com/rust-lang/crates.io-index)",
 "library",
]

[[package]]
name = "cookie-registry"
version = "0.1.0"

[[package]]
name = "helper"
version = "1.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
dependencies = ["cookie-registry"]

[[package]]
name = "helper"
version = "2.0.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "helper"
version = "2.0.0"
source = "sparse+https://company.example/index/"

[[package]]
name = "library"
version = "0.3.0"
dependencies = ["cookie-registry"]
"#;

    #[test]
    fn resolves_each_form_of_dependency_entry() {
        let lock = Lockfile::parse(LOCK, "Cargo.lock").unwrap();
        let app = lock.path_package("app", "0.1.0").unwrap();
        assert!(lock.path_package("app", "0.2.0").is_none());
        assert!(
            lock.path_package("helper", "1.0.0").is_none(),
            "not a path package"
        );

        let [library] = lock.dependencies_named(app, "library").try_into().unwrap();
        assert_eq!(library.version, "0.3.0");
        assert!(library.depends_on("cookie-registry"));
        assert!(!library.from_registry());

        let helpers = lock.dependencies_named(app, "helper");
        let versions: Vec<&str> = helpers.iter().map(|p| p.version.as_str()).collect();
        assert_eq!(versions, ["1.0.0", "2.0.0"]);
        assert!(helpers.iter().all(|p| p.from_registry()));
        assert!(helpers[0].depends_on("cookie-registry"));
        assert!(!helpers[1].depends_on("cookie-registry"));

        assert!(lock.dependencies_named(app, "absent").is_empty());
        assert!(Lockfile::parse("[[package]", "Cargo.lock").is_err());
    }
}
