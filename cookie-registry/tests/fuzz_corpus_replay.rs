// Replays the committed fuzz corpora of the parsing targets (issue 5, reliability target 1):
// every file of `fuzz/corpus/{lifetime,declaration}/` goes through the same function and oracle
// as the fuzz target of that name. The `set_cookie` corpus goes through the `Set-Cookie` reader
// and its model here, and through the tower layer as well in
// tests/middleware/tests/fuzz_corpus_replay.rs (whose oracle the `set_cookie` target runs).
//
// The oracles below are the fuzz targets' own: `fuzz/fuzz_targets/*.rs` `include!` this file
// and call them, so the corpus is judged the same way here and under libFuzzer. (Plain `//`
// comments on purpose: an inner `//!` doc comment cannot be `include!`d.) A test fails when its
// corpus directory is missing or empty, so a lost corpus cannot pass for a green replay.

use std::str::FromStr;

use cookie_registry::declaration::Lifetime;
use cookie_registry_syntax::Errors;
use cookie_registry_syntax::declaration::{self, Context, NameSource, Spanned};
use cookie_registry_syntax::language::LanguageTag;
use cookie_registry_syntax::manifest::LanguageSource;
use cookie_registry_syntax::rules;
use proc_macro2::{Span, TokenStream};

// The model of `Set-Cookie` reading, which names the fast reader `reader`.
use cookie_registry::set_cookie as reader;
#[path = "../src/set_cookie/model.rs"]
mod set_cookie_model;

/// `Lifetime::parse` on any UTF-8 text.
///
/// Oracle: no panic; a parsed lifetime prints (`Display`) as a text that parses back to it.
pub fn lifetime_oracle(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(lifetime) = Lifetime::parse(text) {
        let shown = lifetime.to_string();
        assert_eq!(
            Lifetime::parse(&shown),
            Ok(lifetime),
            "{text:?} parsed to {lifetime:?}, shown as {shown:?}, which does not parse back"
        );
    }
}

/// The contexts a declaration is parsed in: derive form (`name = "..."` required) and constant
/// form (name from the constant), with one and with two languages.
fn fuzz_contexts() -> [Context; 3] {
    let en = LanguageTag::parse("en").expect("a language tag");
    let fr = LanguageTag::parse("fr").expect("a language tag");
    let constant = NameSource::Constant(Spanned {
        value: "sessionid".to_string(),
        span: Span::call_site(),
    });
    [
        Context {
            languages: vec![en.clone()],
            languages_source: LanguageSource::Default,
            name_source: NameSource::Key,
            span: Span::call_site(),
        },
        Context {
            languages: vec![en.clone(), fr],
            languages_source: LanguageSource::Default,
            name_source: constant.clone(),
            span: Span::call_site(),
        },
        Context {
            languages: vec![en],
            languages_source: LanguageSource::Default,
            name_source: constant,
            span: Span::call_site(),
        },
    ]
}

/// The declaration parser and rules on any token stream that lexes: input bytes, as UTF-8, through
/// `proc_macro2::TokenStream::from_str` (lexing errors skipped), then `declaration::parse` and, on
/// success, `rules::check`, in every context of [`fuzz_contexts`].
///
/// Oracle: no panic; a `None` result always comes with at least one error.
pub fn declaration_oracle(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(tokens) = TokenStream::from_str(text) else {
        return;
    };
    for context in fuzz_contexts() {
        let mut errors = Errors::new();
        match declaration::parse(tokens.clone(), &context, &mut errors) {
            Some(parsed) => rules::check(&parsed, &context, &mut errors),
            None => assert!(
                !errors.is_empty(),
                "no declaration and no error for {text:?}"
            ),
        }
    }
}

/// The `Set-Cookie` reader alone on a `set_cookie` fuzz input: byte 0 (the layer's consent
/// selector) skipped, the rest split at `\n` into headers.
///
/// Oracle: each header is read exactly as the model reads it, at a fixed now (2025-06-15).
pub fn set_cookie_reader_oracle(data: &[u8]) {
    let Some((_, rest)) = data.split_first() else {
        return;
    };
    for header in rest.split(|&b| b == b'\n') {
        if let Err(difference) = set_cookie_model::differential(header, 1_750_000_000) {
            panic!("{difference}");
        }
    }
}

#[cfg(test)]
#[path = "../../fuzz/replay.rs"]
mod fuzz_replay;

#[cfg(test)]
fn replay(target: &str, oracle: fn(&[u8])) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/corpus");
    fuzz_replay::replay(&root, target, oracle);
}

#[test]
fn lifetime_corpus_replays() {
    replay("lifetime", lifetime_oracle);
}

#[test]
fn declaration_corpus_replays() {
    replay("declaration", declaration_oracle);
}

#[test]
fn set_cookie_corpus_replays_through_the_reader() {
    replay("set_cookie", set_cookie_reader_oracle);
}
