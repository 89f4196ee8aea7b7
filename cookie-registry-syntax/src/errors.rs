//! Collects every error of one declaration so that a single build reports them all.
//!
//! Stopping at the first problem would make users fix a declaration one compile at a time;
//! instead each stage pushes what it finds and the caller combines them at the end.

use proc_macro2::Span;

/// The errors found in one declaration.
#[derive(Default)]
pub struct Errors {
    list: Vec<syn::Error>,
}

impl Errors {
    /// No errors yet.
    pub fn new() -> Errors {
        Errors::default()
    }

    /// Records an error at a span.
    pub fn at(&mut self, span: Span, message: impl core::fmt::Display) {
        self.list.push(syn::Error::new(span, message));
    }

    /// Records an error spanning some tokens (first to last token).
    pub fn spanning(
        &mut self,
        tokens: &proc_macro2::TokenStream,
        message: impl core::fmt::Display,
    ) {
        self.list.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error built elsewhere.
    pub fn push(&mut self, error: syn::Error) {
        self.list.push(error);
    }

    /// Whether nothing has been recorded.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// How many errors were recorded.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// `Ok` if nothing was recorded, otherwise every error combined into one.
    pub fn finish(self) -> Result<(), syn::Error> {
        let mut iter = self.list.into_iter();
        match iter.next() {
            None => Ok(()),
            Some(mut first) => {
                first.extend(iter);
                Err(first)
            }
        }
    }
}
