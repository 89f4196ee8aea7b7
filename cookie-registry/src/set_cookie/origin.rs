//! What a browser does with a header given the request it answers: RFC 6265bis 5.7 steps 7-22,
//! as Chromium 156 applies them.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::{SameSite, SameSiteAttribute, SecurityPrefix, SetCookie};

/// The request a `Set-Cookie` answers, as far as storing the cookie goes.
///
/// ```
/// use cookie_registry::set_cookie::{Origin, Rejected, SetCookie};
///
/// let page = Origin::new("www.example.com", "/shop/cart", true).registrable_domain("example.com");
/// let cookie = SetCookie::parse(b"id=1; Domain=example.com; Secure")?;
/// let stored = cookie.stored_for(&page).expect("stored");
/// assert_eq!(stored.domain(), b"example.com");
/// assert!(!stored.host_only());
/// assert_eq!(stored.path(), b"/shop");
///
/// let insecure = Origin::new("www.example.com", "/", false);
/// assert_eq!(cookie.stored_for(&insecure), Err(Rejected::SecureFromInsecureOrigin));
/// # Ok::<(), cookie_registry::set_cookie::Ignored>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Origin<'o> {
    host: &'o str,
    registrable_domain: Option<&'o str>,
    path: &'o str,
    secure: bool,
}

impl<'o> Origin<'o> {
    /// A request to `host` for `path`.
    ///
    /// * `host`: canonical, as in the URL a browser sends: lower case, an internationalised
    ///   name in punycode (`xn--…`), an IPv6 address in brackets.
    /// * `path`: the URL's path, without the query (`/shop/cart`).
    /// * `secure`: `https`, or an origin browsers trust as if it were (`http://localhost`,
    ///   `http://127.0.0.1`).
    ///
    /// Without a [`registrable_domain`](Origin::registrable_domain), the host is taken for one
    /// a `Domain` attribute cannot widen (as for `localhost` or a public suffix): only a
    /// `Domain` equal to the host is accepted.
    pub fn new(host: &'o str, path: &'o str, secure: bool) -> Origin<'o> {
        Origin {
            host,
            registrable_domain: None,
            path,
            secure,
        }
    }

    /// The host's registrable domain (its public suffix and one more label: `example.co.uk`
    /// for `www.example.co.uk`), from the Public Suffix List, which this crate does not ship.
    /// A `Domain` attribute may name it or any domain between it and the host.
    pub fn registrable_domain(self, registrable_domain: &'o str) -> Origin<'o> {
        Origin {
            registrable_domain: Some(registrable_domain),
            ..self
        }
    }

    /// The host.
    pub fn host(&self) -> &'o str {
        self.host
    }

    /// The path.
    pub fn path(&self) -> &'o str {
        self.path
    }

    /// Whether the origin is secure.
    pub fn is_secure(&self) -> bool {
        self.secure
    }

    fn host_is_ip(&self) -> bool {
        self.host.parse::<Ipv4Addr>().is_ok()
            || self
                .host
                .strip_prefix('[')
                .and_then(|h| h.strip_suffix(']'))
                .is_some_and(|h| h.parse::<Ipv6Addr>().is_ok())
    }

    /// RFC 6265bis 5.1.4: the path up to its last `/`, or `/`.
    fn default_path(&self) -> &'o str {
        match self.path.rfind('/') {
            Some(last) if self.path.starts_with('/') && last > 0 => &self.path[..last],
            _ => "/",
        }
    }
}

/// Why a browser ignores a `Set-Cookie` for a given request (RFC 6265bis 5.7).
///
/// Some of these depend on the header alone (a `__Secure-` name without `Secure` fails from
/// every origin); they are here, not in [`Ignored`](super::Ignored), because RFC 6265bis
/// checks them when storing the cookie, with the request at hand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejected {
    /// `Secure` from an origin that is not secure.
    SecureFromInsecureOrigin,
    /// A `Domain` that the host does not domain-match, that is wider than the registrable
    /// domain, or that is not a host name (a non-ASCII domain is counted here: see
    /// [`SetCookie::stored_for`]).
    DomainMismatch,
    /// A `__Secure-` name without `Secure`, or a `__Host-` name without `Secure`, with a
    /// `Domain` or without `Path=/`.
    Prefix(SecurityPrefix),
    /// An `__Http-` or `__Host-Http-` name without both `Secure` and `HttpOnly`.
    HttpPrefix,
    /// `SameSite=None` without `Secure`.
    SameSiteNoneWithoutSecure,
    /// `Partitioned` without `Secure`.
    PartitionedWithoutSecure,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rejected::SecureFromInsecureOrigin => "`Secure` set from an insecure origin",
            Rejected::DomainMismatch => "a `Domain` the host does not belong to",
            Rejected::Prefix(SecurityPrefix::Secure) => "a `__Secure-` name without `Secure`",
            Rejected::Prefix(SecurityPrefix::Host) => {
                "a `__Host-` name without `Secure` and `Path=/`, or with a `Domain`"
            }
            Rejected::HttpPrefix => "an `__Http-` name without `Secure` and `HttpOnly`",
            Rejected::SameSiteNoneWithoutSecure => "`SameSite=None` without `Secure`",
            Rejected::PartitionedWithoutSecure => "`Partitioned` without `Secure`",
        })
    }
}

impl std::error::Error for Rejected {}

/// Where a browser files a cookie it stores: see [`SetCookie::stored_for`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Stored<'a> {
    domain: &'a [u8],
    host_only: bool,
    path: &'a [u8],
}

impl<'a> Stored<'a> {
    /// The host for a host-only cookie, else the `Domain` attribute without its leading dot,
    /// as written: compare it without ASCII case (browsers lower-case it).
    pub fn domain(&self) -> &'a [u8] {
        self.domain
    }

    /// Whether the cookie goes back to the host only (no accepted `Domain` attribute), or to
    /// its subdomains too.
    pub fn host_only(&self) -> bool {
        self.host_only
    }

    /// The `Path` attribute, or the request's default path (RFC 6265bis 5.1.4).
    pub fn path(&self) -> &'a [u8] {
        self.path
    }
}

impl<'h> SetCookie<'h> {
    /// Whether a browser stores this cookie in answer to a request to `origin`, and where.
    ///
    /// The expiry is not looked at: a header that [deletes](SetCookie::deletes) the cookie is
    /// checked the same way (Chromium deletes a cookie only with a header it would have stored).
    ///
    /// ```
    /// use cookie_registry::set_cookie::{Origin, Rejected, SecurityPrefix, SetCookie};
    ///
    /// let local = Origin::new("127.0.0.1", "/", true);
    /// let host = SetCookie::parse(b"__Host-id=1; Secure; Path=/")?;
    /// assert!(host.stored_for(&local).is_ok());
    /// let moved = SetCookie::parse(b"__Host-id=1; Secure; Path=/app")?;
    /// assert_eq!(moved.stored_for(&local), Err(Rejected::Prefix(SecurityPrefix::Host)));
    /// # Ok::<(), cookie_registry::set_cookie::Ignored>(())
    /// ```
    ///
    /// A `Domain` is compared with the host after lower-casing, ASCII only: Chromium converts an
    /// internationalised `Domain` (`bücher.example`) to punycode first, which this check does
    /// not, so it rejects a non-ASCII `Domain` (rightly, unless the host itself is
    /// internationalised).
    ///
    /// # Errors
    ///
    /// [`Rejected`], the first rule the cookie breaks.
    pub fn stored_for<'a>(&'a self, origin: &Origin<'a>) -> Result<Stored<'a>, Rejected>
    where
        'h: 'a,
    {
        if self.secure && !origin.secure {
            return Err(Rejected::SecureFromInsecureOrigin);
        }
        let (domain, host_only) = match self.domain {
            None => (origin.host.as_bytes(), true),
            Some(attribute) => domain_for(attribute, origin)?,
        };
        let path = match self.path {
            Some(path) if path.first() == Some(&b'/') => path,
            _ => origin.default_path().as_bytes(),
        };
        self.prefix_rules(origin)?;
        if self.same_site == SameSiteAttribute::Known(SameSite::None) && !self.secure {
            return Err(Rejected::SameSiteNoneWithoutSecure);
        }
        if self.partitioned && !self.secure {
            return Err(Rejected::PartitionedWithoutSecure);
        }
        Ok(Stored {
            domain,
            host_only,
            path,
        })
    }

    /// RFC 6265bis 5.7 steps 20-21, and Chromium's `__Http-` prefixes.
    fn prefix_rules(&self, origin: &Origin<'_>) -> Result<(), Rejected> {
        let starts = |prefix: &[u8]| {
            self.name
                .get(..prefix.len())
                .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
        };
        if starts(b"__secure-") && !self.secure {
            return Err(Rejected::Prefix(SecurityPrefix::Secure));
        }
        if starts(b"__host-") {
            let domain_allowed = match self.domain {
                None => true,
                Some(domain) => origin.host_is_ip() && domain == origin.host.as_bytes(),
            };
            if !self.secure || self.path != Some(&b"/"[..]) || !domain_allowed {
                return Err(Rejected::Prefix(SecurityPrefix::Host));
            }
        }
        if (starts(b"__http-") || starts(b"__host-http-")) && !(self.secure && self.http_only) {
            return Err(Rejected::HttpPrefix);
        }
        Ok(())
    }
}

/// RFC 6265bis 5.7 steps 9-10 for a `Domain` attribute: the domain and host-only flag.
fn domain_for<'a>(attribute: &'a [u8], origin: &Origin<'a>) -> Result<(&'a [u8], bool), Rejected> {
    let domain = attribute.strip_prefix(b".").unwrap_or(attribute);
    let host = origin.host.as_bytes();
    if domain.is_empty() || !domain.is_ascii() {
        return Err(Rejected::DomainMismatch);
    }
    if origin.host_is_ip() || origin.registrable_domain.is_none() {
        // An IP address, or a host without a registrable domain: only itself, host-only.
        return if domain.eq_ignore_ascii_case(host) {
            Ok((host, true))
        } else {
            Err(Rejected::DomainMismatch)
        };
    }
    let registrable = origin.registrable_domain.unwrap_or_default().as_bytes();
    if domain_matches(host, domain) && domain_matches(domain, registrable) {
        Ok((domain, false))
    } else {
        Err(Rejected::DomainMismatch)
    }
}

/// RFC 6265bis 5.1.3 for host names: `string` is `domain` or ends with `.domain`, without ASCII
/// case.
fn domain_matches(string: &[u8], domain: &[u8]) -> bool {
    match string.len().checked_sub(domain.len()) {
        Some(0) => string.eq_ignore_ascii_case(domain),
        Some(dot) => string[dot - 1] == b'.' && string[dot..].eq_ignore_ascii_case(domain),
        None => false,
    }
}
