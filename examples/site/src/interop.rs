//! The routes that speak other tools' languages: the JavaScript banners' configurations
//! generated from the declarations, and the Global Privacy Control resource.

use cookie_registry::interop::{cookieconsent, gpc, klaro};

use crate::{Outcome, Site};

/// The day this site started honouring Global Privacy Control (`lastUpdate` of gpc.json).
const GPC_SINCE: &str = "2025-06-01";

impl Site {
    /// `GET /banner/cookieconsent.json`: the configuration of vanilla-cookieconsent 3 for the
    /// site's declarations, in English and French, for a site that keeps that banner.
    ///
    /// ```
    /// # use example_site::{Enforcement, Site};
    /// let site = Site::new(Enforcement::Enforce)?;
    /// let outcome = site.cookieconsent_config();
    /// assert_eq!(outcome.header("content-type"), Some("application/json"));
    /// assert!(std::str::from_utf8(&outcome.body)?.contains("\"readOnly\": true"));
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    pub fn cookieconsent_config(&self) -> Outcome {
        json(
            cookieconsent::Config::new(self.registry().policy())
                .languages(["en", "fr"])
                .privacy_policy_url("/cookies")
                .to_json(),
        )
    }

    /// `GET /banner/klaro.json`: the configuration of Klaro 0.7 for the site's declarations.
    pub fn klaro_config(&self) -> Outcome {
        json(
            klaro::Config::new(self.registry().policy())
                .languages(["en", "fr"])
                .privacy_policy_url("/cookies")
                .to_json(),
        )
    }

    /// `GET /.well-known/gpc.json`: the site honours Global Privacy Control.
    ///
    /// ```
    /// # use example_site::{Enforcement, Site};
    /// let outcome = Site::new(Enforcement::Enforce)?.gpc_json();
    /// assert_eq!(&outcome.body[..], b"{\"gpc\": true, \"lastUpdate\": \"2025-06-01\"}\n");
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    pub fn gpc_json(&self) -> Outcome {
        json(gpc::well_known_json(GPC_SINCE))
    }
}

/// A JSON document, or a `500` saying why it could not be made.
fn json<E: std::fmt::Display>(document: Result<String, E>) -> Outcome {
    match document {
        Ok(text) => Outcome::new(200, text)
            .with("content-type", "application/json")
            .with("cache-control", "no-cache"),
        Err(error) => Outcome::new(500, format!("{error}\n"))
            .with("content-type", "text/plain; charset=utf-8"),
    }
}
