//! Enforcement at run time: real cookies from declarations, consent, and the policy revision.
//!
//! * **Real cookies** (feature `cookie`): [`CookieDeclaration::cookie`] gives a
//!   `cookie::CookieBuilder` carrying every declared attribute, and
//!   [`CookieDeclaration::removal`] the cookie that deletes it, with the declared path and
//!   domain. Typed handles have the same methods on [`DeclaredCookie`](crate::DeclaredCookie).
//! * **Consent gating**: a cookie whose category needs consent is built with a proof,
//!   [`Granted<C>`], that only a [`ConsentState`] granting `C` hands out; a necessary or exempt
//!   one with [`NoConsentNeeded`]. For a typed handle the compiler checks it:
//!
//!   ```compile_fail
//!   # use cookie_registry::{Cookie, DeclaredCookie, enforce::NoConsentNeeded};
//!   #[derive(Cookie)]
//!   #[cookie(
//!       name = "_analytics", provider = "Example Analytics", category = statistics,
//!       lifetime = "6 months", function(en = "Analytics", fr = "Statistiques"),
//!       purpose(en = "To count visits", fr = "Compter les visites"),
//!   )]
//!   struct Analytics;
//!
//!   // error: this cookie must be built with `Granted<Statistics>`, not `NoConsentNeeded`
//!   let cookie = Analytics::cookie("id", NoConsentNeeded);
//!   ```
//!
//! * **The consent cookie**: [`ConsentCookie`] records a [`ConsentState`] in a compact cookie
//!   value and reads it back from a request's `Cookie` headers; anything malformed, tampered
//!   with or out of date reads as "no consent yet" (the format is in [`ConsentCookie`]'s
//!   docs, and in the guide's `docs/enforcing.md`).
//! * **The policy revision**: [`Registry::revision`](crate::Registry::revision), a stable hash
//!   of every declaration, recorded with each choice so that a change of the declarations asks
//!   for consent again ([`Revision`]).
//!
//! Only what touches the `cookie` crate is behind the `cookie` feature: the proofs, consent
//! states and revisions are always there, because `#[derive(Cookie)]` names the proof types
//! whatever features are enabled.

#[cfg(feature = "cookie")]
mod builder;
mod consent;
mod proof;
mod revision;

#[cfg(feature = "cookie")]
pub use builder::CookieError;
pub use consent::{
    Categories, ConsentCookie, ConsentCookieError, ConsentError, ConsentState,
    MAX_CLOCK_SKEW_SECONDS, MAX_VALUE_LEN, unix_now,
};
#[doc(hidden)]
pub use proof::AnyProof;
pub use proof::{
    ConsentCategory, ConsentProof, Functionality, Granted, Marketing, NoConsentNeeded, NotGranted,
    Satisfies, Statistics,
};
pub use revision::Revision;

/// The `cookie` crate this module builds cookies with, for its `Cookie`, `CookieJar` and
/// `time::Duration` at the same version.
#[cfg(feature = "cookie")]
pub use ::cookie;

use crate::declaration::{Category, CookieDeclaration};

/// The longest `Max-Age` a cookie built here carries: 400 days (34,560,000 seconds).
///
/// RFC 6265bis (section 5.6.2) has browsers cap a cookie's lifetime at 400 days, and current
/// Chrome, Firefox and Safari do; a longer declared lifetime is clamped so that the header says
/// what the browser does, the same in every browser. The policy still shows the declared
/// lifetime, which is never shorter than the real one.
pub const MAX_AGE_CAP_SECONDS: u64 = 400 * 86_400;

/// What enforcement reads from a declaration.
impl CookieDeclaration {
    /// The category whose consent setting this cookie needs: `None` when it needs none
    /// (necessary, or exempt), else its category.
    ///
    /// ```
    /// use cookie_registry::{Category, Cookie, DeclaredCookie};
    ///
    /// #[derive(Cookie)]
    /// #[cookie(
    ///     name = "_analytics", provider = "Example Analytics", category = statistics,
    ///     lifetime = "6 months", function(en = "Analytics", fr = "Statistiques"),
    ///     purpose(en = "To count visits", fr = "Compter les visites"),
    /// )]
    /// struct Analytics;
    ///
    /// assert_eq!(Analytics::DECLARATION.consent_category(), Some(Category::Statistics));
    /// ```
    pub const fn consent_category(&self) -> Option<Category> {
        match (self.exemption(), self.category()) {
            (Some(_), _) | (None, Category::Necessary) => None,
            (None, category) => Some(category),
        }
    }

    /// The `Max-Age` of this cookie's `Set-Cookie`, in seconds: its declared lifetime, capped
    /// at [`MAX_AGE_CAP_SECONDS`]; `None` for a session cookie.
    ///
    /// ```
    /// # use cookie_registry::{Cookie, DeclaredCookie, enforce::MAX_AGE_CAP_SECONDS};
    /// #[derive(Cookie)]
    /// #[cookie(
    ///     name = "csrftoken", provider = "Example", category = necessary, lifetime = "2 years",
    ///     function(en = "Forms", fr = "Formulaires"),
    ///     purpose(en = "To protect forms", fr = "Protéger les formulaires"),
    /// )]
    /// struct Csrf;
    ///
    /// assert_eq!(Csrf::DECLARATION.lifetime().max_age_seconds(), Some(63_113_904));
    /// assert_eq!(Csrf::DECLARATION.max_age_seconds(), Some(MAX_AGE_CAP_SECONDS));
    /// ```
    pub const fn max_age_seconds(&self) -> Option<u64> {
        match self.lifetime().max_age_seconds() {
            Some(seconds) if seconds > MAX_AGE_CAP_SECONDS => Some(MAX_AGE_CAP_SECONDS),
            other => other,
        }
    }
}
