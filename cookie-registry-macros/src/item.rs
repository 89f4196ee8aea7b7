//! The items the macros accept: a name constant, or a unit struct.

use cookie_registry_syntax::Errors;
use cookie_registry_syntax::declaration::Spanned;
use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::spanned::Spanned as _;

/// `#[cookie(...)] pub const NAME: &str = "literal";`
pub struct NameConstant {
    pub item: syn::ItemConst,
    /// The literal's value and span; `None` when it is not a string literal (already reported).
    pub name: Option<Spanned<String>>,
}

/// Reads the item under `#[cookie]`. Anything but a `&str` constant initialised with a string
/// literal is an error, because the name must be known at compile time to be checked.
pub fn name_constant(item: TokenStream, errors: &mut Errors) -> Result<NameConstant, syn::Error> {
    let item: syn::ItemConst = syn::parse2(item.clone()).map_err(|_| {
        let what = syn::parse2::<syn::Item>(item.clone()).ok().map(|i| match i {
            syn::Item::Struct(_) => "; for a typed handle on a struct, write `#[derive(Cookie)]` and put `#[cookie(...)]` below it",
            syn::Item::Static(_) => "; make it a `const`",
            _ => "",
        });
        syn::Error::new(
            Span::call_site(),
            format!(
                "`#[cookie]` goes on a constant holding the cookie's name, such as `pub const SESSION: &str = \"sessionid\";`{}",
                what.unwrap_or_default()
            ),
        )
    })?;
    if !is_str_ref(&item.ty) {
        errors.spanning(
            &item.ty.to_token_stream(),
            "the cookie-name constant must be a `&str`: write `const NAME: &str = \"...\";`",
        );
    }
    // `macro_rules!` passes `$value:literal` / `$value:expr` wrapped in an invisible group.
    let mut expr = &*item.expr;
    while let syn::Expr::Group(group) = expr {
        expr = &group.expr;
    }
    let name = match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(Spanned {
            value: s.value(),
            span: s.span(),
        }),
        other => {
            errors.at(
                other.span(),
                "the cookie's name must be a string literal, such as `\"sessionid\"`, so that it can be checked at compile time",
            );
            None
        }
    };
    Ok(NameConstant { item, name })
}

fn is_str_ref(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => {
            r.mutability.is_none()
                && matches!(&*r.elem, syn::Type::Path(p) if p.qself.is_none() && is_str(&p.path))
        }
        _ => false,
    }
}

/// `str`, `core::primitive::str` or `std::primitive::str`.
fn is_str(path: &syn::Path) -> bool {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let plain = path.segments.iter().all(|s| s.arguments.is_none());
    plain
        && match names.as_slice() {
            [s] => s == "str",
            [krate, primitive, s] => {
                (krate == "core" || krate == "std") && primitive == "primitive" && s == "str"
            }
            _ => false,
        }
}

/// `#[derive(Cookie)] #[cookie(...)] pub struct Name;`
pub struct UnitStruct {
    pub ident: syn::Ident,
    /// The arguments of every `#[cookie(...)]`, in order.
    pub args: Vec<TokenStream>,
    /// Where to point errors about the declaration as a whole.
    pub span: Span,
}

/// Reads the struct under `#[derive(Cookie)]`.
pub fn unit_struct(input: syn::DeriveInput, errors: &mut Errors) -> UnitStruct {
    match &input.data {
        syn::Data::Struct(s) if matches!(s.fields, syn::Fields::Unit) => {}
        syn::Data::Struct(s) => errors.at(
            s.fields.span(),
            "`#[derive(Cookie)]` makes a typed handle for a cookie: it goes on a unit struct, such as `pub struct SessionId;`; remove the fields",
        ),
        _ => errors.at(input.ident.span(), "`#[derive(Cookie)]` goes on a unit struct, such as `pub struct SessionId;`"),
    }
    if !input.generics.params.is_empty() {
        errors.spanning(
            &input.generics.to_token_stream(),
            "a cookie handle cannot be generic: remove the generic parameters",
        );
    }
    let mut args = Vec::new();
    let mut span = None;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("cookie")) {
        span.get_or_insert(attr.path().span());
        match &attr.meta {
            syn::Meta::List(list) => args.push(list.tokens.clone()),
            other => errors.at(
                other.span(),
                "write the declaration as `#[cookie(name = \"...\", provider = \"...\", ...)]`",
            ),
        }
    }
    if span.is_none() {
        errors.at(
            input.ident.span(),
            "missing `#[cookie(...)]`: declare the cookie below the derive, such as \
             `#[cookie(name = \"sessionid\", provider = \"...\", category = necessary, ...)]`",
        );
    }
    UnitStruct {
        span: span.unwrap_or_else(|| input.ident.span()),
        ident: input.ident,
        args,
    }
}
