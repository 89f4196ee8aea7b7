//! A library that declares a cookie and offers nothing else: an application adds it for its
//! declaration alone, and never names it.
#![forbid(unsafe_code)]

use cookie_registry::cookie;

/// The language the visitor chose, remembered by the library's language switcher.
#[cookie(
    provider = "Example",
    category = functionality,
    function(en = "Language switcher"),
    purpose(en = "To show pages in the language the visitor chose"),
    lifetime = "12 months",
)]
pub const LANGUAGE: &str = "site_language";
