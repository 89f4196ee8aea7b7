//! What a declared cookie is, once the macro has checked it: plain `'static` data.
//!
//! Declarations are built by the [`#[cookie]`](macro@crate::cookie) and
//! [`#[derive(Cookie)]`](derive@crate::Cookie) macros as statics, so every type here is `Copy`,
//! const-constructible and free of allocation. Read them through the accessor methods; the
//! fields are private so that new ones can be added without breaking you.
//!
//! The vocabulary ([`Category`], [`Exemption`], [`Party`], [`Storage`], [`SameSite`],
//! [`Lifetime`], [`LanguageTag`]) is shared with the macros, which check a declaration against
//! the rules of the guide's `docs/rules.md` before building one.

mod attributes;
#[cfg(feature = "parse")]
pub(crate) mod parse;
mod provider;
mod site;
mod text;

pub use attributes::HttpAttributes;
pub use cookie_registry_syntax::language::{LanguageTag, LanguageTagError};
pub use cookie_registry_syntax::lifetime::{Lifetime, LifetimeError, TimeUnit};
pub use cookie_registry_syntax::name::SecurityPrefix;
pub use cookie_registry_syntax::vocab::{Category, Exemption, Party, SameSite, Storage};
#[cfg(feature = "parse")]
#[cfg_attr(docsrs, doc(cfg(feature = "parse")))]
pub use parse::ParseError;
pub use provider::Provider;
pub use site::DeclarationSite;
pub use text::Text;

/// A declared cookie name (`sessionid`) or family of names (`_ga_*`: every name that starts
/// with `_ga_`).
///
/// ```
/// use cookie_registry::declaration::CookieName;
/// let family = CookieName::Prefix("_ga_");
/// assert!(family.matches("_ga_1A2B"));
/// assert!(!family.matches("_ga_"));
/// assert_eq!(family.to_string(), "_ga_*");
/// ```
pub type CookieName = cookie_registry_syntax::name::NamePattern<'static>;

/// One declared cookie (or `localStorage` / `sessionStorage` item), checked at compile time.
///
/// Obtain declarations from the [`Registry`](crate::Registry), or from a typed handle's
/// [`DeclaredCookie::DECLARATION`](crate::DeclaredCookie::DECLARATION).
#[derive(Clone, Copy, Debug)]
pub struct CookieDeclaration {
    parts: DeclarationParts,
}

/// The fields of a [`CookieDeclaration`], as the macro fills them in.
///
/// Not public API: declarations are built by the macros, which check every rule first.
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

#[cfg(test)]
impl DeclarationParts {
    /// A first-party necessary session cookie called `name`, with the default attributes, for
    /// the crate's tests to change field by field (what only this crate can build, without the
    /// macro's rules).
    pub(crate) fn for_test(name: &'static str) -> DeclarationParts {
        DeclarationParts {
            name: CookieName::Exact(name),
            provider: Provider::new("Example", None),
            category: Category::Necessary,
            party: Party::First,
            function: Text::new(&[("en", "Function")]),
            purpose: Text::new(&[("en", "Purpose")]),
            justification: None,
            lifetime: Lifetime::Session,
            storage: Storage::HttpCookie,
            exemption: None,
            attributes: HttpAttributes::DEFAULT,
            site: DeclarationSite::new("test", "test", "test.rs", 1, 1),
        }
    }
}

impl CookieDeclaration {
    /// The longest `Max-Age` a cookie built from a declaration carries: 400 days
    /// (34,560,000 seconds).
    ///
    /// RFC 6265bis (section 5.6.2) has browsers cap a cookie's lifetime at 400 days, and current
    /// Chrome, Firefox and Safari do; a longer declared lifetime is clamped so that the header
    /// says what the browser does, the same in every browser. The policy still shows the
    /// declared lifetime, which is never shorter than the real one.
    pub const MAX_AGE_CAP_SECONDS: u64 = 400 * 86_400;

    /// Only the macros build declarations (`__private`), after checking every rule. A necessary
    /// cookie always claims an exemption (the macro gives it `strictly_necessary` unless it names
    /// another): one filled in without is given that one here, so that no declaration can read
    /// as "necessary, yet needing consent".
    #[doc(hidden)]
    pub const fn __from_parts(mut parts: DeclarationParts) -> CookieDeclaration {
        if matches!(parts.category, Category::Necessary) && parts.exemption.is_none() {
            parts.exemption = Some(Exemption::StrictlyNecessary);
        }
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

    /// The category whose consent setting this cookie needs: `None` when it needs none
    /// (necessary, or exempt), else its category.
    ///
    /// This is the one rule ([`Category::needs_consent`]) behind every consent decision: the
    /// policy's words, the proof a typed handle takes, and what the enforcement layer lets
    /// through.
    ///
    /// ```
    /// use cookie_registry::declaration::Category;
    /// use cookie_registry::{Cookie, DeclaredCookie};
    ///
    /// #[derive(Cookie)]
    /// #[cookie(
    ///     name = "_analytics", provider = "Example Analytics", category = statistics,
    ///     lifetime = "6 months", function(en = "Analytics", fr = "Statistiques"),
    ///     purpose(en = "To count visits", fr = "Compter les visites"),
    /// )]
    /// struct Analytics;
    ///
    /// assert_eq!(Analytics::DECLARATION.consent_category(), Some(Category::Statistics));
    /// assert!(Analytics::DECLARATION.requires_consent());
    /// ```
    pub const fn consent_category(&self) -> Option<Category> {
        if self.parts.category.needs_consent(self.parts.exemption) {
            Some(self.parts.category)
        } else {
            None
        }
    }

    /// Whether setting this cookie needs the user's consent:
    /// [`consent_category`](Self::consent_category) is `Some`.
    pub const fn requires_consent(&self) -> bool {
        self.consent_category().is_some()
    }

    /// The `Max-Age` of this cookie's `Set-Cookie`, in seconds: its declared lifetime, capped
    /// at [`MAX_AGE_CAP_SECONDS`](Self::MAX_AGE_CAP_SECONDS); `None` for a session cookie.
    ///
    /// ```
    /// # use cookie_registry::{Cookie, DeclaredCookie, declaration::CookieDeclaration};
    /// #[derive(Cookie)]
    /// #[cookie(
    ///     name = "csrftoken", provider = "Example", category = necessary, lifetime = "2 years",
    ///     function(en = "Forms", fr = "Formulaires"),
    ///     purpose(en = "To protect forms", fr = "Protéger les formulaires"),
    /// )]
    /// struct Csrf;
    ///
    /// assert_eq!(Csrf::DECLARATION.lifetime().max_age_seconds(), Some(63_113_904));
    /// assert_eq!(Csrf::DECLARATION.max_age_seconds(), Some(CookieDeclaration::MAX_AGE_CAP_SECONDS));
    /// ```
    pub const fn max_age_seconds(&self) -> Option<u64> {
        match self.lifetime().max_age_seconds() {
            Some(seconds) if seconds > Self::MAX_AGE_CAP_SECONDS => Some(Self::MAX_AGE_CAP_SECONDS),
            other => other,
        }
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
