//! The state every handler shares, and what every page does besides its content.

use std::collections::HashMap;
use std::sync::Mutex;

use bytes::Bytes;
use cookie_registry::consent::{CategorySet, ConsentCookie, NoConsentNeeded, Statistics};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Enforcer, Mode, SetCookieError};
use cookie_registry::interop::gpc::GpcPolicy;
use cookie_registry::render::{Format, PolicyOptions};
use cookie_registry::{DeclaredCookie, Registry};

use crate::cli::Enforcement;
use crate::consent_log::ConsentLog;
use crate::cookies::{Analytics, AnalyticsSession, CsrfToken, Preferences};
use crate::csrf::Refusal;
use crate::html::{self, Nav, escape, layout};
use crate::outcome::Outcome;
use crate::request::RequestHead;
use crate::security_headers::SecurityHeaders;
use crate::video_host::VideoHost;
use crate::visit::{Visit, new_token};

/// The error of building the site: the registry could not be collected or validated, or the
/// consent cookie's declaration does not fit.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The example site: its declarations, consent cookie and enforcer, and its handlers.
///
/// One value serves every request (share it: `Arc<Site>`). A framework's glue routes each
/// request to one handler, giving it the [`Visit`] read from the request ([`Site::visit`]) and,
/// for a form, the fields posted; it sends back the [`Outcome`] in its own response type, with
/// the [security headers](crate::security_headers) set around every response, and, unless
/// [`Site::enforcer`] is `None`, the cookie policy's adapter for that framework around
/// everything (the tower layer: `CookiePolicyLayer::from_enforcer`).
///
/// | route | handler |
/// |---|---|
/// | `GET /` | [`home`](Site::home) |
/// | `GET /login`, `POST /login` | [`login_page`](Site::login_page), [`login`](Site::login) |
/// | `POST /logout` | [`logout`](Site::logout) |
/// | `GET /lang/{code}?back=/path` | [`set_language`](Site::set_language) |
/// | `GET /cookies?lang=fr` | [`policy`](Site::policy) |
/// | `GET /cookies/preferences` | [`preferences`](Site::preferences) |
/// | `POST /consent` | [`save_consent`](Site::save_consent) (async: it records the choice) |
/// | `GET /consent/records.json` | [`consent_records`](Site::consent_records) (async) |
/// | `GET /cookies.json?lang=fr` | [`policy_json`](Site::policy_json) |
/// | `GET /static/site.css`, `GET /static/policy.css` | [`site_css`](Site::site_css), [`policy_css`](Site::policy_css) |
/// | `GET /static/analytics.js`, `GET /static/forget-analytics.js` | [`analytics_js`](Site::analytics_js), [`forget_analytics_js`](Site::forget_analytics_js) |
/// | `GET /banner/cookieconsent.json`, `GET /banner/klaro.json` | [`cookieconsent_config`](Site::cookieconsent_config), [`klaro_config`](Site::klaro_config) |
/// | `GET /.well-known/gpc.json` | [`gpc_json`](Site::gpc_json) |
/// | anything else | [`not_found`](Site::not_found) |
///
/// Before reading a `POST`'s body, a glue calls [`guard`](Site::guard), which refuses a form
/// from another site with the `403` page whatever its body holds.
///
/// The home page embeds a video player, once the visitor accepts marketing cookies, from the
/// [`VideoHost`] given by [`with_video_host`](Site::with_video_host): a second listener of the
/// glue's process, another site for the browser.
///
/// ```
/// use example_site::forms::ConsentForm;
/// use example_site::{Enforcement, RequestHead, Site};
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// let site = Site::new(Enforcement::Enforce)?;
/// // A first visit: the page sets the CSRF token its banner's forms carry.
/// let first = site.home(&site.visit(&RequestHead::new("/")));
/// let token_cookie = first.set_cookies().find(|c| c.starts_with("__Host-csrftoken=")).unwrap();
/// let pair = token_cookie.split(';').next().unwrap();
/// let token = pair.split_once('=').unwrap().1.to_string();
///
/// // "Reject all", posted from the site's own page.
/// let head = RequestHead::new("/consent")
///     .header("host", b"127.0.0.1:3000")
///     .header("origin", b"http://127.0.0.1:3000")
///     .header("sec-fetch-site", b"same-origin")
///     .header("cookie", pair.as_bytes());
/// let visit = site.visit(&head);
/// assert!(site.guard(&visit).is_ok());
/// let form = ConsentForm { csrf: token, back: "/".into(), choice: "reject_all".into(), ..Default::default() };
/// let outcome = site.save_consent(&visit, form).await;
/// assert_eq!((outcome.status, outcome.header("location")), (303, Some("/?consent=saved")));
/// assert!(outcome.set_cookies().any(|c| c.starts_with("__Host-cookies_preferences=2.-.")));
/// # Ok::<(), example_site::Error>(())
/// # })?;
/// # Ok::<(), example_site::Error>(())
/// ```
///
/// With a [`ConsentLog`] ([`with_consent_log`](Site::with_consent_log)), every choice saved is
/// recorded there, and the preferences page offers the visitor their records; without one (as
/// above), nothing is recorded.
pub struct Site {
    pub(crate) registry: &'static Registry,
    pub(crate) consent: ConsentCookie,
    /// The categories that some declaration needs consent for: what the banner offers.
    pub(crate) offered: Vec<Category>,
    /// Signed-in users by session id. A demo store: a real site keeps sessions elsewhere.
    pub(crate) sessions: Mutex<HashMap<String, String>>,
    /// The stylesheet the library renders the policy page with, served at `/static/policy.css`.
    pub(crate) policy_css: Bytes,
    /// Where the home page's video player comes from, if anywhere.
    pub(crate) video_host: Option<VideoHost>,
    /// Where every choice is recorded, if anywhere.
    pub(crate) consent_log: Option<ConsentLog>,
    headers: SecurityHeaders,
    enforcer: Option<Enforcer>,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("declarations", &self.registry.len())
            .field("offered", &self.offered)
            .field("video_host", &self.video_host)
            .field("consent_log", &self.consent_log.is_some())
            .field("enforcer", &self.enforcer)
            .finish_non_exhaustive()
    }
}

impl Site {
    /// The site, its cookie policy held as `enforcement` says: an [`Enforcer`] in
    /// [`Mode::Audit`] or [`Mode::Enforce`] that prints every violation on stderr, or none for
    /// [`Enforcement::Off`].
    ///
    /// # Errors
    ///
    /// When the registry cannot be collected or validated, or the consent cookie's declaration
    /// does not suit [`ConsentCookie`].
    pub fn new(enforcement: Enforcement) -> Result<Site, Error> {
        let registry = Registry::global()?;
        registry.validate()?;
        let consent = consent_cookie(registry)?;
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
        let mode = match enforcement {
            Enforcement::Off => None,
            Enforcement::Audit => Some(Mode::Audit),
            Enforcement::Enforce => Some(Mode::Enforce),
        };
        let enforcer = mode.map(|mode| {
            Enforcer::new(registry, consent)
                .mode(mode)
                .on_violation(|violation: &_| eprintln!("cookie policy: {violation}"))
        });
        Ok(Site {
            registry,
            consent,
            offered,
            sessions: Mutex::new(HashMap::new()),
            policy_css,
            video_host: None,
            consent_log: None,
            headers: SecurityHeaders::new(None),
            enforcer,
        })
    }

    /// This site, its home page embedding the player of `video_host` once the visitor accepts
    /// marketing cookies, and its Content-Security-Policy letting exactly that origin be framed
    /// there. Without one, the home page says where the player would be.
    ///
    /// ```
    /// use example_site::video_host::VideoHost;
    /// use example_site::{Enforcement, Site};
    ///
    /// let site = Site::new(Enforcement::Enforce)?.with_video_host(VideoHost::on_port(4001));
    /// let csp = &site.security_headers("/")[0];
    /// assert!(csp.1.ends_with("; frame-src http://localhost:4001"), "{csp:?}");
    /// # Ok::<(), example_site::Error>(())
    /// ```
    #[must_use]
    pub fn with_video_host(mut self, video_host: VideoHost) -> Site {
        self.headers = SecurityHeaders::new(Some(&video_host));
        self.video_host = Some(video_host);
        self
    }

    /// This site, recording every consent choice in `log` (opened by
    /// [`consent_log::open`](crate::consent_log::open), which stores the policy of the site's
    /// revision), and offering each visitor their records on the preferences page.
    #[must_use]
    pub fn with_consent_log(mut self, log: ConsentLog) -> Site {
        self.consent_log = Some(log);
        self
    }

    /// The consent log the site records choices in, if any.
    pub fn consent_log(&self) -> Option<&ConsentLog> {
        self.consent_log.as_ref()
    }

    /// What a Global Privacy Control signal does here: the enforcer's policy, the default
    /// without one.
    pub(crate) fn gpc_policy(&self) -> GpcPolicy {
        self.enforcer()
            .map_or_else(GpcPolicy::default, |e| e.gpc_policy())
    }

    /// The video host whose player the home page embeds, if any.
    pub fn video_host(&self) -> Option<&VideoHost> {
        self.video_host.as_ref()
    }

    /// The security headers of the response to a request for `path`
    /// ([`SecurityHeaders::for_path`]): a glue sets them on every response, its framework's own
    /// included, except a header the response carries already: an HTML page of the site sends
    /// its own Content-Security-Policy, which allows the nonce of its inline script.
    pub fn security_headers(&self, path: &str) -> &[(&'static str, String)] {
        self.headers.for_path(path)
    }

    /// The enforcer a glue wraps the whole application in, with its framework's adapter;
    /// `None` for [`Enforcement::Off`], which runs without one.
    pub fn enforcer(&self) -> Option<&Enforcer> {
        self.enforcer.as_ref()
    }

    /// The registry of the site's declarations.
    pub fn registry(&self) -> &'static Registry {
        self.registry
    }

    /// The consent cookie the site records choices in (`__Host-cookies_preferences`).
    pub fn consent_cookie(&self) -> &ConsentCookie {
        &self.consent
    }

    /// Reads a request: language, consent, CSRF token, signed-in user, where it comes from.
    /// Never fails: whatever is malformed is ignored, pair by pair.
    pub fn visit(&self, head: &RequestHead<'_>) -> Visit {
        Visit::read(head, self)
    }

    /// Whether a `POST` may be read at all: `Err` with the `403` page when the browser says it
    /// does not come from this site's own pages ([`csrf::provenance`](crate::csrf::provenance)).
    /// A glue calls it before reading the body; the form handlers check again, token included.
    ///
    /// # Errors
    ///
    /// The `403` page, in the visitor's language.
    pub fn guard(&self, visit: &Visit) -> Result<(), Outcome> {
        visit
            .provenance
            .map_err(|refusal| self.refused(visit, refusal))
    }

    /// Whether the form posted with `token` may be acted upon: from this site's pages, with the
    /// request's only token cookie ([`csrf::verdict`](crate::csrf::verdict)).
    pub(crate) fn check_form(&self, visit: &Visit, token: &str) -> Result<(), Outcome> {
        self.guard(visit)?;
        if crate::csrf::token_matches(visit.csrf_cookie.as_deref(), token) {
            Ok(())
        } else {
            Err(self.refused(visit, Refusal::Token))
        }
    }

    /// The `403` page of a refused form, in the site's layout, in the visitor's language.
    fn refused(&self, visit: &Visit, refusal: Refusal) -> Outcome {
        let texts = visit.lang.texts();
        let (title, text) = match refusal {
            Refusal::NotSameOrigin => (texts.cross_site_title, texts.cross_site_text),
            Refusal::Token => (texts.forbidden_title, texts.forbidden_text),
        };
        let content = format!(
            "<h1>{}</h1>\n<p class=\"error\">{}</p>\n<p><a href=\"/\">{}</a></p>\n",
            escape(title),
            escape(text),
            escape(texts.nav_home)
        );
        let (html, has_form) = layout(self, visit, visit.lang, Nav::None, title, &content);
        self.page(visit, 403, html, has_form, Vec::new())
    }

    /// An HTML page. A page that holds a POST form (re)sends the CSRF token, as Django does;
    /// every page sends the analytics cookies when, and only when, statistics are consented.
    /// A page whose inline scripts carry a nonce sends the Content-Security-Policy that allows
    /// that nonce (the glue's middleware sets the others).
    pub(crate) fn page(
        &self,
        visit: &Visit,
        status: u16,
        html: String,
        has_form: bool,
        mut cookies: Vec<String>,
    ) -> Outcome {
        if has_form {
            cookies.extend(built(CsrfToken::header(&visit.csrf, NoConsentNeeded)));
        }
        cookies.extend(analytics_cookies(visit));
        let outcome = Outcome::html(status, html).with_cookies(cookies);
        match visit.script_nonce.get().and_then(Option::as_ref) {
            Some(nonce) => outcome.with(
                "content-security-policy",
                self.headers.content_security_policy(&visit.path, nonce),
            ),
            None => outcome,
        }
    }
}

/// The audience-measurement cookies, when the visitor consented to statistics; none otherwise.
///
/// The proof `Granted<Statistics>` comes only from the request's consent: without it, the
/// compiler refuses `Analytics::header(...)`.
fn analytics_cookies(visit: &Visit) -> Vec<String> {
    let Ok(granted) = visit.consent.granted::<Statistics>() else {
        return Vec::new();
    };
    let visitor = visit.visitor_id.clone().unwrap_or_else(new_token);
    [
        Analytics::header(&visitor, granted),
        AnalyticsSession::header("1", granted),
    ]
    .into_iter()
    .filter_map(built)
    .collect()
}

/// Logs a cookie that could not be built (a bug: every value here is a token) and drops it.
pub(crate) fn built(result: Result<String, SetCookieError>) -> Option<String> {
    result
        .map_err(|error| eprintln!("could not build a cookie: {error}"))
        .ok()
}

fn consent_cookie(registry: &'static Registry) -> Result<ConsentCookie, Error> {
    Ok(ConsentCookie::new(
        Preferences::DECLARATION,
        registry.revision(),
    )?)
}

/// A `Cookie` request header pair (`__Host-cookies_preferences=2.sm.…`) that records a choice of
/// `categories` made now, for the current declarations: for tests and benchmarks that play a
/// visitor who already chose. Valid for any server built from the same declarations.
///
/// ```
/// use cookie_registry::consent::CategorySet;
/// use cookie_registry::declaration::Category;
/// use example_site::{Enforcement, RequestHead, Site, consent_cookie_pair};
///
/// let pair = consent_cookie_pair(CategorySet::NONE.with(Category::Statistics))?;
/// assert!(pair.starts_with("__Host-cookies_preferences=2.s."));
/// let site = Site::new(Enforcement::Enforce)?;
/// let visit = site.visit(&RequestHead::new("/").header("cookie", pair.as_bytes()));
/// assert!(visit.consent().grants(Category::Statistics));
/// assert!(!visit.consent().grants(Category::Marketing));
/// # Ok::<(), example_site::Error>(())
/// ```
///
/// # Errors
///
/// As [`Site::new`].
pub fn consent_cookie_pair(categories: CategorySet) -> Result<String, Error> {
    let consent = consent_cookie(Registry::global()?)?;
    let state = consent.choose(categories, std::time::SystemTime::now());
    let value = state
        .cookie_value()
        .ok_or("a choice always has a cookie value")?;
    Ok(format!("{}={value}", consent.name()))
}
