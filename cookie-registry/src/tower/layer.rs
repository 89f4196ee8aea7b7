//! The layer: an [`Enforcer`] to wrap around services.

use super::service::CookiePolicy;
use crate::Registry;
use crate::consent::ConsentCookie;
use crate::enforce::{Enforcer, Mode, Violation};

/// The [`tower_layer::Layer`] that holds responses' cookies to the policy; see the
/// [module docs](super).
#[derive(Clone, Debug)]
pub struct CookiePolicyLayer {
    enforcer: Enforcer,
}

impl CookiePolicyLayer {
    /// A layer in [`Mode::Enforce`] over `registry`, reading consent from `consent`.
    pub fn new(registry: &'static Registry, consent: ConsentCookie) -> CookiePolicyLayer {
        CookiePolicyLayer::from_enforcer(Enforcer::new(registry, consent))
    }

    /// A layer that judges every response with `enforcer` (its mode, its callback): one
    /// enforcer can serve several layers, or a layer and another framework's adapter.
    pub fn from_enforcer(enforcer: Enforcer) -> CookiePolicyLayer {
        CookiePolicyLayer { enforcer }
    }

    /// Audit, enforce, or off ([`Enforcer::mode`]).
    #[must_use]
    pub fn mode(self, mode: Mode) -> CookiePolicyLayer {
        CookiePolicyLayer::from_enforcer(self.enforcer.mode(mode))
    }

    /// Calls `callback` with every violation, besides the `tracing` event
    /// ([`Enforcer::on_violation`]; a reporter that is not a closure goes there, through
    /// [`from_enforcer`](Self::from_enforcer)).
    #[must_use]
    pub fn on_violation(
        self,
        callback: impl Fn(&Violation) + Send + Sync + 'static,
    ) -> CookiePolicyLayer {
        CookiePolicyLayer::from_enforcer(self.enforcer.on_violation(callback))
    }

    /// Panics on the first violation in debug builds
    /// ([`Enforcer::panic_on_violation_in_debug`]).
    #[must_use]
    pub fn panic_on_violation_in_debug(self) -> CookiePolicyLayer {
        CookiePolicyLayer::from_enforcer(self.enforcer.panic_on_violation_in_debug())
    }

    /// The enforcer.
    pub fn enforcer(&self) -> &Enforcer {
        &self.enforcer
    }
}

impl<S> tower_layer::Layer<S> for CookiePolicyLayer {
    type Service = CookiePolicy<S>;

    fn layer(&self, inner: S) -> CookiePolicy<S> {
        CookiePolicy::new(inner, self.enforcer.clone())
    }
}
