//! The languages the crate being compiled publishes, read once per compilation.
//!
//! Every declaration of a crate needs them, and a crate can hold hundreds of declarations:
//! the manifest is parsed once and kept, keyed by its path and modification time so that a
//! long-lived host (an IDE's macro server) sees edits.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::SystemTime;

use cookie_registry_syntax::manifest::{self, LANGUAGES_ENV, Published};

type Cached = (Option<SystemTime>, Result<Published, String>);

static CACHE: Mutex<Option<HashMap<PathBuf, Cached>>> = Mutex::new(None);

/// The published languages, or a message saying what is wrong with the configuration.
pub fn published() -> Result<Published, String> {
    let override_list = std::env::var(LANGUAGES_ENV).ok();
    let dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    if override_list
        .as_deref()
        .is_some_and(|l| !l.trim().is_empty())
        || dir.is_none()
    {
        return manifest::published_languages(dir.as_deref(), override_list.as_deref())
            .map_err(|e| e.to_string());
    }
    let dir = dir.expect("checked above");
    let modified = std::fs::metadata(dir.join("Cargo.toml"))
        .and_then(|m| m.modified())
        .ok();
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let cache = cache.get_or_insert_with(HashMap::new);
    if let Some((when, result)) = cache.get(&dir)
        && *when == modified
    {
        return result.clone();
    }
    let result = manifest::published_languages(Some(&dir), None).map_err(|e| e.to_string());
    cache.insert(dir, (modified, result.clone()));
    result
}

/// Items that make the compiler record what [`published`] read (the manifest and the override
/// variable) as inputs of this crate, so that cargo rebuilds it when they change.
///
/// Cargo does not rebuild a crate when only `[package.metadata]` changes, and a proc macro's
/// own reads are invisible to it: without these, adding `"de"` to the published languages would
/// leave already-built crates unchecked against it.
pub fn tracking() -> proc_macro2::TokenStream {
    let env = quote::quote! {
        const _: ::core::option::Option<&str> = ::core::option_env!(#LANGUAGES_ENV);
    };
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(|dir| PathBuf::from(dir).join("Cargo.toml"))
        .filter(|path| path.is_file())
        .and_then(|path| path.to_str().map(str::to_string));
    match manifest {
        Some(path) => quote::quote! {
            #env
            const _: &[u8] = ::core::include_bytes!(#path);
        },
        None => env,
    }
}
