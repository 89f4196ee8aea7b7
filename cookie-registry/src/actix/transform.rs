//! The transform: an [`Enforcer`] to wrap around an actix-web app, scope or resource.

use std::future::{Ready, ready};

use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform};

use super::middleware::CookiePolicyMiddleware;
use crate::Registry;
use crate::consent::ConsentCookie;
use crate::enforce::{Enforcer, Mode, Violation};

/// The middleware that holds responses' cookies to the policy, for `App::wrap`,
/// `Scope::wrap` and `Resource::wrap`; see the [module docs](super).
#[derive(Clone, Debug)]
pub struct CookiePolicy {
    enforcer: Enforcer,
}

impl CookiePolicy {
    /// A middleware in [`Mode::Enforce`] over `registry`, reading consent from `consent`.
    pub fn new(registry: &'static Registry, consent: ConsentCookie) -> CookiePolicy {
        CookiePolicy::from_enforcer(Enforcer::new(registry, consent))
    }

    /// A middleware that judges every response with `enforcer` (its mode, its callback): one
    /// enforcer can serve several apps of a server, or this middleware and another
    /// framework's adapter.
    pub fn from_enforcer(enforcer: Enforcer) -> CookiePolicy {
        CookiePolicy { enforcer }
    }

    /// Audit, enforce, or off ([`Enforcer::mode`]).
    #[must_use]
    pub fn mode(self, mode: Mode) -> CookiePolicy {
        CookiePolicy::from_enforcer(self.enforcer.mode(mode))
    }

    /// Calls `callback` with every violation, besides the `tracing` event
    /// ([`Enforcer::on_violation`]; a reporter that is not a closure goes there, through
    /// [`from_enforcer`](Self::from_enforcer)).
    #[must_use]
    pub fn on_violation(
        self,
        callback: impl Fn(&Violation) + Send + Sync + 'static,
    ) -> CookiePolicy {
        CookiePolicy::from_enforcer(self.enforcer.on_violation(callback))
    }

    /// Panics on the first violation in debug builds
    /// ([`Enforcer::panic_on_violation_in_debug`]).
    #[must_use]
    pub fn panic_on_violation_in_debug(self) -> CookiePolicy {
        CookiePolicy::from_enforcer(self.enforcer.panic_on_violation_in_debug())
    }

    /// The enforcer.
    pub fn enforcer(&self) -> &Enforcer {
        &self.enforcer
    }
}

impl<S, B> Transform<S, ServiceRequest> for CookiePolicy
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>>,
{
    type Response = ServiceResponse<B>;
    type Error = S::Error;
    type Transform = CookiePolicyMiddleware<S>;
    type InitError = ();
    type Future = Ready<Result<CookiePolicyMiddleware<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(CookiePolicyMiddleware::new(
            service,
            self.enforcer.clone(),
        )))
    }
}
