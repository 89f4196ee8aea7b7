//! An axum site whose cookies are declared once and held to that declaration at run time.
//!
//! * [`cookies`]: the declarations, which are also the policy served at `/cookies`;
//! * [`app`]: the router, wrapped (unless [`Enforcement::Off`]) in
//!   [`CookiePolicyLayer`], the tower layer that
//!   checks every `Set-Cookie` against the declarations and the visitor's consent;
//! * a consent banner and a preferences page made of plain HTML forms: they work without
//!   JavaScript.
//!
//! `cargo run -p example-axum -- --help` for the server; `docs/axum.md` for the guide.

pub mod cookies;
pub mod i18n;

mod consent;
mod html;
mod pages;
mod visit;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::{get, post};
use cookie_registry::enforce::{Categories, ConsentCookie};
use cookie_registry::middleware::{CookiePolicyLayer, Mode};
use cookie_registry::{Category, DeclaredCookie, Registry};

pub use visit::Visit;

/// The error of building the app: the registry could not be collected, or the consent cookie's
/// declaration does not fit.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Whether and how the cookie policy layer runs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Enforcement {
    /// No layer at all: the handlers' own discipline only (for measuring the layer's cost).
    Off,
    /// The layer reports violations (to stderr) and changes nothing.
    Audit,
    /// The layer strips undeclared and unconsented cookies and deletes withdrawn ones.
    #[default]
    Enforce,
}

impl Enforcement {
    /// `off`, `audit` or `enforce`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Enforcement::Off => "off",
            Enforcement::Audit => "audit",
            Enforcement::Enforce => "enforce",
        }
    }
}

impl fmt::Display for Enforcement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Enforcement {
    type Err = String;

    fn from_str(value: &str) -> Result<Enforcement, String> {
        match value {
            "off" => Ok(Enforcement::Off),
            "audit" => Ok(Enforcement::Audit),
            "enforce" => Ok(Enforcement::Enforce),
            other => Err(format!(
                "`{other}` is not an enforcement mode: use off, audit or enforce"
            )),
        }
    }
}

/// What every handler shares.
pub(crate) struct Site {
    pub(crate) registry: &'static Registry,
    pub(crate) consent: ConsentCookie,
    /// The categories that some declaration needs consent for: what the banner offers.
    pub(crate) offered: Vec<Category>,
    /// Signed-in users by session id. A demo store: a real site keeps sessions elsewhere.
    pub(crate) sessions: Mutex<HashMap<String, String>>,
}

/// The router's state.
#[derive(Clone)]
pub(crate) struct AppState(pub(crate) Arc<Site>);

impl std::ops::Deref for AppState {
    type Target = Site;

    fn deref(&self) -> &Site {
        &self.0
    }
}

fn site() -> Result<Site, Error> {
    let registry = Registry::global()?;
    registry.validate()?;
    let consent = ConsentCookie::new(cookies::Preferences::DECLARATION, registry.revision())?;
    let offered = Category::ALL
        .iter()
        .copied()
        .filter(|&category| {
            registry
                .iter()
                .any(|d| d.consent_category() == Some(category))
        })
        .collect();
    Ok(Site {
        registry,
        consent,
        offered,
        sessions: Mutex::new(HashMap::new()),
    })
}

/// The whole site: routes, state and, unless `enforcement` is [`Enforcement::Off`], the cookie
/// policy layer around all of them.
///
/// # Errors
///
/// When the registry cannot be collected or validated, or the consent cookie's declaration does
/// not suit [`ConsentCookie`].
pub fn app(enforcement: Enforcement) -> Result<Router, Error> {
    let site = site()?;
    let layer = match enforcement {
        Enforcement::Off => None,
        Enforcement::Audit => {
            Some(CookiePolicyLayer::new(site.registry, site.consent).mode(Mode::Audit))
        }
        Enforcement::Enforce => {
            Some(CookiePolicyLayer::new(site.registry, site.consent).mode(Mode::Enforce))
        }
    };
    let router = Router::new()
        .route("/", get(pages::home))
        .route("/login", get(pages::login_form).post(pages::login))
        .route("/logout", post(pages::logout))
        .route("/lang/{code}", get(pages::set_language))
        .route("/cookies", get(pages::policy))
        .route("/cookies/preferences", get(consent::preferences))
        .route("/consent", post(consent::record))
        .fallback(pages::not_found)
        .with_state(AppState(Arc::new(site)));
    // Last, so outermost: the layer sees every cookie the handlers and inner layers set.
    Ok(match layer {
        Some(layer) => {
            router.layer(layer.on_violation(|violation| eprintln!("cookie policy: {violation}")))
        }
        None => router,
    })
}

/// A `Cookie` request header pair (`cookies_preferences=1.sm.…`) that records a choice of
/// `categories` made now, for the current declarations: for tests and benchmarks that play a
/// visitor who already chose.
///
/// # Errors
///
/// As [`app`].
pub fn consent_cookie_pair(categories: Categories) -> Result<String, Error> {
    let site = site()?;
    let state = site
        .consent
        .choose(categories, cookie_registry::enforce::unix_now());
    let cookie = site
        .consent
        .cookie(&state)
        .ok_or("a choice always has a cookie")?
        .build();
    Ok(format!("{}={}", cookie.name(), cookie.value()))
}
