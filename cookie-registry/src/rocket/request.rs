//! What the fairing reads from a request, once: the consent it carries (for the guard and the
//! response) and where Rocket holds its cookies.

use std::fmt::Write;

use ::rocket::Request;

use super::headers;
use crate::consent::ConsentState;
use crate::enforce::Enforcer;
use crate::interop::gpc::{self, GpcSignal};

pub(super) const COOKIE: &str = "Cookie";

/// A request's reading, kept in its local cache (`Request::local_cache`) under this private
/// type, so that no value an application caches can take its place.
pub(super) struct CarriedCookies {
    /// The consent, with the enforcer's Global Privacy Control policy applied.
    pub(super) consent: ConsentState,
    /// The `Sec-GPC: 1` signal the request sends, for the application to record.
    pub(super) gpc: Option<GpcSignal>,
    /// The request's cookies as one `Cookie` header value, when they are in Rocket's jar
    /// without a `Cookie` header: Rocket's local client (`LocalRequest::cookie`, a tracked
    /// client) puts them there. A request from the network always has the header (Rocket fills
    /// its jar from it), and this is `None`: nothing is copied.
    jar_pairs: Option<String>,
}

impl CarriedCookies {
    /// The reading of `request`, made by the first call (the guard's, or the fairing's at the
    /// response), read from the cache by the others. Request fairings have all run by then:
    /// what is read is the request the handler gets.
    pub(super) fn of<'r>(request: &'r Request<'_>, enforcer: &Enforcer) -> &'r CarriedCookies {
        request.local_cache(|| CarriedCookies::read(request, enforcer))
    }

    fn read(request: &Request<'_>, enforcer: &Enforcer) -> CarriedCookies {
        let mut headers = headers::values(request.headers(), COOKIE).peekable();
        let jar_pairs = if headers.peek().is_some() {
            None
        } else {
            jar_pairs(request)
        };
        let (consent, gpc) = enforcer.request_consent_with_gpc(
            headers.chain(jar_pairs.as_deref()).map(str::as_bytes),
            headers::values(request.headers(), gpc::HEADER),
        );
        CarriedCookies {
            consent,
            gpc,
            jar_pairs,
        }
    }

    /// The request's `Cookie` header values, wherever Rocket holds its cookies.
    pub(super) fn headers<'a>(
        &'a self,
        request: &'a Request<'_>,
    ) -> impl Iterator<Item = &'a [u8]> + 'a {
        cookie_headers(request, self.jar_pairs.as_deref())
    }
}

fn cookie_headers<'a>(
    request: &'a Request<'_>,
    jar_pairs: Option<&'a str>,
) -> impl Iterator<Item = &'a [u8]> + 'a {
    headers::values(request.headers(), COOKIE)
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
