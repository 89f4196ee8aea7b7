//! What the fairing and the guards read from a request: the consent it carries, the Global
//! Privacy Control signal it sends, and where Rocket holds its cookies.
//!
//! The guard reads the consent and the response is judged under the same reading: recalled by
//! the bytes it was read from ([`reading`](super::reading)), or, for a request whose reading
//! cannot be recalled that way, kept in the request's local cache ([`Cached`]).

use std::fmt::Write;
use std::time::SystemTime;

use ::rocket::Request;

use super::{headers, reading};
use crate::consent::ConsentState;
use crate::enforce::Enforcer;
use crate::interop::gpc::{self, GpcSignal};

/// The request's `Cookie` header, to find among its headers.
static COOKIE: headers::Name = headers::Name::new("Cookie");

/// The Global Privacy Control header ([`gpc::HEADER`]), to find among a request's headers.
static GPC: headers::Name = headers::Name::new(gpc::HEADER);

/// The consent of `request` for a guard, with the enforcer's Global Privacy Control policy
/// applied: read afresh, and left for the response.
pub(super) fn consent_for_guard(request: &Request<'_>, enforcer: &Enforcer) -> ConsentState {
    let carried = Carried::of(request);
    if !carried.recallable(request, enforcer) {
        return Cached::of(request, enforcer).consent;
    }
    let now = SystemTime::now();
    let consent = enforcer.request_consent_at(carried.cookies(), now);
    reading::keep(enforcer, now, carried.cookies(), consent);
    enforcer.gpc_policy().apply(consent, carried.gpc)
}

/// The consent in force for `request` at its response (the guard's reading, when a guard
/// read it) and the request's `Cookie` header values, wherever Rocket holds its cookies (walked
/// again only if the judgment needs them: for a withdrawal).
pub(super) fn for_response<'r>(
    request: &'r Request<'_>,
    enforcer: &Enforcer,
) -> (ConsentState, impl Iterator<Item = &'r [u8]> + 'r) {
    let carried = Carried::of(request);
    if !carried.recallable(request, enforcer) {
        let cached = Cached::of(request, enforcer);
        return (
            cached.consent,
            cookie_headers(request, cached.jar_pairs.as_deref()),
        );
    }
    let now = SystemTime::now();
    let consent = reading::recall(enforcer, now, carried.cookies())
        .unwrap_or_else(|| enforcer.request_consent_at(carried.cookies(), now));
    (
        enforcer.gpc_policy().apply(consent, carried.gpc),
        cookie_headers(request, None),
    )
}

/// The `Sec-GPC: 1` signal `request` sends.
pub(super) fn gpc_signal(request: &Request<'_>) -> Option<GpcSignal> {
    GpcSignal::from_headers(headers::values(request.headers(), &GPC))
}

/// The request's headers the policy reads, found in one walk of Rocket's header map (each
/// walk costs some dozens of instructions per header).
struct Carried<'r> {
    /// The first `Cookie` header values, in order.
    cookies: [&'r [u8]; Carried::KEPT],
    len: usize,
    /// Whether `cookies` holds every `Cookie` header value.
    complete: bool,
    gpc: Option<GpcSignal>,
}

impl<'r> Carried<'r> {
    /// HTTP/1.1 sends one `Cookie` header; HTTP/2 may send several.
    const KEPT: usize = 8;

    fn of(request: &'r Request<'_>) -> Carried<'r> {
        let mut carried = Carried {
            cookies: [&[]; Carried::KEPT],
            len: 0,
            complete: true,
            gpc: None,
        };
        for (name, value) in headers::values_named(request.headers(), [&COOKIE, &GPC]) {
            if name == 1 {
                carried.gpc = carried.gpc.or(GpcSignal::from_headers([value]));
            } else if carried.len == Carried::KEPT {
                carried.complete = false;
            } else {
                carried.cookies[carried.len] = value.as_bytes();
                carried.len += 1;
            }
        }
        carried
    }

    fn cookies(&self) -> &[&'r [u8]] {
        &self.cookies[..self.len]
    }

    /// Whether the reading of `request` can be recalled by its bytes: its `Cookie` header
    /// values are all here and hold every cookie it carries (Rocket's local client puts them
    /// in the jar instead, without a header), and they fit in what a thread keeps.
    fn recallable(&self, request: &Request<'_>, enforcer: &Enforcer) -> bool {
        // The jar holds the request's own cookies only (the handler's go to its changes), so
        // the guard and the response answer alike.
        self.complete
            && (self.len > 0 || request.cookies().iter().next().is_none())
            && reading::keepable(enforcer, self.cookies())
    }
}

/// A reading in the request's local cache, under this private type, so that no value an
/// application caches can take its place.
struct Cached {
    /// As [`consent_for_guard`] gives it.
    consent: ConsentState,
    /// The request's cookies as one `Cookie` header value, when they are in Rocket's jar
    /// without a `Cookie` header: Rocket's local client (`LocalRequest::cookie`, a tracked
    /// client) puts them there. `None` for a request from the network, which always has the
    /// header (Rocket fills its jar from it): nothing is copied.
    jar_pairs: Option<String>,
}

impl Cached {
    /// The reading of `request`, made by the first call (a guard's, or the fairing's at the
    /// response), read from the cache by the others. Request fairings have all run by then:
    /// what is read is the request the handler gets.
    fn of<'r>(request: &'r Request<'_>, enforcer: &Enforcer) -> &'r Cached {
        request.local_cache(|| Cached::read(request, enforcer))
    }

    fn read(request: &Request<'_>, enforcer: &Enforcer) -> Cached {
        let jar_pairs = match headers::values(request.headers(), &COOKIE).next() {
            Some(_) => None,
            None => jar_pairs(request),
        };
        let consent = enforcer.request_consent(cookie_headers(request, jar_pairs.as_deref()));
        Cached {
            consent: enforcer.gpc_policy().apply(consent, gpc_signal(request)),
            jar_pairs,
        }
    }
}

/// The request's `Cookie` header values, and `jar_pairs` when its cookies are in Rocket's jar.
fn cookie_headers<'a>(
    request: &'a Request<'_>,
    jar_pairs: Option<&'a str>,
) -> impl Iterator<Item = &'a [u8]> + 'a {
    headers::values(request.headers(), &COOKIE)
        .chain(jar_pairs)
        .map(str::as_bytes)
}

/// The cookies of Rocket's jar as one `Cookie` header value, encoded as on the wire (Rocket
/// decodes them); `None` for an empty jar.
fn jar_pairs(request: &Request<'_>) -> Option<String> {
    let mut pairs = String::new();
    for cookie in request.cookies().iter() {
        if !pairs.is_empty() {
            pairs.push_str("; ");
        }
        // Writing into a `String` cannot fail.
        let _ = write!(pairs, "{}", cookie.encoded().stripped());
    }
    (!pairs.is_empty()).then_some(pairs)
}
