//! The check of one `Set-Cookie` against the registry and the consent in force.
//!
//! Pure functions over header bytes: the layer runs them on every response, the test helpers
//! on a response in a test, and the benchmarks alone. A header is read once, without
//! allocating ([`SetCookie`]); its name is looked up in the registry's hash index (a family's
//! prefix only when no exact name matches); nothing is allocated unless there is a violation to
//! report.

use std::time::{Duration, SystemTime};

use super::set_cookie::SetCookie;
use super::violation::{Violation, ViolationKind};
use crate::consent::ConsentState;
use crate::declaration::{CookieDeclaration, SameSite};
use crate::registry::Registry;

/// How one `Set-Cookie` fares.
#[derive(Debug)]
pub(crate) enum Verdict<'h> {
    /// Allowed: declared, and consented to if it needs consent. `drift` lists attributes that
    /// differ from the declaration (reported, not stripped: the cookie is still the declared one).
    Allowed {
        name: &'h str,
        drift: Option<Violation>,
    },
    /// A deletion (`Max-Age=0` or an `Expires` in the past): always allowed, declared or not.
    Removal { name: &'h str },
    /// Breaks the policy: stripped in enforce mode.
    Rejected(Violation),
}

fn shortened(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(40)]);
    text.split(['=', ';'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Whether a `Set-Cookie` value sets the cookie `name`: `name` then `=` (or white space before
/// it), after optional white space. A cheap test before parsing; the parse decides.
pub(crate) fn starts_with_name(value: &[u8], name: &str) -> bool {
    let trimmed = value.trim_ascii_start();
    trimmed.starts_with(name.as_bytes())
        && matches!(trimmed.get(name.len()), Some(b'=' | b' ' | b'\t'))
}

/// Reads a `Set-Cookie` value.
pub(crate) fn parse(value: &[u8]) -> Result<SetCookie<'_>, Violation> {
    let malformed = || Violation::new(shortened(value), ViolationKind::Malformed);
    let text = std::str::from_utf8(value).map_err(|_| malformed())?;
    SetCookie::parse(text).map_err(|_| malformed())
}

/// Checks one `Set-Cookie` value against the registry and `consent`.
pub(crate) fn check<'h>(
    registry: &Registry,
    consent: &ConsentState,
    value: &'h [u8],
    now: SystemTime,
) -> Verdict<'h> {
    let cookie = match parse(value) {
        Ok(cookie) => cookie,
        Err(violation) => return Verdict::Rejected(violation),
    };
    let name = cookie.name;
    if cookie.is_removal(now) {
        return Verdict::Removal { name };
    }
    let Some(declaration) = registry.find(name) else {
        return Verdict::Rejected(Violation::new(name, ViolationKind::Undeclared));
    };
    if let Some(category) = declaration
        .consent_category()
        .filter(|c| !consent.grants(*c))
    {
        return Verdict::Rejected(Violation::new(
            name,
            ViolationKind::MissingConsent { category },
        ));
    }
    Verdict::Allowed {
        name,
        drift: drift(declaration, &cookie, now),
    }
}

/// The first attribute of `cookie` that differs from its declaration.
///
/// A missing `SameSite` reads as `Lax`, what browsers apply; a `Max-Age` or `Expires` up to a
/// minute past the declared lifetime is tolerated (clocks and rounding); a lifetime shorter than
/// declared is not drift (the policy promises at most that long).
pub(crate) fn drift(
    declaration: &CookieDeclaration,
    cookie: &SetCookie<'_>,
    now: SystemTime,
) -> Option<Violation> {
    let declared = declaration.attributes();
    let report = |attribute, declared: String, sent: String| {
        Some(Violation::new(
            cookie.name,
            ViolationKind::Drift {
                attribute,
                declared,
                sent,
            },
        ))
    };
    let sent_lifetime = match (cookie.max_age, cookie.expires) {
        (Some(max_age), _) => Some(max_age.max(0) as u64),
        (None, Some(expires)) => Some(
            expires
                .duration_since(now)
                .unwrap_or(Duration::ZERO)
                .as_secs(),
        ),
        (None, None) => None,
    };
    match (declaration.max_age_seconds(), sent_lifetime) {
        (None, Some(seconds)) => {
            return report(
                "Max-Age",
                "a session lifetime".into(),
                format!("{seconds} seconds"),
            );
        }
        (Some(max), Some(seconds)) if seconds > max + 60 => {
            return report(
                "Max-Age",
                format!("at most {max} seconds"),
                format!("{seconds} seconds"),
            );
        }
        _ => {}
    }
    let secure = cookie.secure;
    if secure != declared.secure() {
        return report("Secure", declared.secure().to_string(), secure.to_string());
    }
    let http_only = cookie.http_only;
    if http_only != declared.http_only() {
        return report(
            "HttpOnly",
            declared.http_only().to_string(),
            http_only.to_string(),
        );
    }
    let same_site = cookie.same_site.unwrap_or(SameSite::Lax);
    if same_site != declared.same_site() {
        return report(
            "SameSite",
            declared.same_site().header_value().into(),
            same_site.header_value().into(),
        );
    }
    let path = cookie.path.unwrap_or("/");
    if path != declared.path() {
        return report("Path", declared.path().into(), path.into());
    }
    let domain = cookie.domain.map(|d| d.trim_start_matches('.'));
    if domain != declared.domain().map(|d| d.trim_start_matches('.')) {
        return report(
            "Domain",
            declared.domain().unwrap_or("none (host-only)").into(),
            domain.unwrap_or("none (host-only)").into(),
        );
    }
    None
}
