//! The `#[cookie]` attribute and `#[derive(Cookie)]` of
//! [cookie-registry](https://docs.rs/cookie-registry). Depend on `cookie-registry`, which
//! re-exports both and documents them with examples; this crate cannot be used on its own.
//!
//! Each macro is a pipeline, each stage in its own place:
//!
//! 1. `item`: what was annotated (a `&str` constant, a unit struct);
//! 2. `cookie_registry_syntax::grammar`: the shape of the arguments;
//! 3. `cookie_registry_syntax::declaration`: what each key means;
//! 4. `cookie_registry_syntax::rules`: RFC 6265 and the consent rules;
//! 5. `duplicates`: the same name declared twice in this crate;
//! 6. `expand`: the registered `static`, and (`dependencies`) an `extern crate` for each
//!    dependency that may declare cookies, so that the linker keeps them.
//!
//! Stages 2 to 4 are shared with the build-time mode, so a declaration means the same thing
//! wherever it is read. Every stage records its errors and carries on: one build reports every
//! problem of a declaration, each at its token, and the item is still emitted so that code
//! using it does not add errors of its own.
#![forbid(unsafe_code)]

mod dependencies;
mod duplicates;
mod expand;
mod item;
mod languages;

use cookie_registry_syntax::Errors;
use cookie_registry_syntax::declaration::{self, Context, NameSource, Spanned};
use cookie_registry_syntax::language::LanguageTag;
use cookie_registry_syntax::manifest::{LanguageSource, Published};
use cookie_registry_syntax::rules;
use proc_macro::TokenStream;
use proc_macro2::{Span, TokenStream as TokenStream2};
use quote::quote;

/// Declares the cookie whose name a `&str` constant holds. See `cookie_registry::cookie`.
#[proc_macro_attribute]
pub fn cookie(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = TokenStream2::from(item);
    let mut errors = Errors::new();
    let constant = match item::name_constant(item.clone(), &mut errors) {
        Ok(constant) => constant,
        Err(error) => {
            let error = error.into_compile_error();
            return quote!(#item #error).into();
        }
    };
    // A placeholder keeps the other checks running when the name is not a literal (reported).
    let name = constant.name.clone().unwrap_or(Spanned {
        value: "invalid".into(),
        span: Span::call_site(),
    });
    let (languages, languages_source) = languages(&mut errors);
    let context = Context {
        languages,
        languages_source,
        name_source: NameSource::Constant(name),
        span: Span::call_site(),
    };
    let declaration = declaration::parse(args.into(), &context, &mut errors);
    check(declaration.as_ref(), &context, &mut errors);
    let item = &constant.item;
    match (errors.finish(), declaration) {
        (Ok(()), Some(d)) => expand::constant(item, &d).into(),
        (result, _) => {
            let errors = result.err().map(|e| e.into_compile_error());
            quote!(#item #errors).into()
        }
    }
}

/// Declares a cookie and makes the struct its typed handle. See `cookie_registry::Cookie`.
#[proc_macro_derive(Cookie, attributes(cookie))]
pub fn derive_cookie(input: TokenStream) -> TokenStream {
    let input = match syn::parse::<syn::DeriveInput>(input) {
        Ok(input) => input,
        Err(error) => return error.into_compile_error().into(),
    };
    let mut errors = Errors::new();
    let generic = !input.generics.params.is_empty();
    let handle = item::unit_struct(input, &mut errors);
    let (languages, languages_source) = languages(&mut errors);
    let context = Context {
        languages,
        languages_source,
        name_source: NameSource::Key,
        span: handle.span,
    };
    let entries: Vec<_> = handle
        .args
        .iter()
        .flat_map(|args| cookie_registry_syntax::grammar::parse_args(args.clone(), &mut errors))
        .collect();
    // Without any `#[cookie(...)]` (already reported), "missing `name`", "missing `provider`", ...
    // would only repeat that one error.
    let declaration = if handle.args.is_empty() {
        None
    } else {
        declaration::interpret(entries, &context, &mut errors)
    };
    check(declaration.as_ref(), &context, &mut errors);
    match (errors.finish(), declaration) {
        (Ok(()), Some(d)) => expand::derive(&handle.ident, &d).into(),
        (result, d) => {
            let krate = expand::krate(d.as_ref());
            // A generic type (already reported) would make the placeholder impl an error of its
            // own ("missing generics"), so it gets none.
            let stub = (!generic).then(|| expand::derive_fallback(&handle.ident, &krate));
            let errors = result.err().map(|e| e.into_compile_error());
            quote!(#stub #errors).into()
        }
    }
}

/// The rules, then the crate-wide duplicate check, on a declaration that was well-formed.
fn check(declaration: Option<&declaration::Declaration>, context: &Context, errors: &mut Errors) {
    let Some(d) = declaration else { return };
    rules::check(d, context, errors);
    if let Err(e) = duplicates::claim(&d.name.value, d.name.span) {
        errors.push(e);
    }
}

/// Whether the macro runs in rust-analyzer's macro server rather than in the compiler: a
/// long-lived process that expands the same declarations again after each edit, and links
/// nothing.
fn inside_rust_analyzer() -> bool {
    std::env::var_os("RUST_ANALYZER_INTERNALS_DO_NOT_USE").is_some()
}

/// The published languages; on a configuration error, reports it and goes on with English so
/// that the declaration's own errors are still shown.
fn languages(errors: &mut Errors) -> Published {
    languages::published().unwrap_or_else(|message| {
        errors.at(
            Span::call_site(),
            format!("cannot read the languages this crate publishes: {message}"),
        );
        let english = LanguageTag::parse("en").expect("`en` is a language tag");
        (vec![english], LanguageSource::Default)
    })
}
