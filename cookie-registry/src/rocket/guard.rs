//! The visitor's consent as a request guard, and the sentinel that refuses to launch an
//! application whose routes take it with nothing to read it.

use std::convert::Infallible;

use ::rocket::request::{FromRequest, Outcome};
use ::rocket::{Ignite, Request, Rocket, Sentinel};

use super::fairing::Attached;
use super::request::CarriedCookies;
use crate::consent::ConsentState;
use crate::enforce::Enforcer;

/// The consent the request's consent cookie records: [`ConsentState::NONE`] without one (or
/// with a malformed, tampered or outdated one). Never fails, never forwards.
///
/// Read once per request: the [`CookiePolicyFairing`](super::CookiePolicyFairing) reads it
/// before routing, and every guard of the request gets that reading. Without the fairing, the
/// guard reads the consent itself with the [`Enforcer`] the application manages
/// (`.manage(enforcer)`); with neither, the application does not launch (see the
/// [`Sentinel`] implementation).
///
/// It is the *request's* consent: a handler that records a new choice builds its consent
/// cookie from that choice, not from this value.
#[::rocket::async_trait]
impl<'r> FromRequest<'r> for ConsentState {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> Outcome<ConsentState, Infallible> {
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
                    return Outcome::Success(ConsentState::NONE);
                }
            },
        };
        Outcome::Success(CarriedCookies::of(request, enforcer).consent)
    }
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
