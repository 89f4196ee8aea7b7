//! axum-extra's `CookieJar` and `PrivateCookieJar` behind the policy layer: a declared cookie
//! goes in with one line (`jar.add(Session::cookie(value, proof)?)`), and the layer judges what
//! the jar writes. The verdicts on an undeclared cookie and on one sent without the
//! consent it needs are `test_jars::assert_*`, the same for every jar.

use axum::extract::Extension;
use axum::routing::get;
use axum::{Router, extract::FromRef};
use axum_extra::extract::cookie::{Cookie, CookieJar, Key, PrivateCookieJar};
use cookie_registry::DeclaredCookie;
use cookie_registry::consent::{ConsentState, NoConsentNeeded, Statistics};
use cookie_registry::declaration::Category;
use test_jars::{Analytics, Failed, Policy, Session, cached_analytics, consent_pair, names};

/// The routes: `/declared` (the session, and the analytics cookie when consented, each in one
/// line), `/undeclared` (a cookie nothing declares), `/cached` (the analytics cookie whatever
/// the consent), `/logout` (the session's removal).
fn app(policy: &Policy) -> Router {
    async fn declared(
        jar: CookieJar,
        Extension(consent): Extension<ConsentState>,
    ) -> Result<CookieJar, Failed> {
        let mut jar = jar.add(Session::cookie("abc123", NoConsentNeeded)?);
        if let Ok(granted) = consent.granted::<Statistics>() {
            jar = jar.add(Analytics::cookie("visitor-42", granted)?);
        }
        Ok(jar)
    }
    async fn undeclared(jar: CookieJar) -> CookieJar {
        jar.add(Cookie::new("tracker", "1"))
    }
    async fn cached(jar: CookieJar) -> CookieJar {
        jar.add(cached_analytics())
    }
    async fn logout(jar: CookieJar) -> Result<CookieJar, Failed> {
        Ok(jar.remove(Session::removal()?))
    }
    Router::new()
        .route("/declared", get(declared))
        .route("/undeclared", get(undeclared))
        .route("/cached", get(cached))
        .route("/logout", get(logout))
        .layer(policy.layer())
}

#[tokio::test]
async fn cookie_jar_declared_and_consented_passes() {
    let policy = Policy::enforce();
    test_jars::assert_declared_passes(&app(&policy), &policy).await;
}

#[tokio::test]
async fn cookie_jar_undeclared_is_stripped() {
    let policy = Policy::enforce();
    test_jars::assert_undeclared_is_stripped(&app(&policy), &policy).await;
}

#[tokio::test]
async fn cookie_jar_without_the_consent_it_needs_is_stripped() {
    let policy = Policy::enforce();
    test_jars::assert_unconsented_is_stripped(&app(&policy), &policy).await;
}

/// The private jar's key, from the app's state.
#[derive(Clone)]
struct State {
    key: Key,
}

impl FromRef<State> for Key {
    fn from_ref(state: &State) -> Key {
        state.key.clone()
    }
}

/// The same three cases with `PrivateCookieJar`: the values are encrypted, the names and
/// attributes the layer judges are the declaration's.
fn private_app(policy: &Policy) -> Router {
    async fn declared(
        jar: PrivateCookieJar,
        Extension(consent): Extension<ConsentState>,
    ) -> Result<PrivateCookieJar, Failed> {
        let mut jar = jar.add(Session::cookie("abc123", NoConsentNeeded)?);
        if let Ok(granted) = consent.granted::<Statistics>() {
            jar = jar.add(Analytics::cookie("visitor-42", granted)?);
        }
        Ok(jar)
    }
    async fn undeclared(jar: PrivateCookieJar) -> PrivateCookieJar {
        jar.add(Cookie::new("tracker", "1"))
    }
    async fn cached(jar: PrivateCookieJar) -> PrivateCookieJar {
        jar.add(cached_analytics())
    }
    Router::new()
        .route("/declared", get(declared))
        .route("/undeclared", get(undeclared))
        .route("/cached", get(cached))
        .with_state(State {
            key: Key::from(&[7; 64]),
        })
        .layer(policy.layer())
}

#[tokio::test]
async fn private_cookie_jar_verdicts() {
    let policy = Policy::enforce();
    let app = private_app(&policy);
    let statistics = consent_pair([Category::Statistics].into_iter().collect());

    let sent = test_jars::get(&app, "/declared", &statistics).await;
    assert_eq!(names(&sent), ["_pk_id", "sessionid"], "{sent:?}");
    let session = &sent[1];
    assert!(!session.contains("abc123"), "encrypted: {sent:?}");
    assert!(session.contains("; HttpOnly") && session.contains("Max-Age=1209600"));
    assert!(policy.take().is_empty());

    test_jars::assert_undeclared_is_stripped(&app, &policy).await;
    test_jars::assert_unconsented_is_stripped(&app, &policy).await;
}
