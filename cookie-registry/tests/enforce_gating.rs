//! Type-level consent gating: `#[derive(Cookie)]` gives each handle the proof its declaration
//! needs, proofs come only from consent states that grant them, and a hand-written impl that
//! lies about its proof is caught at run time. What does not compile is in `tests/ui/consent_*`.

#[path = "common/declared.rs"]
mod declared;

use cookie_registry::DeclaredCookie;
use cookie_registry::Revision;
use cookie_registry::consent::{
    CategorySet, ConsentProof, ConsentState, Functionality, Granted, Marketing, NoConsentNeeded,
    Statistics,
};
use cookie_registry::declaration::Category;
use declared::{Ads, Analytics, Draft, ExemptAnalytics, Language, Preferences, SessionId};

/// Compiles only if `T`'s proof is `P`.
fn proof_is<T: DeclaredCookie<Consent = P>, P: ConsentProof>() -> Option<Category> {
    assert_eq!(P::CATEGORY, T::DECLARATION.consent_category());
    P::CATEGORY
}

#[test]
fn the_derive_picks_the_proof_from_the_declaration() {
    assert_eq!(proof_is::<SessionId, NoConsentNeeded>(), None);
    assert_eq!(proof_is::<Preferences, NoConsentNeeded>(), None);
    assert_eq!(proof_is::<Language, NoConsentNeeded>(), None);
    assert_eq!(proof_is::<ExemptAnalytics, NoConsentNeeded>(), None);
    assert_eq!(
        proof_is::<Draft, Granted<Functionality>>(),
        Some(Category::Functionality)
    );
    assert_eq!(
        proof_is::<Analytics, Granted<Statistics>>(),
        Some(Category::Statistics)
    );
    assert_eq!(
        proof_is::<Ads, Granted<Marketing>>(),
        Some(Category::Marketing)
    );
}

#[test]
fn proofs_come_from_consent_that_grants_them() {
    let statistics_only = ConsentState::given(
        CategorySet::NONE.with(Category::Statistics),
        at(1_750_000_000),
        Revision::from_u64(1),
    );
    let proof = statistics_only.granted::<Statistics>().unwrap();
    assert_eq!(proof.category(), Category::Statistics);
    assert_eq!(format!("{proof:?}"), "Granted<statistics>");
    assert!(statistics_only.proof_for::<Analytics>().is_ok());
    assert!(statistics_only.proof_for::<ExemptAnalytics>().is_ok());
    assert!(statistics_only.proof_for::<SessionId>().is_ok());
    assert_eq!(
        statistics_only.proof_for::<Ads>().unwrap_err().category(),
        Category::Marketing
    );
    assert_eq!(
        statistics_only.proof_for::<Draft>().unwrap_err().category(),
        Category::Functionality
    );
    assert_eq!(
        Granted::<Statistics>::from_state(&statistics_only),
        Some(proof)
    );
    assert_eq!(Granted::<Marketing>::from_state(&statistics_only), None);
    assert_eq!(Granted::<Statistics>::from_state(&ConsentState::NONE), None);
    assert_eq!(
        NoConsentNeeded::from_state(&ConsentState::NONE),
        Some(NoConsentNeeded)
    );
}

#[cfg(feature = "cookie")]
#[test]
fn a_typed_handle_builds_its_cookie_with_its_proof() {
    let consent = ConsentState::given(CategorySet::ALL, at(1_750_000_000), Revision::from_u64(1));
    let analytics = Analytics::cookie("v", consent.granted::<Statistics>().unwrap())
        .unwrap()
        .build();
    assert_eq!(analytics.name(), "_analytics");
    let ads = Ads::cookie_named("ads_7", "v", consent.proof_for::<Ads>().unwrap())
        .unwrap()
        .build();
    assert_eq!(ads.name(), "ads_7");
    let language = Language::cookie("fr", NoConsentNeeded).unwrap().build();
    assert_eq!(language.value(), "fr");
}

/// A hand-written impl that claims its statistics cookie needs no consent.
#[cfg(feature = "cookie")]
struct Liar;

#[cfg(feature = "cookie")]
impl DeclaredCookie for Liar {
    const DECLARATION: &'static cookie_registry::declaration::CookieDeclaration =
        Analytics::DECLARATION;
    type Consent = NoConsentNeeded;
}

#[cfg(feature = "cookie")]
#[test]
fn a_lying_impl_is_caught_at_run_time() {
    use cookie_registry::enforce::SetCookieError;
    assert_eq!(
        Liar::cookie("v", NoConsentNeeded).unwrap_err(),
        SetCookieError::WrongProof {
            name: cookie_registry::declaration::CookieName::Exact("_analytics"),
            needs: Some(Category::Statistics),
            given: None,
        }
    );
}

/// The time `secs` seconds after 1970 (at most 2^40 seconds, some 35,000 years: a
/// `SystemTime` cannot hold `u64::MAX` seconds).
fn at(secs: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs.min(1 << 40))
}
