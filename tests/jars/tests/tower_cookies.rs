//! tower-cookies' `Cookies` behind the policy layer: a declared cookie goes in with one line
//! (`cookies.add(Session::cookie(value, proof)?.build())`: this jar takes a `Cookie`, not a
//! builder), and the layer, outside `CookieManagerLayer`, judges what the jar writes.

use axum::Router;
use axum::extract::Extension;
use axum::routing::get;
use cookie_registry::DeclaredCookie;
use cookie_registry::consent::{ConsentState, NoConsentNeeded, Statistics};
use test_jars::{Analytics, Failed, Policy, Session, cached_analytics};
use tower_cookies::{CookieManagerLayer, Cookies};

/// `/declared` (the session, and the analytics cookie when consented, each in one line),
/// `/undeclared`, `/cached` and `/logout` (the session's removal).
fn app(policy: &Policy) -> Router {
    async fn declared(
        cookies: Cookies,
        Extension(consent): Extension<ConsentState>,
    ) -> Result<(), Failed> {
        cookies.add(Session::cookie("abc123", NoConsentNeeded)?.build());
        if let Ok(granted) = consent.granted::<Statistics>() {
            cookies.add(Analytics::cookie("visitor-42", granted)?.build());
        }
        Ok(())
    }
    async fn undeclared(cookies: Cookies) {
        cookies.add(tower_cookies::Cookie::new("tracker", "1"));
    }
    async fn cached(cookies: Cookies) {
        cookies.add(cached_analytics());
    }
    async fn logout(cookies: Cookies) -> Result<(), Failed> {
        cookies.remove(Session::removal()?);
        Ok(())
    }
    Router::new()
        .route("/declared", get(declared))
        .route("/undeclared", get(undeclared))
        .route("/cached", get(cached))
        .route("/logout", get(logout))
        // The jar writes its Set-Cookies on the way out: the policy goes around it.
        .layer(CookieManagerLayer::new())
        .layer(policy.layer())
}

#[tokio::test]
async fn declared_and_consented_passes() {
    let policy = Policy::enforce();
    test_jars::assert_declared_passes(&app(&policy), &policy).await;
}

#[tokio::test]
async fn undeclared_is_stripped() {
    let policy = Policy::enforce();
    test_jars::assert_undeclared_is_stripped(&app(&policy), &policy).await;
}

#[tokio::test]
async fn without_the_consent_it_needs_is_stripped() {
    let policy = Policy::enforce();
    test_jars::assert_unconsented_is_stripped(&app(&policy), &policy).await;
}
