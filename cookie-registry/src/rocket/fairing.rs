//! The fairing: reads each request's consent, judges each response's `Set-Cookie` headers.

use ::rocket::fairing::{self, Fairing, Info, Kind};
use ::rocket::{Build, Request, Response, Rocket};

use super::headers;
use super::request;
use super::response::{self, SET_COOKIE_NAME};
use crate::Registry;
use crate::consent::ConsentCookie;
use crate::enforce::{Enforcer, Mode, Violation};

/// The [`Fairing`] that holds responses' cookies to the policy; see the [module docs](super).
///
/// A singleton ([`Kind::Singleton`]): attaching it again replaces the earlier one, and it runs
/// at the place of the last `.attach(...)`.
#[derive(Clone, Debug)]
pub struct CookiePolicyFairing {
    enforcer: Enforcer,
}

/// The attached fairing's enforcer, in Rocket's managed state: how the
/// [`ConsentState`](crate::consent::ConsentState) guard and its sentinel find it. A private
/// type, so that it never clashes with the application's own state.
pub(super) struct Attached(pub(super) Enforcer);

impl CookiePolicyFairing {
    /// A fairing in [`Mode::Enforce`] over `registry`, reading consent from `consent`.
    pub fn new(registry: &'static Registry, consent: ConsentCookie) -> CookiePolicyFairing {
        CookiePolicyFairing::from_enforcer(Enforcer::new(registry, consent))
    }

    /// A fairing that judges every response with `enforcer` (its mode, its callback): one
    /// enforcer can serve this fairing and another framework's adapter.
    pub fn from_enforcer(enforcer: Enforcer) -> CookiePolicyFairing {
        CookiePolicyFairing { enforcer }
    }

    /// Audit, enforce, or off ([`Enforcer::mode`]). Off still reads each request's consent
    /// for the guard, and judges nothing.
    #[must_use]
    pub fn mode(self, mode: Mode) -> CookiePolicyFairing {
        CookiePolicyFairing::from_enforcer(self.enforcer.mode(mode))
    }

    /// Calls `callback` with every violation, besides the `tracing` event
    /// ([`Enforcer::on_violation`]; a reporter that is not a closure goes there, through
    /// [`from_enforcer`](Self::from_enforcer)).
    #[must_use]
    pub fn on_violation(
        self,
        callback: impl Fn(&Violation) + Send + Sync + 'static,
    ) -> CookiePolicyFairing {
        CookiePolicyFairing::from_enforcer(self.enforcer.on_violation(callback))
    }

    /// Panics on the first violation in debug builds
    /// ([`Enforcer::panic_on_violation_in_debug`]). Rocket catches a panic in a handler, not
    /// in a fairing: the panic ends the request's task, and the client gets no response.
    #[must_use]
    pub fn panic_on_violation_in_debug(self) -> CookiePolicyFairing {
        CookiePolicyFairing::from_enforcer(self.enforcer.panic_on_violation_in_debug())
    }

    /// The enforcer.
    pub fn enforcer(&self) -> &Enforcer {
        &self.enforcer
    }
}

#[::rocket::async_trait]
impl Fairing for CookiePolicyFairing {
    fn info(&self) -> Info {
        // No request callback: the consent is read when first asked for (the guard, or the
        // response), from the request as every request fairing left it. A callback would
        // cost each request a boxed future and only move the same reading earlier.
        let mut kind = Kind::Ignite | Kind::Singleton;
        // Off judges nothing: no response callback to run.
        if self.enforcer.current_mode() != Mode::Off {
            kind = kind | Kind::Response;
        }
        Info {
            name: "cookie-registry policy",
            kind,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> fairing::Result {
        // Once: a singleton is ignited once, and its type is private.
        Ok(rocket.manage(Attached(self.enforcer.clone())))
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        // The guard's reading, unless the handler did not ask for the consent.
        let (consent, cookie_headers) = request::for_response(request, &self.enforcer);
        let found = headers::first_values(response.headers(), &SET_COOKIE_NAME);
        let judgment = match found.all() {
            Some(set_cookies) => self
                .enforcer
                .judge_found(&consent, cookie_headers, set_cookies),
            None => self.enforcer.judge(&consent, cookie_headers, || {
                headers::values(response.headers(), &SET_COOKIE_NAME).map(str::as_bytes)
            }),
        };
        response::apply(judgment, response);
    }
}
