//! The visitor's consent: which categories are granted, when, for which policy revision; the
//! proofs of consent the compiler checks; and the consent cookie that carries a choice from one
//! request to the next.
//!
//! * [`ConsentState`]: what the visitor agreed to ([`CategorySet`], time, [`Revision`]).
//! * **Proofs**: a cookie that needs consent is built with a [`Granted<C>`], which only a
//!   [`ConsentState`] that grants `C` hands out; a necessary or exempt one with
//!   [`NoConsentNeeded`]. For a typed handle the compiler checks it:
//!
//!   ```compile_fail
//!   # use cookie_registry::{Cookie, DeclaredCookie, consent::NoConsentNeeded};
//!   #[derive(Cookie)]
//!   #[cookie(
//!       name = "_analytics", provider = "Example Analytics", category = statistics,
//!       lifetime = "6 months", function(en = "Analytics", fr = "Statistiques"),
//!       purpose(en = "To count visits", fr = "Compter les visites"),
//!   )]
//!   struct Analytics;
//!
//!   // error: this cookie must be built with `Granted<Statistics>`, not `NoConsentNeeded`
//!   let cookie = Analytics::header("id", NoConsentNeeded);
//!   ```
//!
//! * [`ConsentCookie`]: records a [`ConsentState`] in a compact cookie value and reads it back
//!   from a request's `Cookie` headers; anything malformed, tampered with or out of date reads
//!   as "no consent yet" ([`NoConsent`] says why).
//! * [`ConsentSource`]: any cookie that records consent, in this crate's format or another (a
//!   JavaScript banner's, see [`interop`](crate::interop)), for the enforcement to read.
//!
//! [`Revision`]: crate::Revision

mod categories;
mod cookie;
pub(crate) mod header;
mod id;
pub(crate) mod proof;
mod source;
mod state;
mod value;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub use categories::CategorySet;
pub use cookie::{ConsentCookie, ConsentCookieError, NoConsent};
pub use id::{ConsentId, RandomnessUnavailable};
pub use proof::{
    ConsentCategory, ConsentProof, Functionality, Granted, Marketing, NoConsentNeeded, NotGranted,
    Satisfies, Statistics,
};
pub use source::ConsentSource;
pub(crate) use source::read as read_source;
pub use state::ConsentState;

/// `time` in whole seconds since 1970; 0 before that.
pub(crate) fn unix_seconds(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// The time `seconds` after 1970.
pub(crate) fn from_unix_seconds(seconds: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(seconds)
}
