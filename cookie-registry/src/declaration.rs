//! What a declared cookie is, once the macro has checked it: plain `'static` data.
//!
//! Declarations are built by the `#[cookie]` and `#[derive(Cookie)]` macros as statics, so every
//! type here is `Copy`, const-constructible and free of allocation. Read them through the
//! accessor methods; the fields are private so that new ones can be added without breaking you.

use core::fmt;

pub use cookie_registry_syntax::language::{LanguageTag, LanguageTagError};
pub use cookie_registry_syntax::lifetime::{Lifetime, LifetimeError, TimeUnit};
pub use cookie_registry_syntax::name::{NamePattern, SecurityPrefix};
pub use cookie_registry_syntax::vocab::{Category, Exemption, Party, SameSite, Storage};

/// A declared cookie name (`sessionid`) or family (`_ga_*`).
pub type CookieName = NamePattern<'static>;

/// The language the crate falls back to when a text has no entry for the requested language.
pub const FALLBACK_LANGUAGE: &str = "en";

/// A text given per language, such as a cookie's purpose.
///
/// Entries are `(tag, text)` pairs with canonical BCP 47 tags (`en`, `fr`, `fr-CA`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    entries: &'static [(&'static str, &'static str)],
}

impl Text {
    /// A text from `(language tag, text)` pairs. The macro passes canonical tags; pass
    /// [`LanguageTag::as_str`] values if you build one by hand.
    ///
    /// ```
    /// use cookie_registry::Text;
    /// const PURPOSE: Text = Text::new(&[("en", "To remember your language"), ("fr", "Se souvenir de votre langue")]);
    /// assert_eq!(PURPOSE.resolve("fr-CA"), "Se souvenir de votre langue");
    /// assert_eq!(PURPOSE.resolve("de"), "To remember your language");
    /// ```
    pub const fn new(entries: &'static [(&'static str, &'static str)]) -> Text {
        Text { entries }
    }

    /// The `(tag, text)` pairs, in declaration order.
    pub const fn entries(&self) -> &'static [(&'static str, &'static str)] {
        self.entries
    }

    /// The text for exactly this tag, if the declaration gives one.
    pub fn get(&self, tag: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            .map(|(_, text)| *text)
    }

    /// The text to show a reader of `tag`: that tag, else the same primary language (`fr` for
    /// `fr-CA`, or the other way round), else English, else the first text given.
    pub fn resolve(&self, tag: &str) -> &'static str {
        self.resolve_entry(tag).map_or("", |(_, text)| text)
    }

    /// The `(tag, text)` entry [`resolve`](Self::resolve) picks, `None` when there is none.
    pub(crate) fn resolve_entry(&self, tag: &str) -> Option<(&'static str, &'static str)> {
        let primary = cookie_registry_syntax::language::primary_subtag(tag);
        let find = |wanted: &dyn Fn(&str) -> bool| self.entries.iter().find(|(t, _)| wanted(t));
        find(&|t| t.eq_ignore_ascii_case(tag))
            .or_else(|| {
                find(&|t| {
                    cookie_registry_syntax::language::primary_subtag(t)
                        .eq_ignore_ascii_case(primary)
                })
            })
            .or_else(|| find(&|t| t.eq_ignore_ascii_case(FALLBACK_LANGUAGE)))
            .or_else(|| self.entries.first())
            .copied()
    }
}

/// Who sets the cookie, and where their privacy policy is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Provider {
    name: &'static str,
    privacy_policy: Option<&'static str>,
}

impl Provider {
    /// A provider by name, with an optional link to its privacy policy.
    pub const fn new(name: &'static str, privacy_policy: Option<&'static str>) -> Provider {
        Provider {
            name,
            privacy_policy,
        }
    }

    /// The provider's name, as shown in the policy (a proper noun: not translated).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The address of the provider's privacy policy, if declared.
    pub const fn privacy_policy(&self) -> Option<&'static str> {
        self.privacy_policy
    }
}

/// The HTTP attributes a cookie is declared with, which its `Set-Cookie` must carry.
///
/// The defaults are the safe ones: `Secure`, `HttpOnly`, `SameSite=Lax`, `Path=/`, no `Domain`
/// (host-only), not `Partitioned`. A declaration opts out explicitly (`http_only = false`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HttpAttributes {
    domain: Option<&'static str>,
    path: &'static str,
    secure: bool,
    http_only: bool,
    same_site: SameSite,
    partitioned: bool,
}

impl HttpAttributes {
    /// The safe defaults.
    pub const DEFAULT: HttpAttributes = HttpAttributes {
        domain: None,
        path: "/",
        secure: true,
        http_only: true,
        same_site: SameSite::Lax,
        partitioned: false,
    };

    /// Attributes from their parts. The macro calls this after checking the RFC 6265 rules;
    /// nothing is checked here.
    pub const fn new(
        domain: Option<&'static str>,
        path: &'static str,
        secure: bool,
        http_only: bool,
        same_site: SameSite,
        partitioned: bool,
    ) -> HttpAttributes {
        HttpAttributes {
            domain,
            path,
            secure,
            http_only,
            same_site,
            partitioned,
        }
    }

    /// `Domain`, or `None` for a host-only cookie.
    pub const fn domain(&self) -> Option<&'static str> {
        self.domain
    }
    /// `Path`.
    pub const fn path(&self) -> &'static str {
        self.path
    }
    /// `Secure`.
    pub const fn secure(&self) -> bool {
        self.secure
    }
    /// `HttpOnly`.
    pub const fn http_only(&self) -> bool {
        self.http_only
    }
    /// `SameSite`.
    pub const fn same_site(&self) -> SameSite {
        self.same_site
    }
    /// `Partitioned` (CHIPS).
    pub const fn partitioned(&self) -> bool {
        self.partitioned
    }
}

impl Default for HttpAttributes {
    fn default() -> Self {
        HttpAttributes::DEFAULT
    }
}

/// Where a declaration was written, for error messages that must name both sides of a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeclarationSite {
    crate_name: &'static str,
    module_path: &'static str,
    file: &'static str,
    line: u32,
    column: u32,
}

impl DeclarationSite {
    /// A site from the values of `env!("CARGO_PKG_NAME")`, `module_path!()`, `file!()`,
    /// `line!()` and `column!()`.
    pub const fn new(
        crate_name: &'static str,
        module_path: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
    ) -> DeclarationSite {
        DeclarationSite {
            crate_name,
            module_path,
            file,
            line,
            column,
        }
    }
    /// The package that declares the cookie.
    pub const fn crate_name(&self) -> &'static str {
        self.crate_name
    }
    /// The module path of the declaration.
    pub const fn module_path(&self) -> &'static str {
        self.module_path
    }
    /// The source file, relative to the package root as `file!()` gives it.
    pub const fn file(&self) -> &'static str {
        self.file
    }
    /// 1-based line.
    pub const fn line(&self) -> u32 {
        self.line
    }
    /// 1-based column.
    pub const fn column(&self) -> u32 {
        self.column
    }
}

impl fmt::Display for DeclarationSite {
    /// `crate-name (src/lib.rs:12:1)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}:{}:{})",
            self.crate_name, self.file, self.line, self.column
        )
    }
}

/// One declared cookie (or `localStorage` / `sessionStorage` item), checked at compile time.
///
/// Obtain declarations from the [`Registry`](crate::Registry), or from a typed handle's
/// [`DeclaredCookie::DECLARATION`].
#[derive(Clone, Copy, Debug)]
pub struct CookieDeclaration {
    parts: DeclarationParts,
}

/// The fields of a [`CookieDeclaration`], as the macro fills them in.
///
/// Not public API: construct declarations with the macros, which check every rule first.
#[doc(hidden)]
#[derive(Clone, Copy, Debug)]
pub struct DeclarationParts {
    pub name: CookieName,
    pub provider: Provider,
    pub category: Category,
    pub party: Party,
    pub function: Text,
    pub purpose: Text,
    pub justification: Option<Text>,
    pub lifetime: Lifetime,
    pub storage: Storage,
    pub exemption: Option<Exemption>,
    pub attributes: HttpAttributes,
    pub site: DeclarationSite,
}

impl CookieDeclaration {
    #[doc(hidden)]
    pub const fn __from_parts(parts: DeclarationParts) -> CookieDeclaration {
        CookieDeclaration { parts }
    }

    /// The declared name, or family of names.
    pub const fn name(&self) -> CookieName {
        self.parts.name
    }
    /// Who sets the cookie.
    pub const fn provider(&self) -> Provider {
        self.parts.provider
    }
    /// What the cookie is for.
    pub const fn category(&self) -> Category {
        self.parts.category
    }
    /// First or third party.
    pub const fn party(&self) -> Party {
        self.parts.party
    }
    /// The function and location, such as "Authentication (front and back office)".
    pub const fn function(&self) -> Text {
        self.parts.function
    }
    /// Why the cookie is set, such as "To remember the user from one page to another".
    pub const fn purpose(&self) -> Text {
        self.parts.purpose
    }
    /// Why a third-party cookie is strictly necessary, when it is declared so.
    pub const fn justification(&self) -> Option<Text> {
        self.parts.justification
    }
    /// How long the browser keeps it.
    pub const fn lifetime(&self) -> Lifetime {
        self.parts.lifetime
    }
    /// HTTP cookie, `localStorage` or `sessionStorage`.
    pub const fn storage(&self) -> Storage {
        self.parts.storage
    }
    /// The exemption from consent this cookie claims (necessary cookies claim
    /// [`Exemption::StrictlyNecessary`] unless they name another).
    pub const fn exemption(&self) -> Option<Exemption> {
        self.parts.exemption
    }
    /// The declared HTTP attributes (meaningful for [`Storage::HttpCookie`] only).
    pub const fn attributes(&self) -> HttpAttributes {
        self.parts.attributes
    }
    /// Where the declaration was written.
    pub const fn site(&self) -> DeclarationSite {
        self.parts.site
    }

    /// Whether setting this cookie needs the user's consent: true unless an exemption applies.
    pub const fn requires_consent(&self) -> bool {
        self.parts.exemption.is_none()
    }

    /// Whether `cookie_name` is covered by this declaration (exactly, or as part of its family).
    pub fn matches(&self, cookie_name: &str) -> bool {
        self.parts.name.matches(cookie_name)
    }

    /// The fields in which two declarations differ, ignoring where they were written.
    ///
    /// Two crates may declare the same cookie identically (a shared dependency, say): that is
    /// not a conflict. Any difference here is.
    pub fn differences(&self, other: &CookieDeclaration) -> Vec<&'static str> {
        let (a, b) = (&self.parts, &other.parts);
        let mut out = Vec::new();
        let mut check = |field: &'static str, same: bool| {
            if !same {
                out.push(field);
            }
        };
        check("name", a.name == b.name);
        check("provider", a.provider == b.provider);
        check("category", a.category == b.category);
        check("party", a.party == b.party);
        check("function", a.function == b.function);
        check("purpose", a.purpose == b.purpose);
        check("justification", a.justification == b.justification);
        check("lifetime", a.lifetime == b.lifetime);
        check("storage", a.storage == b.storage);
        check("exemption", a.exemption == b.exemption);
        check("attributes", a.attributes == b.attributes);
        out
    }
}

/// A typed handle to a declared cookie, implemented by `#[derive(Cookie)]`.
///
/// ```
/// use cookie_registry::{Cookie, DeclaredCookie, Category};
///
/// /// The session of a logged-in user.
/// #[derive(Cookie)]
/// #[cookie(
///     name = "sessionid",
///     provider = "Opendatasoft",
///     category = necessary,
///     function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
///     purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
///     lifetime = "2 weeks",
/// )]
/// pub struct SessionId;
///
/// assert_eq!(SessionId::DECLARATION.name().to_string(), "sessionid");
/// assert_eq!(SessionId::DECLARATION.category(), Category::Necessary);
/// assert!(!SessionId::DECLARATION.requires_consent());
/// ```
///
/// # Consent, checked by the compiler
///
/// The derive also sets [`Consent`](DeclaredCookie::Consent), the proof of consent the cookie
/// is built with: [`NoConsentNeeded`](crate::enforce::NoConsentNeeded) for a necessary or
/// exempt cookie, [`Granted<C>`](crate::enforce::Granted) for one whose category `C` needs
/// consent, which only a [`ConsentState`](crate::enforce::ConsentState) that grants `C` gives.
/// With the `cookie` feature (on by default), [`cookie`](DeclaredCookie::cookie) takes that
/// proof, so a cookie that needs consent cannot be built without it:
///
/// ```
/// # #[cfg(feature = "cookie")] {
/// use cookie_registry::{Category, Cookie, DeclaredCookie};
/// use cookie_registry::enforce::{Categories, ConsentState, NoConsentNeeded, Revision, Statistics};
///
/// # #[derive(Cookie)]
/// # #[cookie(
/// #     name = "sessionid", provider = "Opendatasoft", category = necessary, lifetime = "2 weeks",
/// #     function(en = "Authentication", fr = "Authentification"),
/// #     purpose(en = "To remember the user", fr = "Se souvenir de l'utilisateur"),
/// # )]
/// # pub struct SessionId;
/// #[derive(Cookie)]
/// #[cookie(
///     name = "_analytics",
///     provider = "Example Analytics",
///     category = statistics,
///     function(en = "Audience measurement", fr = "Mesure d'audience"),
///     purpose(en = "To count visits", fr = "Compter les visites"),
///     lifetime = "6 months",
/// )]
/// pub struct Analytics;
///
/// // Necessary: nothing to prove.
/// let session = SessionId::cookie("abc123", NoConsentNeeded)?;
///
/// // Statistics: the proof comes from the request's consent.
/// let consent = ConsentState::given(
///     Categories::NONE.with(Category::Statistics), 1_750_000_000, Revision::from_u64(1));
/// let analytics = Analytics::cookie("visitor-42", consent.granted::<Statistics>()?)?;
///
/// // Without consent there is no proof, so no cookie.
/// assert!(ConsentState::NONE.granted::<Statistics>().is_err());
/// # let _ = (session, analytics);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// `Analytics::cookie("visitor-42", NoConsentNeeded)` does not compile: "this cookie must be
/// built with `Granted<cookie_registry::enforce::Statistics>`, not `NoConsentNeeded`".
pub trait DeclaredCookie {
    /// The checked declaration of this cookie.
    const DECLARATION: &'static CookieDeclaration;

    /// The proof of consent this cookie is built with:
    /// [`NoConsentNeeded`](crate::enforce::NoConsentNeeded) when its declaration needs no
    /// consent ([`CookieDeclaration::consent_category`] is `None`), else
    /// [`Granted<C>`](crate::enforce::Granted) for its category. `#[derive(Cookie)]` sets it
    /// from the declaration.
    type Consent: crate::enforce::ConsentProof;

    /// The `Set-Cookie` of this cookie with `value` and every declared attribute (see
    /// [`CookieDeclaration::cookie`]), built with the proof of consent it needs, checked at
    /// compile time.
    ///
    /// # Errors
    ///
    /// [`CookieError`](crate::enforce::CookieError) for a family (use
    /// [`cookie_named`](DeclaredCookie::cookie_named)), a `localStorage` or `sessionStorage`
    /// item, or a value that is not a valid cookie value.
    #[cfg(feature = "cookie")]
    fn cookie(
        value: impl Into<std::borrow::Cow<'static, str>>,
        consent: impl crate::enforce::Satisfies<Self::Consent>,
    ) -> Result<::cookie::CookieBuilder<'static>, crate::enforce::CookieError> {
        Self::DECLARATION.cookie(value, consent)
    }

    /// [`cookie`](DeclaredCookie::cookie) with a concrete name, for a family of names (see
    /// [`CookieDeclaration::cookie_named`]).
    ///
    /// # Errors
    ///
    /// As [`cookie`](DeclaredCookie::cookie), and a name the declaration does not cover.
    #[cfg(feature = "cookie")]
    fn cookie_named(
        name: impl Into<std::borrow::Cow<'static, str>>,
        value: impl Into<std::borrow::Cow<'static, str>>,
        consent: impl crate::enforce::Satisfies<Self::Consent>,
    ) -> Result<::cookie::CookieBuilder<'static>, crate::enforce::CookieError> {
        Self::DECLARATION.cookie_named(name, value, consent)
    }

    /// The cookie that deletes this cookie, with its declared path and domain (see
    /// [`CookieDeclaration::removal`]). Needs no consent.
    ///
    /// # Errors
    ///
    /// [`CookieError`](crate::enforce::CookieError) for a family (use
    /// [`removal_named`](DeclaredCookie::removal_named)) or a `localStorage` or
    /// `sessionStorage` item.
    #[cfg(feature = "cookie")]
    fn removal() -> Result<::cookie::Cookie<'static>, crate::enforce::CookieError> {
        Self::DECLARATION.removal()
    }

    /// [`removal`](DeclaredCookie::removal) of a concrete name, for a family of names.
    ///
    /// # Errors
    ///
    /// [`CookieError`](crate::enforce::CookieError) for a name the declaration does not cover
    /// or a `localStorage` or `sessionStorage` item.
    #[cfg(feature = "cookie")]
    fn removal_named(
        name: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Result<::cookie::Cookie<'static>, crate::enforce::CookieError> {
        Self::DECLARATION.removal_named(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_fallback_chain() {
        let t = Text::new(&[("fr", "bonjour"), ("en", "hello"), ("pt-BR", "olá")]);
        assert_eq!(t.resolve("fr"), "bonjour");
        assert_eq!(t.resolve("FR-ca"), "bonjour");
        assert_eq!(t.resolve("pt"), "olá");
        assert_eq!(t.resolve("de"), "hello");
        let only_fr = Text::new(&[("fr", "bonjour")]);
        assert_eq!(only_fr.resolve("de"), "bonjour");
        assert_eq!(Text::new(&[]).resolve("en"), "");
    }
}
