//! The guide's Rust snippets as doctests: `cargo test -p test-docs-snippets --doc`.
//!
//! Each page is attached to an item that exists only when rustdoc collects doctests, so the
//! snippets are compiled (and run, unless marked `ignore` or `compile_fail`) by every test run.

/// `README.md`
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct Readme;

/// `docs/getting-started.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/getting-started.md")]
pub struct GettingStarted;

/// `docs/declaring.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/declaring.md")]
pub struct Declaring;

/// `docs/rules.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/rules.md")]
pub struct Rules;

/// `docs/rendering.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/rendering.md")]
pub struct Rendering;

/// `docs/enforcing.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/enforcing.md")]
pub struct Enforcing;

/// `docs/axum.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/axum.md")]
pub struct Axum;

/// `docs/actix.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/actix.md")]
pub struct Actix;

/// `docs/build-mode.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/build-mode.md")]
pub struct BuildMode;

/// `docs/platform-notes.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/platform-notes.md")]
pub struct PlatformNotes;

/// `docs/consent-log.md`
#[cfg(doctest)]
#[doc = include_str!("../../../docs/consent-log.md")]
pub struct ConsentLog;
