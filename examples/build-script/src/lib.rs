//! A shop whose cookie policy is written by `build.rs`: see `build.rs` and [`POLICY_EN_MD`].
//!
//! The policy files are rendered at build time from the declarations in [`cookies`] and included
//! in the binary, so printing the policy needs no registry at run time.

pub mod cookies;

use cookie::Cookie;
use cookie_registry::DeclaredCookie;

/// Every policy `build.rs` rendered: (language, format name, document).
pub const POLICIES: &[(&str, &str, &str)] = &[
    ("en", "md", POLICY_EN_MD),
    (
        "fr",
        "md",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.fr.md")),
    ),
    (
        "en",
        "html",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.en.html")),
    ),
    (
        "fr",
        "html",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.fr.html")),
    ),
    (
        "en",
        "html-page",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.en.page.html")),
    ),
    (
        "fr",
        "html-page",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.fr.page.html")),
    ),
    (
        "en",
        "json",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.en.json")),
    ),
    (
        "fr",
        "json",
        include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.fr.json")),
    ),
];

/// The English Markdown policy, rendered by `build.rs`.
pub const POLICY_EN_MD: &str = include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.en.md"));

/// The session cookie set after a login. `build.rs` sees `cookies::SESSION` here and finds its
/// declaration; a `Cookie::new("anything_else", ..)` would fail the build.
pub fn login_cookie(token: &str) -> Cookie<'static> {
    Cookie::build((cookies::SESSION, token.to_owned()))
        .path("/")
        .secure(true)
        .http_only(true)
        .build()
}

/// The cart cookie.
pub fn cart_cookie(items: &str) -> Cookie<'static> {
    Cookie::new(cookies::CART, items.to_owned())
}

/// The language cookie, named through its typed handle.
pub fn language_cookie(lang: &str) -> Cookie<'static> {
    Cookie::new(
        cookies::Language::DECLARATION.name().stem(),
        lang.to_owned(),
    )
}
