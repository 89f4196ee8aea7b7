//! The user's consent: which categories are granted, when, for which policy revision; and the
//! consent cookie that carries it from one request to the next.

use core::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use super::proof::{self, ConsentCategory, Granted, NotGranted};
use super::revision::Revision;
use crate::bytes::{find, find2};
use crate::declaration::{Category, CookieDeclaration, CookieName, DeclaredCookie, Exemption};
use crate::declaration::{Lifetime, Storage, TimeUnit};

/// The longest consent-cookie value decoding looks at; longer ones are rejected before any
/// parsing. A version-1 value is at most 35 bytes.
pub const MAX_VALUE_LEN: usize = 64;

/// How far in the future a recorded choice may be (clock differences between servers) before
/// it is taken for a forgery: one hour.
pub const MAX_CLOCK_SKEW_SECONDS: u64 = 3_600;

/// The current Unix time in seconds (0 if the clock is before 1970).
///
/// ```
/// assert!(cookie_registry::enforce::unix_now() > 1_700_000_000);
/// ```
pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A set of [`Category`] values, as a bit set: `Copy`, no allocation.
///
/// ```
/// use cookie_registry::{Category, enforce::Categories};
///
/// let chosen: Categories = [Category::Statistics, Category::Marketing].into_iter().collect();
/// assert!(chosen.contains(Category::Statistics));
/// assert!(!chosen.contains(Category::Functionality));
/// assert_eq!(chosen.iter().collect::<Vec<_>>(), [Category::Statistics, Category::Marketing]);
/// assert_eq!(format!("{chosen:?}"), "{statistics, marketing}");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Categories(u8);

impl Categories {
    /// No category.
    pub const NONE: Categories = Categories(0);

    /// Every category, [`Category::Necessary`] included: what "accept all" grants.
    pub const ALL: Categories = Categories::NONE
        .with(Category::Necessary)
        .with(Category::Functionality)
        .with(Category::Statistics)
        .with(Category::Marketing);

    const fn bit(category: Category) -> u8 {
        1 << (category as u8)
    }

    /// This set with `category` added.
    #[must_use]
    pub const fn with(self, category: Category) -> Categories {
        Categories(self.0 | Categories::bit(category))
    }

    /// This set without `category`.
    #[must_use]
    pub const fn without(self, category: Category) -> Categories {
        Categories(self.0 & !Categories::bit(category))
    }

    /// Whether `category` is in the set.
    pub const fn contains(self, category: Category) -> bool {
        self.0 & Categories::bit(category) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in either set.
    #[must_use]
    pub const fn union(self, other: Categories) -> Categories {
        Categories(self.0 | other.0)
    }

    /// The categories in `self` and not in `other`: for consent, what was withdrawn between an
    /// earlier grant (`self`) and the current one (`other`).
    #[must_use]
    pub const fn difference(self, other: Categories) -> Categories {
        Categories(self.0 & !other.0)
    }

    /// The categories in the set, in [`Category::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Category> + Clone {
        Category::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<Category> for Categories {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        iter.into_iter().fold(Categories::NONE, Categories::with)
    }
}

impl fmt::Debug for Categories {
    /// `{statistics, marketing}`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Keyword(&'static str);
        impl fmt::Debug for Keyword {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }
        f.debug_set()
            .entries(self.iter().map(|c| Keyword(c.as_str())))
            .finish()
    }
}

/// What the user has agreed to: granted categories, when, and for which policy revision.
///
/// Necessary cookies are always allowed, whatever the state. [`ConsentState::NONE`] is "no
/// choice yet" (show the banner; silence means refusal); a state made with
/// [`given`](ConsentState::given) records a choice, possibly to refuse everything.
///
/// ```
/// use cookie_registry::{Category, enforce::{Categories, ConsentState, Revision}};
///
/// let none = ConsentState::NONE;
/// assert!(!none.is_given());
/// assert!(none.grants(Category::Necessary));
/// assert!(!none.grants(Category::Statistics));
///
/// let choice = ConsentState::given(
///     Categories::NONE.with(Category::Statistics),
///     1_750_000_000,
///     Revision::from_u64(0x3c5e_0d7b_1a2f_9e84),
/// );
/// assert!(choice.is_given());
/// assert!(choice.grants(Category::Statistics));
/// assert!(!choice.grants(Category::Marketing));
/// assert_eq!(choice.encode().as_deref(), Some("1.s.1750000000.3c5e0d7b1a2f9e84"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsentState {
    granted: Categories,
    choice: Option<(u64, Revision)>,
}

impl ConsentState {
    /// No choice yet: only necessary cookies are allowed.
    pub const NONE: ConsentState = ConsentState {
        granted: Categories::NONE.with(Category::Necessary),
        choice: None,
    };

    /// A choice made at `at` (Unix seconds) for the policy `revision`, granting `granted`
    /// (necessary is added: it is always allowed).
    ///
    /// This is how an application records what the user just chose in the banner; a
    /// consent cookie helps: [`ConsentCookie::choose`].
    pub const fn given(granted: Categories, at: u64, revision: Revision) -> ConsentState {
        ConsentState {
            granted: granted.with(Category::Necessary),
            choice: Some((at, revision)),
        }
    }

    /// Whether the user has made a choice (possibly refusing everything).
    pub const fn is_given(&self) -> bool {
        self.choice.is_some()
    }

    /// The granted categories; always contains [`Category::Necessary`].
    pub const fn categories(&self) -> Categories {
        self.granted
    }

    /// Whether cookies of `category` may be set (always for necessary ones).
    pub const fn grants(&self, category: Category) -> bool {
        self.granted.contains(category)
    }

    /// Whether the cookie a declaration describes may be set: it needs no consent
    /// ([`CookieDeclaration::consent_category`] is `None`), or its category is granted.
    pub const fn allows(&self, declaration: &CookieDeclaration) -> bool {
        match declaration.consent_category() {
            None => true,
            Some(category) => self.grants(category),
        }
    }

    /// When the choice was made, in Unix seconds; `None` before any choice.
    pub const fn given_at(&self) -> Option<u64> {
        match self.choice {
            Some((at, _)) => Some(at),
            None => None,
        }
    }

    /// The policy revision the choice was made for; `None` before any choice.
    pub const fn revision(&self) -> Option<Revision> {
        match self.choice {
            Some((_, revision)) => Some(revision),
            None => None,
        }
    }

    /// The proof of consent to `C`, if this state grants `C`.
    ///
    /// # Errors
    ///
    /// [`NotGranted`] when it does not.
    pub fn granted<C: ConsentCategory>(&self) -> Result<Granted<C>, NotGranted> {
        if self.grants(C::CATEGORY) {
            Ok(Granted::new())
        } else {
            Err(NotGranted::new(C::CATEGORY))
        }
    }

    /// The proof the typed handle `T` needs ([`DeclaredCookie::Consent`]), if this state gives
    /// it: always for an exempt cookie, when its category is granted otherwise.
    ///
    /// # Errors
    ///
    /// [`NotGranted`] when this state does not grant `T`'s category.
    pub fn proof_for<T: DeclaredCookie>(&self) -> Result<T::Consent, NotGranted> {
        proof::proof_for::<T>(self)
    }

    /// The consent cookie's value for this state (see [`ConsentCookie`]'s format); `None` before
    /// any choice, which has nothing to record.
    pub fn encode(&self) -> Option<String> {
        let (at, revision) = self.choice?;
        let mut categories = String::with_capacity(3);
        for (category, letter) in LETTERS {
            if self.grants(category) {
                categories.push(letter as char);
            }
        }
        if categories.is_empty() {
            categories.push('-');
        }
        Some(format!("{VERSION}.{categories}.{at}.{revision}"))
    }
}

/// The version field this crate writes.
const VERSION: &str = "1";

/// The categories that need consent, with their letter in the encoding, in encoding order.
const LETTERS: [(Category, u8); 3] = [
    (Category::Functionality, b'f'),
    (Category::Statistics, b's'),
    (Category::Marketing, b'm'),
];

/// Why a consent cookie's value, or a request's `Cookie` headers, gave no consent.
///
/// For tests and logging: the decoding that middleware uses
/// ([`ConsentCookie::decode`], [`ConsentCookie::from_cookie_headers`]) turns every one of these
/// into [`ConsentState::NONE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentError {
    /// The request carries no consent cookie.
    Missing,
    /// The request carries the consent cookie several times, with values that do not agree
    /// (another path, or a cookie written from a sibling domain).
    Ambiguous,
    /// The value is longer than [`MAX_VALUE_LEN`]; it was not parsed.
    TooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// The value is not a version-1 encoding.
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
    /// The choice is dated more than [`MAX_CLOCK_SKEW_SECONDS`] in the future.
    FromTheFuture,
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentError::Missing => f.write_str("the request carries no consent cookie"),
            ConsentError::Ambiguous => f.write_str(
                "the request carries the consent cookie several times with different values",
            ),
            ConsentError::TooLong { len } => write!(
                f,
                "the consent cookie's value is {len} bytes long, more than the {MAX_VALUE_LEN} read"
            ),
            ConsentError::Malformed { reason } => {
                write!(f, "the consent cookie's value is malformed: {reason}")
            }
            ConsentError::UnsupportedVersion => {
                f.write_str("the consent cookie's value is of an unsupported format version")
            }
            ConsentError::OutdatedRevision { found } => write!(
                f,
                "the consent was given for policy revision {found}, which is not the current one"
            ),
            ConsentError::Expired { age } => write!(
                f,
                "the consent was given {age} seconds ago, longer than the consent cookie's lifetime"
            ),
            ConsentError::FromTheFuture => f.write_str("the consent is dated in the future"),
        }
    }
}

impl std::error::Error for ConsentError {}

/// Why a declaration cannot be the consent cookie's ([`ConsentCookie::new`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

impl std::error::Error for ConsentCookieError {}

/// The cookie that records the user's consent choice: its declaration, and the policy revision
/// a choice must be for to count.
///
/// The application declares it, like any cookie, as necessary with the `consent_storage`
/// exemption. Its name and lifetime are the declaration's:
/// [`DEFAULT_NAME`](ConsentCookie::DEFAULT_NAME) (`cookies_preferences`) and
/// [`DEFAULT_LIFETIME`](ConsentCookie::DEFAULT_LIFETIME) (6 months, the CNIL's recommended
/// duration) unless you declare others.
///
/// ```
/// use cookie_registry::{Category, Cookie, DeclaredCookie, Registry};
/// use cookie_registry::enforce::{Categories, ConsentCookie, ConsentError, ConsentState};
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
/// // The user accepts statistics cookies: record it.
/// let now = 1_750_000_000;
/// let choice = consent.choose(Categories::NONE.with(Category::Statistics), now);
/// let value = choice.encode().expect("a choice has a value");
///
/// // A later request: read it back from its `Cookie` header.
/// let header = format!("sessionid=abc; cookies_preferences={value}; csrftoken=xyz");
/// assert_eq!(consent.from_cookie_header(&header, now + 60), choice);
///
/// // Anything else is "no consent yet".
/// assert_eq!(consent.decode("1.s.1750000000.0000000000000000", now), ConsentState::NONE);
/// assert!(matches!(
///     consent.try_decode("1.s.1750000000.0000000000000000", now),
///     Err(ConsentError::OutdatedRevision { .. })
/// ));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # The value
///
/// Version 1 is four fields separated by `.`, every byte an RFC 6265 `cookie-octet`:
///
/// ```text
/// 1.fs.1750000000.3c5e0d7b1a2f9e84
/// │ │  │          └ the policy revision: 16 lowercase hexadecimal digits
/// │ │  └ when the choice was made: Unix time in seconds, decimal, no leading zero
/// │ └ the granted categories: `f` functionality, `s` statistics, `m` marketing,
/// │   in that order, or `-` for none (the user refused everything)
/// └ the format version
/// ```
///
/// Decoding accepts exactly what encoding writes (one spelling per state), so any other value
/// (malformed, hand-edited into a non-canonical form, truncated, longer than
/// [`MAX_VALUE_LEN`], of another version, for another revision, expired or from the future)
/// is "no consent yet": [`ConsentState::NONE`].
///
/// The value is not signed. Changing it by hand into another valid value changes the user's
/// own choice, which is theirs to make; every other change reads as no consent. A site that
/// fears a sibling subdomain writing the cookie for its users can name it with the `__Host-`
/// prefix, which no other host can set for this one (it forbids `Domain`); a value that appears twice
/// with different contents (what such a write leaves behind) reads as no consent
/// ([`ConsentError::Ambiguous`]). The record that GDPR art. 7(1) asks a controller to keep
/// (who consented to what, when) is the application's own log, on the server.
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

    /// The state that records a choice made now (`now` in Unix seconds, see [`unix_now`]) for
    /// the current revision.
    pub const fn choose(&self, granted: Categories, now: u64) -> ConsentState {
        ConsentState::given(granted, now, self.revision)
    }

    /// The consent a value of this cookie records, or [`ConsentState::NONE`] when it records
    /// none that counts now (`now` in Unix seconds). Never panics, never allocates.
    pub fn decode(&self, value: impl AsRef<[u8]>, now: u64) -> ConsentState {
        self.try_decode(value, now).unwrap_or(ConsentState::NONE)
    }

    /// [`decode`](ConsentCookie::decode), with the reason when there is no consent.
    ///
    /// # Errors
    ///
    /// A [`ConsentError`] saying why the value gives no consent.
    pub fn try_decode(
        &self,
        value: impl AsRef<[u8]>,
        now: u64,
    ) -> Result<ConsentState, ConsentError> {
        let value = value.as_ref();
        if value.len() > MAX_VALUE_LEN {
            return Err(ConsentError::TooLong { len: value.len() });
        }
        let (granted, at, revision) = parse(value)?;
        if revision != self.revision {
            return Err(ConsentError::OutdatedRevision { found: revision });
        }
        if at > now.saturating_add(MAX_CLOCK_SKEW_SECONDS) {
            return Err(ConsentError::FromTheFuture);
        }
        let age = now.saturating_sub(at);
        if let Some(max_age) = self.declaration.max_age_seconds()
            && age > max_age
        {
            return Err(ConsentError::Expired { age });
        }
        Ok(ConsentState::given(granted, at, revision))
    }

    /// The consent a request's `Cookie` header records (`a=1; cookies_preferences=...; b=2`).
    /// Never panics; allocates nothing.
    pub fn from_cookie_header(&self, header: impl AsRef<[u8]>, now: u64) -> ConsentState {
        self.from_cookie_headers([header], now)
    }

    /// The consent a request's `Cookie` headers record (HTTP/2 may split them into several),
    /// or [`ConsentState::NONE`]. Never panics; allocates nothing.
    ///
    /// ```
    /// # use cookie_registry::{Cookie, DeclaredCookie, enforce::{ConsentCookie, ConsentState, Revision}};
    /// # #[derive(Cookie)]
    /// # #[cookie(name = "cookies_preferences", provider = "Example", category = necessary,
    /// #     exemption = consent_storage, lifetime = "6 months",
    /// #     function(en = "Cookie banner", fr = "Bandeau cookies"),
    /// #     purpose(en = "To remember your choices", fr = "Se souvenir de vos choix"))]
    /// # struct Preferences;
    /// let consent = ConsentCookie::new(Preferences::DECLARATION, Revision::from_u64(1))?;
    /// let headers: [&[u8]; 2] = [b"a=1; b=2", b"cookies_preferences=1.m.1750000000.0000000000000001"];
    /// let state = consent.from_cookie_headers(headers, 1_750_000_000);
    /// assert!(state.grants(cookie_registry::Category::Marketing));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_cookie_headers<I>(&self, headers: I, now: u64) -> ConsentState
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
    /// [`ConsentError::Ambiguous`]: a cookie written from a sibling domain cannot override the
    /// user's own choice.
    ///
    /// # Errors
    ///
    /// [`ConsentError::Missing`] when no header carries the cookie, or why its value gives no
    /// consent.
    pub fn try_from_cookie_headers<I>(
        &self,
        headers: I,
        now: u64,
    ) -> Result<ConsentState, ConsentError>
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let mut found: Option<Result<ConsentState, ConsentError>> = None;
        for header in headers {
            for value in values_named(header.as_ref(), self.name.as_bytes()) {
                let decoded = self.try_decode(value, now);
                match &found {
                    None => found = Some(decoded),
                    Some(first) if *first == decoded => {}
                    Some(_) => return Err(ConsentError::Ambiguous),
                }
            }
        }
        found.unwrap_or(Err(ConsentError::Missing))
    }
}

/// The values of the cookies called `name` in a `Cookie` header, trimmed of optional white
/// space. Pairs without `=` are skipped, as browsers do.
fn values_named<'h>(header: &'h [u8], name: &'h [u8]) -> impl Iterator<Item = &'h [u8]> + 'h {
    // Every request goes through here: the pairs are cut with the word-at-a-time search.
    let mut start = Some(0);
    std::iter::from_fn(move || {
        loop {
            let from = start?;
            let stop = find2(header, from, b'=', b';');
            if stop == header.len() || header[stop] == b';' {
                // A pair without `=`, or the end.
                start = (stop < header.len()).then_some(stop + 1);
                continue;
            }
            let end = find(header, stop + 1, b';');
            start = (end < header.len()).then_some(end + 1);
            if trim_ows(&header[from..stop]) == name {
                return Some(trim_ows(&header[stop + 1..end]));
            }
        }
    })
}

/// `bytes` without leading and trailing spaces and tabs (RFC 9110 `OWS`).
#[inline]
fn trim_ows(bytes: &[u8]) -> &[u8] {
    let is_ows = |b: u8| b == b' ' || b == b'\t';
    let (mut start, mut end) = (0, bytes.len());
    while start < end && is_ows(bytes[start]) {
        start += 1;
    }
    while end > start && is_ows(bytes[end - 1]) {
        end -= 1;
    }
    &bytes[start..end]
}

/// Parses a version-1 value into granted categories, time and revision; accepts only the
/// canonical spelling.
fn parse(value: &[u8]) -> Result<(Categories, u64, Revision), ConsentError> {
    let malformed = |reason| Err(ConsentError::Malformed { reason });
    let mut fields = value.split(|&b| b == b'.');
    let version = fields.next().unwrap_or_default();
    if version != VERSION.as_bytes() {
        return if !version.is_empty()
            && version.len() <= 3
            && version.iter().all(u8::is_ascii_digit)
        {
            Err(ConsentError::UnsupportedVersion)
        } else {
            malformed("the version is not a number")
        };
    }
    let (Some(categories), Some(time), Some(revision), None) =
        (fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return malformed("expected four fields separated by `.`");
    };

    let granted = if categories == b"-" {
        Categories::NONE
    } else {
        let mut granted = Categories::NONE;
        let mut next = 0; // index in LETTERS the next letter may have, at least
        for &byte in categories {
            let Some(offset) = LETTERS[next..].iter().position(|&(_, l)| l == byte) else {
                return malformed("the categories are not `-` or some of `fsm` in that order");
            };
            granted = granted.with(LETTERS[next + offset].0);
            next += offset + 1;
        }
        if granted.is_empty() {
            return malformed("the categories are empty");
        }
        granted
    };

    // At most 12 digits: enough until the year 33658, and never overflows.
    if time.is_empty()
        || time.len() > 12
        || !time.iter().all(u8::is_ascii_digit)
        || (time.len() > 1 && time[0] == b'0')
    {
        return malformed("the time is not a decimal number of seconds");
    }
    let at = time.iter().fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));

    let Some(revision) = Revision::parse_hex(revision) else {
        return malformed("the revision is not 16 lowercase hexadecimal digits");
    };
    Ok((granted, at, revision))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_values_are_found_and_trimmed() {
        let header = b" a=1;b = 2 ;\tcookies_preferences = x ;noequals; cookies_preferences=y;";
        let values: Vec<&[u8]> = values_named(header, b"cookies_preferences").collect();
        assert_eq!(values, [&b"x"[..], &b"y"[..]]);
        assert_eq!(values_named(b"", b"a").count(), 0);
        assert_eq!(values_named(b";;;", b"a").count(), 0);
        assert_eq!(values_named(b"a=", b"a").collect::<Vec<_>>(), [&b""[..]]);
        assert_eq!(
            values_named(b"A=1", b"a").count(),
            0,
            "names are case-sensitive"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 2_000, failure_persistence: None, ..Default::default()
        })]

        /// The word-at-a-time reading finds the same pairs as the plain one: split at `;`, cut
        /// at the first `=`, trim, compare.
        #[test]
        fn values_named_reads_as_split(
            header in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::sample::select(b"; =\tab".to_vec()),
                    proptest::prelude::any::<u8>(),
                ],
                0..80,
            ),
            name in proptest::sample::select(vec![&b"a"[..], b"ab", b"b", b"", b"a b"]),
        ) {
            let plain: Vec<&[u8]> = header
                .split(|&b| b == b';')
                .filter_map(|pair| {
                    let equals = pair.iter().position(|&b| b == b'=')?;
                    (trim_ows(&pair[..equals]) == name).then(|| trim_ows(&pair[equals + 1..]))
                })
                .collect();
            let fast: Vec<&[u8]> = values_named(&header, name).collect();
            proptest::prop_assert_eq!(fast, plain);
        }
    }

    #[test]
    fn trim_ows_handles_blank_and_empty() {
        assert_eq!(trim_ows(b""), b"");
        assert_eq!(trim_ows(b" \t "), b"");
        assert_eq!(trim_ows(b" x y\t"), b"x y");
    }

    #[test]
    fn parse_accepts_only_canonical_values() {
        let rev = "0123456789abcdef";
        let ok = |v: &str| parse(v.as_bytes()).is_ok();
        assert!(ok(&format!("1.-.0.{rev}")));
        assert!(ok(&format!("1.fsm.999999999999.{rev}")));
        assert!(ok(&format!("1.fm.1.{rev}")));
        for bad in [
            format!("1.sf.1.{rev}"),
            format!("1.ss.1.{rev}"),
            format!("1..1.{rev}"),
            format!("1.x.1.{rev}"),
            format!("1.-s.1.{rev}"),
            format!("1.s.01.{rev}"),
            format!("1.s.1000000000000.{rev}"),
            format!("1.s.+1.{rev}"),
            format!("1.s..{rev}"),
            format!("1.s.1.{}", rev.to_uppercase()),
            format!("1.s.1.{rev}0"),
            format!("1.s.1.{rev}."),
            format!("01.s.1.{rev}"),
            "1.s.1".to_string(),
            String::new(),
        ] {
            assert!(!ok(&bad), "{bad}");
        }
        assert_eq!(
            parse(format!("2.s.1.{rev}").as_bytes()),
            Err(ConsentError::UnsupportedVersion)
        );
    }

    #[test]
    fn categories_set_operations() {
        let a = Categories::NONE
            .with(Category::Statistics)
            .with(Category::Marketing);
        let b = Categories::NONE.with(Category::Statistics);
        assert_eq!(a.difference(b), Categories::NONE.with(Category::Marketing));
        assert_eq!(a.union(b), a);
        assert_eq!(a.without(Category::Marketing), b);
        assert!(Categories::NONE.is_empty());
        assert_eq!(Categories::ALL.iter().count(), 4);
        assert_eq!(format!("{:?}", Categories::NONE), "{}");
    }
}
