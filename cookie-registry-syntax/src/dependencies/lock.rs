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
        match Lockfile::parse_as_cargo_writes_it(text) {
            Some(lock) => Ok(lock),
            None => Lockfile::parse_toml(text, origin),
        }
    }

    /// Reads the layout cargo writes, line by line: every declaring crate's compilation reads
    /// the lock, and a general TOML parser, unoptimised as proc macros are in the dev profile,
    /// takes 57 million instructions (about 10 ms) on this workspace's 2,200-line lock, where
    /// this takes 7 million. `None` at the first line of another shape (a lock written by hand
    /// or by another tool, or a version-1 lock's `[metadata]`), which the TOML parser then
    /// reads.
    fn parse_as_cargo_writes_it(text: &str) -> Option<Lockfile> {
        let mut packages: Vec<LockedPackage> = Vec::new();
        let mut current: Option<Partial> = None;
        let mut in_dependencies = false;
        for line in text.lines() {
            if in_dependencies {
                let dependencies = &mut current.as_mut()?.dependencies;
                match line.trim() {
                    "]" => in_dependencies = false,
                    entry => dependencies.push(quoted(entry.strip_suffix(',')?)?),
                }
                continue;
            }
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if line == "[[package]]" {
                if let Some(done) = current.replace(Partial::default()) {
                    packages.push(done.finish()?);
                }
                continue;
            }
            let (key, value) = line.split_once(" = ")?;
            let Some(package) = current.as_mut() else {
                // Before the first package, only the format's `version = N`.
                if key == "version" && value.bytes().all(|b| b.is_ascii_digit()) {
                    continue;
                }
                return None;
            };
            match key {
                "name" => package.name = Some(quoted(value)?),
                "version" => package.version = Some(quoted(value)?),
                "source" => package.source = Some(quoted(value)?),
                "checksum" => {}
                "dependencies" if value == "[" => in_dependencies = true,
                _ => return None,
            }
        }
        if in_dependencies {
            return None;
        }
        if let Some(done) = current {
            packages.push(done.finish()?);
        }
        Some(Lockfile { packages })
    }

    fn parse_toml(text: &str, origin: &str) -> Result<Lockfile, ManifestError> {
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

/// A `[[package]]` read so far.
#[derive(Default)]
struct Partial {
    name: Option<String>,
    version: Option<String>,
    source: Option<String>,
    dependencies: Vec<String>,
}

impl Partial {
    fn finish(self) -> Option<LockedPackage> {
        Some(LockedPackage {
            name: self.name?,
            version: self.version?,
            source: self.source,
            dependencies: self.dependencies,
        })
    }
}

/// The text of a `"..."` with no escape in it (cargo writes none in names, versions and
/// sources).
fn quoted(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    // Two single-character searches: they run core's optimised `memchr` even when this crate is
    // compiled without optimisations, where a search for either of two characters does not.
    (!inner.contains('"') && !inner.contains('\\')).then(|| inner.to_string())
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
dependencies = [
 "cookie-registry",
]

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
dependencies = [
 "cookie-registry",
]
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

    #[test]
    fn the_line_reader_agrees_with_the_toml_parser() {
        // This workspace's own lock, as cargo wrote it; read at run time, since a packaged copy
        // of this crate has no workspace around it (and then checks the sample alone).
        let workspace_lock = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        );
        if let Ok(lock) = &workspace_lock {
            let packages = Lockfile::parse_as_cargo_writes_it(lock).unwrap().packages;
            assert!(packages.len() > 100, "{}", packages.len());
        }
        for text in [Ok(LOCK.trim_start()), workspace_lock.as_deref()]
            .into_iter()
            .flatten()
        {
            let fast = Lockfile::parse_as_cargo_writes_it(text).expect("cargo's own layout");
            let toml = Lockfile::parse_toml(text, "Cargo.lock").unwrap();
            assert_eq!(fast.packages, toml.packages);
        }
    }

    #[test]
    fn any_other_layout_is_left_to_the_toml_parser() {
        for text in [
            // Inline array, spacing, single quotes, a table cargo does not write, escapes.
            "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"b\"]\n",
            "[[package]]\nname=\"a\"\nversion = \"1\"\n",
            "[[package]]\nname = 'a'\nversion = \"1\"\n",
            "[[package]]\nname = \"a\"\nversion = \"1\"\n\n[metadata]\n\"checksum a 1\" = \"x\"\n",
            "[[package]]\nname = \"a\\u0062\"\nversion = \"1\"\n",
            "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\n \"b\",\n",
        ] {
            assert!(Lockfile::parse_as_cargo_writes_it(text).is_none(), "{text}");
            let lock = Lockfile::parse(text, "Cargo.lock");
            if let Ok(lock) = lock {
                assert_eq!(lock.packages[0].name.chars().next(), Some('a'), "{text}");
            }
        }
        let inline = Lockfile::parse(
            "[[package]]\nname = \"a\"\nversion = \"1\"\ndependencies = [\"b\"]\n",
            "Cargo.lock",
        )
        .unwrap();
        assert!(inline.packages[0].depends_on("b"));
    }
}
