//! "The same name declared twice where the macro can see it": within one crate.
//!
//! Each macro call sees one declaration, but every call of a compilation runs in the same
//! compiler process, so the names claimed so far are kept here, per crate. Across crates the
//! registry's `validate()` reports conflicts at run time, with both sites.
//!
//! An IDE's macro server outlives compilations and re-expands a declaration after every edit,
//! so there a claim could collide with its own stale self: the check is skipped there and left
//! to the real build.

use std::collections::HashMap;
use std::sync::Mutex;

use proc_macro2::Span;

/// A crate (package and crate name) and a declared cookie name.
type Claim = (String, String);
/// File, line and column of the declaration that made a claim first.
type Site = (String, usize, usize);

static CLAIMS: Mutex<Option<HashMap<Claim, Site>>> = Mutex::new(None);

/// Claims `name` for the declaration at `span`; an error if another site claimed it first.
pub fn claim(name: &str, span: Span) -> Result<(), syn::Error> {
    if crate::inside_rust_analyzer() {
        return Ok(());
    }
    let krate = format!(
        "{}/{}",
        std::env::var("CARGO_PKG_NAME").unwrap_or_default(),
        std::env::var("CARGO_CRATE_NAME").unwrap_or_default()
    );
    let site = span.unwrap();
    // `proc_macro::Span` lines and columns are both 1-based, as in rustc's own `file:line:col`.
    let here = (site.file(), site.line(), site.column());
    let mut claims = CLAIMS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let claims = claims.get_or_insert_with(HashMap::new);
    match claims.get(&(krate.clone(), name.to_string())) {
        Some(first) if *first != here => Err(syn::Error::new(
            span,
            format!(
                "cookie `{name}` is already declared at {}:{}:{}: declare each cookie once, and use that \
                 declaration's constant or type wherever the cookie is set",
                first.0, first.1, first.2
            ),
        )),
        Some(_) => Ok(()),
        None => {
            claims.insert((krate, name.to_string()), here);
            Ok(())
        }
    }
}
