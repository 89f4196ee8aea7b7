//! Declare each cookie once, in code, and let that declaration be the single source of truth
//! for your cookie policy.
//!
//! ```
//! use cookie_registry::{cookie, Format, PolicyOptions, Registry};
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
//!   [`#[derive(Cookie)]`](derive@Cookie) on a unit struct for a typed handle. A declaration that
//!   breaks a rule (an invalid name, `SameSite=None` without `Secure`, a missing French text when
//!   the crate publishes French, ...) does not compile. The guide lists every rule.
//! * **Collect**: [`Registry::global`] holds the declarations of every crate linked into the
//!   program, so a library ships the declarations of the cookies it sets.
//! * **Render**: [`Policy::render`] writes the policy as Markdown, HTML or JSON, in English,
//!   French, or any language the declarations give texts for.
//!
//! # Feature flags
//!
//! | feature | default | what it does |
//! |---|---|---|
//! | `json` | yes | [`Format::Json`], through serde |
//! | `linkme` | no | collect declarations with `linkme` instead of `inventory` (see the platform notes) |
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

mod declaration;
mod registry;
pub mod render;

pub use cookie_registry_macros::{Cookie, cookie};
pub use declaration::{
    Category, CookieDeclaration, CookieName, DeclarationSite, DeclaredCookie, Exemption,
    FALLBACK_LANGUAGE, HttpAttributes, LanguageTag, LanguageTagError, Lifetime, LifetimeError,
    NamePattern, Party, Provider, SameSite, SecurityPrefix, Storage, Text, TimeUnit,
};
pub use registry::{BACKEND, Conflict, Registry, RegistryError, ValidationError};
pub use render::{Format, Policy, PolicyOptions, RenderError};

/// What the macros' expansions name. Not public API: it changes without notice.
#[doc(hidden)]
pub mod __private {
    pub use crate::declaration::DeclarationParts;
    #[cfg(feature = "linkme")]
    pub use crate::registry::ENTRIES;
    pub use crate::registry::Entry;
    pub use core::option::Option::{None, Some};
    pub use inventory;
    #[cfg(feature = "linkme")]
    pub use linkme;

    /// Stands in for a declaration that failed to compile, so that one bad `#[derive(Cookie)]`
    /// reports its own errors and not a cascade of "trait not implemented" ones.
    pub static INVALID: crate::CookieDeclaration =
        crate::CookieDeclaration::__from_parts(DeclarationParts {
            name: crate::CookieName::Exact(""),
            provider: crate::Provider::new("", None),
            category: crate::Category::Necessary,
            party: crate::Party::First,
            function: crate::Text::new(&[]),
            purpose: crate::Text::new(&[]),
            justification: None,
            lifetime: crate::Lifetime::Session,
            storage: crate::Storage::HttpCookie,
            exemption: None,
            attributes: crate::HttpAttributes::DEFAULT,
            site: crate::DeclarationSite::new("", "", "", 0, 0),
        });
}

/// The README's code blocks, compiled and run as doctests so that the quick start stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
