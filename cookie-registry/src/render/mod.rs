//! Turning declarations into the published cookie policy.
//!
//! A [`Policy`] over some declarations renders the whole document: a title, a preamble that
//! explains what cookies are and which kinds need consent, then one table per category of cookie
//! in use (necessary, functionality, statistics, marketing), with the columns
//! `Service provider's name | Function and location | Cookie name(s) | Purposes | Lifetime`.
//!
//! * **Rows.** Declarations of one category that share provider (name and privacy-policy
//!   address), party, function and purpose (as resolved for the reader's language) form one row
//!   listing their names in sorted order; so do they only if their consent status is the same. A
//!   row's lifetime is the cookies' shared lifetime, or `name: lifetime` per cookie when they
//!   differ. Rows are sorted by provider, then by first cookie name. Every format is built from
//!   the same rows, so Markdown, HTML and JSON never disagree.
//! * **Notes.** A cookie whose consent status is not its category's (a statistics cookie exempt
//!   as anonymous audience measurement, say) says so in its purpose cell. A third party is marked
//!   after the provider's name; a `localStorage` or `sessionStorage` item after its name; a
//!   family of names shows as `_ga_*`.
//! * **Languages.** Built-in texts exist in English and French, chosen by the primary subtag of
//!   the requested language (`fr-CA` reads French); any other language gets the English texts.
//!   The declarations' own texts are resolved with [`Text::resolve`](crate::declaration::Text::resolve).
//! * **Safety.** Every text from a declaration, and the site name, is escaped for the output
//!   format: it can never become markup, a link, an entity, or break a table in CommonMark and
//!   HTML. (Renderers with GitHub's autolink extension still turn a bare `https://...` or `www.`
//!   written in a text into a link, as they do in any text.) A provider's
//!   privacy policy becomes a link only with an `http://` or `https://` address; otherwise the
//!   address is shown as text.
//! * **Determinism.** The same declarations, in any order, render to the same bytes.
//!
//! # How a rendering runs
//!
//! Three stages, each called once per rendering, in this order; none calls back into one
//! before it:
//!
//! 1. `model`: the declarations for one reader, grouped, sorted and deduplicated into tables
//!    and rows, with consent notes, safe links, the document's language (given the list of
//!    languages `wording` has texts for: data, not a call) and the declared texts resolved for
//!    the reader. No word of our own, no format.
//! 2. `wording`: the model in words, in the built-in texts of the document's language: every
//!    cell a sequence of pieces (borrowed texts, numbers, and marks around cookie names, texts
//!    in another language and links), each row and cookie next to its model.
//! 3. One writer, `markdown`, `html` or [`json`]: layout and escaping (`escape`) of those
//!    words. A writer never chooses a word, a row or an order.

pub(crate) mod escape;
mod html;
#[cfg(feature = "json")]
pub mod json;
mod markdown;
mod model;
mod wording;

use std::fmt;
use std::str::FromStr;

use crate::declaration::{CookieDeclaration, LanguageTag, LanguageTagError};
use crate::registry::Registry;

use wording::Words;

/// An output format of the policy.
///
/// Parse one from its name with [`str::parse`]: `md` or `markdown`, `html`, `html-page`, `json`
/// (any letter case).
///
/// ```
/// use cookie_registry::render::Format;
/// assert_eq!("md".parse::<Format>(), Ok(Format::Markdown));
/// assert_eq!("HTML-page".parse::<Format>(), Ok(Format::HtmlPage));
/// assert!("pdf".parse::<Format>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// CommonMark with GFM tables.
    Markdown,
    /// An HTML fragment (a `<section class="cookie-policy">`) to embed in a page of your own; its
    /// top heading is an `<h2>`.
    Html,
    /// A complete, standalone, accessible HTML document, with a small inline stylesheet; its
    /// top heading is an `<h1>`.
    HtmlPage,
    /// JSON with stable, documented field names: see the [`json`] module for the schema.
    #[cfg(feature = "json")]
    Json,
}

impl Format {
    /// Every format this build supports.
    pub const ALL: &'static [Format] = &[
        Format::Markdown,
        Format::Html,
        Format::HtmlPage,
        #[cfg(feature = "json")]
        Format::Json,
    ];

    /// The canonical name, as [`FromStr`] accepts it: `markdown`, `html`, `html-page`, `json`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::HtmlPage => "html-page",
            #[cfg(feature = "json")]
            Format::Json => "json",
        }
    }

    /// The usual file extension, without the dot: `md`, `html`, `json`.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html | Format::HtmlPage => "html",
            #[cfg(feature = "json")]
            Format::Json => "json",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Format {
    type Err = ParseFormatError;

    fn from_str(name: &str) -> Result<Format, ParseFormatError> {
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "html-page" => Ok(Format::HtmlPage),
            #[cfg(feature = "json")]
            "json" => Ok(Format::Json),
            _ => Err(ParseFormatError {
                name: name.to_string(),
            }),
        }
    }
}

/// A format name that [`Format`]'s [`FromStr`] does not know.
#[derive(Clone, PartialEq, Eq)]
pub struct ParseFormatError {
    name: String,
}

impl ParseFormatError {
    /// The name that was not recognised.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl fmt::Display for ParseFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a policy format: use ", self.name)?;
        f.write_str(if cfg!(feature = "json") {
            "md, markdown, html, html-page or json"
        } else {
            "md, markdown, html or html-page (json needs the `json` feature)"
        })
    }
}

crate::errors::debug_as_display!(ParseFormatError);
impl std::error::Error for ParseFormatError {}

/// Options of a rendering: the reader's language and the site the policy is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyOptions {
    language: LanguageTag,
    site: Option<String>,
}

impl PolicyOptions {
    /// Options for a language tag (`"en"`, `"fr"`, `"fr-CA"`).
    ///
    /// Built-in texts exist for English and French, chosen by the primary subtag; any other
    /// well-formed tag gets the English ones, while the declarations' texts are still resolved
    /// for the tag itself.
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

    /// These options, naming the site in the heading ("What cookies are used on
    /// `https://example.com`").
    ///
    /// The name is shown as text, escaped like any other; a blank name counts as none ("What
    /// cookies are used on this site").
    ///
    /// ```
    /// use cookie_registry::render::PolicyOptions;
    /// let options = PolicyOptions::new("fr")?.with_site("https://data.example.com");
    /// assert_eq!(options.site(), Some("https://data.example.com"));
    /// # Ok::<(), cookie_registry::render::RenderError>(())
    /// ```
    #[must_use]
    pub fn with_site(mut self, site: impl Into<String>) -> PolicyOptions {
        self.site = Some(site.into());
        self
    }

    /// The reader's language.
    pub fn language(&self) -> &LanguageTag {
        &self.language
    }

    /// The site, if named.
    pub fn site(&self) -> Option<&str> {
        self.site.as_deref()
    }
}

/// Why a policy could not be rendered.
#[non_exhaustive]
pub enum RenderError {
    /// The requested language is not a BCP 47 tag.
    InvalidLanguage(LanguageTagError),
    /// There is no declaration to render.
    NoCookies,
    /// The [`fmt::Write`] given to [`Policy::write_to`] returned an error.
    Write(fmt::Error),
    /// The JSON document could not be serialized (this does not happen with the types the
    /// crate serializes, but is reported rather than hidden).
    #[cfg(feature = "json")]
    Json(serde_json::Error),
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::InvalidLanguage(e) => e.fmt(f),
            RenderError::NoCookies => f.write_str("there is no cookie declaration to render"),
            RenderError::Write(_) => f.write_str("could not write the cookie policy"),
            #[cfg(feature = "json")]
            RenderError::Json(e) => write!(f, "could not serialize the cookie policy: {e}"),
        }
    }
}

crate::errors::debug_as_display!(RenderError);
impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderError::InvalidLanguage(e) => Some(e),
            RenderError::Write(e) => Some(e),
            #[cfg(feature = "json")]
            RenderError::Json(e) => Some(e),
            RenderError::NoCookies => None,
        }
    }
}

impl From<fmt::Error> for RenderError {
    fn from(e: fmt::Error) -> RenderError {
        RenderError::Write(e)
    }
}

/// A cookie policy over a set of declarations, ready to render.
///
/// Get the program's from [`Registry::policy`], or build one over any declarations with
/// [`Policy::new`].
#[derive(Clone, Debug)]
pub struct Policy<'r> {
    declarations: &'r [&'static CookieDeclaration],
}

impl<'r> Policy<'r> {
    /// A policy over these declarations. Their order does not matter, and a declaration given
    /// twice is listed once.
    pub fn new(declarations: &'r [&'static CookieDeclaration]) -> Policy<'r> {
        Policy { declarations }
    }

    /// The declarations the policy is about, as given.
    pub fn declarations(&self) -> &'r [&'static CookieDeclaration] {
        self.declarations
    }

    /// Renders the whole document.
    ///
    /// Markdown ends with exactly one newline, and so do the HTML page and the JSON; the HTML
    /// fragment ends with its closing `</section>` and a newline.
    ///
    /// ```
    /// use cookie_registry::render::{Format, Policy, PolicyOptions};
    /// use cookie_registry::{Registry, cookie};
    ///
    /// #[cookie(
    ///     provider = "Opendatasoft",
    ///     category = necessary,
    ///     function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
    ///     purpose(
    ///         en = "To remember the user from one page to another",
    ///         fr = "Se souvenir de l'utilisateur d'une page à une autre",
    ///     ),
    ///     lifetime = "2 weeks",
    /// )]
    /// const SESSION: &str = "sessionid";
    ///
    /// // `Registry::global()?.policy()` is the policy of every declaration of the program;
    /// // `Policy::new` takes any set of declarations.
    /// let registry = Registry::global()?;
    /// let policy = Policy::new(registry.declarations());
    ///
    /// let options = PolicyOptions::new("en")?.with_site("https://data.example.com");
    /// let markdown = policy.render(Format::Markdown, &options)?;
    /// assert!(markdown.contains("## What cookies are used on https://data.example.com\n"));
    /// assert!(markdown.contains(
    ///     "| Opendatasoft | Authentication (front and back office) | sessionid \
    ///      | To remember the user from one page to another | 2 weeks |"
    /// ));
    ///
    /// let html = policy.render(Format::Html, &PolicyOptions::new("fr-CA")?)?;
    /// assert!(html.starts_with("<section class=\"cookie-policy\" lang=\"fr-CA\">"));
    /// assert!(html.contains("<td>2 semaines</td>"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RenderError::NoCookies`] when there is no declaration; see [`RenderError`].
    pub fn render(&self, format: Format, options: &PolicyOptions) -> Result<String, RenderError> {
        self.run(options, |words| {
            // Sized once: growing a `String` by doubling copies what was written each time.
            let capacity = match format {
                Format::Markdown => markdown::capacity(words),
                Format::Html => html::capacity(words, false),
                Format::HtmlPage => html::capacity(words, true),
                // The text serde_json writes is the result: no second copy into a `String`.
                #[cfg(feature = "json")]
                Format::Json => return self.json(words).to_text().map_err(RenderError::Json),
            };
            let mut out = String::with_capacity(capacity);
            self.write(format, words, &mut out)?;
            Ok(out)
        })
    }

    /// Renders the whole document into `out`, as [`render`](Policy::render) would return it.
    ///
    /// # Errors
    ///
    /// [`RenderError::NoCookies`] when there is no declaration, [`RenderError::Write`] when
    /// `out` fails.
    pub fn write_to(
        &self,
        format: Format,
        options: &PolicyOptions,
        out: &mut impl fmt::Write,
    ) -> Result<(), RenderError> {
        self.run(options, |words| self.write(format, words, out))
    }

    /// The JSON document as a value, to embed in a serde output of your own.
    ///
    /// # Errors
    ///
    /// [`RenderError::NoCookies`] when there is no declaration.
    #[cfg(feature = "json")]
    pub fn json_document(
        &self,
        options: &PolicyOptions,
    ) -> Result<json::PolicyDocument, RenderError> {
        self.run(options, |words| Ok(self.json(words)))
    }

    /// The first two stages, then `write`, the third.
    fn run<T>(
        &self,
        options: &PolicyOptions,
        write: impl FnOnce(&Words<'_>) -> Result<T, RenderError>,
    ) -> Result<T, RenderError> {
        if self.declarations.is_empty() {
            return Err(RenderError::NoCookies);
        }
        let model = model::Document::build(
            self.declarations,
            &options.language,
            options.site.as_deref(),
            &wording::LANGUAGES,
        );
        let words = Words::of(&model);
        write(&words)
    }

    /// The writer of a format.
    fn write(
        &self,
        format: Format,
        words: &Words<'_>,
        out: &mut impl fmt::Write,
    ) -> Result<(), RenderError> {
        match format {
            Format::Markdown => markdown::write(out, words)?,
            Format::Html => html::write_fragment(out, words)?,
            Format::HtmlPage => html::write_page(out, words)?,
            #[cfg(feature = "json")]
            Format::Json => {
                out.write_str(&self.json(words).to_text().map_err(RenderError::Json)?)?
            }
        }
        Ok(())
    }

    /// The JSON document. Only the JSON carries the revision, which hashes every declaration
    /// again: the other formats do not pay for it.
    #[cfg(feature = "json")]
    fn json(&self, words: &Words<'_>) -> json::PolicyDocument {
        let revision = crate::Revision::of(self.declarations.iter().copied());
        json::PolicyDocument::new(words, revision)
    }
}

impl Registry {
    /// The policy over every declaration of this registry.
    pub fn policy(&self) -> Policy<'_> {
        Policy::new(self.declarations())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::{
        Category, CookieName, DeclarationParts, DeclarationSite, HttpAttributes, Lifetime, Party,
        Provider, Storage, Text, TimeUnit,
    };

    /// `n` declarations, each its own row, with texts of the length real policies have.
    fn declarations(n: usize) -> Vec<&'static CookieDeclaration> {
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        (0..n)
            .map(|i| {
                let function = Text::new(Box::leak(Box::new([
                    (
                        "en",
                        leak(format!("Function {} (front and back office)", i % 7)),
                    ),
                    (
                        "fr",
                        leak(format!("Fonction {} (front et back office)", i % 7)),
                    ),
                ])));
                let purpose = Text::new(Box::leak(Box::new([
                    (
                        "en",
                        leak(format!(
                            "To remember the visitor's choice {i} on every page"
                        )),
                    ),
                    (
                        "fr",
                        leak(format!(
                            "Se souvenir du choix {i} du visiteur d'une page à l'autre"
                        )),
                    ),
                ])));
                &*Box::leak(Box::new(CookieDeclaration::__from_parts(
                    DeclarationParts {
                        name: CookieName::Exact(leak(format!("cookie_{i}"))),
                        provider: Provider::new(leak(format!("Provider {}", i % 3)), None),
                        category: Category::Necessary,
                        party: Party::First,
                        function,
                        purpose,
                        justification: None,
                        lifetime: Lifetime::Persistent {
                            amount: 13,
                            unit: TimeUnit::Month,
                        },
                        storage: Storage::HttpCookie,
                        exemption: Category::Necessary.default_exemption(),
                        attributes: HttpAttributes::DEFAULT,
                        site: DeclarationSite::new("test", "test", "test.rs", 1, 1),
                    },
                )))
            })
            .collect()
    }

    /// A `String` sized by a writer's `capacity` holds what the writer writes without
    /// growing, and is not much larger.
    #[test]
    fn writers_size_their_output() {
        for n in [1, 10, 1_000] {
            let declarations = declarations(n);
            for lang in ["en", "fr"] {
                let tag = LanguageTag::parse(lang).unwrap();
                let model = model::Document::build(&declarations, &tag, None, &wording::LANGUAGES);
                let words = Words::of(&model);
                for (format, capacity) in [
                    (Format::Markdown, markdown::capacity(&words)),
                    (Format::Html, html::capacity(&words, false)),
                    (Format::HtmlPage, html::capacity(&words, true)),
                ] {
                    let mut out = String::new();
                    Policy::new(&declarations)
                        .write(format, &words, &mut out)
                        .unwrap();
                    let len = out.len();
                    assert!(
                        len <= capacity && capacity <= len + len / 4 + 1_024,
                        "{n} {lang} {format}: {len} bytes written, capacity {capacity}"
                    );
                }
            }
        }
    }
}
