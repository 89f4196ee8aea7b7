//! Turning declarations into the published cookie policy.
//!
//! PLACEHOLDER: the public API is fixed here; the implementation is being written.

use std::fmt;

use crate::declaration::{CookieDeclaration, LanguageTag, LanguageTagError};
use crate::registry::Registry;

/// An output format of the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// CommonMark with GFM tables.
    Markdown,
    /// An HTML fragment (a `<section>`) to embed in a page of your own.
    Html,
    /// A complete, standalone, accessible HTML document.
    HtmlPage,
    /// JSON with stable, documented field names.
    #[cfg(feature = "json")]
    Json,
}

/// Options of a rendering: the reader's language and the site the policy is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyOptions {
    language: LanguageTag,
    site: Option<String>,
}

impl PolicyOptions {
    /// Options for a language tag (`"en"`, `"fr"`, `"fr-CA"`).
    ///
    /// # Errors
    ///
    /// [`RenderError::InvalidLanguage`] if `language` is not a well-formed BCP 47 tag.
    pub fn new(language: &str) -> Result<PolicyOptions, RenderError> {
        let language = LanguageTag::parse(language).map_err(RenderError::InvalidLanguage)?;
        Ok(PolicyOptions {
            language,
            site: None,
        })
    }

    /// Names the site in the heading ("What cookies are used on https://example.com").
    pub fn site(mut self, site: impl Into<String>) -> PolicyOptions {
        self.site = Some(site.into());
        self
    }

    /// The reader's language.
    pub fn language(&self) -> &LanguageTag {
        &self.language
    }

    /// The site, if named.
    pub fn site_name(&self) -> Option<&str> {
        self.site.as_deref()
    }
}

/// Why a policy could not be rendered.
#[derive(Debug)]
#[non_exhaustive]
pub enum RenderError {
    /// The requested language is not a BCP 47 tag.
    InvalidLanguage(LanguageTagError),
    /// There is no declaration to render.
    NoCookies,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::InvalidLanguage(e) => e.fmt(f),
            RenderError::NoCookies => f.write_str("there is no cookie declaration to render"),
        }
    }
}

impl std::error::Error for RenderError {}

/// A cookie policy over a set of declarations, ready to render.
#[derive(Clone, Debug)]
pub struct Policy<'r> {
    declarations: &'r [&'static CookieDeclaration],
}

impl<'r> Policy<'r> {
    /// A policy over these declarations.
    pub fn new(declarations: &'r [&'static CookieDeclaration]) -> Policy<'r> {
        Policy { declarations }
    }

    /// Renders the whole document.
    ///
    /// # Errors
    ///
    /// See [`RenderError`].
    pub fn render(&self, _format: Format, _options: &PolicyOptions) -> Result<String, RenderError> {
        if self.declarations.is_empty() {
            return Err(RenderError::NoCookies);
        }
        Ok(String::new())
    }
}

impl Registry {
    /// The policy over every declaration of this registry.
    pub fn policy(&self) -> Policy<'_> {
        Policy::new(self.declarations())
    }
}
