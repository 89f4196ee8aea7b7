//! What a handler knows about the request: language, consent, CSRF token, signed-in user.

use std::fmt::Write as _;
use std::hash::{BuildHasher, Hasher, RandomState};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use cookie_registry::DeclaredCookie;
use cookie_registry::consent::ConsentState;
use cookie_registry::declaration::Category;
use cookie_registry::interop::gpc::{self, GpcPolicy, GpcSignal};

use crate::Site;
use crate::cookies::{Analytics, CsrfToken, Language, SessionId};
use crate::csrf::{self, Refusal};
use crate::i18n::Lang;
use crate::request::{RequestCookies, RequestHead};
use crate::security_headers::ScriptNonce;

/// The request, as the pages see it: what [`Site::visit`] reads from a [`RequestHead`], and
/// what every page and form handler of the site takes. Reading it never fails: whatever is
/// malformed in the `Cookie` or `Accept-Language` headers is ignored, pair by pair.
///
/// ```
/// use example_site::{Enforcement, RequestHead, Site};
/// use example_site::i18n::Lang;
///
/// let site = Site::new(Enforcement::Enforce)?;
/// let visit = site.visit(&RequestHead::new("/").header("cookie", b"django_language=fr; x=\xff"));
/// assert_eq!(visit.lang(), Lang::Fr);
/// assert!(!visit.consent().is_given());
/// assert_eq!(visit.user(), None);
/// # Ok::<(), example_site::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Visit {
    /// The interface language: the `django_language` cookie, else `Accept-Language`, else English.
    pub(crate) lang: Lang,
    /// What the visitor consented to, read from the consent cookie ([`ConsentState::NONE`] if
    /// missing, malformed, expired or for an older policy revision).
    pub(crate) consent: ConsentState,
    /// The CSRF token the request carries: the value of its only `__Host-csrftoken`, if
    /// well-formed. `None` when it carries none, or several (one of them planted).
    pub(crate) csrf_cookie: Option<String>,
    /// The CSRF token forms carry: [`csrf_cookie`](Visit::csrf_cookie), else a new one (which
    /// the page then sets).
    pub(crate) csrf: String,
    /// The signed-in user's name.
    pub(crate) user: Option<String>,
    /// The `sessionid` the request carries, if well-formed.
    pub(crate) session: Option<String>,
    /// The `_pk_id` the request carries, if well-formed.
    pub(crate) visitor_id: Option<String>,
    /// The Global Privacy Control signal (`Sec-GPC: 1`) the request sends, for the consent
    /// records; [`consent`](Visit::consent) already has the site's GPC policy applied.
    pub(crate) gpc: Option<GpcSignal>,
    /// What the signal does here: the enforcer's GPC policy (the default without one).
    pub(crate) gpc_policy: GpcPolicy,
    /// The path of this request, as sent: which Content-Security-Policy its page gets.
    pub(crate) path: String,
    /// The nonce of the page answered to this request, drawn when the page first needs it
    /// ([`Visit::script_nonce`]); `Some(None)` when the random source failed.
    pub(crate) script_nonce: OnceLock<Option<ScriptNonce>>,
    /// The path and query of this request, to come back to after a form (without the
    /// [`SAVED`] mark).
    pub(crate) here: String,
    /// Whether the request comes straight from saving a consent choice (its query ends with
    /// [`SAVED`]): the page confirms it.
    pub(crate) saved: bool,
    /// The query of this request, as sent (`?lang=`, `?back=`).
    pub(crate) query: Option<String>,
    /// Whether the browser says the request comes from this site's own pages
    /// ([`csrf::provenance`]): what a form handler checks before anything else.
    pub(crate) provenance: Result<(), Refusal>,
}

impl Visit {
    /// Reads a request.
    pub(crate) fn read(head: &RequestHead<'_>, site: &Site) -> Visit {
        let cookies = RequestCookies::read(head);
        let lang = cookies
            .first(name_of::<Language>())
            .and_then(|code| Lang::from_tag(code).filter(|lang| lang.code() == code))
            .or_else(|| accept_language(head))
            .unwrap_or(Lang::En);
        // The middleware's reading when there is one (read once per request); otherwise the
        // library reads the consent cookie from the raw bytes itself.
        let consent = head.read_consent().unwrap_or_else(|| {
            site.consent
                .from_cookie_headers(head.values("cookie"), std::time::SystemTime::now())
        });
        // `Sec-GPC: 1` refuses marketing without asking (the enforcer's policy, the default
        // without one); it is never a consent. Applying it to the middleware's reading, which
        // has it applied already, changes nothing.
        let gpc = GpcSignal::from_headers(head.values(gpc::HEADER));
        let policy = site.gpc_policy();
        let consent = policy.apply(consent, gpc);
        let path = head.path().to_string();
        let csrf_cookie = cookies
            .only(name_of::<CsrfToken>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let csrf = csrf_cookie.clone().unwrap_or_else(new_token);
        let session = cookies
            .first(name_of::<SessionId>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let user = session
            .as_ref()
            .and_then(|id| site.sessions.lock().ok()?.get(id).cloned());
        let visitor_id = cookies
            .first(name_of::<Analytics>())
            .filter(|t| is_token(t))
            .map(str::to_string);
        let here = safe_local_path(head.path_and_query()).unwrap_or("/");
        let (here, saved) = match here
            .strip_suffix(SAVED)
            .and_then(|rest| rest.strip_suffix(['?', '&']))
        {
            Some(rest) => (rest.to_string(), true),
            None => (here.to_string(), false),
        };
        Visit {
            lang,
            consent,
            csrf_cookie,
            csrf,
            user,
            session,
            visitor_id,
            gpc,
            gpc_policy: policy,
            path,
            script_nonce: OnceLock::new(),
            here,
            saved,
            query: head.query().map(str::to_string),
            provenance: csrf::provenance(head),
        }
    }

    /// The language the pages are shown in.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The Global Privacy Control signal the request sends, if any.
    ///
    /// ```
    /// use cookie_registry::consent::CategorySet;
    /// use cookie_registry::declaration::Category;
    /// use example_site::{Enforcement, RequestHead, Site, consent_cookie_pair};
    ///
    /// let site = Site::new(Enforcement::Enforce)?;
    /// let everything = consent_cookie_pair(CategorySet::ALL)?;
    /// let head = RequestHead::new("/").header("cookie", everything.as_bytes());
    /// assert!(site.visit(&head).consent().grants(Category::Marketing));
    ///
    /// let visit = site.visit(&head.header("sec-gpc", b"1"));
    /// assert!(visit.gpc().is_some());
    /// assert!(!visit.consent().grants(Category::Marketing));
    /// assert!(visit.consent().grants(Category::Statistics));
    /// # Ok::<(), Box<dyn std::error::Error + Send + Sync>>(())
    /// ```
    pub fn gpc(&self) -> Option<GpcSignal> {
        self.gpc
    }

    /// Whether the banner and the preferences page ask for `category`: not for one the
    /// visitor's Global Privacy Control signal refuses (marketing, by default).
    pub(crate) fn asks_for(&self, category: Category) -> bool {
        self.gpc_policy.asks_for(category, self.gpc)
    }

    /// Whether the visitor's Global Privacy Control signal refuses something here: the pages
    /// say so.
    pub(crate) fn gpc_refuses(&self) -> bool {
        self.gpc.is_some() && !self.gpc_policy.refused().is_empty()
    }

    /// The Content-Security-Policy nonce of the page answered to this request (one visit per
    /// request): drawn the first time it is asked for, the same afterwards. `None` when the
    /// operating system's random source fails: the page then goes without inline script.
    pub(crate) fn script_nonce(&self) -> Option<&ScriptNonce> {
        self.script_nonce
            .get_or_init(|| {
                ScriptNonce::new()
                    .map_err(|error| eprintln!("no CSP nonce for this page: {error}"))
                    .ok()
            })
            .as_ref()
    }

    /// What the visitor consented to.
    pub fn consent(&self) -> &ConsentState {
        &self.consent
    }

    /// The signed-in user's name.
    pub fn user(&self) -> Option<&str> {
        self.user.as_deref()
    }
}

/// The query parameter that marks the page a saved choice goes back to: `?consent=saved`, or
/// `&consent=saved` after a query of its own.
pub(crate) const SAVED: &str = "consent=saved";

/// `back` (a local path) marked as the page a saved choice goes back to.
pub(crate) fn mark_saved(back: &str) -> String {
    let separator = if back.contains('?') { '&' } else { '?' };
    format!("{back}{separator}{SAVED}")
}

fn accept_language(head: &RequestHead<'_>) -> Option<Lang> {
    head.values("accept-language")
        .filter_map(|v| std::str::from_utf8(v).ok())
        .find_map(Lang::negotiate)
}

/// A declared cookie's name.
pub(crate) fn name_of<T: DeclaredCookie>() -> &'static str {
    T::DECLARATION.name().stem()
}

/// A token this site issued: 32 lowercase hexadecimal digits.
pub(crate) fn is_token(value: &str) -> bool {
    value.len() == 32
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A new 128-bit token, as 32 lowercase hexadecimal digits.
///
/// From std's randomly keyed SipHash over a counter and the clock: unpredictable enough for a
/// demo. A real site draws session ids and CSRF tokens from a CSPRNG (`getrandom`, `rand`).
pub(crate) fn new_token() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut token = String::with_capacity(32);
    for half in 0..2u8 {
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(nanos);
        hasher.write_u8(half);
        let _ = write!(token, "{:016x}", hasher.finish());
    }
    token
}

/// `path` if it is a path on this site (`/…`, not `//host` or `/\host`, no control characters).
pub(crate) fn safe_local_path(path: &str) -> Option<&str> {
    let local = path.starts_with('/') && !path.starts_with("//") && !path.starts_with("/\\");
    (local && path.len() <= 2048 && !path.bytes().any(|b| b.is_ascii_control())).then_some(path)
}
