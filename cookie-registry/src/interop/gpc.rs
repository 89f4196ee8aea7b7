//! Global Privacy Control: the browser's `Sec-GPC: 1` request header, an opt-out of the sale
//! and sharing of personal data and of targeted advertising.
//!
//! California (CCPA regulations) and Colorado, among others, require a site to honour it as an
//! opt-out; under the GDPR it changes nothing a site may do without consent, but a visitor who
//! sends it has said no to advertising, so the default here is to refuse the marketing category
//! without asking. The signal only ever takes consent away: it is never a consent.
//!
//! * [`GpcSignal::from_headers`] reads the header (exactly `1`; any other value is ignored, as
//!   the specification says).
//! * [`GpcPolicy`] says what the signal does, per jurisdiction; an
//!   [`Enforcer`](crate::enforce::Enforcer) applies it ([`Enforcer::gpc`](crate::enforce::Enforcer::gpc),
//!   [`Enforcer::request_consent_with_gpc`](crate::enforce::Enforcer::request_consent_with_gpc)),
//!   and the tower layer and the actix-web middleware hand the signal to handlers in the
//!   request's extensions, for the consent records.
//! * [`well_known_json`] is the `/.well-known/gpc.json` resource that tells the world the site
//!   honours the signal.
//!
//! ```
//! use cookie_registry::consent::{CategorySet, ConsentState};
//! use cookie_registry::declaration::Category;
//! use cookie_registry::interop::gpc::{GpcPolicy, GpcSignal};
//! use cookie_registry::Revision;
//!
//! let signal = GpcSignal::from_headers(["1"]);
//! assert!(signal.is_some());
//! assert_eq!(GpcSignal::from_headers(["0"]), None);
//!
//! let everything = ConsentState::given(CategorySet::ALL, std::time::SystemTime::now(), Revision::from_u64(1));
//! let applied = GpcPolicy::RefuseMarketing.apply(everything, signal);
//! assert!(!applied.grants(Category::Marketing));
//! assert!(applied.grants(Category::Statistics));
//! assert_eq!(GpcPolicy::Ignore.apply(everything, signal), everything);
//! // Never a consent: with no choice yet, nothing is granted.
//! assert_eq!(GpcPolicy::RefuseMarketing.apply(ConsentState::NONE, signal), ConsentState::NONE);
//! ```

use core::fmt;

use crate::consent::{CategorySet, ConsentState};
use crate::declaration::Category;

/// The request header that carries the signal.
pub const HEADER: &str = "sec-gpc";

/// Where the site serves [`well_known_json`].
pub const WELL_KNOWN_PATH: &str = "/.well-known/gpc.json";

/// What a Global Privacy Control signal does to a visitor's consent.
///
/// The default, [`RefuseMarketing`](GpcPolicy::RefuseMarketing), is what California and
/// Colorado require and what a visitor sending the signal asks for everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GpcPolicy {
    /// The marketing category (sale, sharing, targeted advertising) is refused without a
    /// prompt, whatever the consent cookie says: the banner need not ask for it.
    #[default]
    RefuseMarketing,
    /// The signal is read (and handed to the application to record) but changes nothing.
    Ignore,
}

impl GpcPolicy {
    /// The categories the signal refuses under this policy.
    ///
    /// ```
    /// use cookie_registry::declaration::Category;
    /// use cookie_registry::interop::gpc::GpcPolicy;
    /// assert!(GpcPolicy::RefuseMarketing.refused().contains(Category::Marketing));
    /// assert!(GpcPolicy::Ignore.refused().is_empty());
    /// ```
    pub const fn refused(self) -> CategorySet {
        match self {
            GpcPolicy::RefuseMarketing => CategorySet::NONE.with(Category::Marketing),
            GpcPolicy::Ignore => CategorySet::NONE,
        }
    }

    /// `consent` with the categories this policy refuses taken away, when `signal` is there;
    /// `consent` unchanged otherwise. Never grants anything.
    pub fn apply(self, consent: ConsentState, signal: Option<GpcSignal>) -> ConsentState {
        match signal {
            None => consent,
            Some(_) => self.refused().iter().fold(consent, ConsentState::without),
        }
    }

    /// Whether the banner should still ask for `category` from a visitor who sends the signal:
    /// not for a category the signal refuses.
    ///
    /// ```
    /// use cookie_registry::declaration::Category;
    /// use cookie_registry::interop::gpc::{GpcPolicy, GpcSignal};
    /// let signal = GpcSignal::from_headers(["1"]);
    /// assert!(!GpcPolicy::RefuseMarketing.asks_for(Category::Marketing, signal));
    /// assert!(GpcPolicy::RefuseMarketing.asks_for(Category::Statistics, signal));
    /// assert!(GpcPolicy::RefuseMarketing.asks_for(Category::Marketing, None));
    /// ```
    pub fn asks_for(self, category: Category, signal: Option<GpcSignal>) -> bool {
        signal.is_none() || !self.refused().contains(category)
    }
}

/// Where a Global Privacy Control signal came from: what a consent record keeps with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GpcSource {
    /// The `Sec-GPC: 1` request header.
    Header,
    /// `navigator.globalPrivacyControl`, reported by the page's script.
    Script,
}

impl GpcSource {
    /// `"header"` or `"script"`, for records.
    pub const fn as_str(self) -> &'static str {
        match self {
            GpcSource::Header => "header",
            GpcSource::Script => "script",
        }
    }
}

impl fmt::Display for GpcSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A Global Privacy Control signal the visitor's browser sent: an opt-out, never a consent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GpcSignal {
    source: GpcSource,
}

impl GpcSignal {
    /// The signal of a request's `Sec-GPC` header values: there when one of them is exactly
    /// `1` (spaces and tabs around it trimmed); any other value means no signal.
    pub fn from_headers<H: AsRef<[u8]>>(values: impl IntoIterator<Item = H>) -> Option<GpcSignal> {
        values
            .into_iter()
            .any(|value| value.as_ref().trim_ascii() == b"1")
            .then_some(GpcSignal {
                source: GpcSource::Header,
            })
    }

    /// The signal as the page's script reported it (`navigator.globalPrivacyControl ===
    /// true`), for a site whose banner posts it with the visitor's choice.
    pub const fn from_script() -> GpcSignal {
        GpcSignal {
            source: GpcSource::Script,
        }
    }

    /// Where it came from.
    pub const fn source(&self) -> GpcSource {
        self.source
    }
}

/// The `/.well-known/gpc.json` resource ([`WELL_KNOWN_PATH`]): `{"gpc": true, "lastUpdate":
/// "YYYY-MM-DD"}`, saying the site honours the signal since `last_update`, a date written
/// `YYYY-MM-DD` (serve it as `application/json`).
///
/// ```
/// use cookie_registry::interop::gpc::well_known_json;
/// assert_eq!(well_known_json("2025-06-01")?, "{\"gpc\": true, \"lastUpdate\": \"2025-06-01\"}\n");
/// assert!(well_known_json("June 1st").is_err());
/// # Ok::<(), cookie_registry::interop::gpc::InvalidDate>(())
/// ```
///
/// # Errors
///
/// [`InvalidDate`] unless `last_update` is `YYYY-MM-DD` with a month from 01 to 12 and a day
/// from 01 to 31.
pub fn well_known_json(last_update: &str) -> Result<String, InvalidDate> {
    let bytes = last_update.as_bytes();
    let digits = |range: core::ops::Range<usize>| -> Option<u32> {
        let part = bytes.get(range)?;
        part.iter().all(u8::is_ascii_digit).then(|| {
            part.iter()
                .fold(0, |n, &digit| n * 10 + u32::from(digit - b'0'))
        })
    };
    let valid = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && digits(0..4).is_some()
        && digits(5..7).is_some_and(|month| (1..=12).contains(&month))
        && digits(8..10).is_some_and(|day| (1..=31).contains(&day));
    if !valid {
        return Err(InvalidDate {
            given: last_update.to_string(),
        });
    }
    Ok(format!(
        "{{\"gpc\": true, \"lastUpdate\": \"{last_update}\"}}\n"
    ))
}

/// A `lastUpdate` date that is not `YYYY-MM-DD` ([`well_known_json`]).
#[derive(Clone, PartialEq, Eq)]
pub struct InvalidDate {
    given: String,
}

impl fmt::Display for InvalidDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date written YYYY-MM-DD, as gpc.json's `lastUpdate` must be",
            self.given
        )
    }
}

crate::errors::debug_as_display!(InvalidDate);
impl std::error::Error for InvalidDate {}
