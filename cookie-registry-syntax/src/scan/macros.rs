//! A macro's arguments, read as expressions wherever they can be.
//!
//! Macros are not expanded, but what is written inside `vec![...]`, `assert!(...)`,
//! `json!({...})` or a `macro_rules!` body is mostly code, and a cookie set there is set all the
//! same. Most macros take comma-separated expressions and are read in one parse; for the others,
//! expressions are read wherever one starts, and groups that hold none are looked into.

use proc_macro2::{Group, TokenStream, TokenTree};
use syn::parse::discouraged::Speculative as _;
use syn::parse::{ParseStream, Parser as _};
use syn::punctuated::Punctuated;

/// The expressions written in a macro's arguments, in order.
pub(super) fn expressions(tokens: &TokenStream) -> Vec<syn::Expr> {
    // `format!`, `vec![a, b]`, `assert_eq!`, ...: one parse, the common case.
    if let Ok(list) =
        Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated.parse2(tokens.clone())
    {
        return list.into_iter().collect();
    }
    let mut found = Vec::new();
    collect(without_sigils(tokens.clone()), &mut found);
    found
}

fn collect(tokens: TokenStream, found: &mut Vec<syn::Expr>) {
    // Never fails: every token is either part of an expression or stepped over.
    let _ = (|input: ParseStream| {
        while !input.is_empty() {
            if input.peek(syn::Token![,]) || input.peek(syn::Token![;]) {
                input.parse::<TokenTree>()?;
                continue;
            }
            let fork = input.fork();
            if let Ok(expr) = fork.parse::<syn::Expr>() {
                input.advance_to(&fork);
                found.push(expr);
                continue;
            }
            // No expression starts here (`=>`, `:`, a keyword, `$(...)*`): step over one token,
            // looking inside it if it is a group.
            if let TokenTree::Group(group) = input.parse::<TokenTree>()? {
                collect(group.stream(), found);
            }
        }
        Ok(())
    })
    .parse2(tokens);
}

/// A `macro_rules!` body's metavariables as plain identifiers: `$name` reads as `name` (an
/// unknown name, like a function's parameter) and `$crate` as `crate`.
fn without_sigils(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            TokenTree::Punct(p)
                if p.as_char() == '$' && matches!(tokens.peek(), Some(TokenTree::Ident(_))) => {}
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), without_sigils(g.stream()));
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}
