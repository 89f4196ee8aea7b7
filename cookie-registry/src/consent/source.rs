//! Where a request's consent is read from: this crate's consent cookie, or another format (a
//! JavaScript banner's own cookie, see [`interop`](crate::interop)).

use std::time::SystemTime;

use super::cookie::{ConsentCookie, NoConsent};
use super::header;
use super::state::ConsentState;

/// A cookie that records the visitor's consent, in some format: what an
/// [`Enforcer`](crate::enforce::Enforcer) reads a request's consent from
/// ([`Enforcer::consent_source`](crate::enforce::Enforcer::consent_source)).
///
/// [`ConsentCookie`] is one; the JavaScript banners' cookies are others
/// ([`interop::cookieconsent::CcCookie`](crate::interop::cookieconsent::CcCookie),
/// [`interop::klaro::KlaroCookie`](crate::interop::klaro::KlaroCookie), with the `json`
/// feature). A source only decodes one value: finding the cookie in the request's `Cookie`
/// headers, and refusing a cookie sent twice with values that disagree, is done for every
/// source alike ([`ConsentSource::read_cookie_headers`]).
///
/// ```
/// use std::time::SystemTime;
/// use cookie_registry::consent::{CategorySet, ConsentSource, ConsentState, NoConsent};
/// use cookie_registry::Revision;
///
/// /// A cookie holding `yes` or `no` for every optional category.
/// struct YesNo;
///
/// impl ConsentSource for YesNo {
///     fn cookie_name(&self) -> &str {
///         "all_or_nothing"
///     }
///     fn decode(&self, value: &[u8], now: SystemTime) -> Result<ConsentState, NoConsent> {
///         let granted = match value {
///             b"yes" => CategorySet::ALL,
///             b"no" => CategorySet::NONE,
///             _ => return Err(NoConsent::Malformed { reason: "neither `yes` nor `no`" }),
///         };
///         Ok(ConsentState::given(granted, now, Revision::from_u64(1)))
///     }
/// }
///
/// let headers: [&[u8]; 1] = [b"a=1; all_or_nothing=yes"];
/// let state = YesNo.read_cookie_headers(headers, SystemTime::now());
/// assert_eq!(state.categories(), CategorySet::ALL);
/// let forged: [&[u8]; 1] = [b"all_or_nothing=yes; all_or_nothing=no"];
/// assert_eq!(YesNo.read_cookie_headers(forged, SystemTime::now()), ConsentState::NONE);
/// ```
pub trait ConsentSource: Send + Sync + 'static {
    /// The name of the cookie that carries the consent.
    fn cookie_name(&self) -> &str;

    /// The consent one value of that cookie records at `now`, as the browser sent it (not
    /// percent-decoded), or why it records none that counts. Must not panic, whatever the
    /// bytes.
    ///
    /// # Errors
    ///
    /// A [`NoConsent`] saying why the value gives no consent.
    fn decode(&self, value: &[u8], now: SystemTime) -> Result<ConsentState, NoConsent>;

    /// The consent a request's `Cookie` header values record, with the reason when there is
    /// none. When the cookie appears several times, every value must decode to the same
    /// result, else [`NoConsent::Ambiguous`].
    ///
    /// # Errors
    ///
    /// [`NoConsent::Missing`] when no header carries the cookie, or why its value gives no
    /// consent.
    fn try_read_cookie_headers<I>(
        &self,
        headers: I,
        now: SystemTime,
    ) -> Result<ConsentState, NoConsent>
    where
        Self: Sized,
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        read(self, headers, now)
    }

    /// The consent a request's `Cookie` header values record, or [`ConsentState::NONE`].
    fn read_cookie_headers<I>(&self, headers: I, now: SystemTime) -> ConsentState
    where
        Self: Sized,
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        read(self, headers, now).unwrap_or(ConsentState::NONE)
    }
}

/// Finds `source`'s cookie in `headers` and decodes it; the values of a cookie sent several
/// times must agree.
pub(crate) fn read<S, I>(source: &S, headers: I, now: SystemTime) -> Result<ConsentState, NoConsent>
where
    S: ConsentSource + ?Sized,
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let name = source.cookie_name().as_bytes();
    let mut found: Option<Result<ConsentState, NoConsent>> = None;
    for header in headers {
        for value in header::values_named(header.as_ref(), name) {
            let decoded = source.decode(value, now);
            match &found {
                None => found = Some(decoded),
                Some(first) if *first == decoded => {}
                Some(_) => return Err(NoConsent::Ambiguous),
            }
        }
    }
    found.unwrap_or(Err(NoConsent::Missing))
}

impl ConsentSource for ConsentCookie {
    fn cookie_name(&self) -> &str {
        self.name()
    }

    fn decode(&self, value: &[u8], now: SystemTime) -> Result<ConsentState, NoConsent> {
        self.try_decode(value, now)
    }
}
