//! The visitor's consent as a request guard, and the sentinel that refuses to launch an
//! application whose routes take it with nothing to read it.

use std::convert::Infallible;

use ::rocket::request::{FromRequest, Outcome};
use ::rocket::{Ignite, Request, Rocket, Sentinel};

use super::fairing::Attached;
use super::request;
use crate::consent::ConsentState;
use crate::enforce::Enforcer;
use crate::interop::gpc::GpcSignal;

/// The consent the request's consent cookie records: [`ConsentState::NONE`] without one (or
/// with a malformed, tampered or outdated one). Never fails, never forwards.
///
/// Read from the request the handler gets (after every request fairing), with the enforcer's
/// Global Privacy Control policy applied; the [`CookiePolicyFairing`](super::CookiePolicyFairing)
/// judges the response under the same reading. Each guard reads the cookie (a microsecond or
/// so; the same bytes give the same reading). Without the fairing, the guard reads the consent
/// with the [`Enforcer`] the application manages (`.manage(enforcer)`); with neither, the
/// application does not launch (see the [`Sentinel`] implementation).
///
/// It is the *request's* consent: a handler that records a new choice builds its consent
/// cookie from that choice, not from this value.
#[::rocket::async_trait]
impl<'r> FromRequest<'r> for ConsentState {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<ConsentState, Infallible> {
        Outcome::Success(match guard_enforcer(request) {
            Some(enforcer) => request::consent_for_guard(request, enforcer),
            None => ConsentState::NONE,
        })
    }
}

/// The Global Privacy Control signal (`Sec-GPC: 1`) the request sends, for the application to
/// record with its consent records; forwards when there is none, so take it as
/// `Option<GpcSignal>`. The [`ConsentState`] guard already has the enforcer's GPC policy
/// applied: the signal only ever takes marketing away, it is never a consent.
#[::rocket::async_trait]
impl<'r> FromRequest<'r> for GpcSignal {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<GpcSignal, Infallible> {
        match guard_enforcer(request).and_then(|_| request::gpc_signal(request)) {
            Some(signal) => Outcome::Success(signal),
            None => Outcome::Forward(::rocket::http::Status::Ok),
        }
    }
}

/// The consent the [`CookiePolicyFairing`](super::CookiePolicyFairing) read from `request`
/// (Global Privacy Control applied), for code that is not a request guard: a catcher, a
/// function shared by guards and catchers. `None` when the fairing is not attached; unlike the
/// [`ConsentState`] guard, a managed [`Enforcer`] alone does not count, so that the caller can
/// tell "no fairing" from "no consent" and read the cookie itself.
///
/// The reading is the fairing's own, the one it judges the response under; each call reads
/// the cookie (a microsecond or so).
///
/// ```
/// use cookie_registry::consent::{ConsentCookie, ConsentState};
/// use cookie_registry::rocket::{CookiePolicyFairing, consent_read_by_fairing};
/// use cookie_registry::{Cookie, DeclaredCookie, Registry};
/// use rocket::local::blocking::Client;
/// use rocket::{Request, catch, catchers};
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "cookies_preferences", provider = "Example", category = necessary,
///     exemption = consent_storage, lifetime = "6 months", http_only = false,
///     function(en = "Cookie preferences", fr = "Préférences cookies"),
///     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix"),
/// )]
/// struct Preferences;
///
/// #[catch(404)]
/// fn not_found(request: &Request<'_>) -> String {
///     // A visitor who has not chosen: the fairing's reading is "nothing granted".
///     format!("{:?}", consent_read_by_fairing(request).map(|c| c == ConsentState::NONE))
/// }
///
/// let registry = Registry::global()?;
/// let consent = ConsentCookie::new(Preferences::DECLARATION, registry.revision())?;
/// let client = Client::untracked(rocket::build().register("/", catchers![not_found]))?;
/// // Without the fairing: `None`, the caller reads the cookie itself.
/// assert_eq!(client.get("/nowhere").dispatch().into_string().unwrap(), "None");
///
/// let rocket = rocket::build()
///     .register("/", catchers![not_found])
///     .attach(CookiePolicyFairing::new(registry, consent));
/// let client = Client::untracked(rocket)?;
/// assert_eq!(client.get("/nowhere").dispatch().into_string().unwrap(), "Some(true)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn consent_read_by_fairing(request: &Request<'_>) -> Option<ConsentState> {
    let Attached(enforcer) = request.rocket().state::<Attached>()?;
    Some(request::consent_for_guard(request, enforcer))
}

/// The enforcer the guards read with: the fairing's, or else the managed one.
fn guard_enforcer<'r>(request: &'r Request<'_>) -> Option<&'r Enforcer> {
    let rocket = request.rocket();
    let enforcer = match rocket.state::<Attached>() {
        Some(Attached(enforcer)) => enforcer,
        None => match rocket.state::<Enforcer>() {
            Some(enforcer) => enforcer,
            None => {
                // Reached only by `request.guard()` calls, which sentinels do not check.
                tracing::error!(
                    target: "cookie_registry",
                    "the ConsentState guard has neither the CookiePolicyFairing attached nor an Enforcer managed: no consent",
                );
                return None;
            }
        },
    };
    Some(enforcer)
}

/// Aborts launch when a route takes a [`ConsentState`] and the application neither attaches
/// the [`CookiePolicyFairing`](super::CookiePolicyFairing) nor manages an [`Enforcer`]: the
/// guard would have nothing to read consent with, and every visitor would look like one who
/// has not chosen.
impl Sentinel for ConsentState {
    fn abort(rocket: &Rocket<Ignite>) -> bool {
        let missing = rocket.state::<Attached>().is_none() && rocket.state::<Enforcer>().is_none();
        if missing {
            tracing::error!(
                target: "cookie_registry",
                "a route takes a ConsentState: attach the CookiePolicyFairing (or manage an Enforcer)",
            );
        }
        missing
    }
}
