//! Speaking the languages of the tools sites already use: JavaScript banners' configurations
//! and cookies, Google Consent Mode v2, Global Privacy Control.
//!
//! * [`cookieconsent`] (feature `json`): the configuration of
//!   [vanilla-cookieconsent](https://cookieconsent.orestbida.com/) 3.x, generated from the
//!   declarations (categories, cookies to clear, services, the cookie tables in every
//!   language, the revision), and its `cc_cookie` read back as the visitor's consent.
//! * [`klaro`] (feature `json`): the same for [Klaro](https://klaro.org/) 0.7 (services,
//!   purposes, cookies, translations) and its `klaro` cookie.
//! * [`consent_mode`]: the `gtag('consent', …)` calls of Google Consent Mode v2, from a
//!   [`ConsentState`](crate::consent::ConsentState).
//! * [`gpc`]: the `Sec-GPC: 1` header of Global Privacy Control, an opt-out that refuses
//!   marketing and is never a consent.
//!
//! A site that keeps its JavaScript banner no longer types its cookies twice: it serves the
//! configuration generated here, and gives the banner's cookie to the
//! [`Enforcer`](crate::enforce::Enforcer) as its consent source
//! ([`Enforcer::consent_source`](crate::enforce::Enforcer::consent_source)), so that the
//! server strips what the visitor refused and deletes on withdrawal the cookies the banner's
//! script cannot reach (`HttpOnly` ones, those of other paths).
//!
//! The guide is `docs/interop.md`.

#[cfg(feature = "json")]
mod banner;
pub mod consent_mode;
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub mod cookieconsent;
pub mod gpc;
#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub mod klaro;

#[cfg(feature = "json")]
pub use banner::ExportError;
