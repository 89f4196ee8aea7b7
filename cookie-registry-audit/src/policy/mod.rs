//! What the site declares: one model built from the registry of a Rust application (in
//! process) or from the JSON policy any site can publish.
//!
//! ```
//! use cookie_registry_audit::policy::Declarations;
//!
//! let json = r#"{
//!   "schema_version": 1,
//!   "revision": "3c5e0d7b1a2f9e84",
//!   "categories": [{
//!     "category": "statistics",
//!     "rows": [{
//!       "provider": { "name": "Matomo", "privacy_policy": null },
//!       "party": "first",
//!       "function": "Audience measurement",
//!       "cookies": [{
//!         "name": "_pk_id*", "pattern": true, "storage": "http_cookie",
//!         "lifetime": { "text": "13 months", "seconds": 34187698 },
//!         "requires_consent": true, "exemption": null,
//!         "attributes": { "secure": true, "http_only": true, "same_site": "lax",
//!                         "path": "/", "domain": null, "partitioned": false }
//!       }]
//!     }]
//!   }]
//! }"#;
//! let declarations = Declarations::from_json(json, "policy.json")?;
//! assert_eq!(declarations.len(), 1);
//! assert_eq!(declarations.revision().map(|r| r.to_string()).as_deref(), Some("3c5e0d7b1a2f9e84"));
//! let visitor = &declarations.iter().next().unwrap();
//! assert!(visitor.name_matches("_pk_id.1.5c3f"));
//! # Ok::<(), cookie_registry_audit::policy::PolicyError>(())
//! ```

mod json;
mod registry;
mod source;

use std::fmt;

use cookie_registry::Revision;
use cookie_registry::declaration::{Category, Party};

pub use source::PolicySource;

/// Where a declared item is kept in the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum StorageKind {
    /// An HTTP cookie (`Set-Cookie` or `document.cookie`).
    HttpCookie,
    /// A `localStorage` item.
    LocalStorage,
    /// A `sessionStorage` item.
    SessionStorage,
    /// An IndexedDB database (by name). cookie-registry cannot declare one yet; a JSON policy
    /// may, with the storage keyword `indexed_db`.
    IndexedDb,
}

impl StorageKind {
    /// The keyword of the JSON policy: `http_cookie`, `local_storage`, `session_storage`,
    /// `indexed_db`.
    pub const fn as_str(self) -> &'static str {
        match self {
            StorageKind::HttpCookie => "http_cookie",
            StorageKind::LocalStorage => "local_storage",
            StorageKind::SessionStorage => "session_storage",
            StorageKind::IndexedDb => "indexed_db",
        }
    }

    /// In words, for reports: `cookie`, `localStorage item`, ...
    pub const fn noun(self) -> &'static str {
        match self {
            StorageKind::HttpCookie => "cookie",
            StorageKind::LocalStorage => "localStorage item",
            StorageKind::SessionStorage => "sessionStorage item",
            StorageKind::IndexedDb => "IndexedDB database",
        }
    }

    fn from_keyword(keyword: &str) -> Option<StorageKind> {
        match keyword {
            "http_cookie" | "cookie" => Some(StorageKind::HttpCookie),
            "local_storage" => Some(StorageKind::LocalStorage),
            "session_storage" => Some(StorageKind::SessionStorage),
            "indexed_db" => Some(StorageKind::IndexedDb),
            _ => None,
        }
    }
}

impl fmt::Display for StorageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The declared HTTP attributes of a cookie.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DeclaredAttributes {
    /// `Secure`.
    pub secure: bool,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `SameSite`: `strict`, `lax` or `none`.
    pub same_site: String,
    /// `Path`.
    pub path: String,
    /// `Domain`, or `None` for a host-only cookie.
    pub domain: Option<String>,
    /// `Partitioned`.
    pub partitioned: bool,
}

/// One declared cookie or storage item, whichever way it was declared.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Declared {
    /// The name as declared; a family ends with `*`.
    pub name: String,
    /// Where it is kept.
    pub storage: StorageKind,
    /// Its category.
    #[serde(serialize_with = "keyword")]
    pub category: Category,
    /// First or third party.
    #[serde(serialize_with = "keyword")]
    pub party: Party,
    /// The provider's name, as declared (shown in reports; not used for matching).
    pub provider: String,
    /// The function and location, in the policy's language.
    pub function: String,
    /// The category whose consent it needs, or `None` when it needs none (necessary, or exempt).
    #[serde(serialize_with = "optional_keyword")]
    pub consent: Option<Category>,
    /// The exemption it claims (`strictly_necessary`, `consent_storage`,
    /// `audience_measurement`), if any.
    pub exemption: Option<String>,
    /// The declared lifetime in words.
    pub lifetime: String,
    /// The declared lifetime in seconds; `None` for a session cookie.
    pub lifetime_seconds: Option<u64>,
    /// The HTTP attributes (HTTP cookies only).
    pub attributes: Option<DeclaredAttributes>,
    /// Where the declaration was written: `crate::module (src/x.rs:12)`, or the JSON path of the
    /// cookie in the policy document.
    pub declared_at: String,
}

fn keyword<T: fmt::Display, S: serde::Serializer>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

fn optional_keyword<T: fmt::Display, S: serde::Serializer>(
    value: &Option<T>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => s.collect_str(value),
        None => s.serialize_none(),
    }
}

impl Declared {
    /// Whether `name` is this declaration's name, or in its family.
    pub fn name_matches(&self, name: &str) -> bool {
        // A family (`_ga_*`) covers the names strictly longer than its stem, as
        // `cookie_registry::declaration::CookieName::matches` does.
        match self.name.strip_suffix('*') {
            Some(stem) => name.len() > stem.len() && name.starts_with(stem),
            None => name == self.name,
        }
    }

    /// Whether this declares a family of names.
    pub fn is_family(&self) -> bool {
        self.name.ends_with('*')
    }
}

/// The consent cookie of a cookie-registry site: what the audit writes to play a visitor who
/// already chose, without clicking through the banner.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsentCookieSpec {
    /// Its name.
    pub name: String,
    /// Its declared attributes.
    pub attributes: DeclaredAttributes,
    /// Its declared lifetime in seconds.
    pub lifetime_seconds: Option<u64>,
}

/// Every declaration of a site, and what the audit needs to write its consent cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Declarations {
    items: Vec<Declared>,
    revision: Option<Revision>,
    consent_cookie: Option<ConsentCookieSpec>,
    source: String,
}

impl Declarations {
    /// Every declaration.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &Declared> + '_ {
        self.items.iter()
    }

    /// How many declarations.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The policy revision, when known (always from a registry; from JSON when the document
    /// has `revision`).
    pub fn revision(&self) -> Option<Revision> {
        self.revision
    }

    /// The consent cookie: the one HTTP cookie with one exact name declared
    /// `exemption = consent_storage`, if there is exactly one.
    pub fn consent_cookie(&self) -> Option<&ConsentCookieSpec> {
        self.consent_cookie.as_ref()
    }

    /// Where the declarations came from: `registry`, a file path or a URL.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether items of `kind` can be declared where these declarations came from: always in a
    /// JSON policy; not IndexedDB databases in a registry, which has no such storage kind yet.
    pub fn can_declare(&self, kind: StorageKind) -> bool {
        self.source != "registry" || kind != StorageKind::IndexedDb
    }

    /// The categories a visitor is asked about: those some declaration needs consent for, in
    /// the policy's order (functionality, statistics, marketing).
    pub fn consent_categories(&self) -> Vec<Category> {
        Category::ALL
            .iter()
            .copied()
            .filter(|&category| self.items.iter().any(|d| d.consent == Some(category)))
            .collect()
    }

    #[cfg(test)]
    pub(crate) fn replace_items_for_tests(&mut self, items: Vec<Declared>) {
        self.items = items;
    }

    fn new(items: Vec<Declared>, revision: Option<Revision>, source: String) -> Declarations {
        let consent_cookie = {
            let mut candidates = items.iter().filter(|d| {
                d.storage == StorageKind::HttpCookie
                    && d.exemption.as_deref() == Some("consent_storage")
                    && !d.is_family()
            });
            match (candidates.next(), candidates.next()) {
                (Some(only), None) => only.attributes.clone().map(|attributes| ConsentCookieSpec {
                    name: only.name.clone(),
                    attributes,
                    lifetime_seconds: only.lifetime_seconds,
                }),
                _ => None,
            }
        };
        Declarations {
            items,
            revision,
            consent_cookie,
            source,
        }
    }
}

/// Why a policy could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum PolicyError {
    /// The file could not be read.
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The URL could not be fetched.
    Fetch {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The document is not JSON of the policy's shape.
    Syntax {
        /// Where it came from.
        source_name: String,
        /// serde_json's message, with line and column.
        source: serde_json::Error,
    },
    /// The document has the policy's shape but values that are not (every problem is listed).
    Invalid {
        /// Where it came from.
        source_name: String,
        /// One line per problem, each starting with the JSON path of the value.
        problems: Vec<String>,
    },
    /// The registry could not be collected.
    Registry(cookie_registry::RegistryError),
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicyError::Read { path, source } => {
                write!(f, "cannot read the policy {path}: {source}")
            }
            PolicyError::Fetch { url, reason } => {
                write!(f, "cannot fetch the policy {url}: {reason}")
            }
            PolicyError::Syntax {
                source_name,
                source,
            } => write!(
                f,
                "{source_name} is not a cookie-registry JSON policy: {source}"
            ),
            PolicyError::Invalid {
                source_name,
                problems,
            } => {
                write!(
                    f,
                    "{source_name}: {} problem{} in the policy:",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                )?;
                for problem in problems {
                    write!(f, "\n  {problem}")?;
                }
                Ok(())
            }
            PolicyError::Registry(error) => write!(f, "cannot collect the registry: {error}"),
        }
    }
}

impl std::error::Error for PolicyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            PolicyError::Read { source, .. } => Some(source),
            PolicyError::Syntax { source, .. } => Some(source),
            PolicyError::Registry(error) => Some(error),
            _ => None,
        }
    }
}
