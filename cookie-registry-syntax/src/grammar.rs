//! The shape of `#[cookie(...)]` arguments, before any key is given a meaning.
//!
//! ```text
//! args   := entry ("," entry)* ","?
//! entry  := key                      -- a flag:  http_only
//!         | key "=" value            -- a value: lifetime = "2 weeks", category = necessary
//!         | key "(" args ")"         -- a list:  purpose(en = "...", fr-CA = "...")
//! key    := IDENT ("-" (IDENT | INT))*   -- identifiers, and BCP 47 tags such as fr-CA or es-419
//!         | STRING                       -- any tag, quoted: "zh-Hant-TW" = "..."
//! value  := LITERAL | IDENT | anything else (kept, and rejected later with its span)
//! ```
//!
//! The input is first cut at top-level commas and each piece parsed on its own. A malformed
//! entry therefore costs one error and never desynchronises the entries after it, which is what
//! lets one build report every problem of a declaration. Nothing in here panics on any token
//! stream: arbitrary input yields entries or errors.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::Lit;

use crate::errors::Errors;

/// One `key`, `key = value` or `key(...)`.
#[derive(Clone)]
pub struct Entry {
    /// The key as written (`fr-CA` for a dashed key, the string's value for a quoted one).
    pub key: String,
    /// The span of the key's first token.
    pub key_span: Span,
    /// What follows the key.
    pub value: Value,
    /// Every token of the entry, for errors that should underline all of it.
    pub tokens: TokenStream,
}

/// What follows a key.
#[derive(Clone)]
pub enum Value {
    /// Nothing: the key alone, as in `http_only`.
    Flag,
    /// `= <literal>`.
    Lit(Lit),
    /// `= <identifier>`, as in `category = necessary`.
    Ident(syn::Ident),
    /// `( ... )`.
    List(Vec<Entry>),
    /// `= <anything else>`, kept so the interpreter can say what it expected there.
    Other(TokenStream),
    /// What follows the key is malformed (`lifetime "2 weeks"`, `lifetime =`), and already
    /// reported. The entry is kept so that its key is not also reported missing.
    Malformed,
}

impl Value {
    /// A short description of the value's kind, for "expected X, found Y" messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Flag => "no value",
            Value::Lit(Lit::Str(_)) => "a string",
            Value::Lit(Lit::Bool(_)) => "a boolean",
            Value::Lit(Lit::Int(_)) => "an integer",
            Value::Lit(Lit::Float(_)) => "a number",
            Value::Lit(_) => "a literal",
            Value::Ident(_) => "an identifier",
            Value::List(_) => "a list",
            Value::Other(_) => "an expression",
            Value::Malformed => "a malformed value",
        }
    }
}

/// Parses the arguments of one `#[cookie(...)]`, recording malformed entries in `errors`.
pub fn parse_args(tokens: TokenStream, errors: &mut Errors) -> Vec<Entry> {
    split_commas(tokens)
        .into_iter()
        .filter_map(|chunk| parse_entry(chunk, errors))
        .collect()
}

/// Cuts a stream at its top-level commas (commas inside groups belong to the group). An empty
/// piece between two commas is reported by [`parse_entry`]; a single trailing comma is allowed.
fn split_commas(tokens: TokenStream) -> Vec<TokenStream> {
    let mut chunks = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    for tree in tokens {
        match &tree {
            TokenTree::Punct(p) if p.as_char() == ',' => {
                chunks.push(std::mem::take(&mut current).into_iter().collect());
            }
            _ => current.push(tree),
        }
    }
    if !current.is_empty() {
        chunks.push(current.into_iter().collect());
    }
    chunks
}

fn parse_entry(chunk: TokenStream, errors: &mut Errors) -> Option<Entry> {
    let mut trees = chunk.clone().into_iter().peekable();
    let Some(first) = trees.next() else {
        // `a,,b`: the span of an empty piece is lost, so point at the whole call.
        errors.at(
            Span::call_site(),
            "unexpected `,`: an argument is missing between two commas",
        );
        return None;
    };
    let key_span = first.span();
    let mut key = match &first {
        TokenTree::Ident(ident) => ident.to_string().trim_start_matches("r#").to_string(),
        TokenTree::Literal(lit) => match syn::parse2::<Lit>(TokenTree::Literal(lit.clone()).into())
        {
            Ok(Lit::Str(s)) => {
                suffix_error(&s, errors);
                s.value()
            }
            _ => {
                errors.spanning(
                    &chunk,
                    "expected a key such as `provider` or `purpose`, found a literal",
                );
                return None;
            }
        },
        _ => {
            errors.spanning(&chunk, "expected a key such as `provider` or `purpose`");
            return None;
        }
    };
    // Dashed keys: BCP 47 tags written bare, `fr-CA` or `es-419`.
    while let Some(TokenTree::Punct(p)) = trees.peek() {
        if p.as_char() != '-' {
            break;
        }
        trees.next();
        match trees.next() {
            Some(TokenTree::Ident(part)) => key.push_str(&format!("-{part}")),
            Some(TokenTree::Literal(part))
                if part.to_string().bytes().all(|b| b.is_ascii_digit()) =>
            {
                key.push_str(&format!("-{part}"))
            }
            _ => {
                errors.spanning(
                    &chunk,
                    "expected a language subtag after `-`, as in `fr-CA`",
                );
                return None;
            }
        }
    }
    let value = match trees.next() {
        None => Value::Flag,
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis => {
            if let Some(extra) = trees.next() {
                errors.at(
                    extra.span(),
                    format!("unexpected token after `{key}(...)`: separate arguments with `,`"),
                );
                Value::Malformed
            } else {
                Value::List(parse_args(group.stream(), errors))
            }
        }
        Some(TokenTree::Punct(p)) if p.as_char() == '=' => {
            let rest: TokenStream = trees.collect();
            if rest.is_empty() {
                errors.spanning(&chunk, format!("expected a value after `{key} =`"));
                Value::Malformed
            } else {
                match classify_value(rest) {
                    Value::Lit(Lit::Str(s)) if !s.suffix().is_empty() => {
                        suffix_error(&s, errors);
                        // Read without its suffix, so that the value's own checks still run.
                        Value::Lit(Lit::Str(syn::LitStr::new(&s.value(), s.span())))
                    }
                    value => value,
                }
            }
        }
        Some(other) => {
            errors.at(
                other.span(),
                format!("expected `=`, `(...)` or `,` after `{key}`: write `{key} = value`, or separate arguments with `,`"),
            );
            Value::Malformed
        }
    };
    Some(Entry {
        key,
        key_span,
        value,
        tokens: chunk,
    })
}

/// `"2 weeks"w`: the lexer accepts a suffix on any literal and leaves it to the macro, so a
/// typo glued to a string would otherwise vanish silently.
fn suffix_error(s: &syn::LitStr, errors: &mut Errors) {
    if s.suffix().is_empty() {
        return;
    }
    errors.at(
        s.span(),
        format!(
            "unexpected `{}` right after the string: remove it, a string here takes no suffix",
            s.suffix()
        ),
    );
}

fn classify_value(rest: TokenStream) -> Value {
    let mut trees = rest.clone().into_iter();
    if let (Some(only), None) = (trees.next(), trees.next()) {
        match only {
            TokenTree::Literal(_) => {
                if let Ok(lit) = syn::parse2::<Lit>(rest.clone()) {
                    return Value::Lit(lit);
                }
            }
            // `macro_rules!` passes `$x:literal` and `$x:expr` wrapped in an invisible group.
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                return classify_value(group.stream());
            }
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                if text == "true" || text == "false" {
                    return Value::Lit(Lit::Bool(syn::LitBool::new(text == "true", ident.span())));
                }
                return Value::Ident(ident);
            }
            _ => {}
        }
    }
    Value::Other(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse(tokens: TokenStream) -> (Vec<Entry>, usize) {
        let mut errors = Errors::new();
        let entries = parse_args(tokens, &mut errors);
        (entries, errors.len())
    }

    #[test]
    fn parses_every_entry_form() {
        let (entries, errors) = parse(quote! {
            provider = "Opendatasoft", category = necessary, http_only, secure = false,
            purpose(en = "a", fr-CA = "b", es-419 = "c", "zh-Hant" = "d"),
        });
        assert_eq!(errors, 0);
        let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(
            keys,
            ["provider", "category", "http_only", "secure", "purpose"]
        );
        assert!(matches!(entries[1].value, Value::Ident(_)));
        assert!(matches!(entries[2].value, Value::Flag));
        assert!(matches!(entries[3].value, Value::Lit(Lit::Bool(ref b)) if !b.value));
        let Value::List(ref texts) = entries[4].value else {
            panic!()
        };
        let tags: Vec<_> = texts.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(tags, ["en", "fr-CA", "es-419", "zh-Hant"]);
    }

    #[test]
    fn one_bad_entry_does_not_hide_the_next() {
        let (entries, errors) =
            parse(quote! { provider "x", lifetime = , category = a + b, party = first });
        assert_eq!(errors, 2);
        let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["provider", "lifetime", "category", "party"]);
        assert!(matches!(entries[0].value, Value::Malformed));
        assert!(matches!(entries[1].value, Value::Malformed));
        assert!(matches!(entries[2].value, Value::Other(_)));
    }

    #[test]
    fn empty_and_trailing_commas() {
        assert_eq!(parse(quote! {}).0.len(), 0);
        assert_eq!(parse(quote! { a, }).0.len(), 1);
        let (entries, errors) = parse(quote! { a,, b });
        assert_eq!((entries.len(), errors), (2, 1));
    }

    #[test]
    fn values_forwarded_by_macro_rules_are_unwrapped() {
        let invisible = |tokens: TokenStream| proc_macro2::Group::new(Delimiter::None, tokens);
        let (name, category) = (invisible(quote!("x")), invisible(quote!(necessary)));
        let (entries, errors) = parse(quote! { name = #name, category = #category });
        assert_eq!(errors, 0);
        assert!(matches!(entries[0].value, Value::Lit(Lit::Str(_))));
        assert!(matches!(entries[1].value, Value::Ident(_)));
    }

    #[test]
    fn suffixed_strings_are_errors() {
        let tokens: TokenStream =
            r#"lifetime = "2 weeks"w, "en"x = "a", name = "b""#.parse().unwrap();
        let (entries, errors) = parse(tokens);
        assert_eq!(errors, 2);
        let keys: Vec<_> = entries.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["lifetime", "en", "name"]);
        assert!(matches!(&entries[0].value, Value::Lit(Lit::Str(s)) if s.suffix().is_empty()));
    }

    #[test]
    fn keywords_and_raw_identifiers_are_keys() {
        let (entries, errors) = parse(quote! { crate = "x", r#type = 1 });
        assert_eq!(errors, 0);
        assert_eq!(entries[0].key, "crate");
        assert_eq!(entries[1].key, "type");
    }
}
