//! Declare each cookie once, in code, and let that declaration be the single source of truth
//! for your cookie policy.
//!
//! ```
//! use cookie_registry::render::{Format, PolicyOptions};
//! use cookie_registry::{Registry, cookie};
//!
//! #[cookie(
//!     provider = "Opendatasoft",
//!     category = necessary,
//!     function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
//!     purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
//!     lifetime = "2 weeks",
//! )]
//! pub const SESSION: &str = "sessionid";
//!
//! // The constant is still the `&str` it was.
//! assert_eq!(SESSION, "sessionid");
//!
//! // Every declaration of every linked crate, sorted.
//! let registry = Registry::global()?;
//! let markdown = registry.policy().render(Format::Markdown, &PolicyOptions::new("en")?)?;
//! assert!(markdown.contains("| Opendatasoft | Authentication (front and back office) | sessionid |"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! * **Declare** with [`#[cookie]`](macro@cookie) on a name constant, or
//!   [`#[derive(Cookie)]`](derive@Cookie) on a unit struct for a typed handle
//!   ([`DeclaredCookie`]). A declaration that breaks a rule (an invalid name, `SameSite=None`
//!   without `Secure`, a missing French text when the crate publishes French, ...) does not
//!   compile. The vocabulary of a declaration is in [`declaration`].
//! * **Collect**: [`Registry::global`] holds the declarations of every crate linked into the
//!   program, so a library ships the declarations of the cookies it sets.
//! * **Render** ([`render`]): the policy as Markdown, HTML or JSON, in English, French, or any
//!   language the declarations give texts for.
//! * **Consent** ([`consent`]): the visitor's choice, the consent cookie that carries it, and
//!   proofs of consent the compiler checks.
//! * **Enforce** ([`enforce`]): `Set-Cookie` headers built from declarations, and the judgment
//!   of every response's cookies against the registry and the consent, free of any framework;
//!   [`tower`] adapts it to axum and any tower service, `actix` to actix-web 4, `rocket` to
//!   Rocket 0.5.
//! * **Read `Set-Cookie`** ([`set_cookie`]): a header read exactly as a browser stores it
//!   (RFC 6265bis, as Chromium implements it), the reading every check of [`enforce`] uses.
//! * **Interoperate** ([`interop`]): JavaScript banners' configurations generated from the
//!   declarations and their cookies read as consent, Google Consent Mode v2, Global Privacy
//!   Control.
//! * **Build time** (`build`): the policy from `build.rs`, and undeclared cookies failing the
//!   build.
//!
//! # Feature flags
//!
//! | feature | default | what it does |
//! |---|---|---|
//! | `json` | yes | [`render::Format::Json`], through serde |
//! | `cookie` | yes | declared cookies as the `cookie` crate's `CookieBuilder` ([`declaration::CookieDeclaration::cookie`]), for `cookie::CookieJar`, axum-extra and tower-cookies |
//! | `tower` | no | [`tower`]: the layer for axum and any tower/hyper service |
//! | `actix` | no | `actix`: the actix-web 4 middleware, the consent as a handler argument, and declared cookies as actix-web's cookie type (`cookie` 0.16; `Partitioned` is an error there) |
//! | `rocket` | no | `rocket`: the Rocket 0.5 fairing, and the consent as a request guard; declared cookies go into Rocket's `CookieJar` as they are (`cookie` 0.18) |
//! | `linkme` | no | collect declarations with `linkme` instead of `inventory` (see the platform notes) |
//! | `build` | no | `cookie_registry::build`: the policy from `build.rs`, and undeclared cookies failing the build (for `[build-dependencies]`) |
//! | `parse` | no | [`declaration::CookieDeclaration::parse`]: a declaration written as text, read at run time with the macro's grammar and rules |
//!
//! # Languages a crate publishes
//!
//! A crate lists the languages its declarations must give every text in, in its `Cargo.toml`:
//!
//! ```toml
//! [package.metadata.cookie-registry]
//! languages = ["en", "fr"]
//! ```
//!
//! Without that table, a crate publishes English only. The `COOKIE_REGISTRY_LANGUAGES`
//! environment variable (`en,fr`) overrides the table for every crate of a build; it exists for
//! tests and for a CI job that wants to require a language everywhere.
// `deny`, not `forbid`: the linkme backend needs one audited exception (see registry/collect.rs).
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "actix")]
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
pub mod actix;
#[cfg(feature = "build")]
#[cfg_attr(docsrs, doc(cfg(feature = "build")))]
pub mod build;
mod bytes;
pub mod consent;
pub mod declaration;
mod declared_cookie;
pub mod enforce;
mod errors;
pub mod interop;
mod registry;
pub mod render;
#[cfg(feature = "rocket")]
#[cfg_attr(docsrs, doc(cfg(feature = "rocket")))]
pub mod rocket;
pub mod set_cookie;
mod static_hash;
#[cfg(feature = "tower")]
#[cfg_attr(docsrs, doc(cfg(feature = "tower")))]
pub mod tower;

pub use declared_cookie::DeclaredCookie;
pub use registry::{Conflict, Registry, RegistryError, Revision, ValidationError};

/// Declares the cookie whose name a `&str` constant holds.
///
/// The constant stays the `&str` it was, for the code that sets and reads the cookie; the
/// declaration is checked at compile time and registered in the [`Registry`].
///
/// ```
/// use cookie_registry::{cookie, Registry};
///
/// #[cookie(
///     provider(name = "Example Analytics", privacy_policy = "https://analytics.example/privacy"),
///     category = statistics,
///     exemption = audience_measurement,      // first-party, at most 13 months: no consent needed
///     function(en = "Audience measurement (all pages)", fr = "Mesure d'audience (toutes les pages)"),
///     purpose(en = "To count visits anonymously", fr = "Compter les visites de façon anonyme"),
///     lifetime = "13 months",
///     same_site = strict,
/// )]
/// pub const VISITOR: &str = "_pk_id_*";      // a family: every name starting with `_pk_id_`
///
/// let declaration = Registry::global()?.find("_pk_id_1.5c3f").expect("declared");
/// assert!(!declaration.requires_consent());
/// # Ok::<(), cookie_registry::RegistryError>(())
/// ```
///
/// Every key, its default, and every rule a declaration is held to are listed in the guide
/// (`docs/declaring.md` and `docs/rules.md`). A declaration that breaks one does not compile:
///
/// ```compile_fail
/// #[cookie_registry::cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login"), purpose(en = "Keeps you logged in"),
///     same_site = none, secure = false,     // error: `SameSite=None` requires `Secure`
/// )]
/// const SESSION: &str = "session";
/// ```
///
/// The attribute goes on a `const` item initialised with a string literal (the name must be
/// known at compile time to be checked), at module level or in a function body. It cannot go
/// on an associated constant in an `impl` block: declare the cookie at module level and refer
/// to that constant from the `impl`.
pub use cookie_registry_macros::cookie;

/// Declares a cookie and makes a unit struct its typed handle ([`DeclaredCookie`]).
///
/// The declaration is written in one or more `#[cookie(...)]` attributes below the derive, with
/// the same keys as [`macro@cookie`] plus `name`:
///
/// ```
/// use cookie_registry::{Cookie, DeclaredCookie};
/// use cookie_registry::declaration::Party;
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "__Host-embed",
///     provider = "Video Host",
///     category = marketing,
///     party = third,
///     function(en = "Embedded videos", fr = "Vidéos intégrées"),
///     purpose(en = "To recommend videos", fr = "Recommander des vidéos"),
///     lifetime = "6 months",
///     same_site = none,
///     partitioned,
/// )]
/// pub struct EmbedCookie;
///
/// let declaration = EmbedCookie::DECLARATION;
/// assert_eq!(declaration.party(), Party::Third);
/// assert!(declaration.requires_consent());
/// assert!(declaration.attributes().partitioned());
/// ```
pub use cookie_registry_macros::Cookie;

/// What the macros' expansions name, and nothing else. Not public API: it changes without
/// notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::DeclaredCookie;
    pub use crate::consent::proof::AnyProof;
    pub use crate::consent::{Functionality, Granted, Marketing, NoConsentNeeded, Statistics};
    pub use crate::declaration::{
        Category, CookieDeclaration, CookieName, DeclarationParts, DeclarationSite, Exemption,
        HttpAttributes, Lifetime, Party, Provider, SameSite, Storage, Text, TimeUnit,
    };
    #[cfg(feature = "linkme")]
    pub use crate::registry::collect::ENTRIES;
    pub use crate::registry::collect::Entry;
    pub use core::option::Option::{None, Some};
    pub use inventory;
    #[cfg(feature = "linkme")]
    pub use linkme;

    /// Stands in for a declaration that failed to compile, so that one bad `#[derive(Cookie)]`
    /// reports its own errors and not a cascade of "trait not implemented" ones.
    pub static INVALID: CookieDeclaration = CookieDeclaration::__from_parts(DeclarationParts {
        name: CookieName::Exact(""),
        provider: Provider::new("", None),
        category: Category::Necessary,
        party: Party::First,
        function: Text::new(&[]),
        purpose: Text::new(&[]),
        justification: None,
        lifetime: Lifetime::Session,
        storage: Storage::HttpCookie,
        exemption: None,
        attributes: HttpAttributes::DEFAULT,
        site: DeclarationSite::new("", "", "", 0, 0),
    });
}
