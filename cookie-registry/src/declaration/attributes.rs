//! The HTTP attributes a cookie is declared with.

use super::SameSite;

/// The HTTP attributes a cookie is declared with, which its `Set-Cookie` must carry.
///
/// The defaults are the safe ones: `Secure`, `HttpOnly`, `SameSite=Lax`, `Path=/`, no `Domain`
/// (host-only), not `Partitioned`. A declaration opts out explicitly (`http_only = false`).
///
/// ```
/// use cookie_registry::declaration::{HttpAttributes, SameSite};
///
/// const THEME: HttpAttributes = HttpAttributes::DEFAULT.with_path("/app").with_http_only(false);
/// assert_eq!(THEME.path(), "/app");
/// assert!(THEME.secure() && !THEME.http_only());
/// assert_eq!(THEME.same_site(), SameSite::Lax);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct HttpAttributes {
    domain: Option<&'static str>,
    path: &'static str,
    secure: bool,
    http_only: bool,
    same_site: SameSite,
    partitioned: bool,
}

impl HttpAttributes {
    /// The safe defaults.
    pub const DEFAULT: HttpAttributes = HttpAttributes {
        domain: None,
        path: "/",
        secure: true,
        http_only: true,
        same_site: SameSite::Lax,
        partitioned: false,
    };

    /// These attributes with `Domain` set (`None`: a host-only cookie). Nothing is checked
    /// here: the macro checks the RFC 6265 rules before it builds attributes.
    #[must_use]
    pub const fn with_domain(self, domain: Option<&'static str>) -> HttpAttributes {
        HttpAttributes { domain, ..self }
    }
    /// These attributes with `Path` set.
    #[must_use]
    pub const fn with_path(self, path: &'static str) -> HttpAttributes {
        HttpAttributes { path, ..self }
    }
    /// These attributes with or without `Secure`.
    #[must_use]
    pub const fn with_secure(self, secure: bool) -> HttpAttributes {
        HttpAttributes { secure, ..self }
    }
    /// These attributes with or without `HttpOnly`.
    #[must_use]
    pub const fn with_http_only(self, http_only: bool) -> HttpAttributes {
        HttpAttributes { http_only, ..self }
    }
    /// These attributes with `SameSite` set.
    #[must_use]
    pub const fn with_same_site(self, same_site: SameSite) -> HttpAttributes {
        HttpAttributes { same_site, ..self }
    }
    /// These attributes with or without `Partitioned`.
    #[must_use]
    pub const fn with_partitioned(self, partitioned: bool) -> HttpAttributes {
        HttpAttributes {
            partitioned,
            ..self
        }
    }

    /// `Domain`, or `None` for a host-only cookie.
    pub const fn domain(&self) -> Option<&'static str> {
        self.domain
    }
    /// `Path`.
    pub const fn path(&self) -> &'static str {
        self.path
    }
    /// `Secure`.
    pub const fn secure(&self) -> bool {
        self.secure
    }
    /// `HttpOnly`.
    pub const fn http_only(&self) -> bool {
        self.http_only
    }
    /// `SameSite`.
    pub const fn same_site(&self) -> SameSite {
        self.same_site
    }
    /// `Partitioned` (CHIPS).
    pub const fn partitioned(&self) -> bool {
        self.partitioned
    }
}

impl Default for HttpAttributes {
    fn default() -> Self {
        HttpAttributes::DEFAULT
    }
}
