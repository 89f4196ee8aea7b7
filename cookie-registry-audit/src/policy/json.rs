//! The JSON policy (`cookie_registry::render::json`'s schema, version 1), read into
//! [`Declarations`].
//!
//! The types mirror the fields the audit needs and ignore the others, so texts and fields added
//! later do not break reading. Keywords are read as strings and checked afterwards, so that
//! every wrong value is reported at once with its JSON path.

use cookie_registry::Revision;
use cookie_registry::declaration::{Category, Exemption, Party, SameSite};
use serde::Deserialize;

use super::{Declarations, Declared, DeclaredAttributes, PolicyError, StorageKind};

/// The schema versions this crate reads.
const SCHEMA_VERSIONS: &[u32] = &[1];

#[derive(Deserialize)]
struct Document {
    schema_version: u32,
    /// The policy revision (16 lowercase hexadecimal digits); optional in schema version 1.
    #[serde(default)]
    revision: Option<String>,
    categories: Vec<CategoryTable>,
}

#[derive(Deserialize)]
struct CategoryTable {
    category: String,
    rows: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    provider: Provider,
    party: String,
    #[serde(default)]
    function: String,
    cookies: Vec<CookieInfo>,
}

#[derive(Deserialize)]
struct Provider {
    name: String,
}

#[derive(Deserialize)]
struct CookieInfo {
    name: String,
    #[serde(default)]
    pattern: bool,
    storage: String,
    lifetime: Lifetime,
    requires_consent: bool,
    #[serde(default)]
    exemption: Option<String>,
    #[serde(default)]
    attributes: Option<Attributes>,
}

#[derive(Deserialize)]
struct Lifetime {
    text: String,
    seconds: Option<u64>,
}

#[derive(Deserialize)]
struct Attributes {
    secure: bool,
    http_only: bool,
    same_site: String,
    path: String,
    domain: Option<String>,
    partitioned: bool,
}

impl Declarations {
    /// The declarations of a JSON policy (`cookie_registry::render::json`'s document, as
    /// `Policy::render(Format::Json, ..)` writes it). `source_name` names it in errors and
    /// reports.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Syntax`] when the text is not JSON of the policy's shape;
    /// [`PolicyError::Invalid`] listing every unknown keyword, malformed revision or
    /// inconsistent name.
    pub fn from_json(text: &str, source_name: &str) -> Result<Declarations, PolicyError> {
        let document: Document =
            serde_json::from_str(text).map_err(|source| PolicyError::Syntax {
                source_name: source_name.to_string(),
                source,
            })?;
        let mut problems = Vec::new();
        if !SCHEMA_VERSIONS.contains(&document.schema_version) {
            problems.push(format!(
                "schema_version: {} is not a version this audit reads ({})",
                document.schema_version,
                SCHEMA_VERSIONS
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let revision = document.revision.as_deref().and_then(|text| {
            let parsed = Revision::parse_hex(text.as_bytes());
            if parsed.is_none() {
                problems.push(format!(
                    "revision: {text:?} is not 16 lowercase hexadecimal digits"
                ));
            }
            parsed
        });
        let mut items = Vec::new();
        for (c, table) in document.categories.iter().enumerate() {
            let category = Category::from_keyword(&table.category);
            if category.is_none() {
                problems.push(format!(
                    "categories[{c}].category: {:?} is not a category ({})",
                    table.category,
                    Category::ALL
                        .iter()
                        .map(|c| c.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            for (r, row) in table.rows.iter().enumerate() {
                let party = Party::from_keyword(&row.party);
                if party.is_none() {
                    problems.push(format!(
                        "categories[{c}].rows[{r}].party: {:?} is not `first` or `third`",
                        row.party
                    ));
                }
                for (k, cookie) in row.cookies.iter().enumerate() {
                    let at = format!("categories[{c}].rows[{r}].cookies[{k}]");
                    let declared = read_cookie(cookie, &at, &mut problems);
                    if let (Some(category), Some(party), Some((storage, attributes))) =
                        (category, party, declared)
                    {
                        let consent = (cookie.requires_consent && category != Category::Necessary)
                            .then_some(category);
                        items.push(Declared {
                            name: cookie.name.clone(),
                            storage,
                            category,
                            party,
                            provider: row.provider.name.clone(),
                            function: row.function.clone(),
                            consent,
                            exemption: cookie.exemption.clone(),
                            lifetime: cookie.lifetime.text.clone(),
                            lifetime_seconds: cookie.lifetime.seconds,
                            attributes,
                            declared_at: format!("{source_name}: {at}"),
                        });
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(Declarations::new(items, revision, source_name.to_string()))
        } else {
            Err(PolicyError::Invalid {
                source_name: source_name.to_string(),
                problems,
            })
        }
    }
}

/// Checks one cookie's keywords; `None` when one is wrong (its problems are pushed).
fn read_cookie(
    cookie: &CookieInfo,
    at: &str,
    problems: &mut Vec<String>,
) -> Option<(StorageKind, Option<DeclaredAttributes>)> {
    let before = problems.len();
    let storage = StorageKind::from_keyword(&cookie.storage);
    if storage.is_none() {
        problems.push(format!(
            "{at}.storage: {:?} is not a storage kind (http_cookie, local_storage, \
             session_storage, indexed_db)",
            cookie.storage
        ));
    }
    if cookie.name.is_empty() || cookie.name == "*" {
        problems.push(format!("{at}.name: empty"));
    } else if cookie.pattern != cookie.name.ends_with('*') {
        problems.push(format!(
            "{at}: `pattern` is {} but the name {:?} {} with `*`",
            cookie.pattern,
            cookie.name,
            if cookie.pattern {
                "does not end"
            } else {
                "ends"
            }
        ));
    }
    if let Some(exemption) = &cookie.exemption
        && Exemption::from_keyword(exemption).is_none()
    {
        problems.push(format!(
            "{at}.exemption: {exemption:?} is not an exemption (strictly_necessary, \
             consent_storage, audience_measurement)"
        ));
    }
    let attributes = match (&cookie.attributes, storage) {
        (Some(a), _) => {
            if SameSite::from_keyword(&a.same_site).is_none() {
                problems.push(format!(
                    "{at}.attributes.same_site: {:?} is not strict, lax or none",
                    a.same_site
                ));
            }
            Some(DeclaredAttributes {
                secure: a.secure,
                http_only: a.http_only,
                same_site: a.same_site.clone(),
                path: a.path.clone(),
                domain: a.domain.clone(),
                partitioned: a.partitioned,
            })
        }
        (None, Some(StorageKind::HttpCookie)) => {
            problems.push(format!(
                "{at}.attributes: an HTTP cookie needs its attributes"
            ));
            None
        }
        (None, _) => None,
    };
    (problems.len() == before).then(|| (storage.expect("checked"), attributes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cookie(name: &str, pattern: bool, storage: &str, extra: &str) -> String {
        format!(
            r#"{{"name": "{name}", "pattern": {pattern}, "storage": "{storage}",
               "lifetime": {{"text": "Session", "seconds": null}},
               "requires_consent": true, "exemption": null{extra}}}"#
        )
    }

    fn document(category: &str, party: &str, cookies: &[String]) -> String {
        format!(
            r#"{{"schema_version": 1, "language": "en", "categories": [{{"category": "{category}",
               "title": "t", "rows": [{{"provider": {{"name": "P", "privacy_policy": null}},
               "party": "{party}", "function": "f", "purpose": "p", "cookies": [{}]}}]}}]}}"#,
            cookies.join(",")
        )
    }

    const ATTRS: &str = r#", "attributes": {"secure": true, "http_only": false, "same_site": "lax",
        "path": "/", "domain": null, "partitioned": false}"#;

    #[test]
    fn reads_a_document_without_revision() {
        let text = document(
            "marketing",
            "third",
            &[
                cookie("ads_*", true, "http_cookie", ATTRS),
                cookie("ad_key", false, "local_storage", ""),
            ],
        );
        let declarations = Declarations::from_json(&text, "p.json").expect("valid");
        assert_eq!(declarations.len(), 2);
        assert_eq!(declarations.revision(), None);
        let first = declarations.iter().next().unwrap();
        assert!(first.is_family());
        assert!(first.name_matches("ads_1"));
        assert!(!first.name_matches("ads_"));
        assert_eq!(first.consent, Some(Category::Marketing));
        assert_eq!(first.party, Party::Third);
        assert_eq!(declarations.consent_categories(), vec![Category::Marketing]);
    }

    #[test]
    fn lists_every_problem_with_its_path() {
        let text = document(
            "tracking",
            "second",
            &[
                cookie("a", true, "jar", ""),
                cookie("b", false, "http_cookie", ""),
            ],
        )
        .replace(
            "\"schema_version\": 1",
            "\"schema_version\": 9, \"revision\": \"XYZ\"",
        );
        let Err(PolicyError::Invalid { problems, .. }) = Declarations::from_json(&text, "p.json")
        else {
            panic!("invalid");
        };
        let text = problems.join("\n");
        for expected in [
            "schema_version: 9",
            "revision: \"XYZ\"",
            "categories[0].category: \"tracking\"",
            "categories[0].rows[0].party: \"second\"",
            "cookies[0].storage: \"jar\"",
            "cookies[0]: `pattern` is true",
            "cookies[1].attributes: an HTTP cookie needs its attributes",
        ] {
            assert!(text.contains(expected), "{expected} not in\n{text}");
        }
    }

    #[test]
    fn syntax_errors_name_the_source() {
        let error = Declarations::from_json("{\"schema_version\": 1}", "site.json").unwrap_err();
        assert!(matches!(error, PolicyError::Syntax { .. }));
        assert!(error.to_string().starts_with("site.json is not"), "{error}");
    }

    #[test]
    fn finds_the_consent_cookie_and_revision() {
        let consent = cookie("cookies_preferences", false, "http_cookie", ATTRS)
            .replace("\"exemption\": null", "\"exemption\": \"consent_storage\"")
            .replace("\"requires_consent\": true", "\"requires_consent\": false");
        let text = document("necessary", "first", &[consent]).replace(
            "\"schema_version\": 1",
            "\"schema_version\": 1, \"revision\": \"00000000000000ff\"",
        );
        let declarations = Declarations::from_json(&text, "p.json").expect("valid");
        assert_eq!(declarations.revision(), Some(Revision::from_u64(255)));
        let spec = declarations.consent_cookie().expect("found");
        assert_eq!(spec.name, "cookies_preferences");
        assert!(declarations.consent_categories().is_empty());
    }
}
