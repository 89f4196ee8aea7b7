//! Enforcement, free of any web framework: building declared cookies, reading a request's
//! consent, and judging a response's `Set-Cookie` headers.
//!
//! * **Building**: [`CookieDeclaration::header`](crate::declaration::CookieDeclaration::header)
//!   gives the `Set-Cookie` header value with every declared attribute, and
//!   [`removal_header`](crate::declaration::CookieDeclaration::removal_header) the one that
//!   deletes the cookie with its exact path and domain; the proof of consent the declaration
//!   needs is checked. With the `cookie` feature, the same as the `cookie` crate's
//!   `CookieBuilder` ([`cookie`](crate::declaration::CookieDeclaration::cookie)).
//! * **Judging**: an [`Enforcer`] reads the consent a request's `Cookie` headers carry
//!   ([`Enforcer::request_consent`]) and judges the response's `Set-Cookie` headers
//!   ([`Enforcer::judge`]): which to strip, which removals to add, what to report. The framework
//!   adapters ([`tower`](crate::tower), and the others behind their features) only move headers
//!   in and out of their framework's types.
//!
//! What the judgment does with each `Set-Cookie`, read exactly as Chromium stores it
//! ([`crate::set_cookie`]: the name as the browser keeps it, so `csrftoken\u{a0}` is not
//! `csrftoken` and `=v` has the empty name; the last `Max-Age` or `Expires`, valid or not):
//!
//! * **undeclared** (no declaration covers the name, the empty name included) or **without
//!   consent** (its category needs consent the response's consent does not grant): a
//!   [`Violation`], stripped in [`Mode::Enforce`];
//! * **drift** (`Max-Age` longer than declared, a session cookie sent persistent, `Secure`,
//!   `HttpOnly`, `SameSite`, `Path` or `Domain` differing): reported, not stripped, since the
//!   cookie is still the declared one;
//! * **a removal** (the browser deletes the cookie) or a line the browser **ignores** entirely
//!   (a control character, neither name nor value...: it stores and deletes nothing): let
//!   through unchecked.
//!
//! The consent in force for a response is the one it sets, when it sets the consent cookie (the
//! last such header, as the browser keeps the last), else the request's. When that consent does
//! not grant a category and the request still carries cookies of that category, enforce mode
//! adds headers that delete them (at most [`Enforcer::MAX_REMOVALS_PER_RESPONSE`]; the others go
//! on later responses, which the browser keeps sending them with), and audit mode reports them.
//! Nothing here turns a bad header into an error: a judgment never fails.

#[cfg(any(feature = "tower", feature = "actix"))]
mod carried;
mod check;
#[cfg(feature = "cookie")]
mod cookie_crate;
mod header;
mod recall;
mod response;
mod violation;

#[cfg(any(feature = "tower", feature = "actix"))]
pub(crate) use carried::CarriedHeaders;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

pub use header::SetCookieError;
#[cfg(feature = "rocket")]
pub(crate) use response::FirstLookUp;
pub use response::Judgment;
pub use violation::{Violation, ViolationKind};

/// The `cookie` crate the `cookie` feature builds cookies with, for its `Cookie`, `CookieJar`
/// and `time::Duration` at the same version.
#[cfg(feature = "cookie")]
#[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
pub use ::cookie;

use crate::consent::{CategorySet, ConsentCookie, ConsentSource, ConsentState};
use crate::interop::gpc::{GpcPolicy, GpcSignal};
use crate::registry::Registry;

/// What enforcement does with a violation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Nothing is checked: the request's consent is still read (and handed to the handlers),
    /// every response goes out as the application made it.
    Off,
    /// Report only; the response goes out as the application made it.
    Audit,
    /// Report, strip undeclared and unconsented cookies, and delete the cookies of
    /// categories the visitor does not (or no longer) consent to.
    #[default]
    Enforce,
}

/// What is called with every violation, besides the `tracing` event (target
/// `cookie_registry`, level WARN).
///
/// Implemented by every `Fn(&Violation) + Send + Sync + 'static`:
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use cookie_registry::enforce::{Enforcer, Violation};
/// # use cookie_registry::{Registry, cookie, consent::ConsentCookie};
/// # #[cookie(provider = "Example", category = necessary, exemption = consent_storage, lifetime = "6 months",
/// #     function(en = "Cookie preferences", fr = "Préférences cookies"),
/// #     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"), http_only = false)]
/// # const PREFERENCES: &str = "cookies_preferences";
/// # let registry = Registry::global()?;
/// # let consent = ConsentCookie::new(registry.find(PREFERENCES).unwrap(), registry.revision())?;
/// let seen: Arc<Mutex<Vec<String>>> = Arc::default();
/// let log = seen.clone();
/// let enforcer = Enforcer::new(registry, consent)
///     .on_violation(move |v: &Violation| log.lock().unwrap().push(v.to_string()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait OnViolation: Send + Sync + 'static {
    /// Called once per violation, in header order.
    fn on_violation(&self, violation: &Violation);
}

impl<F> OnViolation for F
where
    F: Fn(&Violation) + Send + Sync + 'static,
{
    fn on_violation(&self, violation: &Violation) {
        self(violation)
    }
}

/// The policy of a program, ready to judge requests and responses: the registry, the consent
/// cookie, the [`Mode`] and where violations go. Cheap to clone (an `Arc` inside).
///
/// ```
/// use cookie_registry::consent::ConsentCookie;
/// use cookie_registry::enforce::{Enforcer, Mode};
/// use cookie_registry::{Registry, cookie};
///
/// #[cookie(
///     provider = "Example", category = necessary, exemption = consent_storage, lifetime = "6 months",
///     function(en = "Cookie preferences", fr = "Préférences cookies"),
///     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
///     http_only = false,
/// )]
/// const PREFERENCES: &str = "cookies_preferences";
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let registry = Registry::global()?;
/// let enforcer = Enforcer::new(registry, ConsentCookie::new(registry.find(PREFERENCES).unwrap(), registry.revision())?);
///
/// // A request without a consent cookie, a response that sets a declared and an undeclared cookie.
/// let cookie_headers: [&[u8]; 1] = [b"session=old"];
/// let consent = enforcer.request_consent(cookie_headers);
/// let set_cookies: [&[u8]; 2] = [b"session=new; Path=/; Secure; HttpOnly; SameSite=Lax", b"tracker=1"];
/// let judgment = enforcer.judge(&consent, cookie_headers, || set_cookies);
/// assert_eq!(judgment.stripped(), [1]);   // the undeclared `tracker`
/// assert!(judgment.removals().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Enforcer {
    shared: Arc<Shared>,
}

#[derive(Clone)]
struct Shared {
    /// Unique among the policies a program builds (a clone of the enforcer shares it: the same
    /// policy; each change makes a new one), so that a reading kept on a thread for one policy
    /// is never taken for another's.
    id: u64,
    registry: &'static Registry,
    /// The categories needing consent that some declaration of the registry belongs to: a
    /// visitor who grants all of them carries no cookie that must go.
    declared_categories: CategorySet,
    consent: ConsentCookie,
    /// Where requests' consent is read from, when not from `consent` (a banner's cookie).
    source: Option<Arc<dyn ConsentSource>>,
    /// What a `Sec-GPC: 1` request header does to the consent.
    gpc: GpcPolicy,
    mode: Mode,
    on_violation: Option<Arc<dyn OnViolation>>,
    panic_in_debug: bool,
}

impl std::fmt::Debug for Enforcer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Enforcer")
            .field("declarations", &self.shared.registry.len())
            .field("consent_cookie", &self.shared.consent.name())
            .field("mode", &self.shared.mode)
            .finish_non_exhaustive()
    }
}

impl Enforcer {
    /// The most removal headers one response gets: a request can carry many cookies of a
    /// withdrawn category (a visitor's own browser holds a few; a forged request, thousands).
    /// The cookies past this many are deleted on later responses, since the browser keeps
    /// sending them until they are.
    pub const MAX_REMOVALS_PER_RESPONSE: usize = 50;

    /// An enforcer in [`Mode::Enforce`] over `registry`, reading consent from `consent`.
    pub fn new(registry: &'static Registry, consent: ConsentCookie) -> Enforcer {
        Enforcer {
            shared: Arc::new(Shared {
                id: Shared::new_id(),
                registry,
                declared_categories: registry
                    .iter()
                    .filter_map(|declaration| declaration.consent_category())
                    .collect(),
                consent,
                source: None,
                gpc: GpcPolicy::default(),
                mode: Mode::Enforce,
                on_violation: None,
                panic_in_debug: false,
            }),
        }
    }

    fn with(self, change: impl FnOnce(&mut Shared)) -> Enforcer {
        let mut shared = Arc::unwrap_or_clone(self.shared);
        change(&mut shared);
        shared.id = Shared::new_id();
        Enforcer {
            shared: Arc::new(shared),
        }
    }

    /// This enforcer in `mode`.
    #[must_use]
    pub fn mode(self, mode: Mode) -> Enforcer {
        self.with(|s| s.mode = mode)
    }

    /// This enforcer, calling `callback` with every violation besides the `tracing` event.
    #[must_use]
    pub fn on_violation(self, callback: impl OnViolation) -> Enforcer {
        let callback: Arc<dyn OnViolation> = Arc::new(callback);
        self.with(|s| s.on_violation = Some(callback))
    }

    /// This enforcer, panicking on the first violation in debug builds
    /// (`cfg(debug_assertions)`), so that a test that exercises the application fails at the
    /// offending response. No effect in release builds.
    #[must_use]
    pub fn panic_on_violation_in_debug(self) -> Enforcer {
        self.with(|s| s.panic_in_debug = true)
    }

    /// This enforcer, reading requests' consent from `source` instead of its consent cookie:
    /// a JavaScript banner's own cookie
    /// ([`interop::cookieconsent::CcCookie`](crate::interop::cookieconsent::CcCookie),
    /// [`interop::klaro::KlaroCookie`](crate::interop::klaro::KlaroCookie)), so that a site
    /// that keeps its banner gets the stripping and the deletion of withdrawn cookies
    /// (`HttpOnly` ones included) on the server. A value the source cannot read is no consent.
    ///
    /// A response that sets the consent cookie itself is still read with the consent cookie
    /// given to [`Enforcer::new`].
    ///
    /// ```
    /// use cookie_registry::consent::{ConsentCookie, ConsentSource};
    /// use cookie_registry::enforce::Enforcer;
    /// use cookie_registry::interop::cookieconsent::CcCookie;
    /// use cookie_registry::{Registry, cookie};
    ///
    /// #[cookie(
    ///     provider = "Example", category = necessary, exemption = consent_storage, lifetime = "6 months",
    ///     function(en = "Cookie banner", fr = "Bandeau cookies"),
    ///     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
    ///     http_only = false,
    /// )]
    /// const BANNER: &str = "cc_cookie";
    ///
    /// let registry = Registry::global()?;
    /// let enforcer = Enforcer::new(registry, ConsentCookie::new(registry.find(BANNER).unwrap(), registry.revision())?)
    ///     .consent_source(CcCookie::new(registry));
    /// // Percent-encoded JSON, as vanilla-cookieconsent writes it, for another revision: no consent.
    /// let headers: [&[u8]; 1] = [b"cc_cookie=%7B%22categories%22%3A%5B%22necessary%22%5D%2C%22revision%22%3A1%7D"];
    /// assert!(!enforcer.request_consent(headers).is_given());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn consent_source(self, source: impl ConsentSource) -> Enforcer {
        let source: Arc<dyn ConsentSource> = Arc::new(source);
        self.with(|s| s.source = Some(source))
    }

    /// This enforcer, applying `policy` to requests that send `Sec-GPC: 1`
    /// ([`request_consent_with_gpc`](Enforcer::request_consent_with_gpc)); the default is
    /// [`GpcPolicy::RefuseMarketing`].
    #[must_use]
    pub fn gpc(self, policy: GpcPolicy) -> Enforcer {
        self.with(|s| s.gpc = policy)
    }

    /// The Global Privacy Control policy in force.
    pub fn gpc_policy(&self) -> GpcPolicy {
        self.shared.gpc
    }

    /// The mode, for the adapters.
    #[cfg(any(feature = "tower", feature = "actix", feature = "rocket"))]
    pub(crate) fn current_mode(&self) -> Mode {
        self.shared.mode
    }

    /// This enforcer's policy's identity: see the field.
    #[cfg(feature = "rocket")]
    pub(crate) fn id(&self) -> u64 {
        self.shared.id
    }

    /// Whether [`request_consent`](Enforcer::request_consent) depends on the time in whole
    /// seconds only: its consent cookie does; a [`ConsentSource`] is handed the exact time.
    #[cfg(feature = "rocket")]
    pub(crate) fn reads_whole_seconds(&self) -> bool {
        self.shared.source.is_none()
    }

    /// The registry the enforcer holds cookies to.
    pub fn registry(&self) -> &'static Registry {
        self.shared.registry
    }

    /// The consent cookie it reads consent from.
    pub fn consent_cookie(&self) -> &ConsentCookie {
        &self.shared.consent
    }

    /// The consent a request's `Cookie` header values record ([`ConsentState::NONE`] when none
    /// counts). Never fails; allocates nothing.
    pub fn request_consent<H: AsRef<[u8]>>(
        &self,
        cookie_headers: impl IntoIterator<Item = H>,
    ) -> ConsentState {
        self.request_consent_at(cookie_headers, SystemTime::now())
    }

    /// [`request_consent`](Enforcer::request_consent) at `now`.
    pub(crate) fn request_consent_at<H: AsRef<[u8]>>(
        &self,
        cookie_headers: impl IntoIterator<Item = H>,
        now: SystemTime,
    ) -> ConsentState {
        match &self.shared.source {
            Some(source) => crate::consent::read_source(&**source, cookie_headers, now)
                .unwrap_or(ConsentState::NONE),
            None => self.shared.consent.from_cookie_headers(cookie_headers, now),
        }
    }

    /// The consent of a request, as [`request_consent`](Enforcer::request_consent) reads it
    /// from the `Cookie` header values, with the Global Privacy Control signal of its
    /// `Sec-GPC` header values applied by the [`gpc`](Enforcer::gpc) policy; and the signal
    /// itself, when the request sends one, for the application to record (whatever the
    /// policy). The signal only ever takes consent away: it is never a consent.
    ///
    /// ```
    /// # use cookie_registry::{Registry, cookie, consent::ConsentCookie, enforce::Enforcer};
    /// # #[cookie(provider = "Example", category = necessary, exemption = consent_storage, lifetime = "6 months",
    /// #     function(en = "Cookie preferences", fr = "Préférences cookies"),
    /// #     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"), http_only = false)]
    /// # const PREFERENCES: &str = "cookies_preferences";
    /// # let registry = Registry::global()?;
    /// # let enforcer = Enforcer::new(registry, ConsentCookie::new(registry.find(PREFERENCES).unwrap(), registry.revision())?);
    /// use cookie_registry::declaration::Category;
    /// use cookie_registry::interop::gpc::GpcSource;
    ///
    /// let accepted_all = format!("cookies_preferences={}", enforcer.consent_cookie()
    ///     .choose(cookie_registry::consent::CategorySet::ALL, std::time::SystemTime::now())
    ///     .cookie_value().unwrap());
    /// let (consent, signal) = enforcer.request_consent_with_gpc([accepted_all.as_bytes()], [b"1"]);
    /// assert!(consent.grants(Category::Statistics));
    /// assert!(!consent.grants(Category::Marketing));
    /// assert_eq!(signal.map(|s| s.source()), Some(GpcSource::Header));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn request_consent_with_gpc<H, G>(
        &self,
        cookie_headers: impl IntoIterator<Item = H>,
        sec_gpc_headers: impl IntoIterator<Item = G>,
    ) -> (ConsentState, Option<GpcSignal>)
    where
        H: AsRef<[u8]>,
        G: AsRef<[u8]>,
    {
        let signal = GpcSignal::from_headers(sec_gpc_headers);
        let consent = self
            .shared
            .gpc
            .apply(self.request_consent(cookie_headers), signal);
        (consent, signal)
    }

    /// Judges a response: its `Set-Cookie` header values, in order, for a request whose
    /// consent was `request_consent` and whose `Cookie` header values are `request_cookies`.
    ///
    /// `set_cookies` lists the response's `Set-Cookie` header values; it is called at most
    /// twice (the consent the response records is found first), so that the headers are read
    /// where they are, without being collected.
    ///
    /// Reports every violation (to `tracing` and the [`OnViolation`] callback) and returns what
    /// the adapter must do to the response: in [`Mode::Enforce`], the positions of the headers
    /// to strip and the removal headers to append; in the other modes, nothing.
    pub fn judge<'r, 's, R, S, I>(
        &self,
        request_consent: &ConsentState,
        request_cookies: R,
        set_cookies: S,
    ) -> Judgment
    where
        R: IntoIterator<Item = &'r [u8]>,
        S: Fn() -> I,
        I: IntoIterator<Item = &'s [u8]>,
    {
        response::judge(
            &self.shared,
            request_consent,
            request_cookies,
            set_cookies,
            SystemTime::now(),
        )
    }

    /// [`judge`](Self::judge) of `set_cookies`, the response's `Set-Cookie` header values found
    /// already (by an adapter whose header map is cheaper to walk by hand).
    #[cfg(feature = "rocket")]
    pub(crate) fn judge_found<'r>(
        &self,
        request_consent: &ConsentState,
        request_cookies: impl IntoIterator<Item = &'r [u8]>,
        set_cookies: &[&[u8]],
    ) -> Judgment {
        response::judge_found(
            &self.shared,
            request_consent,
            request_cookies,
            set_cookies,
            SystemTime::now(),
        )
    }
}

impl Shared {
    fn new_id() -> u64 {
        // From 1: a kept reading's zero means none.
        static MADE: AtomicU64 = AtomicU64::new(1);
        MADE.fetch_add(1, Ordering::Relaxed)
    }

    // Out of the way of the path that finds nothing to report (see `check::rejected`).
    #[cold]
    #[inline(never)]
    fn report(&self, violation: &Violation) {
        tracing::warn!(target: "cookie_registry", cookie = %violation.name(), "{violation}");
        if let Some(callback) = &self.on_violation {
            callback.on_violation(violation);
        }
        if self.panic_in_debug && cfg!(debug_assertions) {
            panic!("cookie policy violation: {violation}");
        }
    }
}

/// Checks one `Set-Cookie` value: `None` when it is allowed under `consent` with its declared
/// attributes, deletes a cookie, or is a line the browser ignores; else the violation.
///
/// What an [`Enforcer`] does for each header, on its own. It reads the value once without
/// allocating, as Chromium does ([`crate::set_cookie`]), and looks the name up in the
/// registry's index.
///
/// ```
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::enforce::{ViolationKind, check_set_cookie};
/// use cookie_registry::{Registry, cookie};
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let registry = Registry::global()?;
/// assert_eq!(check_set_cookie(registry, &ConsentState::NONE, b"session=1; Secure; HttpOnly"), None);
/// let violation = check_set_cookie(registry, &ConsentState::NONE, b"tracker=1").unwrap();
/// assert_eq!(violation.kind(), &ViolationKind::Undeclared);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_set_cookie(
    registry: &Registry,
    consent: &ConsentState,
    value: &[u8],
) -> Option<Violation> {
    match check::check(registry, consent, value, unix_seconds(SystemTime::now())) {
        check::Verdict::Allowed { drift, .. } => drift,
        check::Verdict::Removal { .. } | check::Verdict::Ignored => None,
        check::Verdict::Rejected(violation) => Some(violation),
    }
}

/// Every violation a response's `Set-Cookie` header values commit, for `consent` (drift
/// included). For an application's tests; see also [`assert_cookies_allowed`].
pub fn violations<'h>(
    registry: &Registry,
    consent: &ConsentState,
    set_cookies: impl IntoIterator<Item = &'h [u8]>,
) -> Vec<Violation> {
    set_cookies
        .into_iter()
        .filter_map(|value| check_set_cookie(registry, consent, value))
        .collect()
}

/// Asserts that a response's `Set-Cookie` header values set only declared cookies, consented to
/// under `consent`, with their declared attributes.
///
/// ```
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::enforce::assert_cookies_allowed;
/// use cookie_registry::{Registry, cookie};
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let set_cookies: [&[u8]; 1] = [b"session=abc; Path=/; Secure; HttpOnly; SameSite=Lax"];
/// assert_cookies_allowed(Registry::global()?, &ConsentState::NONE, set_cookies);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
///
/// Listing every violation, when there is one.
#[track_caller]
pub fn assert_cookies_allowed<'h>(
    registry: &Registry,
    consent: &ConsentState,
    set_cookies: impl IntoIterator<Item = &'h [u8]>,
) {
    let found = violations(registry, consent, set_cookies);
    if !found.is_empty() {
        let list: Vec<String> = found.iter().map(|v| format!("- {v}")).collect();
        panic!(
            "the response breaks the cookie policy:\n{}",
            list.join("\n")
        );
    }
}

/// `time` in Unix seconds, signed as [`crate::set_cookie`] counts them.
fn unix_seconds(time: SystemTime) -> i64 {
    i64::try_from(crate::consent::unix_seconds(time)).unwrap_or(i64::MAX)
}
