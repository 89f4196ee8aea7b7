//! The visitor's consent as a request guard, and the sentinel that refuses to launch an
//! application whose routes take it with nothing to read it.

use std::convert::Infallible;

use ::rocket::request::{FromRequest, Outcome};
use ::rocket::{Ignite, Request, Rocket, Sentinel};

use super::fairing::Attached;
use super::request::CarriedCookies;
use crate::consent::ConsentState;
use crate::enforce::Enforcer;
use crate::interop::gpc::GpcSignal;

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
        match carried(request) {
            Some(carried) => Outcome::Success(carried.consent),
            None => Outcome::Success(ConsentState::NONE),
        }
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
        match carried(request).and_then(|carried| carried.gpc) {
            Some(signal) => Outcome::Success(signal),
            None => Outcome::Forward(::rocket::http::Status::Ok),
        }
    }
}

/// The request's reading, made with the fairing's enforcer or the managed one.
fn carried<'r>(request: &'r Request<'_>) -> Option<&'r CarriedCookies> {
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
    Some(CarriedCookies::of(request, enforcer))
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
