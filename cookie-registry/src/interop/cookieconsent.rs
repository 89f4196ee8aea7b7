//! [vanilla-cookieconsent](https://cookieconsent.orestbida.com/) 3.x: its configuration from
//! the declarations, and its cookie (`cc_cookie`) as the visitor's consent.
//!
//! ```
//! use cookie_registry::interop::cookieconsent;
//! use cookie_registry::{Registry, cookie};
//!
//! #[cookie(
//!     provider(name = "Example Analytics", privacy_policy = "https://analytics.example/privacy"),
//!     category = statistics,
//!     function(en = "Audience measurement", fr = "Mesure d'audience"),
//!     purpose(en = "To count visits", fr = "Compter les visites"),
//!     lifetime = "13 months",
//! )]
//! const VISITOR: &str = "_pk_id.*";
//!
//! let registry = Registry::global()?;
//! let config = cookieconsent::Config::new(registry.policy()).languages(["en", "fr"]).to_value()?;
//! assert_eq!(config["revision"], cookieconsent::revision_number(registry.revision()));
//! let statistics = &config["categories"]["statistics"];
//! assert_eq!(statistics["autoClear"]["cookies"][0]["name"], "^_pk_id\\.");
//! assert_eq!(statistics["services"]["example-analytics"]["label"], "Example Analytics");
//! let sections = &config["language"]["translations"]["fr"]["preferencesModal"]["sections"];
//! assert!(sections.to_string().contains("Compter les visites"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The configuration
//!
//! [`Config::to_value`] gives the object `CookieConsent.run` takes, as JSON:
//!
//! * `categories`: one per category with declarations, keyed `necessary`, `functionality`,
//!   `statistics`, `marketing`. A category none of whose cookies needs consent (necessary, or
//!   all exempt) is `enabled` and `readOnly`. The others list in `autoClear.cookies` their HTTP
//!   cookies that need consent, with the declared `path` and `domain`, and in `services` one
//!   service per provider, with its cookies.
//! * `revision`: [`revision_number`] of the policy revision, so that a change of the
//!   declarations asks the visitor again.
//! * `language`: the first language given is the default; each has the banner's words (English
//!   or French) and, in the preferences modal, one section per category with the policy's
//!   table: the same rows, columns and texts as the rendered policy. Every text is
//!   HTML-escaped, since the banner puts them in the page as markup.
//!
//! JSON has no regular expressions, and the banner matches a string `name` exactly: a family of
//! names (`_pk_id.*`) is written as the source of a regular expression starting with `^`
//! (`^_pk_id\.`), which the page turns into a `RegExp` before calling `run`:
//!
//! ```js
//! const config = await (await fetch("/banner/cookieconsent.json")).json();
//! const revive = (cookie) => ({...cookie, name: cookie.name.startsWith("^") ? new RegExp(cookie.name) : cookie.name});
//! for (const category of Object.values(config.categories)) {
//!     if (category.autoClear) category.autoClear.cookies = category.autoClear.cookies.map(revive);
//!     for (const service of Object.values(category.services ?? {})) service.cookies = service.cookies?.map(revive);
//! }
//! CookieConsent.run(config);
//! ```
//!
//! # Its cookie as the consent
//!
//! [`CcCookie`] reads the `cc_cookie` the banner writes (percent-encoded JSON with
//! `categories`, `revision`, `consentId`, `consentTimestamp`, `services`) for an
//! [`Enforcer`](crate::enforce::Enforcer)
//! ([`Enforcer::consent_source`](crate::enforce::Enforcer::consent_source)).

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::banner::{self, ExportError, Service};
use crate::consent::{
    CategorySet, ConsentCookie, ConsentId, ConsentSource, ConsentState, NoConsent,
};
use crate::declaration::Category;
use crate::registry::{Registry, Revision};
use crate::render::Policy;
use crate::render::json::{CategoryTable, PolicyDocument};

/// The banner's default cookie name.
pub const DEFAULT_COOKIE_NAME: &str = "cc_cookie";

/// The `revision` number the banner is configured with for a policy revision: its lowest 53
/// bits (a JavaScript number holds them exactly), or 1 if they are all zero (0 turns the
/// banner's revision management off).
///
/// ```
/// use cookie_registry::Revision;
/// use cookie_registry::interop::cookieconsent::revision_number;
/// assert_eq!(revision_number(Revision::from_u64(0xffe0_0000_0000_002a)), 42);
/// assert_eq!(revision_number(Revision::from_u64(0)), 1);
/// ```
pub const fn revision_number(revision: Revision) -> u64 {
    let number = revision.as_u64() & ((1 << 53) - 1);
    if number == 0 { 1 } else { number }
}

/// The configuration of vanilla-cookieconsent 3.x for a policy: see the [module](self).
#[derive(Clone, Debug)]
pub struct Config<'r> {
    policy: Policy<'r>,
    settings: banner::Settings,
}

impl<'r> Config<'r> {
    banner::banner_config_methods!("cookie.name", CcCookie);

    /// The configuration as a JSON value.
    ///
    /// # Errors
    ///
    /// [`ExportError`]: no language, a language that is not a BCP 47 tag, no declaration, or a
    /// privacy-policy address that cannot be a link.
    pub fn to_value(&self) -> Result<Value, ExportError> {
        let banner::Prepared {
            documents,
            url,
            services,
        } = self.settings.prepare(&self.policy)?;
        let revision = Revision::of(self.policy.declarations().iter().copied());

        let mut categories = Map::new();
        for table in &documents[0].categories {
            categories.insert(table.category.to_string(), category(table, &services));
        }
        let mut translations = Map::new();
        for (language, document) in self.settings.languages.iter().zip(&documents) {
            translations.insert(language.clone(), translation(document, url));
        }
        let mut config = json!({
            "mode": "opt-in",
            "revision": revision_number(revision),
            "categories": categories,
            "language": {
                "default": self.settings.languages[0],
                "translations": translations,
            },
        });
        if let Some(name) = &self.settings.cookie_name {
            config["cookie"] = json!({ "name": name });
        }
        Ok(config)
    }
}

fn category(table: &CategoryTable, services: &[Service]) -> Value {
    let read_only = !table
        .rows
        .iter()
        .flat_map(|r| &r.cookies)
        .any(|c| c.requires_consent);
    if read_only {
        return json!({ "enabled": true, "readOnly": true });
    }
    let cookies: Vec<Value> = banner::cookies_to_clear(&table.rows, false)
        .map(cookie)
        .collect();
    let mut by_service: BTreeMap<&str, (&Service, Vec<Value>)> = BTreeMap::new();
    for row in &table.rows {
        if let Some(service) = banner::service_of(services, table.category, row) {
            let entry = by_service
                .entry(service.id.as_str())
                .or_insert((service, Vec::new()));
            entry
                .1
                .extend(banner::cookies_to_clear([row], service.required).map(cookie));
        }
    }
    let services: Map<String, Value> = by_service
        .into_iter()
        .map(|(id, (service, cookies))| {
            (
                id.to_string(),
                json!({ "label": banner::html(service.provider), "cookies": cookies }),
            )
        })
        .collect();
    json!({
        "enabled": false,
        "readOnly": false,
        "autoClear": { "cookies": cookies },
        "services": services,
    })
}

fn cookie(cookie: &crate::render::json::CookieInfo) -> Value {
    let mut item = json!({ "name": banner::pattern(cookie) });
    if let Some(attributes) = &cookie.attributes {
        item["path"] = json!(attributes.path);
        if let Some(domain) = &attributes.domain {
            item["domain"] = json!(domain);
        }
    }
    item
}

fn translation(document: &PolicyDocument, url: Option<&str>) -> Value {
    let t = banner::texts(document);
    let footer = url.map(|url| {
        format!(
            "<a href=\"{}\">{}</a>",
            banner::html(url),
            banner::html(t.privacy_policy)
        )
    });
    let mut sections = vec![json!({
        "title": banner::html(&document.title),
        "description": banner::html(t.description),
    })];
    for table in &document.categories {
        let headers: Map<String, Value> = ["provider", "function", "names", "purposes", "lifetime"]
            .iter()
            .zip(&table.columns)
            .map(|(key, column)| (key.to_string(), json!(banner::html(column))))
            .collect();
        let body: Vec<Value> = table
            .rows
            .iter()
            .map(|row| {
                let mut provider = banner::html(&row.provider.name);
                if let Some(link) = row.provider.privacy_policy.as_deref().filter(|u| {
                    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
                    lower.starts_with("https://") || lower.starts_with("http://")
                }) {
                    provider = format!(
                        "<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{provider}</a>",
                        banner::html(link)
                    );
                }
                if row.party == "third" {
                    provider = format!("{provider} ({})", banner::html(t.third_party));
                }
                let names: Vec<&str> = row.cookies.iter().map(|c| c.name.as_str()).collect();
                let purpose = match &row.consent_note {
                    Some(note) => format!("{} ({note})", row.purpose),
                    None => row.purpose.clone(),
                };
                json!({
                    "provider": provider,
                    "function": banner::html(&row.function),
                    "names": banner::html(&names.join(", ")),
                    "purposes": banner::html(&purpose),
                    "lifetime": banner::html(&row.lifetime),
                })
            })
            .collect();
        sections.push(json!({
            "title": banner::html(&table.title),
            "description": banner::html(&table.consent_text),
            "linkedCategory": table.category,
            "cookieTable": { "headers": headers, "body": body },
        }));
    }
    let mut consent_modal = json!({
        "title": banner::html(t.title),
        "description": banner::html(t.description),
        "acceptAllBtn": t.accept_all,
        "acceptNecessaryBtn": t.reject_all,
        "showPreferencesBtn": t.manage,
    });
    if let Some(footer) = footer {
        consent_modal["footer"] = json!(footer);
    }
    json!({
        "consentModal": consent_modal,
        "preferencesModal": {
            "title": banner::html(t.preferences_title),
            "acceptAllBtn": t.accept_all,
            "acceptNecessaryBtn": t.reject_all,
            "savePreferencesBtn": t.save,
            "closeIconLabel": t.close,
            "serviceCounterLabel": t.services,
            "sections": sections,
        },
    })
}

/// The banner's cookie (`cc_cookie`), read as the visitor's consent: a [`ConsentSource`] for an
/// [`Enforcer`](crate::enforce::Enforcer).
///
/// A category counts as granted when the cookie's `categories` lists it and, if the cookie
/// lists the category's `services`, every service the configuration gives that category is
/// there (a visitor who turned one provider off has not consented to all the category's
/// cookies). Anything else is no consent ([`NoConsent`]): a value that is not
/// percent-encoded JSON of that shape, longer than 4096 bytes, for another
/// [`revision_number`], or dated more than an hour in the future. The choice's time is the
/// cookie's `lastConsentTimestamp` (else `consentTimestamp`), its [`ConsentId`] the
/// `consentId` (a UUID is 32 hexadecimal digits).
///
/// ```
/// use cookie_registry::consent::ConsentSource;
/// use cookie_registry::declaration::Category;
/// use cookie_registry::interop::cookieconsent::{CcCookie, revision_number};
/// use cookie_registry::{Registry, cookie};
/// use std::time::SystemTime;
///
/// #[cookie(
///     provider = "Example Analytics", category = statistics, lifetime = "13 months",
///     function(en = "Audience measurement", fr = "Mesure d'audience"),
///     purpose(en = "To count visits", fr = "Compter les visites"),
/// )]
/// const VISITOR: &str = "_visitor";
///
/// let registry = Registry::global()?;
/// let cc = CcCookie::new(registry);
/// let json = format!(
///     r#"{{"categories":["necessary","statistics"],"revision":{},"consentTimestamp":"2025-06-01T12:00:00.000Z","consentId":"0f8fad5b-d9cb-469f-a165-70867728950e"}}"#,
///     revision_number(registry.revision()),
/// );
/// let state = cc.decode(json.as_bytes(), SystemTime::now())?;
/// assert!(state.grants(Category::Statistics));
/// assert!(!state.grants(Category::Marketing));
/// assert_eq!(state.consent_id().unwrap().to_string(), "0f8fad5bd9cb469fa16570867728950e");
/// assert!(cc.decode(b"%7Bnot json", SystemTime::now()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct CcCookie {
    name: String,
    revision: Revision,
    /// The services of each category, as the configuration lists them.
    services: Vec<(Category, String)>,
}

impl CcCookie {
    /// The `cc_cookie` of the configuration of `registry`'s policy, valid for its revision.
    pub fn new(registry: &Registry) -> CcCookie {
        CcCookie {
            name: DEFAULT_COOKIE_NAME.to_string(),
            revision: registry.revision(),
            services: banner::services(registry.iter())
                .into_iter()
                .map(|s| (s.category, s.id))
                .collect(),
        }
    }

    /// The same, under the name given to [`Config::cookie_name`].
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> CcCookie {
        self.name = name.into();
        self
    }

    /// The policy revision a choice must be for to count.
    pub fn revision(&self) -> Revision {
        self.revision
    }
}

/// The fields of the cookie's JSON that the consent needs; the others are ignored.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct CcValue {
    categories: Vec<String>,
    #[serde(default)]
    revision: u64,
    consent_timestamp: Option<String>,
    last_consent_timestamp: Option<String>,
    consent_id: Option<String>,
    #[serde(default)]
    services: BTreeMap<String, Vec<String>>,
}

impl ConsentSource for CcCookie {
    fn cookie_name(&self) -> &str {
        &self.name
    }

    fn decode(&self, value: &[u8], now: SystemTime) -> Result<ConsentState, NoConsent> {
        let recorded: CcValue =
            banner::decode_json(value, "not the JSON object vanilla-cookieconsent writes")?;
        let expected = revision_number(self.revision);
        if recorded.revision != expected {
            return Err(NoConsent::OutdatedBannerRevision {
                found: recorded.revision,
                expected,
            });
        }
        let at = recorded
            .last_consent_timestamp
            .as_deref()
            .or(recorded.consent_timestamp.as_deref())
            .and_then(banner::iso_seconds)
            .ok_or(NoConsent::Malformed {
                reason: "no `consentTimestamp` written as `Date.toISOString` does",
            })?;
        if at > crate::consent::unix_seconds(now) + ConsentCookie::MAX_CLOCK_SKEW_SECONDS {
            return Err(NoConsent::FromTheFuture);
        }
        let mut granted = CategorySet::NONE;
        for id in &recorded.categories {
            let Some(category) = banner::category_named(id) else {
                continue;
            };
            let all_services = match recorded.services.get(id) {
                None => true,
                Some(accepted) => self
                    .services
                    .iter()
                    .filter(|(c, _)| *c == category)
                    .all(|(_, service)| accepted.contains(service)),
            };
            if all_services {
                granted = granted.with(category);
            }
        }
        let state = ConsentState::given(
            granted,
            crate::consent::from_unix_seconds(at),
            self.revision,
        );
        let id = recorded.consent_id.and_then(|id| {
            let hex: Vec<u8> = id.bytes().filter(|b| *b != b'-').collect();
            ConsentId::parse_hex(&hex)
        });
        Ok(match id {
            Some(id) => state.with_consent_id(id),
            None => state,
        })
    }
}
