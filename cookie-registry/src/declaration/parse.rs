//! Declarations written as text, read at run time with the macro's own grammar and rules
//! (feature `parse`; the build-time mode reads sources this way too).
//!
//! The result is the same `&'static CookieDeclaration` the macro builds, so a policy rendered
//! from parsed declarations is byte for byte the one the program renders. The strings are
//! leaked: parsing is for build scripts, tools and tests, which read each declaration once.

use core::fmt;

use cookie_registry_syntax::declaration::{self as syntax, Context, NameSource, TextField};
use cookie_registry_syntax::language::LanguageTag;
use cookie_registry_syntax::manifest::LanguageSource;
use cookie_registry_syntax::name::NamePattern;
use cookie_registry_syntax::{Errors, grammar, rules};

use super::{
    CookieDeclaration, CookieName, DeclarationParts, DeclarationSite, HttpAttributes, Provider,
    Text,
};

/// Why a declaration written as text was refused: every problem, as the macro would have
/// reported them at compile time.
#[derive(Clone, PartialEq, Eq)]
pub struct ParseError {
    messages: Vec<String>,
}

impl ParseError {
    /// Each problem's message, in the order found.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid cookie declaration: ")?;
        f.write_str(&self.messages.join("; "))
    }
}

crate::errors::debug_as_display!(ParseError);
impl std::error::Error for ParseError {}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn text(field: &TextField) -> Text {
    let entries: Vec<(&'static str, &'static str)> = field
        .entries
        .iter()
        .map(|(tag, text, _)| (leak(tag.as_str()), leak(text)))
        .collect();
    Text::new(Box::leak(entries.into_boxed_slice()))
}

/// Where a declaration read from text was written.
pub(crate) struct Site<'a> {
    pub crate_name: &'a str,
    pub module_path: String,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
}

/// The run-time declaration of a declaration read and checked by the syntax crate, as the
/// macro would have built it.
pub(crate) fn declaration(d: &syntax::Declaration, site: Site<'_>) -> &'static CookieDeclaration {
    let name = match NamePattern::parse(leak(&d.name.value)) {
        NamePattern::Exact(s) => CookieName::Exact(s),
        NamePattern::Prefix(s) => CookieName::Prefix(s),
    };
    let a = &d.attributes;
    let parts = DeclarationParts {
        name,
        provider: Provider::new(
            leak(&d.provider.value),
            d.privacy_policy.as_ref().map(|p| leak(&p.value)),
        ),
        category: d.category.value,
        party: d.party.value,
        function: text(&d.function),
        purpose: text(&d.purpose),
        justification: d.justification.as_ref().map(text),
        lifetime: d.lifetime.value,
        storage: d.storage.value,
        exemption: d.exemption(),
        attributes: HttpAttributes::DEFAULT
            .with_domain(a.domain().map(leak))
            .with_path(leak(a.path()))
            .with_secure(a.secure())
            .with_http_only(a.http_only())
            .with_same_site(a.same_site())
            .with_partitioned(a.partitioned()),
        site: DeclarationSite::new(
            leak(site.crate_name),
            leak(&site.module_path),
            leak(site.file),
            u32::try_from(site.line).unwrap_or(u32::MAX),
            u32::try_from(site.column).unwrap_or(u32::MAX),
        ),
    };
    Box::leak(Box::new(CookieDeclaration::__from_parts(parts)))
}

impl CookieDeclaration {
    /// Reads a declaration written as the arguments of `#[derive(Cookie)]`'s `#[cookie(...)]`
    /// (`name` included), with the macro's grammar and every compile-time rule, holding its
    /// texts to `languages` as a crate's published languages (the first is the language of a
    /// text written without one). Feature `parse`.
    ///
    /// For declarations that live outside Rust code (a tool's configuration, generated test
    /// data); the macros remain the way to declare the cookies a program sets.
    ///
    /// ```
    /// use cookie_registry::declaration::{Category, CookieDeclaration};
    ///
    /// let session = CookieDeclaration::parse(
    ///     r#"name = "sessionid", provider = "Example", category = necessary, lifetime = "2 weeks",
    ///        function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté")"#,
    ///     &["en", "fr"],
    /// )?;
    /// assert_eq!(session.category(), Category::Necessary);
    ///
    /// let error = CookieDeclaration::parse(
    ///     r#"name = "x", provider = "Example", category = necessary, lifetime = "session",
    ///        function(en = "Login"), purpose(en = "Login"), same_site = none, secure = false"#,
    ///     &["en"],
    /// ).unwrap_err();
    /// assert!(error.to_string().contains("SameSite=None"), "{error}");
    /// # Ok::<(), cookie_registry::declaration::ParseError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// A [`ParseError`] listing every problem: text that is not a declaration, a rule broken,
    /// a language that is not a BCP 47 tag.
    pub fn parse(text: &str, languages: &[&str]) -> Result<&'static CookieDeclaration, ParseError> {
        let refused = |messages: Vec<String>| Err(ParseError { messages });
        let mut tags = Vec::with_capacity(languages.len());
        for language in languages {
            match LanguageTag::parse(language) {
                Ok(tag) => tags.push(tag),
                Err(e) => return refused(vec![e.to_string()]),
            }
        }
        if tags.is_empty() {
            return refused(vec!["give at least one language".into()]);
        }
        let tokens: proc_macro2::TokenStream = match text.parse() {
            Ok(tokens) => tokens,
            Err(e) => return refused(vec![format!("not Rust tokens: {e}")]),
        };
        let context = Context {
            languages: tags,
            languages_source: LanguageSource::Default,
            name_source: NameSource::Key,
            span: proc_macro2::Span::call_site(),
        };
        let mut errors = Errors::new();
        let entries = grammar::parse_args(tokens, &mut errors);
        let declaration = syntax::interpret(entries, &context, &mut errors);
        if let Some(d) = &declaration {
            rules::check(d, &context, &mut errors);
        }
        match (errors.finish(), declaration) {
            (Ok(()), Some(d)) => Ok(self::declaration(
                &d,
                Site {
                    crate_name: "",
                    module_path: String::new(),
                    file: "",
                    line: 0,
                    column: 0,
                },
            )),
            (Err(e), _) => refused(e.into_iter().map(|e| e.to_string()).collect()),
            (Ok(()), None) => refused(vec!["not a declaration".into()]),
        }
    }
}
