//! The declarations of a file: `#[cookie(...)]` constants and `#[derive(Cookie)]` structs, read
//! and checked by the macros' own grammar, interpretation and rules.

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned as _;

use super::{DeclarationError, FoundDeclaration, Location, Scanner};
use crate::declaration::{self, Context, NameSource, Spanned};
use crate::errors::Errors;
use crate::grammar;
use crate::rules;

impl Scanner<'_> {
    /// A `const NAME: &str = "..."`: a constant that may name a cookie elsewhere, and a
    /// declaration when it has `#[cookie(...)]`.
    pub(super) fn constant(&mut self, item: &syn::ItemConst) {
        let literal = match &*item.expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s),
            _ => None,
        };
        if let Some(s) = literal {
            self.out.constants.insert(item.ident.to_string(), s.value());
        }
        if let Some(attr) = item.attrs.iter().find(|a| is_cookie_attribute(a)) {
            match literal {
                Some(s) => {
                    let name = NameSource::Constant(Spanned {
                        value: s.value(),
                        span: s.span(),
                    });
                    self.declaration(vec![attribute_args(attr)], name, attr.span(), &item.ident);
                }
                None => self.out.errors.push(DeclarationError {
                    location: Location::of(item.expr.span()),
                    message:
                        "the cookie's name must be a string literal, such as `\"sessionid\"`, \
                              so that it can be checked at compile time"
                            .into(),
                }),
            }
        }
    }

    /// A struct with `#[derive(Cookie)]`: a typed handle's declaration.
    pub(super) fn derived(&mut self, item: &syn::ItemStruct) {
        if derives_cookie(&item.attrs) {
            let cookie_attrs: Vec<&syn::Attribute> = item
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("cookie"))
                .collect();
            let span = cookie_attrs.first().map_or(item.ident.span(), |a| a.span());
            let args = cookie_attrs.into_iter().map(attribute_args).collect();
            self.declaration(args, NameSource::Key, span, &item.ident);
        }
    }

    fn declaration(
        &mut self,
        args: Vec<TokenStream>,
        name_source: NameSource,
        span: Span,
        ident: &syn::Ident,
    ) {
        let handle = matches!(name_source, NameSource::Key).then(|| ident.to_string());
        let mut errors = Errors::new();
        let context = Context {
            name_source,
            span,
            ..self.context.clone()
        };
        let entries = args
            .into_iter()
            .flat_map(|a| grammar::parse_args(a, &mut errors))
            .collect();
        let declaration = declaration::interpret(entries, &context, &mut errors);
        if let Some(d) = &declaration {
            rules::check(d, &context, &mut errors);
        }
        match (errors.is_empty(), declaration) {
            (true, Some(declaration)) => self.out.declarations.push(FoundDeclaration {
                declaration,
                location: Location::of(ident.span()),
                modules: self.modules.clone(),
                handle,
            }),
            _ => self.record_errors(errors),
        }
    }

    fn record_errors(&mut self, errors: Errors) {
        if let Err(error) = errors.finish() {
            for e in error {
                self.out.errors.push(DeclarationError {
                    location: Location::of(e.span()),
                    message: e.to_string(),
                });
            }
        }
    }
}

/// Whether an attribute is `#[cookie(...)]` or `#[cookie_registry::cookie(...)]` (any path ending
/// in `cookie`).
fn is_cookie_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "cookie")
}

fn derives_cookie(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == "Cookie"))
            })
        })
}

fn attribute_args(attr: &syn::Attribute) -> TokenStream {
    match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        _ => TokenStream::new(),
    }
}
