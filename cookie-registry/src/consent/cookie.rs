//! The consent cookie: the declaration that carries a visitor's choice from one request to the
//! next, and the reasons a request's cookie gives no consent.

use core::fmt;
use std::time::SystemTime;

use super::categories::CategorySet;
use super::id::ConsentId;
use super::state::ConsentState;
use super::{unix_seconds, value};
use crate::declaration::{
    Category, CookieDeclaration, CookieName, Exemption, Lifetime, Storage, TimeUnit,
};
use crate::registry::Revision;

/// Why a consent cookie's value, or a request's `Cookie` headers, gave no consent.
///
/// For tests and logging: the decoding that middleware uses
/// ([`ConsentCookie::decode`], [`ConsentCookie::from_cookie_headers`]) turns every one of these
/// into [`ConsentState::NONE`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NoConsent {
    /// The request carries no consent cookie.
    Missing,
    /// The request carries the consent cookie several times, with values that do not agree
    /// (another path, or a cookie written from a sibling domain).
    Ambiguous,
    /// The value is longer than [`ConsentCookie::MAX_VALUE_LEN`]; it was not parsed.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The value is not a version-1 or version-2 encoding.
    Malformed {
        /// Which part is wrong, for logs.
        reason: &'static str,
    },
    /// The value is of a format version this crate does not read.
    UnsupportedVersion,
    /// The choice was made for another policy revision: the declarations changed since, so
    /// consent must be asked again.
    OutdatedRevision {
        /// The revision recorded in the value.
        found: Revision,
    },
    /// The choice is older than the consent cookie's declared lifetime.
    Expired {
        /// Its age in seconds.
        age: u64,
    },
    /// The choice is dated more than [`ConsentCookie::MAX_CLOCK_SKEW_SECONDS`] in the future.
    FromTheFuture,
    /// A JavaScript banner's cookie records a choice made for another revision number than
    /// the one the current policy revision gives
    /// ([`interop::cookieconsent::revision_number`](crate::interop::cookieconsent::revision_number)):
    /// the declarations changed since, so consent must be asked again.
    OutdatedBannerRevision {
        /// The revision number recorded in the cookie.
        found: u64,
        /// The revision number of the current policy.
        expected: u64,
    },
}

impl fmt::Display for NoConsent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoConsent::Missing => f.write_str("the request carries no consent cookie"),
            NoConsent::Ambiguous => f.write_str(
                "the request carries the consent cookie several times with different values",
            ),
            NoConsent::TooLong { len } => write!(
                f,
                "the consent cookie's value is {len} bytes long, more than the {} read",
                ConsentCookie::MAX_VALUE_LEN
            ),
            NoConsent::Malformed { reason } => {
                write!(f, "the consent cookie's value is malformed: {reason}")
            }
            NoConsent::UnsupportedVersion => {
                f.write_str("the consent cookie's value is of an unsupported format version")
            }
            NoConsent::OutdatedRevision { found } => write!(
                f,
                "the consent was given for policy revision {found}, which is not the current one"
            ),
            NoConsent::Expired { age } => write!(
                f,
                "the consent was given {age} seconds ago, longer than the consent cookie's lifetime"
            ),
            NoConsent::FromTheFuture => f.write_str("the consent is dated in the future"),
            NoConsent::OutdatedBannerRevision { found, expected } => write!(
                f,
                "the banner's consent was given for revision number {found}, not the current {expected}"
            ),
        }
    }
}

crate::errors::debug_as_display!(NoConsent);
impl std::error::Error for NoConsent {}

/// Why a declaration cannot be the consent cookie's ([`ConsentCookie::new`]).
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConsentCookieError {
    /// The declaration is for `localStorage` or `sessionStorage`, not an HTTP cookie.
    NotAnHttpCookie {
        /// The declared name.
        name: CookieName,
        /// The declared storage.
        storage: Storage,
    },
    /// The declaration is a family of names (`prefs_*`); the consent cookie has one name.
    Family {
        /// The declared family.
        name: CookieName,
    },
    /// The declaration's category is not necessary.
    NotNecessary {
        /// The declared name.
        name: CookieName,
        /// The declared category.
        category: Category,
    },
    /// The declaration does not claim the `consent_storage` exemption.
    NotConsentStorage {
        /// The declared name.
        name: CookieName,
        /// The exemption in force.
        exemption: Option<Exemption>,
    },
}

impl fmt::Display for ConsentCookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentCookieError::NotAnHttpCookie { name, storage } => write!(
                f,
                "`{name}` cannot be the consent cookie: it is declared as {storage}, not an HTTP cookie"
            ),
            ConsentCookieError::Family { name } => write!(
                f,
                "`{name}` cannot be the consent cookie: it is a family of names; declare one exact name"
            ),
            ConsentCookieError::NotNecessary { name, category } => write!(
                f,
                "`{name}` cannot be the consent cookie: it is declared `category = {category}`; \
                 the cookie that stores the consent choice is `category = necessary`"
            ),
            ConsentCookieError::NotConsentStorage { name, exemption } => write!(
                f,
                "`{name}` cannot be the consent cookie: it claims the exemption `{}`; declare it with \
                 `exemption = consent_storage`",
                exemption.map_or("none", Exemption::as_str)
            ),
        }
    }
}

crate::errors::debug_as_display!(ConsentCookieError);
impl std::error::Error for ConsentCookieError {}

/// The cookie that records the visitor's consent choice: its declaration, and the policy
/// revision a choice must be for to count.
///
/// The application declares it, like any cookie, as necessary with the `consent_storage`
/// exemption. Its name and lifetime are the declaration's:
/// [`DEFAULT_NAME`](ConsentCookie::DEFAULT_NAME) (`cookies_preferences`) and
/// [`DEFAULT_LIFETIME`](ConsentCookie::DEFAULT_LIFETIME) (6 months, the CNIL's recommended
/// duration) unless you declare others.
///
/// ```
/// use cookie_registry::{Cookie, DeclaredCookie, Registry};
/// use cookie_registry::consent::{CategorySet, ConsentCookie, ConsentState, NoConsent};
/// use cookie_registry::declaration::Category;
/// use std::time::{Duration, UNIX_EPOCH};
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "cookies_preferences",
///     provider = "Example",
///     category = necessary,
///     exemption = consent_storage,
///     function(en = "Cookie banner (all pages)", fr = "Bandeau cookies (toutes les pages)"),
///     purpose(en = "To remember your cookie choices", fr = "Se souvenir de vos choix de cookies"),
///     lifetime = "6 months",
/// )]
/// struct Preferences;
///
/// let registry = Registry::global()?;
/// let consent = ConsentCookie::new(Preferences::DECLARATION, registry.revision())?;
///
/// // The visitor accepts statistics cookies: record it, under a new consent ID.
/// let now = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
/// let choice = consent.choose(CategorySet::NONE.with(Category::Statistics), now);
/// let value = choice.cookie_value().expect("a choice has a value");
/// assert!(value.starts_with("2.s.1750000000."));
///
/// // A later request: read it back from its `Cookie` header.
/// let header = format!("sessionid=abc; cookies_preferences={value}; csrftoken=xyz");
/// assert_eq!(consent.from_cookie_header(&header, now + Duration::from_secs(60)), choice);
///
/// // Anything else is "no consent yet".
/// assert_eq!(consent.decode("1.s.1750000000.0000000000000000", now), ConsentState::NONE);
/// assert!(matches!(
///     consent.try_decode("1.s.1750000000.0000000000000000", now),
///     Err(NoConsent::OutdatedRevision { .. })
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # The value
///
/// Version 2 is five fields separated by `.`, every byte an RFC 6265 `cookie-octet`:
///
/// ```text
/// 2.fs.1750000000.3c5e0d7b1a2f9e84.9f1c0a6b3d2e4f5a6b7c8d9e0f1a2b3c
/// │ │  │          │                └ the consent ID: 32 lowercase hexadecimal digits
/// │ │  │          └ the policy revision: 16 lowercase hexadecimal digits
/// │ │  └ when the choice was made: Unix time in seconds, decimal, no leading zero
/// │ └ the granted categories: `f` functionality, `s` statistics, `m` marketing,
/// │   in that order, or `-` for none (the visitor refused everything)
/// └ the format version
/// ```
///
/// Version 1, written by earlier releases and for a state without a consent ID, is the same
/// without the last field (`1.fs.1750000000.3c5e0d7b1a2f9e84`); both are read.
///
/// Decoding accepts exactly what encoding writes (one spelling per state), so any other value
/// (malformed, hand-edited into a non-canonical form, truncated, longer than
/// [`MAX_VALUE_LEN`](ConsentCookie::MAX_VALUE_LEN), of another version, for another revision,
/// expired or from the future) is "no consent yet": [`ConsentState::NONE`].
///
/// The value is not signed. Changing it by hand into another valid value changes the visitor's
/// own choice, which is theirs to make; every other change reads as no consent. A site that
/// fears a sibling subdomain writing the cookie for its visitors can name it with the `__Host-`
/// prefix, which no other host can set for this one (it forbids `Domain`); a value that appears
/// twice with different contents (what such a write leaves behind) reads as no consent
/// ([`NoConsent::Ambiguous`]). The record that GDPR art. 7(1) asks a controller to keep (who
/// consented to what, when) is kept on the server.
#[derive(Clone, Copy, Debug)]
pub struct ConsentCookie {
    declaration: &'static CookieDeclaration,
    name: &'static str,
    revision: Revision,
}

impl ConsentCookie {
    /// The name the seeds use, and the one this crate's docs declare: `cookies_preferences`.
    pub const DEFAULT_NAME: &'static str = "cookies_preferences";

    /// Six months: how long the CNIL recommends keeping a consent choice before asking again.
    pub const DEFAULT_LIFETIME: Lifetime = Lifetime::Persistent {
        amount: 6,
        unit: TimeUnit::Month,
    };

    /// The longest value decoding looks at; longer ones are rejected before any parsing. A
    /// version-2 value is at most 68 bytes.
    pub const MAX_VALUE_LEN: usize = 96;

    /// How far in the future a recorded choice may be (clock differences between servers)
    /// before it is taken for a forgery: one hour.
    pub const MAX_CLOCK_SKEW_SECONDS: u64 = 3_600;

    /// The consent cookie of `declaration`, valid for choices made for the policy `revision`
    /// (usually [`Registry::revision`](crate::Registry::revision) of the global registry).
    ///
    /// # Errors
    ///
    /// A [`ConsentCookieError`] unless `declaration` is an HTTP cookie with one exact name,
    /// `category = necessary` and `exemption = consent_storage`.
    pub const fn new(
        declaration: &'static CookieDeclaration,
        revision: Revision,
    ) -> Result<ConsentCookie, ConsentCookieError> {
        let name = declaration.name();
        if !declaration.storage().is_http_cookie() {
            return Err(ConsentCookieError::NotAnHttpCookie {
                name,
                storage: declaration.storage(),
            });
        }
        let exact = match name {
            CookieName::Exact(exact) => exact,
            CookieName::Prefix(_) => return Err(ConsentCookieError::Family { name }),
        };
        if !matches!(declaration.category(), Category::Necessary) {
            return Err(ConsentCookieError::NotNecessary {
                name,
                category: declaration.category(),
            });
        }
        if !matches!(declaration.exemption(), Some(Exemption::ConsentStorage)) {
            return Err(ConsentCookieError::NotConsentStorage {
                name,
                exemption: declaration.exemption(),
            });
        }
        Ok(ConsentCookie {
            declaration,
            name: exact,
            revision,
        })
    }

    /// The cookie's name.
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The cookie's declaration.
    pub const fn declaration(&self) -> &'static CookieDeclaration {
        self.declaration
    }

    /// The policy revision a choice must be for to count.
    pub const fn revision(&self) -> Revision {
        self.revision
    }

    /// The state that records a first choice made at `now` for the current revision, under a
    /// new random [`ConsentId`] (none if the operating system gives no random bytes, which
    /// does not happen once it has booted). For a visitor who already chose, use
    /// [`update`](Self::update), which keeps their ID.
    pub fn choose(&self, granted: CategorySet, now: SystemTime) -> ConsentState {
        self.update(&ConsentState::NONE, granted, now)
    }

    /// The state that records a new choice made at `now` by a visitor whose consent was
    /// `previous` (a withdrawal, a change on the preferences page): the same [`ConsentId`] as
    /// `previous`, or a new one if it had none, so that every choice made in one browser shares
    /// it.
    ///
    /// ```
    /// # use cookie_registry::{Cookie, DeclaredCookie, Revision, consent::{CategorySet, ConsentCookie}};
    /// # use std::time::SystemTime;
    /// # #[derive(Cookie)]
    /// # #[cookie(name = "cookies_preferences", provider = "Example", category = necessary,
    /// #     exemption = consent_storage, lifetime = "6 months",
    /// #     function(en = "Cookie banner", fr = "Bandeau cookies"),
    /// #     purpose(en = "To remember your choices", fr = "Se souvenir de vos choix"))]
    /// # struct Preferences;
    /// let consent = ConsentCookie::new(Preferences::DECLARATION, Revision::from_u64(1))?;
    /// let first = consent.choose(CategorySet::ALL, SystemTime::now());
    /// let withdrawn = consent.update(&first, CategorySet::NONE, SystemTime::now());
    /// assert!(first.consent_id().is_some());
    /// assert_eq!(withdrawn.consent_id(), first.consent_id());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn update(
        &self,
        previous: &ConsentState,
        granted: CategorySet,
        now: SystemTime,
    ) -> ConsentState {
        let state = ConsentState::given(granted, now, self.revision);
        match previous.consent_id().or_else(|| ConsentId::random().ok()) {
            Some(id) => state.with_consent_id(id),
            None => state,
        }
    }

    /// The consent a value of this cookie records, or [`ConsentState::NONE`] when it records
    /// none that counts at `now`. Never panics, never allocates.
    pub fn decode(&self, value: impl AsRef<[u8]>, now: SystemTime) -> ConsentState {
        self.try_decode(value, now).unwrap_or(ConsentState::NONE)
    }

    /// [`decode`](ConsentCookie::decode), with the reason when there is no consent.
    ///
    /// # Errors
    ///
    /// A [`NoConsent`] saying why the value gives no consent.
    pub fn try_decode(
        &self,
        value: impl AsRef<[u8]>,
        now: SystemTime,
    ) -> Result<ConsentState, NoConsent> {
        self.try_decode_at(value.as_ref(), unix_seconds(now))
    }

    fn try_decode_at(&self, value: &[u8], now: u64) -> Result<ConsentState, NoConsent> {
        if value.len() > Self::MAX_VALUE_LEN {
            return Err(NoConsent::TooLong { len: value.len() });
        }
        let value::Recorded {
            granted,
            at,
            revision,
            id,
        } = value::parse(value)?;
        if revision != self.revision {
            return Err(NoConsent::OutdatedRevision { found: revision });
        }
        if at > now.saturating_add(Self::MAX_CLOCK_SKEW_SECONDS) {
            return Err(NoConsent::FromTheFuture);
        }
        let age = now.saturating_sub(at);
        if let Some(max_age) = self.declaration.max_age_seconds()
            && age > max_age
        {
            return Err(NoConsent::Expired { age });
        }
        let state = ConsentState::given_at_unix(granted, at, revision);
        Ok(match id {
            Some(id) => state.with_consent_id(id),
            None => state,
        })
    }

    /// The consent a request's `Cookie` header records (`a=1; cookies_preferences=...; b=2`).
    /// Never panics; allocates nothing.
    pub fn from_cookie_header(&self, header: impl AsRef<[u8]>, now: SystemTime) -> ConsentState {
        self.from_cookie_headers([header], now)
    }

    /// The consent a request's `Cookie` headers record (HTTP/2 may split them into several),
    /// or [`ConsentState::NONE`]. Never panics; allocates nothing. A pair that is not UTF-8 or
    /// has no `=` is skipped on its own.
    ///
    /// ```
    /// # use cookie_registry::{Cookie, DeclaredCookie, Revision, consent::ConsentCookie};
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # #[derive(Cookie)]
    /// # #[cookie(name = "cookies_preferences", provider = "Example", category = necessary,
    /// #     exemption = consent_storage, lifetime = "6 months",
    /// #     function(en = "Cookie banner", fr = "Bandeau cookies"),
    /// #     purpose(en = "To remember your choices", fr = "Se souvenir de vos choix"))]
    /// # struct Preferences;
    /// let consent = ConsentCookie::new(Preferences::DECLARATION, Revision::from_u64(1))?;
    /// let headers: [&[u8]; 2] = [b"a=1; b=caf\xc3\xa9", b"cookies_preferences=1.m.1750000000.0000000000000001"];
    /// let state = consent.from_cookie_headers(headers, UNIX_EPOCH + Duration::from_secs(1_750_000_000));
    /// assert!(state.grants(cookie_registry::declaration::Category::Marketing));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_cookie_headers<I>(&self, headers: I, now: SystemTime) -> ConsentState
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        self.try_from_cookie_headers(headers, now)
            .unwrap_or(ConsentState::NONE)
    }

    /// [`from_cookie_headers`](ConsentCookie::from_cookie_headers), with the reason when there
    /// is no consent.
    ///
    /// When the cookie appears several times, every value must decode to the same result, else
    /// [`NoConsent::Ambiguous`]: a cookie written from a sibling domain cannot override the
    /// visitor's own choice.
    ///
    /// # Errors
    ///
    /// [`NoConsent::Missing`] when no header carries the cookie, or why its value gives no
    /// consent.
    pub fn try_from_cookie_headers<I>(
        &self,
        headers: I,
        now: SystemTime,
    ) -> Result<ConsentState, NoConsent>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        super::source::read(self, headers, now)
    }
}
