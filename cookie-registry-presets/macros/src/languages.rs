//! The presets' texts exist in English and French. An app that publishes another language would
//! otherwise get two errors per cookie ("`function` has no de text ... add `de = "..."`"), whose
//! fix is out of its reach: this check turns them into one that says what can be done.

use cookie_registry_syntax::language::primary_subtag;
use cookie_registry_syntax::manifest::{self, LANGUAGES_ENV};

use crate::catalogue::Service;

/// The languages every preset text is given in.
pub const PRESET_LANGUAGES: [&str; 2] = ["en", "fr"];

/// `Err(message)` when the crate being compiled publishes a language the presets lack.
///
/// A configuration the crate cannot read is left to `#[cookie]`, which reports it with its
/// origin: this check only speaks when it knows.
pub fn check(service: &Service) -> Result<(), String> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map(std::path::PathBuf::from);
    let override_list = std::env::var(LANGUAGES_ENV).ok();
    let Ok((published, source)) =
        manifest::published_languages(dir.as_deref(), override_list.as_deref())
    else {
        return Ok(());
    };
    // The same rule as `#[cookie]`'s: a published language is satisfied by a text in it or in
    // a regional variant of it, and the presets' texts are plain `en` and `fr`.
    let missing: Vec<&str> = published
        .iter()
        .map(|tag| tag.as_str())
        .filter(|tag| {
            !PRESET_LANGUAGES
                .iter()
                .any(|own| own == tag || primary_subtag(own) == *tag)
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let published: Vec<&str> = published.iter().map(|tag| tag.as_str()).collect();
    Err(format!(
        "`{name}!` has texts in en and fr only, but this crate publishes {published} ({origin}); a \
         preset's texts cannot be added from outside. Either enable `{name}!` in a crate that \
         publishes en and/or fr (a small library of your workspace that this crate uses: each crate \
         is held to its own languages, and in a {missing} policy these rows fall back to English), \
         or declare these cookies yourself with `#[cookie]` and {missing} texts (docs/presets.md \
         lists each cookie and its source)",
        name = service.name,
        published = published.join(", "),
        origin = source.describe(),
        missing = missing.join(", "),
    ))
}
