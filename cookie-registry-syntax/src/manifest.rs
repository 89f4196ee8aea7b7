//! The languages a crate publishes, from its `Cargo.toml`.
//!
//! ```toml
//! [package.metadata.cookie-registry]
//! languages = ["en", "fr"]
//! ```
//!
//! The macro and the build-time mode both read this through [`published_languages`], so a
//! declaration is held to the same languages wherever it is read.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::language::LanguageTag;

/// The environment variable that overrides the manifest for every crate of a build
/// (comma-separated tags: `en,fr`).
pub const LANGUAGES_ENV: &str = "COOKIE_REGISTRY_LANGUAGES";

/// The languages of a crate that does not say: English.
pub const DEFAULT_LANGUAGES: &[&str] = &["en"];

/// Where the published languages came from, so that a message can say what to edit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LanguageSource {
    /// `[package.metadata.cookie-registry] languages` in the crate's `Cargo.toml`.
    Manifest,
    /// The [`LANGUAGES_ENV`] environment variable.
    Environment,
    /// Neither: the crate publishes [`DEFAULT_LANGUAGES`].
    #[default]
    Default,
}

impl LanguageSource {
    /// Where to change the list, in words.
    pub const fn describe(self) -> &'static str {
        match self {
            LanguageSource::Manifest => {
                "`[package.metadata.cookie-registry] languages` in Cargo.toml"
            }
            LanguageSource::Environment => "the COOKIE_REGISTRY_LANGUAGES environment variable",
            LanguageSource::Default => {
                "the default, as Cargo.toml has no `[package.metadata.cookie-registry] languages`"
            }
        }
    }
}

/// The languages a crate publishes, and where that list came from.
pub type Published = (Vec<LanguageTag>, LanguageSource);

/// Why the published languages could not be read.
#[derive(Clone, PartialEq, Eq)]
pub struct ManifestError {
    origin: String,
    message: String,
}

impl ManifestError {
    /// An error about the manifest at `origin` (a path, or where the text came from).
    pub fn new(origin: impl Into<String>, message: impl Into<String>) -> ManifestError {
        ManifestError {
            origin: origin.into(),
            message: message.into(),
        }
    }
}

/// The `[package] name` of a manifest's text.
///
/// # Errors
///
/// When the text is not TOML or has no package name.
pub fn package_name(text: &str, origin: &str) -> Result<String, ManifestError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| ManifestError::new(origin, format!("not valid TOML: {e}")))?;
    table
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string)
        .ok_or_else(|| ManifestError::new(origin, "no `[package] name`"))
}

/// Where a manifest says a dependency is, when it is a path dependency: the `path` of
/// `name = { path = "..." }` in any dependency table (`[dependencies]`, `[build-dependencies]`,
/// `[dev-dependencies]`, `[target.*.dependencies]`), matched by key or by `package = "..."`.
/// `Some(None)` means "declared, but inherited from the workspace" (`name.workspace = true`).
pub fn path_dependency(text: &str, name: &str) -> Option<Option<String>> {
    let table: toml::Table = text.parse().ok()?;
    let mut tables: Vec<&toml::Table> = Vec::new();
    for key in ["dependencies", "build-dependencies", "dev-dependencies"] {
        tables.extend(table.get(key).and_then(|t| t.as_table()));
    }
    if let Some(workspace) = table
        .get("workspace")
        .and_then(|w| w.get("dependencies"))
        .and_then(|d| d.as_table())
    {
        tables.push(workspace);
    }
    for target in table
        .get("target")
        .and_then(|t| t.as_table())
        .into_iter()
        .flat_map(|t| t.values())
    {
        for key in ["dependencies", "build-dependencies", "dev-dependencies"] {
            tables.extend(target.get(key).and_then(|t| t.as_table()));
        }
    }
    tables
        .into_iter()
        .flat_map(|t| t.iter())
        .find_map(|(key, spec)| {
            let package = spec.get("package").and_then(|p| p.as_str()).unwrap_or(key);
            if package != name {
                return None;
            }
            if spec.get("workspace").and_then(|w| w.as_bool()) == Some(true) {
                return Some(None);
            }
            Some(
                spec.get("path")
                    .and_then(|p| p.as_str())
                    .map(str::to_string),
            )
        })
}

/// Whether a manifest's text declares a `[workspace]`.
pub fn is_workspace_root(text: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|t| t.contains_key("workspace"))
}

/// The version and source of a package in a `Cargo.lock`'s text.
pub fn locked_package(lock: &str, name: &str) -> Option<(String, Option<String>)> {
    let table: toml::Table = lock.parse().ok()?;
    table.get("package")?.as_array()?.iter().find_map(|p| {
        (p.get("name")?.as_str()? == name).then(|| {
            let version = p
                .get("version")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            (
                version,
                p.get("source").and_then(|s| s.as_str()).map(str::to_string),
            )
        })
    })
}

impl fmt::Display for ManifestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

crate::__debug_as_display!(ManifestError);
impl std::error::Error for ManifestError {}

/// The languages published by the crate whose manifest directory is `manifest_dir`
/// (`CARGO_MANIFEST_DIR`), unless `override_list` (the value of [`LANGUAGES_ENV`]) is given.
///
/// A missing `Cargo.toml`, or one without the table, means [`DEFAULT_LANGUAGES`].
///
/// # Errors
///
/// When the manifest cannot be parsed, or the table is not a non-empty list of language tags.
pub fn published_languages(
    manifest_dir: Option<&Path>,
    override_list: Option<&str>,
) -> Result<Published, ManifestError> {
    if let Some(list) = override_list.filter(|l| !l.trim().is_empty()) {
        let origin = format!("the {LANGUAGES_ENV} environment variable");
        return Ok((
            tags(list.split(',').map(str::trim), &origin)?,
            LanguageSource::Environment,
        ));
    }
    let Some(dir) = manifest_dir else {
        return Ok(defaults());
    };
    let path: PathBuf = dir.join("Cargo.toml");
    let origin = path.display().to_string();
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(defaults());
    };
    languages_from_manifest(&text, &origin)
}

/// Reads `[package.metadata.cookie-registry] languages` from a manifest's text.
///
/// # Errors
///
/// See [`published_languages`].
pub fn languages_from_manifest(text: &str, origin: &str) -> Result<Published, ManifestError> {
    let error = |message: String| ManifestError {
        origin: origin.to_string(),
        message,
    };
    let table: toml::Table = text
        .parse()
        .map_err(|e| error(format!("not valid TOML: {e}")))?;
    let config = table
        .get("package")
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("cookie-registry"));
    let Some(config) = config else {
        return Ok(defaults());
    };
    let Some(config) = config.as_table() else {
        return Err(error(
            "`[package.metadata.cookie-registry]` must be a table".into(),
        ));
    };
    for key in config.keys() {
        if key != "languages" {
            return Err(error(format!(
                "unknown key `{key}` in `[package.metadata.cookie-registry]`: the only key is `languages`"
            )));
        }
    }
    let Some(languages) = config.get("languages") else {
        return Ok(defaults());
    };
    let Some(array) = languages.as_array() else {
        return Err(error(
            "`languages` must be a list of language tags, such as `[\"en\", \"fr\"]`".into(),
        ));
    };
    let mut strings = Vec::with_capacity(array.len());
    for value in array {
        match value.as_str() {
            Some(s) => strings.push(s),
            None => {
                return Err(error(format!(
                    "`languages` must list strings, such as `[\"en\", \"fr\"]`, not {}",
                    value.type_str()
                )));
            }
        }
    }
    Ok((tags(strings.into_iter(), origin)?, LanguageSource::Manifest))
}

fn tags<'a>(
    list: impl Iterator<Item = &'a str>,
    origin: &str,
) -> Result<Vec<LanguageTag>, ManifestError> {
    let mut out: Vec<LanguageTag> = Vec::new();
    for text in list {
        let tag = LanguageTag::parse(text).map_err(|e| ManifestError {
            origin: origin.to_string(),
            message: e.to_string(),
        })?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.is_empty() {
        return Err(ManifestError {
            origin: origin.to_string(),
            message: "`languages` is empty: list at least one, such as `[\"en\"]`".into(),
        });
    }
    Ok(out)
}

fn defaults() -> Published {
    let tags = DEFAULT_LANGUAGES
        .iter()
        .map(|t| LanguageTag::parse(t).expect("default tags are well-formed"))
        .collect();
    (tags, LanguageSource::Default)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn langs(text: &str) -> Result<Vec<String>, ManifestError> {
        languages_from_manifest(text, "Cargo.toml")
            .map(|(v, _)| v.iter().map(|t| t.to_string()).collect())
    }

    #[test]
    fn reads_the_table() {
        assert_eq!(langs("[package]\nname='x'\n[package.metadata.cookie-registry]\nlanguages=['en','FR','en']").unwrap(), ["en", "fr"]);
        assert_eq!(langs("[package]\nname='x'").unwrap(), ["en"]);
        assert_eq!(langs("[package.metadata.cookie-registry]").unwrap(), ["en"]);
        let source = |text| languages_from_manifest(text, "Cargo.toml").unwrap().1;
        assert_eq!(
            source("[package.metadata.cookie-registry]\nlanguages=['fr']"),
            LanguageSource::Manifest
        );
        assert_eq!(source("[package]\nname='x'"), LanguageSource::Default);
    }

    #[test]
    fn bad_tables_are_errors() {
        assert!(langs("[package.metadata.cookie-registry]\nlanguages='en'").is_err());
        assert!(langs("[package.metadata.cookie-registry]\nlanguages=[]").is_err());
        assert!(langs("[package.metadata.cookie-registry]\nlanguages=['english!']").is_err());
        assert!(langs("[package.metadata.cookie-registry]\nlanguages=[1]").is_err());
        assert!(langs("[package.metadata.cookie-registry]\nlangs=['en']").is_err());
        assert!(langs("not toml [").is_err());
    }

    #[test]
    fn finds_path_dependencies() {
        let manifest = r#"
[dependencies]
a = { path = "../a" }
renamed = { package = "b", path = "../b" }
c.workspace = true
d = "1"
[target.'cfg(unix)'.build-dependencies]
e = { path = "vendor/e" }
"#;
        assert_eq!(path_dependency(manifest, "a"), Some(Some("../a".into())));
        assert_eq!(path_dependency(manifest, "b"), Some(Some("../b".into())));
        assert_eq!(path_dependency(manifest, "c"), Some(None));
        assert_eq!(path_dependency(manifest, "d"), Some(None));
        assert_eq!(
            path_dependency(manifest, "e"),
            Some(Some("vendor/e".into()))
        );
        assert_eq!(path_dependency(manifest, "zz"), None);
        let lock = "version = 4\n[[package]]\nname = \"x\"\nversion = \"1.2.3\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        assert_eq!(locked_package(lock, "x").unwrap().0, "1.2.3");
        assert!(locked_package(lock, "y").is_none());
    }

    #[test]
    fn override_wins() {
        let (got, source) = published_languages(None, Some(" en , fr ")).unwrap();
        assert_eq!(source, LanguageSource::Environment);
        assert_eq!(
            got.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
            ["en", "fr"]
        );
        assert!(published_languages(None, Some("en,??")).is_err());
        assert_eq!(published_languages(None, Some("")).unwrap(), defaults());
    }
}
