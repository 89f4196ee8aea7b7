//! The shared core of [cookie-registry](https://docs.rs/cookie-registry): the vocabulary of a cookie
//! declaration and, behind the `parse` feature, the one grammar and parser of `#[cookie(...)]`.
//!
//! Two front ends read declarations: the `#[cookie]` / `#[derive(Cookie)]` macros, and the build-time
//! mode that scans a crate's sources from `build.rs`. Both call into this crate so that a declaration
//! means exactly the same thing, and fails the same rules, wherever it is read.
//!
//! Most users never depend on this crate directly: `cookie-registry` re-exports the vocabulary.
//!
//! * [`vocab`]: categories, parties, storage kinds, `SameSite`, consent exemptions.
//! * [`lifetime`]: `"session"`, `"2 weeks"`, `"13 months"` and what they mean in seconds.
//! * [`name`]: RFC 6265 cookie-name rules, `__Host-`/`__Secure-` prefixes, `prefix_*` families.
//! * [`language`]: BCP 47 language tags, as used for per-language texts.
//! * `grammar`, `declaration`, `rules`, `manifest` (feature `parse`): the syn-based front end.
//! * `dependencies` (feature `parse`): which dependencies of a crate may declare cookies, so that
//!   the macros can have them linked.
//! * `scan` (feature `scan`): whole source files, for the build-time mode.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Implements `Debug` as the error's message (`Display`), for every error type of this crate
/// and of cookie-registry.
///
/// `fn main() -> Result<(), Box<dyn Error>>` prints an error that reaches it with `Debug`:
/// `Error: NoDeclarations` and a dump of fields would hide the message written for the reader.
#[doc(hidden)]
#[macro_export]
macro_rules! __debug_as_display {
    ($type:ty) => {
        impl ::core::fmt::Debug for $type {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self, f)
            }
        }
    };
}

pub mod language;
pub mod lifetime;
pub mod name;
pub mod vocab;

#[cfg(feature = "parse")]
pub mod declaration;
#[cfg(feature = "parse")]
pub mod dependencies;
#[cfg(feature = "parse")]
mod errors;
#[cfg(feature = "parse")]
pub mod grammar;
#[cfg(feature = "parse")]
pub mod manifest;
#[cfg(feature = "parse")]
pub mod rules;
#[cfg(feature = "scan")]
pub mod scan;
#[cfg(feature = "parse")]
mod suggest;

#[cfg(feature = "parse")]
pub use errors::Errors;
