//! [Klaro](https://klaro.org/) 0.7: its configuration from the declarations, and its cookie
//! (`klaro`) as the visitor's consent.
//!
//! ```
//! use cookie_registry::interop::klaro;
//! use cookie_registry::{Registry, cookie};
//!
//! #[cookie(
//!     provider = "Example Ads", category = marketing, party = third, lifetime = "3 months",
//!     function(en = "Advertising", fr = "Publicité"),
//!     purpose(en = "To show ads that fit you", fr = "Montrer des publicités adaptées"),
//!     domain = "example.com",
//! )]
//! const ADS: &str = "_ads*";
//!
//! let config = klaro::Config::new(Registry::global()?.policy()).languages(["en", "fr"]).to_value()?;
//! let ads = config["services"].as_array().unwrap().iter()
//!     .find(|s| s["name"] == "marketing-example-ads").unwrap();
//! assert_eq!(ads["purposes"][0], "marketing");
//! assert_eq!(ads["required"], false);
//! assert_eq!(ads["cookies"][0]["pattern"], "^_ads");
//! assert_eq!(ads["cookies"][0]["domain"], "example.com");
//! assert_eq!(config["translations"]["fr"]["marketing-example-ads"]["description"], "Publicité : Montrer des publicités adaptées");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The configuration
//!
//! [`Config::to_value`] gives the `klaroConfig` object, as JSON:
//!
//! * `services`: one per provider and category, named `<category>-<provider>` (lowercase
//!   letters, digits and `-`), titled with the provider's name, with the category as its one
//!   purpose. A service none of whose cookies needs consent is `required`. `cookies` lists its
//!   HTTP cookies that need consent (all of them for a required service) as `{pattern, path,
//!   domain}` with the declared path and domain; an exact name is a string Klaro matches
//!   exactly, a family the source of a regular expression starting with `^`, which Klaro reads
//!   as one. Klaro can then delete them on refusal, except `HttpOnly` ones, which the server
//!   deletes ([`KlaroCookie`]).
//! * `purposes` in `purposeOrder` (necessary, functionality, statistics, marketing), with
//!   `groupByPurpose`.
//! * `translations`: for each language, the purposes' titles and descriptions and each
//!   service's description (its rows' function and purpose), from the rendered policy; Klaro's
//!   own words for the rest. `htmlTexts` is `false`: Klaro shows every text as text.
//! * `storageMethod` `cookie`, `storageName` `klaro` ([`Config::cookie_name`] to change it).
//!
//! Klaro records no policy revision in its cookie; when a service is added Klaro asks again,
//! but a changed cookie of an existing service is not noticed. To ask everyone again after
//! such a change, name the cookie after the revision ([`Config::cookie_name`],
//! [`KlaroCookie::named`]).

use std::collections::BTreeMap;
use std::time::SystemTime;

use serde_json::{Map, Value, json};

use super::banner::{self, ExportError};
use crate::consent::{CategorySet, ConsentSource, ConsentState, NoConsent};
use crate::declaration::Category;
use crate::registry::{Registry, Revision};
use crate::render::Policy;

/// Klaro's default cookie name.
pub const DEFAULT_COOKIE_NAME: &str = "klaro";

/// The configuration of Klaro 0.7 for a policy: see the [module](self).
#[derive(Clone, Debug)]
pub struct Config<'r> {
    policy: Policy<'r>,
    settings: banner::Settings,
}

impl<'r> Config<'r> {
    banner::banner_config_methods!("storageName", KlaroCookie);

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

        let mut klaro_services: Vec<Value> = Vec::new();
        for service in &services {
            let rows = documents[0]
                .categories
                .iter()
                .filter(|t| t.category == service.category.as_str())
                .flat_map(|t| &t.rows)
                .filter(|row| row.provider.name == service.provider);
            let cookies: Vec<Value> = banner::cookies_to_clear(rows, service.required)
                .map(|cookie| {
                    let mut item = json!({ "pattern": banner::pattern(cookie) });
                    if let Some(attributes) = &cookie.attributes {
                        item["path"] = json!(attributes.path);
                        if let Some(domain) = &attributes.domain {
                            item["domain"] = json!(domain);
                        }
                    }
                    item
                })
                .collect();
            klaro_services.push(json!({
                "name": name(service),
                "title": service.provider,
                "purposes": [service.category.as_str()],
                "required": service.required,
                "default": service.required,
                "optOut": false,
                "cookies": cookies,
            }));
        }

        let mut translations = Map::new();
        for (language, document) in self.settings.languages.iter().zip(&documents) {
            let mut translation = Map::new();
            let t = banner::texts(document);
            translation.insert(
                "consentModal".into(),
                json!({ "title": t.preferences_title, "description": t.description }),
            );
            let mut purposes = Map::new();
            for table in &document.categories {
                purposes.insert(
                    table.category.to_string(),
                    json!({ "title": table.title, "description": table.consent_text }),
                );
            }
            translation.insert("purposes".into(), Value::Object(purposes));
            for service in &services {
                let description: Vec<String> = document
                    .categories
                    .iter()
                    .filter(|t| t.category == service.category.as_str())
                    .flat_map(|t| &t.rows)
                    .filter(|row| row.provider.name == service.provider)
                    .map(|row| {
                        // French puts a space before a colon.
                        let colon = if document.language == "fr" { " :" } else { ":" };
                        format!("{}{colon} {}", row.function, row.purpose)
                    })
                    .collect();
                translation.insert(
                    name(service),
                    json!({ "description": description.join(" ; ") }),
                );
            }
            if let Some(url) = url {
                translation.insert("privacyPolicyUrl".into(), json!(url));
            }
            translations.insert(language.clone(), Value::Object(translation));
        }
        // Klaro's fallback language: the first one's texts.
        if let Some(first) = translations.get(&self.settings.languages[0]).cloned() {
            translations.insert("zz".into(), first);
        }

        Ok(json!({
            "version": 1,
            "elementID": "klaro",
            "storageMethod": "cookie",
            "storageName": self.settings.cookie_name.as_deref().unwrap_or(DEFAULT_COOKIE_NAME),
            "htmlTexts": false,
            "groupByPurpose": true,
            "purposeOrder": documents[0].categories.iter().map(|t| t.category).collect::<Vec<_>>(),
            "default": false,
            "mustConsent": false,
            "acceptAll": true,
            "hideDeclineAll": false,
            "hideLearnMore": false,
            "translations": translations,
            "services": klaro_services,
        }))
    }
}

/// The Klaro name of a service: unique across categories.
fn name(service: &banner::Service) -> String {
    format!("{}-{}", service.category.as_str(), service.id)
}

/// Klaro's cookie (`klaro`: percent-encoded JSON `{"<service>": true|false, …}`), read as the
/// visitor's consent: a [`ConsentSource`] for an [`Enforcer`](crate::enforce::Enforcer).
///
/// A category counts as granted when every service the configuration gives it is `true` in
/// the cookie. Anything that is not percent-encoded JSON of that shape, or longer than 4096
/// bytes, is no consent ([`NoConsent::Malformed`], [`NoConsent::TooLong`]). Klaro records
/// neither the time of the choice nor the policy revision: the state is dated `now` and
/// recorded for the registry's revision (see the [module](self) on revisions).
///
/// ```
/// use cookie_registry::consent::ConsentSource;
/// use cookie_registry::declaration::Category;
/// use cookie_registry::interop::klaro::KlaroCookie;
/// use cookie_registry::{Registry, cookie};
/// use std::time::SystemTime;
///
/// #[cookie(
///     provider = "Example Ads", category = marketing, party = third, lifetime = "3 months",
///     function(en = "Advertising", fr = "Publicité"),
///     purpose(en = "To show ads that fit you", fr = "Montrer des publicités adaptées"),
/// )]
/// const ADS: &str = "_ads";
///
/// let klaro = KlaroCookie::new(Registry::global()?);
/// let value = b"%7B%22marketing-example-ads%22%3Atrue%7D";
/// assert!(klaro.decode(value, SystemTime::now())?.grants(Category::Marketing));
/// assert!(!klaro.decode(b"{\"marketing-example-ads\":false}", SystemTime::now())?.grants(Category::Marketing));
/// assert!(klaro.decode(b"[1,2]", SystemTime::now()).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct KlaroCookie {
    name: String,
    revision: Revision,
    /// Each service's Klaro name and category.
    services: Vec<(String, Category)>,
}

impl KlaroCookie {
    /// The `klaro` cookie of the configuration of `registry`'s policy.
    pub fn new(registry: &Registry) -> KlaroCookie {
        KlaroCookie {
            name: DEFAULT_COOKIE_NAME.to_string(),
            revision: registry.revision(),
            services: banner::services(registry.iter())
                .iter()
                .map(|s| (name(s), s.category))
                .collect(),
        }
    }

    /// The same, under the name given to [`Config::cookie_name`].
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> KlaroCookie {
        self.name = name.into();
        self
    }
}

impl ConsentSource for KlaroCookie {
    fn cookie_name(&self) -> &str {
        &self.name
    }

    fn decode(&self, value: &[u8], now: SystemTime) -> Result<ConsentState, NoConsent> {
        let consents: BTreeMap<String, bool> = banner::decode_json(
            value,
            "not the JSON object of services and booleans Klaro writes",
        )?;
        let mut granted = CategorySet::ALL;
        for (service, category) in &self.services {
            if consents.get(service) != Some(&true) {
                granted = granted.without(*category);
            }
        }
        Ok(ConsentState::given(granted, now, self.revision))
    }
}
