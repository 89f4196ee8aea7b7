//! The guard of every state-changing request: a form is accepted only when the browser says it
//! was posted from one of this site's own pages.
//!
//! Consent recorded by a form that another site submitted, or by a click on this site's banner
//! framed by another site, is not the visitor's consent. So every form handler of the site
//! ([`Site::save_consent`](crate::Site::save_consent), [`Site::login`](crate::Site::login),
//! [`Site::logout`](crate::Site::logout)) checks, in this order, before it acts ([`verdict`]):
//!
//! 1. **where the request comes from**, from the headers the browser sets and no page can
//!    forge: `Sec-Fetch-Site` (Fetch Metadata) must be `same-origin`, and `Origin`, when
//!    present, must be this site's own origin (see [`provenance`] for the whole table);
//! 2. **the double-submit token**: the form's `csrf` field must equal the request's
//!    `__Host-csrftoken` cookie, compared in constant time, and the request must carry exactly
//!    one such cookie.
//!
//! The first check is what stops a same-site attacker: a sibling subdomain, or another port of
//! the same host (cookies do not isolate ports), can plant a token cookie it knows, and a
//! browser sends `SameSite=Lax` cookies with a same-site `POST`; it cannot make the browser
//! send `Sec-Fetch-Site: same-origin` or this site's `Origin`. The token stays as a second,
//! independent check (and the only one for clients that send neither header, if a site chose
//! to accept them; this one does not).
//!
//! A refused request gets a `403` page in the site's layout, never a `500`, and nothing of the
//! form is acted upon. The first check needs only the request's head: a glue runs it with
//! [`Site::guard`](crate::Site::guard) before it reads the body, so that a cross-site body
//! that is not a form at all (`enctype="text/plain"`) gets the same `403` page.
//!
//! Everything here takes header bytes and gives a verdict: no framework is involved.

use http::uri::Authority;
use subtle::ConstantTimeEq;

use crate::request::RequestHead;

/// Why a `POST` was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The browser says the form came from another origin (`Sec-Fetch-Site` other than
    /// `same-origin`, or an `Origin` other than this site's), or said nothing that shows it did
    /// not (neither header), or said it ambiguously (a header sent twice).
    NotSameOrigin,
    /// The token is missing, malformed or different from the cookie's, or the request carries
    /// no token cookie or several.
    Token,
}

/// Whether a form posted with the token `submitted` may be acted upon: the request comes from
/// this site's pages ([`provenance`]) and `submitted` is its only token cookie's value
/// ([`token_matches`]). `cookie` is that value, as [`Site::visit`](crate::Site::visit) reads it.
///
/// ```
/// use example_site::RequestHead;
/// use example_site::csrf::{Refusal, verdict};
///
/// let token = "0123456789abcdef0123456789abcdef";
/// let from_our_page = RequestHead::new("/consent")
///     .header("host", b"127.0.0.1:3000")
///     .header("origin", b"http://127.0.0.1:3000")
///     .header("sec-fetch-site", b"same-origin");
/// assert_eq!(verdict(&from_our_page, Some(token), token), Ok(()));
/// assert_eq!(verdict(&from_our_page, Some(token), "x"), Err(Refusal::Token));
/// let from_elsewhere = RequestHead::new("/consent").header("sec-fetch-site", b"cross-site");
/// assert_eq!(verdict(&from_elsewhere, Some(token), token), Err(Refusal::NotSameOrigin));
/// ```
///
/// # Errors
///
/// The first check that fails, in the order above.
pub fn verdict(
    head: &RequestHead<'_>,
    cookie: Option<&str>,
    submitted: &str,
) -> Result<(), Refusal> {
    provenance(head)?;
    if token_matches(cookie, submitted) {
        Ok(())
    } else {
        Err(Refusal::Token)
    }
}

/// Whether a request comes from one of this site's own pages, by what the browser says.
///
/// | `Sec-Fetch-Site` | `Origin` | verdict |
/// |---|---|---|
/// | `same-origin` | this site's, or absent | go on to the token check |
/// | `same-origin` | another, or `null` | refused |
/// | `same-site`, `cross-site`, `none`, anything else | any | refused |
/// | absent | this site's | go on to the token check (a browser without Fetch Metadata) |
/// | absent | another, or `null` | refused |
/// | absent | absent | refused: no browser of the last five years posts a form without `Origin` |
/// | sent twice | any | refused |
/// | any | sent twice | refused |
///
/// This site's origin is `http://` and the `Host` header (the authority of the request's URI
/// when there is no `Host`): the example serves plain HTTP, reached as `http://127.0.0.1:PORT`
/// (or `http://localhost:PORT`; each is its own origin, and the browser sends the one it
/// used in both headers). Hosts compare without regard to letter case, ports by number with
/// `80` for an absent one. A site behind a TLS proxy compares with its configured public origin
/// (`https://…`) instead.
///
/// # Errors
///
/// [`Refusal::NotSameOrigin`] when the request may not come from this site's pages.
pub fn provenance(head: &RequestHead<'_>) -> Result<(), Refusal> {
    let fetch_site = single(head, "sec-fetch-site")?;
    let origin = single(head, "origin")?;
    if let Some(fetch_site) = fetch_site
        && fetch_site != b"same-origin"
    {
        return Err(Refusal::NotSameOrigin);
    }
    match origin {
        Some(origin) if is_own_origin(origin, head) => Ok(()),
        Some(_) => Err(Refusal::NotSameOrigin),
        None if fetch_site.is_some() => Ok(()),
        None => Err(Refusal::NotSameOrigin),
    }
}

/// The value of a header sent at most once; a header sent twice is refused.
fn single<'h>(head: &RequestHead<'h>, name: &str) -> Result<Option<&'h [u8]>, Refusal> {
    let mut values = head.values(name);
    let first = values.next();
    match values.next() {
        None => Ok(first),
        Some(_) => Err(Refusal::NotSameOrigin),
    }
}

/// Whether `origin` (an `Origin` header's bytes) is `http://` and this request's `Host`.
fn is_own_origin(origin: &[u8], head: &RequestHead<'_>) -> bool {
    let Some(origin) = origin.strip_prefix(b"http://") else {
        return false; // `https://…`, another scheme, or `null`
    };
    let Ok(origin) = Authority::try_from(origin) else {
        return false;
    };
    let host = match single(head, "host") {
        Ok(Some(host)) => Authority::try_from(host).ok(),
        Ok(None) => head
            .target_authority()
            .and_then(|authority| Authority::try_from(authority).ok()),
        Err(_) => None,
    };
    let Some(host) = host else {
        return false;
    };
    // An origin is scheme, host and port only: no user information, nothing after.
    let bare = |a: &Authority| !a.as_str().contains('@');
    bare(&origin)
        && bare(&host)
        && origin.host().eq_ignore_ascii_case(host.host())
        && origin.port_u16().unwrap_or(80) == host.port_u16().unwrap_or(80)
}

/// Whether the form's token is the request's only token cookie, compared in constant time so
/// that the time taken says nothing of how many leading characters were right.
pub fn token_matches(cookie: Option<&str>, submitted: &str) -> bool {
    cookie.is_some_and(|cookie| bool::from(cookie.as_bytes().ct_eq(submitted.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::{Refusal, provenance, token_matches};
    use crate::request::RequestHead;

    fn head(pairs: &[(&'static str, &'static str)]) -> RequestHead<'static> {
        RequestHead::new("/consent").headers(pairs.iter().map(|(n, v)| (*n, v.as_bytes())))
    }

    #[test]
    fn the_origin_must_be_this_sites() {
        let ok = |pairs: &[(&'static str, &'static str)]| provenance(&head(pairs));
        let host = ("host", "127.0.0.1:3000");
        assert_eq!(ok(&[host, ("origin", "http://127.0.0.1:3000")]), Ok(()));
        assert_eq!(ok(&[host, ("sec-fetch-site", "same-origin")]), Ok(()));
        assert_eq!(
            ok(&[("host", "Example.ORG"), ("origin", "http://example.org:80")]),
            Ok(())
        );
        for origin in [
            "http://127.0.0.1:3001",
            "http://127.0.0.1",
            "https://127.0.0.1:3000",
            "http://localhost:3000",
            "http://user@127.0.0.1:3000",
            "http://127.0.0.1:3000/consent",
            "null",
            "",
        ] {
            assert_eq!(
                ok(&[host, ("origin", origin)]),
                Err(Refusal::NotSameOrigin),
                "{origin}"
            );
        }
        // Without a Host, the request's own authority; without either, no origin matches.
        let origin = head(&[("origin", "http://127.0.0.1:3000")]);
        let absolute = origin.clone().authority(Some("127.0.0.1:3000"));
        assert_eq!(provenance(&absolute), Ok(()));
        assert_eq!(provenance(&origin), Err(Refusal::NotSameOrigin));
        // Sent twice, either header is ambiguous.
        assert_eq!(
            ok(&[
                host,
                ("origin", "http://127.0.0.1:3000"),
                ("origin", "http://127.0.0.1:3000")
            ]),
            Err(Refusal::NotSameOrigin)
        );
        assert_eq!(
            ok(&[("host", "a"), host, ("sec-fetch-site", "same-origin")]),
            Ok(()),
            "the Host only matters when there is an Origin"
        );
        assert_eq!(
            ok(&[("host", "a"), host, ("origin", "http://127.0.0.1:3000")]),
            Err(Refusal::NotSameOrigin)
        );
    }

    #[test]
    fn tokens_compare_whole() {
        let token = "0123456789abcdef0123456789abcdef";
        assert!(token_matches(Some(token), token));
        assert!(!token_matches(
            Some(token),
            "0123456789abcdef0123456789abcdee"
        ));
        assert!(!token_matches(Some(token), "0123456789abcdef"));
        assert!(!token_matches(Some(token), ""));
        assert!(!token_matches(None, token));
    }
}
