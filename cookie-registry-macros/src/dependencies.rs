//! The dependencies of the crate being compiled that may declare cookies, named so that they are
//! linked.
//!
//! The compiler links a dependency only if the crate's code names it: an application that lists
//! a library in `[dependencies]` for its cookie declarations alone, and never mentions it, would
//! get a policy without them. Each declaration's expansion therefore names every such
//! dependency with `extern crate name as _;` (valid in any block, and enough to have the crate
//! linked, with either collection backend), which
//! `cookie_registry_syntax::dependencies::links` chooses from the crate's manifest, the lock
//! file and the dependencies' manifests.
//!
//! Those files are read once per compilation of a crate, however many declarations it has.
//! Nothing is emitted where nothing is linked: in a build script (whose dependencies are the
//! build-dependencies, never these), and in an IDE's macro server.

use std::ffi::OsString;
use std::path::Path;
use std::sync::{Arc, Mutex};

use cookie_registry_syntax::dependencies::{self, Condition, Link, Package};
use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

/// The links of the crate being compiled, with what identifies it: its manifest folder and its
/// crate name. The compiler builds one crate per process, so one entry is enough; comparing two
/// strings is cheaper, unoptimised, than hashing a path at every declaration.
struct Found {
    manifest_dir: OsString,
    crate_name: OsString,
    links: Arc<Vec<Link>>,
}

static FOUND: Mutex<Option<Found>> = Mutex::new(None);

/// The `extern crate ... as _;` items for the crate being compiled.
pub fn links() -> Links {
    Links(find().unwrap_or_default())
}

fn find() -> Option<Arc<Vec<Link>>> {
    // rust-analyzer links nothing, keeps this process across edits of the manifests, and would
    // report a dependency it has not loaded as an unresolved crate.
    if crate::inside_rust_analyzer() {
        return None;
    }
    let crate_name = std::env::var_os("CARGO_CRATE_NAME")?;
    // Cargo names a build script's crate `build_script_<file stem>`.
    if crate_name.as_encoded_bytes().starts_with(b"build_script_") {
        return None;
    }
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")?;
    let mut found = FOUND
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = found.as_ref()
        && found.manifest_dir == manifest_dir
        && found.crate_name == crate_name
    {
        return Some(Arc::clone(&found.links));
    }
    let name = std::env::var("CARGO_PKG_NAME").ok()?;
    let version = std::env::var("CARGO_PKG_VERSION").ok()?;
    let package = Package {
        manifest_dir: Path::new(&manifest_dir),
        name: &name,
        version: &version,
    };
    let links = Arc::new(dependencies::links(
        &package,
        dependencies::cargo_home().as_deref(),
    ));
    *found = Some(Found {
        manifest_dir,
        crate_name,
        links: Arc::clone(&links),
    });
    Some(links)
}

/// `#[cfg(...)]* extern crate name as _;` for each link, appended token by token (see
/// `expand`'s note on why).
#[derive(Default)]
pub struct Links(Arc<Vec<Link>>);

impl ToTokens for Links {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let span = Span::call_site();
        for link in self.0.iter() {
            let predicates: Option<Vec<TokenStream>> = link
                .conditions
                .iter()
                .map(|condition| match condition {
                    // Checked to be a predicate when it was found; a link whose condition
                    // cannot be written is left out rather than made unconditional.
                    Condition::Target(predicate) => predicate.parse().ok(),
                    Condition::AnyFeature(features) => Some(any_feature(features)),
                })
                .collect();
            let Some(predicates) = predicates else {
                continue;
            };
            for predicate in predicates {
                let mut cfg = TokenStream::new();
                cfg.append(Ident::new("cfg", span));
                cfg.append(Group::new(Delimiter::Parenthesis, predicate));
                tokens.append(Punct::new('#', Spacing::Alone));
                tokens.append(Group::new(Delimiter::Bracket, cfg));
            }
            tokens.append(Ident::new("extern", span));
            tokens.append(Ident::new("crate", span));
            tokens.append(Ident::new(&link.crate_name, span));
            tokens.append(Ident::new("as", span));
            tokens.append(Ident::new("_", span));
            tokens.append(Punct::new(';', Spacing::Alone));
        }
    }
}

/// `any(feature = "a", feature = "b")`.
fn any_feature(features: &[String]) -> TokenStream {
    let mut list = TokenStream::new();
    for (i, feature) in features.iter().enumerate() {
        if i > 0 {
            list.append(Punct::new(',', Spacing::Alone));
        }
        list.append(Ident::new("feature", Span::call_site()));
        list.append(Punct::new('=', Spacing::Alone));
        list.append(Literal::string(feature));
    }
    let mut any = TokenStream::new();
    any.append(Ident::new("any", Span::call_site()));
    any.append(Group::new(Delimiter::Parenthesis, list));
    any
}
