//! The guide's Rust snippets as doctests: `cargo test -p test-docs-snippets --doc`.
//!
//! `build.rs` attaches every page (`README.md` and `docs/**/*.md`, but the two that their own
//! crates compile) to an item that exists only when rustdoc collects doctests, so the snippets
//! of every page, a new one included, are compiled (and run, unless marked `ignore` or
//! `compile_fail`) by every test run.

#[cfg(doctest)]
include!(concat!(env!("OUT_DIR"), "/pages.rs"));
