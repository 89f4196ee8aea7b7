//! The tower adapter: a layer that holds every response's cookies to the policy, for axum and
//! any tower/hyper service (feature `tower`).
//!
//! ```
//! use cookie_registry::consent::ConsentCookie;
//! use cookie_registry::enforce::Mode;
//! use cookie_registry::tower::CookiePolicyLayer;
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
//! // axum: `layer.layer(router)` around the finished router (`tower::Layer`), served with
//! // `axum::ServiceExt::<Request>::into_make_service`; or `router.layer(layer)` as its last layer.
//! # let _ = layer;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! For each request, the layer reads the consent cookie from the `Cookie` headers and puts the
//! [`ConsentState`] in the request's extensions, so that handlers
//! (an axum `Extension<ConsentState>`) read it without parsing the cookie again. For each
//! response, it hands the `Set-Cookie` headers to the [`Enforcer`](crate::enforce::Enforcer),
//! strips what the judgment strips and appends the removals it adds: what is checked, and why,
//! is in the [`enforce`](crate::enforce) module's docs. The layer never fails a request.
//!
//! # Where the layer goes
//!
//! A layer sees the headers of the services *inside* it. Put this layer *outside* every layer
//! and handler that sets cookies. With axum, wrap the finished router with it: every route, the
//! fallback and the router's own layers are inside, and axum does not box each route again for
//! it (`docs/axum.md`). `router.layer(...)` works too, as the last `.layer(...)` call (axum's
//! last layer is the outermost), after every route and after `CookieManagerLayer` or any session
//! layer. A cookie set by a layer outside this one is not checked
//! (`tests/middleware/tests/order.rs` shows both orders).

mod future;
mod layer;
mod service;

use http::HeaderMap;
use http::header::SET_COOKIE;

pub use future::ResponseFuture;
pub use layer::CookiePolicyLayer;
pub use service::CookiePolicy;

use crate::Registry;
use crate::consent::ConsentState;

/// Asserts that a response sets only declared cookies, consented to under `consent`, with their
/// declared attributes: [`enforce::assert_cookies_allowed`](crate::enforce::assert_cookies_allowed)
/// over an `http::HeaderMap`.
///
/// ```
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::tower::assert_cookies_allowed;
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
    crate::enforce::assert_cookies_allowed(
        registry,
        consent,
        headers.get_all(SET_COOKIE).iter().map(|v| v.as_bytes()),
    );
}
