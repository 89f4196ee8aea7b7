//! A tower layer that holds every response's cookies to the registry and the user's consent.
//!
//! ```
//! use cookie_registry::enforce::ConsentCookie;
//! use cookie_registry::middleware::{CookiePolicyLayer, Mode};
//! use cookie_registry::{Registry, cookie};
//!
//! #[cookie(
//!     provider = "Example", category = necessary, exemption = consent_storage, lifetime = "6 months",
//!     function(en = "Cookie preferences", fr = "Préférences cookies"),
//!     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
//!     http_only = false,
//! )]
//! const PREFERENCES: &str = "cookies_preferences";
//!
//! let registry = Registry::global()?;
//! let consent = ConsentCookie::new(registry.find(PREFERENCES).unwrap(), registry.revision())?;
//! let layer = CookiePolicyLayer::new(registry, consent).mode(Mode::Enforce);
//! // axum: `Router::new().route(...).layer(layer)`, added after every layer that sets cookies.
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! For each request, the layer reads the consent cookie from the `Cookie` headers. For each
//! response, it checks every `Set-Cookie`:
//!
//! * **undeclared** (no declaration covers the name) or **without consent** (its category needs
//!   consent the request does not grant): a [`Violation`]; stripped in [`Mode::Enforce`];
//! * **drift** (`Max-Age` longer than declared, a session cookie sent persistent, `Secure`,
//!   `HttpOnly`, `SameSite`, `Path` or `Domain` differing): a violation, reported but not
//!   stripped, since the cookie is still the declared one;
//! * **deletions** (the browser reads an expiry at or before now) and headers the browser
//!   **ignores** entirely (a control character, neither name nor value...): let through
//!   unchecked, since they set nothing. Nothing here turns a bad header into an error response:
//!   the layer never fails a request.
//!
//! Each header is read as Chromium stores it ([`crate::set_cookie`]): the name exactly as the
//! browser keeps it (`csrftoken\u{a0}` is not `csrftoken`, `=v` has the empty name), the last
//! `Max-Age` or `Expires` whether valid or not.
//!
//! A response that sets the consent cookie is checked against the consent it records: the
//! response to "accept statistics" may set the statistics cookies. In enforce mode, when the
//! consent in force does not grant a category and the request still carries cookies of that
//! category (consent withdrawn, or never given), the layer adds `Set-Cookie` headers that
//! delete them, with their declared `Path` and `Domain`: this reaches `HttpOnly` cookies,
//! which no script can delete.
//!
//! Violations go to `tracing` (target `cookie_registry`, level WARN) and to the
//! [`on_violation`](CookiePolicyLayer::on_violation) callback.
//!
//! The layer puts the request's [`ConsentState`] in the request's extensions, so that handlers
//! (an axum `Extension<ConsentState>`) read it without parsing the consent cookie again.
//!
//! # Where the layer goes
//!
//! A layer sees the headers of the services *inside* it. Put this layer *outside* every layer
//! and handler that sets cookies: with axum, add it with the last `.layer(...)` call (axum's
//! last layer is the outermost), after `CookieManagerLayer` or any session layer. A cookie set by
//! a layer outside this one is not checked (`tests/middleware_order.rs` shows both orders).

mod check;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};

pub use check::{Violation, ViolationKind};

use crate::enforce::{Categories, ConsentCookie, ConsentState, unix_now};
use crate::registry::Registry;
use crate::set_cookie::SetCookie;

/// What the layer does with a violation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Report only; the response goes out as the service made it.
    Audit,
    /// Report, strip undeclared, unconsented and malformed cookies, and delete the cookies of
    /// categories the user does not (or no longer) consent to.
    #[default]
    Enforce,
}

type Callback = Arc<dyn Fn(&Violation) + Send + Sync>;

#[derive(Clone)]
struct Shared {
    registry: &'static Registry,
    /// The categories needing consent that some declaration of the registry belongs to: a
    /// visitor who grants all of them carries no cookie the layer would have to delete.
    declared_categories: Categories,
    consent: ConsentCookie,
    mode: Mode,
    on_violation: Option<Callback>,
    panic_in_debug: bool,
}

/// The [`tower_layer::Layer`] that checks cookies; see the [module docs](self).
#[derive(Clone)]
pub struct CookiePolicyLayer {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for CookiePolicyLayer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookiePolicyLayer")
            .field("declarations", &self.shared.registry.len())
            .field("consent_cookie", &self.shared.consent.name())
            .field("mode", &self.shared.mode)
            .finish_non_exhaustive()
    }
}

impl CookiePolicyLayer {
    /// A layer in [`Mode::Enforce`] over `registry`, reading consent from `consent`.
    pub fn new(registry: &'static Registry, consent: ConsentCookie) -> CookiePolicyLayer {
        CookiePolicyLayer {
            shared: Arc::new(Shared {
                registry,
                declared_categories: registry
                    .iter()
                    .filter_map(|declaration| declaration.consent_category())
                    .collect(),
                consent,
                mode: Mode::Enforce,
                on_violation: None,
                panic_in_debug: false,
            }),
        }
    }

    fn with(self, change: impl FnOnce(&mut Shared)) -> CookiePolicyLayer {
        let mut shared = Arc::unwrap_or_clone(self.shared);
        change(&mut shared);
        CookiePolicyLayer {
            shared: Arc::new(shared),
        }
    }

    /// Audit or enforce.
    pub fn mode(self, mode: Mode) -> CookiePolicyLayer {
        self.with(|s| s.mode = mode)
    }

    /// Calls `callback` with every violation, besides the `tracing` event.
    pub fn on_violation(
        self,
        callback: impl Fn(&Violation) + Send + Sync + 'static,
    ) -> CookiePolicyLayer {
        self.with(|s| s.on_violation = Some(Arc::new(callback)))
    }

    /// Panics on the first violation in debug builds (`cfg(debug_assertions)`), so that a test
    /// that exercises the application fails at the offending response. No effect in release.
    pub fn panic_on_violation_in_debug(self) -> CookiePolicyLayer {
        self.with(|s| s.panic_in_debug = true)
    }
}

impl<S> tower_layer::Layer<S> for CookiePolicyLayer {
    type Service = CookiePolicy<S>;

    fn layer(&self, inner: S) -> CookiePolicy<S> {
        CookiePolicy {
            inner,
            shared: self.shared.clone(),
        }
    }
}

/// The service [`CookiePolicyLayer`] wraps around another.
#[derive(Clone)]
pub struct CookiePolicy<S> {
    inner: S,
    shared: Arc<Shared>,
}

impl<S> std::fmt::Debug for CookiePolicy<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CookiePolicy")
            .field("mode", &self.shared.mode)
            .finish_non_exhaustive()
    }
}

/// What the layer keeps from the request until the response comes.
struct FromRequest {
    consent: ConsentState,
    /// The request's `Cookie` headers (enforce mode only).
    cookie_headers: Vec<HeaderValue>,
}

impl<S, ReqBody, ResBody> tower_service::Service<Request<ReqBody>> for CookiePolicy<S>
where
    S: tower_service::Service<Request<ReqBody>, Response = Response<ResBody>>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request<ReqBody>) -> Self::Future {
        let shared = &self.shared;
        let cookies = request.headers().get_all(COOKIE);
        let consent = shared
            .consent
            .from_cookie_headers(cookies.iter().map(HeaderValue::as_bytes), unix_now());
        // Kept for the response: in enforce mode, the cookies a withdrawn (or never given)
        // category still has in the browser are deleted. Cloning a header value does not copy
        // it, and the values are parsed only if the response's consent leaves a category out.
        let cookie_headers: Vec<HeaderValue> = if shared.mode == Mode::Enforce {
            cookies.iter().cloned().collect()
        } else {
            Vec::new()
        };
        // Handlers read the consent from here instead of parsing the cookie again.
        request.extensions_mut().insert(consent);
        ResponseFuture {
            inner: self.inner.call(request),
            state: Some((
                shared.clone(),
                FromRequest {
                    consent,
                    cookie_headers,
                },
            )),
        }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`CookiePolicy`]'s responses.
    pub struct ResponseFuture<F> {
        #[pin]
        inner: F,
        state: Option<(Arc<Shared>, FromRequest)>,
    }
}

impl<F, ResBody, E> Future for ResponseFuture<F>
where
    F: Future<Output = Result<Response<ResBody>, E>>,
{
    type Output = Result<Response<ResBody>, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let mut response = match this.inner.poll(cx) {
            Poll::Ready(result) => result?,
            Poll::Pending => return Poll::Pending,
        };
        if let Some((shared, from_request)) = this.state.take() {
            process(&shared, from_request, response.headers_mut());
        }
        Poll::Ready(Ok(response))
    }
}

/// The consent in force for a response: the one it sets, if it sets the consent cookie (the
/// last such header, as the browser applies them in order), else the request's.
fn consent_for_response(
    shared: &Shared,
    request: ConsentState,
    headers: &HeaderMap,
    now: i64,
) -> ConsentState {
    let name = shared.consent.name();
    let mut consent = request;
    for value in headers.get_all(SET_COOKIE) {
        // Parsing a header costs more than the rest of its check: only the consent cookie's
        // header is parsed here, found by its leading `name=` (leading white space allowed).
        if !check::starts_with_name(value.as_bytes(), name) {
            continue;
        }
        // A header the browser ignores leaves the consent cookie as it was.
        if let Ok(cookie) = SetCookie::parse(value.as_bytes())
            && cookie.name() == name.as_bytes()
        {
            consent = if cookie.deletes(now) {
                ConsentState::NONE
            } else {
                shared.consent.decode(cookie.value(), now.unsigned_abs())
            };
        }
    }
    consent
}

fn report(shared: &Shared, violation: &Violation) {
    tracing::warn!(target: "cookie_registry", cookie = %violation.name, "{violation}");
    if let Some(callback) = &shared.on_violation {
        callback(violation);
    }
    if shared.panic_in_debug && cfg!(debug_assertions) {
        panic!("cookie policy violation: {violation}");
    }
}

fn process(shared: &Shared, from_request: FromRequest, headers: &mut HeaderMap) {
    let now = unix_now_signed();
    let consent = consent_for_response(shared, from_request.consent, headers, now);
    let enforce = shared.mode == Mode::Enforce;
    // Only when a declared category is not granted can a carried cookie have to go; for a
    // visitor who consented to everything the site uses, nothing below allocates.
    let may_withdraw = enforce
        && !from_request.cookie_headers.is_empty()
        && !shared
            .declared_categories
            .difference(consent.categories())
            .is_empty();

    // Positions of the rejected headers, so that stripping them needs no second check.
    let mut rejected: Vec<usize> = Vec::new();
    let mut set_here: Vec<&[u8]> = Vec::new();
    for (position, value) in headers.get_all(SET_COOKIE).iter().enumerate() {
        match check::check(shared.registry, &consent, value.as_bytes(), now) {
            check::Verdict::Allowed { name, drift } => {
                if let Some(drift) = drift {
                    report(shared, &drift);
                }
                if may_withdraw {
                    set_here.push(name);
                }
            }
            check::Verdict::Removal { name } => {
                if may_withdraw {
                    set_here.push(name);
                }
            }
            check::Verdict::Ignored => {}
            check::Verdict::Rejected(violation) => {
                report(shared, &violation);
                rejected.push(position);
            }
        }
    }
    if !enforce {
        return;
    }
    let mut removals: Vec<HeaderValue> = Vec::new();
    if may_withdraw {
        let carried = check::request_cookies(
            from_request
                .cookie_headers
                .iter()
                .map(HeaderValue::as_bytes),
        );
        for name in carried {
            let Some(declaration) = shared.registry.find(name) else {
                continue;
            };
            if consent.allows(declaration) || set_here.contains(&name.as_bytes()) {
                continue;
            }
            let removal = declaration.removal_named(name.to_string());
            if let Some(value) = removal
                .ok()
                .and_then(|r| HeaderValue::from_str(&r.to_string()).ok())
                && !removals.contains(&value)
            {
                removals.push(value);
            }
        }
    }
    if !rejected.is_empty() {
        // Rebuild the Set-Cookie list without the rejected headers; the others keep their order.
        let kept: Vec<HeaderValue> = match headers.entry(SET_COOKIE) {
            http::header::Entry::Occupied(entry) => entry
                .remove_entry_mult()
                .1
                .enumerate()
                .filter(|(position, _)| !rejected.contains(position))
                .map(|(_, value)| value)
                .collect(),
            http::header::Entry::Vacant(_) => Vec::new(),
        };
        for value in kept {
            headers.append(SET_COOKIE, value);
        }
    }
    for value in removals {
        headers.append(SET_COOKIE, value);
    }
}

/// Checks one `Set-Cookie` value: `None` when it is allowed under `consent` with its declared
/// attributes, deletes a cookie, or is a header the browser ignores; else the violation.
///
/// What the layer does for each header, for frameworks other than tower. It reads the value
/// once without allocating, as Chromium does ([`crate::set_cookie`]), and looks the name up in
/// the registry's index.
///
/// ```
/// use cookie_registry::enforce::ConsentState;
/// use cookie_registry::middleware::{ViolationKind, check_set_cookie};
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
/// assert_eq!(violation.kind, ViolationKind::Undeclared);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_set_cookie(
    registry: &Registry,
    consent: &ConsentState,
    value: &[u8],
) -> Option<Violation> {
    match check::check(registry, consent, value, unix_now_signed()) {
        check::Verdict::Allowed { drift, .. } => drift,
        check::Verdict::Removal { .. } | check::Verdict::Ignored => None,
        check::Verdict::Rejected(violation) => Some(violation),
    }
}

/// Every violation a response's `Set-Cookie` headers commit, for `consent` (drift included).
///
/// For tests of an application: see [`assert_cookies_allowed`].
pub fn violations(
    registry: &Registry,
    consent: &ConsentState,
    headers: &HeaderMap,
) -> Vec<Violation> {
    headers
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| check_set_cookie(registry, consent, value.as_bytes()))
        .collect()
}

/// Asserts that a response sets only declared cookies, consented to under `consent`, with their
/// declared attributes.
///
/// ```
/// use cookie_registry::enforce::ConsentState;
/// use cookie_registry::middleware::assert_cookies_allowed;
/// use cookie_registry::{Registry, cookie};
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let mut headers = http::HeaderMap::new();
/// headers.append(http::header::SET_COOKIE, "session=abc; Path=/; Secure; HttpOnly; SameSite=Lax".parse()?);
/// assert_cookies_allowed(Registry::global()?, &ConsentState::NONE, &headers);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Panics
///
/// Listing every violation, when there is one.
#[track_caller]
pub fn assert_cookies_allowed(registry: &Registry, consent: &ConsentState, headers: &HeaderMap) {
    let found = violations(registry, consent, headers);
    if !found.is_empty() {
        let list: Vec<String> = found.iter().map(|v| format!("- {v}")).collect();
        panic!(
            "the response breaks the cookie policy:\n{}",
            list.join("\n")
        );
    }
}

/// Now in Unix seconds, as the reader counts them.
fn unix_now_signed() -> i64 {
    i64::try_from(unix_now()).unwrap_or(i64::MAX)
}
