//! The typed handle `#[derive(Cookie)]` implements.

#[cfg(feature = "cookie")]
use std::borrow::Cow;

use crate::consent::{ConsentProof, Satisfies};
use crate::declaration::CookieDeclaration;
use crate::enforce::SetCookieError;

/// A typed handle to a declared cookie, implemented by [`#[derive(Cookie)]`](derive@crate::Cookie).
///
/// ```
/// use cookie_registry::{Cookie, DeclaredCookie};
/// use cookie_registry::declaration::Category;
///
/// /// The session of a logged-in user.
/// #[derive(Cookie)]
/// #[cookie(
///     name = "sessionid",
///     provider = "Opendatasoft",
///     category = necessary,
///     function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
///     purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
///     lifetime = "2 weeks",
/// )]
/// pub struct SessionId;
///
/// assert_eq!(SessionId::DECLARATION.name().to_string(), "sessionid");
/// assert_eq!(SessionId::DECLARATION.category(), Category::Necessary);
/// assert!(!SessionId::DECLARATION.requires_consent());
/// ```
///
/// # Consent, checked by the compiler
///
/// The derive also sets [`Consent`](DeclaredCookie::Consent), the proof of consent the cookie
/// is built with: [`NoConsentNeeded`](crate::consent::NoConsentNeeded) for a necessary or
/// exempt cookie, [`Granted<C>`](crate::consent::Granted) for one whose category `C` needs
/// consent, which only a [`ConsentState`](crate::consent::ConsentState) that grants `C` gives.
/// Every builder takes that proof, so a cookie that needs consent cannot be built without it:
///
/// ```
/// use cookie_registry::{Cookie, DeclaredCookie};
/// use cookie_registry::consent::{CategorySet, ConsentState, NoConsentNeeded, Statistics};
/// use cookie_registry::declaration::Category;
/// use cookie_registry::Revision;
/// use std::time::SystemTime;
///
/// # #[derive(Cookie)]
/// # #[cookie(
/// #     name = "sessionid", provider = "Opendatasoft", category = necessary, lifetime = "2 weeks",
/// #     function(en = "Authentication", fr = "Authentification"),
/// #     purpose(en = "To remember the user", fr = "Se souvenir de l'utilisateur"),
/// # )]
/// # pub struct SessionId;
/// #[derive(Cookie)]
/// #[cookie(
///     name = "_analytics",
///     provider = "Example Analytics",
///     category = statistics,
///     function(en = "Audience measurement", fr = "Mesure d'audience"),
///     purpose(en = "To count visits", fr = "Compter les visites"),
///     lifetime = "6 months",
/// )]
/// pub struct Analytics;
///
/// // Necessary: nothing to prove.
/// let session = SessionId::header("abc123", NoConsentNeeded)?;
/// assert!(session.starts_with("sessionid=abc123; "));
///
/// // Statistics: the proof comes from the request's consent.
/// let consent = ConsentState::given(
///     CategorySet::NONE.with(Category::Statistics), SystemTime::now(), Revision::from_u64(1));
/// let analytics = Analytics::header("visitor-42", consent.granted::<Statistics>()?)?;
///
/// // Without consent there is no proof, so no cookie.
/// assert!(ConsentState::NONE.granted::<Statistics>().is_err());
/// # let _ = analytics;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `Analytics::header("visitor-42", NoConsentNeeded)` does not compile: "this cookie must be
/// built with `Granted<cookie_registry::consent::Statistics>`, not `NoConsentNeeded`".
pub trait DeclaredCookie {
    /// The checked declaration of this cookie.
    const DECLARATION: &'static CookieDeclaration;

    /// The proof of consent this cookie is built with:
    /// [`NoConsentNeeded`](crate::consent::NoConsentNeeded) when its declaration needs no
    /// consent ([`CookieDeclaration::consent_category`] is `None`), else
    /// [`Granted<C>`](crate::consent::Granted) for its category. `#[derive(Cookie)]` sets it
    /// from the declaration.
    type Consent: ConsentProof;

    /// The `Set-Cookie` header value of this cookie with `value` and every declared attribute
    /// (see [`CookieDeclaration::header`]), built with the proof of consent it needs, checked at
    /// compile time.
    ///
    /// # Errors
    ///
    /// [`SetCookieError`] for a family (use [`header_named`](DeclaredCookie::header_named)), a
    /// `localStorage` or `sessionStorage` item, or a value that is not a valid cookie value.
    fn header(
        value: &str,
        consent: impl Satisfies<Self::Consent>,
    ) -> Result<String, SetCookieError> {
        Self::DECLARATION.header(value, consent)
    }

    /// [`header`](DeclaredCookie::header) with a concrete name, for a family of names.
    ///
    /// # Errors
    ///
    /// As [`header`](DeclaredCookie::header), and a name the declaration does not cover.
    fn header_named(
        name: &str,
        value: &str,
        consent: impl Satisfies<Self::Consent>,
    ) -> Result<String, SetCookieError> {
        Self::DECLARATION.header_named(name, value, consent)
    }

    /// The `Set-Cookie` header value that deletes this cookie, with its declared path and
    /// domain (see [`CookieDeclaration::removal_header`]). Needs no consent.
    ///
    /// # Errors
    ///
    /// [`SetCookieError`] for a family (use
    /// [`removal_header_named`](DeclaredCookie::removal_header_named)) or a `localStorage` or
    /// `sessionStorage` item.
    fn removal_header() -> Result<String, SetCookieError> {
        Self::DECLARATION.removal_header()
    }

    /// [`removal_header`](DeclaredCookie::removal_header) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// [`SetCookieError`] for a name the declaration does not cover or a `localStorage` or
    /// `sessionStorage` item.
    fn removal_header_named(name: &str) -> Result<String, SetCookieError> {
        Self::DECLARATION.removal_header_named(name)
    }

    /// This cookie as a `cookie::CookieBuilder` (feature `cookie`), with `value` and every
    /// declared attribute (see [`CookieDeclaration::cookie`]), built with the proof of consent
    /// it needs, checked at compile time.
    ///
    /// # Errors
    ///
    /// As [`header`](DeclaredCookie::header).
    #[cfg(feature = "cookie")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
    fn cookie(
        value: impl Into<Cow<'static, str>>,
        consent: impl Satisfies<Self::Consent>,
    ) -> Result<::cookie::CookieBuilder<'static>, SetCookieError> {
        Self::DECLARATION.cookie(value, consent)
    }

    /// [`cookie`](DeclaredCookie::cookie) with a concrete name, for a family of names.
    ///
    /// # Errors
    ///
    /// As [`header_named`](DeclaredCookie::header_named).
    #[cfg(feature = "cookie")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
    fn cookie_named(
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
        consent: impl Satisfies<Self::Consent>,
    ) -> Result<::cookie::CookieBuilder<'static>, SetCookieError> {
        Self::DECLARATION.cookie_named(name, value, consent)
    }

    /// The `cookie::Cookie` that deletes this cookie (feature `cookie`; see
    /// [`CookieDeclaration::removal`]).
    ///
    /// # Errors
    ///
    /// As [`removal_header`](DeclaredCookie::removal_header).
    #[cfg(feature = "cookie")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
    fn removal() -> Result<::cookie::Cookie<'static>, SetCookieError> {
        Self::DECLARATION.removal()
    }

    /// [`removal`](DeclaredCookie::removal) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// As [`removal_header_named`](DeclaredCookie::removal_header_named).
    #[cfg(feature = "cookie")]
    #[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
    fn removal_named(
        name: impl Into<Cow<'static, str>>,
    ) -> Result<::cookie::Cookie<'static>, SetCookieError> {
        Self::DECLARATION.removal_named(name)
    }
}
