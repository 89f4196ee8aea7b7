//! An axum site whose cookies are declared once and held to that declaration at run time.
//!
//! * [`cookies`]: the declarations, which are also the policy served at `/cookies`;
//! * [`app`]: the router, wrapped (unless [`Enforcement::Off`]) in
//!   [`CookiePolicyLayer`], the tower layer that
//!   checks every `Set-Cookie` against the declarations and the visitor's consent;
//! * a consent banner and a preferences page made of plain HTML forms: they work without
//!   JavaScript;
//! * every `POST` accepted only from the site's own pages (`Sec-Fetch-Site`, `Origin` and a
//!   `__Host-` double-submit token, in `csrf`), and every response sent with a
//!   Content-Security-Policy that forbids framing (`security_headers`): consent forged by another
//!   site's form, or by a click on a framed banner, is not consent.
//!
//! `cargo run -p example-axum -- --help` for the server; `docs/axum.md` for the guide.

pub mod cookies;
pub mod i18n;

mod consent;
mod csrf;
mod html;
mod pages;
mod security_headers;
mod visit;

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::routing::{get, post};
use axum::{Router, middleware};
use cookie_registry::consent::{CategorySet, ConsentCookie};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::Mode;
use cookie_registry::render::{Format, PolicyOptions};
use cookie_registry::tower::CookiePolicyLayer;
use cookie_registry::{DeclaredCookie, Registry};

pub use visit::Visit;

#[cfg(feature = "peer-tower-cookies")]
pub mod peer {
    //! The benchmark's peer (feature `peer-tower-cookies`): `tower_cookies::CookieManagerLayer`
    //! around the same routes, in place of the cookie policy layer.
    //!
    //! tower-cookies parses a request's `Cookie` headers into a jar the first time someone reads
    //! it, and serialises the jar's delta into `Set-Cookie` headers on the way out. The handlers of
    //! this site build their `Set-Cookie` headers themselves, so an adapter between the two does
    //! what a handler written for tower-cookies does: it reads the jar (so the request's cookies
    //! are parsed, as they are by our layer for the consent cookie) and hands each cookie of the
    //! response to the jar (`Cookie::parse` of each `Set-Cookie`, as our layer parses each one to
    //! check it); the layer then writes them back from the jar's delta. Per response, both
    //! middlewares parse the request's cookies and every `Set-Cookie`; ours then looks each one up
    //! and checks it, the peer serialises each one again. Not a policy: nothing is checked, nothing
    //! stripped.

    use axum::Router;
    use axum::extract::Request;
    use axum::http::HeaderMap;
    use axum::http::header::{Entry, SET_COOKIE};
    use axum::middleware::{Next, from_fn};
    use axum::response::Response;
    use tower_cookies::{Cookie, CookieManagerLayer, Cookies};

    /// `router` inside the adapter, inside `CookieManagerLayer` (the outermost).
    pub fn wrap(router: Router) -> Router {
        router
            .layer(from_fn(through_jar))
            .layer(CookieManagerLayer::new())
    }

    /// Reads the request's jar, then moves the response's `Set-Cookie`s into it.
    async fn through_jar(request: Request, next: Next) -> Response {
        let Some(cookies) = request.extensions().get::<Cookies>().cloned() else {
            return next.run(request).await;
        };
        // What a handler using tower-cookies does first: read its cookies from the jar.
        let _ = cookies.list();
        let mut response = next.run(request).await;
        for cookie in take_set_cookies(response.headers_mut()) {
            cookies.add(cookie);
        }
        response
    }

    fn take_set_cookies(headers: &mut HeaderMap) -> Vec<Cookie<'static>> {
        let Entry::Occupied(entry) = headers.entry(SET_COOKIE) else {
            return Vec::new();
        };
        entry
            .remove_entry_mult()
            .1
            .filter_map(|value| Cookie::parse(value.to_str().ok()?.to_owned()).ok())
            .collect()
    }
}

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
    /// Not our layer but a peer, for the benchmark only (feature `peer-tower-cookies`):
    /// `tower_cookies::CookieManagerLayer`, with every response's cookies going through its jar
    /// (see [`peer`]).
    #[cfg(feature = "peer-tower-cookies")]
    TowerCookies,
}

impl Enforcement {
    /// `off`, `audit` or `enforce`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Enforcement::Off => "off",
            Enforcement::Audit => "audit",
            Enforcement::Enforce => "enforce",
            #[cfg(feature = "peer-tower-cookies")]
            Enforcement::TowerCookies => "tower-cookies",
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
            #[cfg(feature = "peer-tower-cookies")]
            "tower-cookies" => Ok(Enforcement::TowerCookies),
            other => Err(format!(
                "`{other}` is not an enforcement mode: use off, audit or enforce{}",
                if cfg!(feature = "peer-tower-cookies") {
                    " (or tower-cookies, the benchmark's peer)"
                } else {
                    ""
                }
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
    /// The stylesheet the library renders the policy page with, served at `/static/policy.css`.
    pub(crate) policy_css: Bytes,
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
    // The stylesheet is the same in every language; a policy that cannot be rendered shows an
    // error page at /cookies, whatever its stylesheet.
    let policy_css = PolicyOptions::new("en")
        .and_then(|options| registry.policy().render(Format::HtmlPage, &options))
        .map(|page| Bytes::from(html::take_inline_style(&page).1.to_string()))
        .unwrap_or_default();
    Ok(Site {
        registry,
        consent,
        offered,
        sessions: Mutex::new(HashMap::new()),
        policy_css,
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
        #[cfg(feature = "peer-tower-cookies")]
        Enforcement::TowerCookies => None,
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
        .route("/static/site.css", get(pages::site_css))
        .route("/static/policy.css", get(pages::policy_css))
        .fallback(pages::not_found)
        // After every route and the fallback, so that every response gets the headers.
        .layer(middleware::from_fn(security_headers::set))
        .with_state(AppState(Arc::new(site)));
    #[cfg(feature = "peer-tower-cookies")]
    if enforcement == Enforcement::TowerCookies {
        return Ok(peer::wrap(router));
    }
    // Last, so outermost: the layer sees every cookie the handlers and inner layers set.
    Ok(match layer {
        Some(layer) => {
            router.layer(layer.on_violation(|violation| eprintln!("cookie policy: {violation}")))
        }
        None => router,
    })
}

/// A `Cookie` request header pair (`__Host-cookies_preferences=2.sm.…`) that records a choice of
/// `categories` made now, for the current declarations: for tests and benchmarks that play a
/// visitor who already chose.
///
/// # Errors
///
/// As [`app`].
pub fn consent_cookie_pair(categories: CategorySet) -> Result<String, Error> {
    let site = site()?;
    let state = site
        .consent
        .choose(categories, std::time::SystemTime::now());
    let cookie = site
        .consent
        .cookie(&state)
        .ok_or("a choice always has a cookie")?
        .build();
    Ok(format!("{}={}", cookie.name(), cookie.value()))
}
