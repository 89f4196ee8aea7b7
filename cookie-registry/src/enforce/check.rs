//! The check of one `Set-Cookie` against the registry and the consent in force.
//!
//! Pure functions over header bytes: the layer runs them on every response, the test helpers
//! on a response in a test, and the benchmarks alone. A header is read once, without
//! allocating, as the browser reads it ([`SetCookie`]); its name, exactly as the browser
//! stores it, is looked up in the registry's hash index (a family's prefix only when no exact
//! name matches); nothing is allocated unless there is a violation to report.

use super::violation::{Violation, ViolationKind};
use crate::consent::ConsentState;
use crate::declaration::{CookieDeclaration, SameSite};
use crate::registry::Registry;
use crate::set_cookie::{Expiry, SetCookie};

/// How one `Set-Cookie` fares.
#[derive(Debug)]
pub(crate) enum Verdict<'h> {
    /// Allowed: declared, and consented to if it needs consent. `drift` lists attributes that
    /// differ from the declaration (reported, not stripped: the cookie is still the declared one).
    Allowed {
        name: &'h [u8],
        drift: Option<Violation>,
    },
    /// A deletion: the browser reads an expiry at or before now (`Max-Age=0`, `Max-Age=+0`, an
    /// `Expires` in the past), so it stores nothing. Always allowed, declared or not.
    Removal { name: &'h [u8] },
    /// A header the browser ignores entirely, whatever the request (a control character,
    /// neither name nor value...): it sets nothing, so it goes out unchecked.
    Ignored,
    /// Breaks the policy: stripped in enforce mode.
    Rejected(Violation),
}

/// Whether a `Set-Cookie` value sets the cookie `name`: `name` then `=` (or white space before
/// it), after optional white space. A cheap test before parsing; the parse decides.
pub(crate) fn starts_with_name(value: &[u8], name: &str) -> bool {
    let trimmed = value.trim_ascii_start();
    trimmed.starts_with(name.as_bytes())
        && matches!(trimmed.get(name.len()), Some(b'=' | b' ' | b'\t'))
}

/// Checks one `Set-Cookie` value against the registry and `consent`, at `now` (Unix seconds).
pub(crate) fn check<'h>(
    registry: &Registry,
    consent: &ConsentState,
    value: &'h [u8],
    now: i64,
) -> Verdict<'h> {
    // The same reading as `SetCookie::parse`, the attributes of a header seen before on this
    // thread taken as they were read (they are most of the cost, and repeat).
    let Ok(cookie) = crate::set_cookie::reuse::parse(value) else {
        return Verdict::Ignored;
    };
    let name = cookie.name();
    if cookie.deletes(now) {
        return Verdict::Removal { name };
    }
    // A name that is not UTF-8 cannot be declared; the empty name is never declared either.
    let Some(declaration) = registry.find_bytes(name) else {
        return Verdict::Rejected(Violation::new(
            String::from_utf8_lossy(name).into_owned(),
            ViolationKind::Undeclared,
        ));
    };
    if let Some(category) = declaration
        .consent_category()
        .filter(|c| !consent.grants(*c))
    {
        return Verdict::Rejected(Violation::new(
            String::from_utf8_lossy(name).into_owned(),
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
/// The lifetime is the one the header states (a `Max-Age`, or an `Expires` less `now`), before
/// the browser's 400-day cap. A missing or unrecognised `SameSite` reads as `Lax`, what
/// browsers apply; a lifetime up to a minute past the declared one is tolerated (clocks and
/// rounding); a lifetime shorter than declared is not drift (the policy promises at most that
/// long). A `Path` that does not start with `/` stands for the request's directory, which is
/// not known here: it is compared as `/`, as is a missing one.
pub(crate) fn drift(
    declaration: &CookieDeclaration,
    cookie: &SetCookie<'_>,
    now: i64,
) -> Option<Violation> {
    let declared = declaration.attributes();
    let report = |attribute, declared: String, sent: String| {
        Some(Violation::new(
            String::from_utf8_lossy(cookie.name()),
            ViolationKind::Drift {
                attribute,
                declared,
                sent,
            },
        ))
    };
    let sent_lifetime = match cookie.expiry() {
        Expiry::Session => None,
        Expiry::MaxAge(seconds) => Some(seconds.max(0).unsigned_abs()),
        Expiry::Expires(at) => Some(at.saturating_sub(now).max(0).unsigned_abs()),
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
    let secure = cookie.secure();
    if secure != declared.secure() {
        return report("Secure", declared.secure().to_string(), secure.to_string());
    }
    let http_only = cookie.http_only();
    if http_only != declared.http_only() {
        return report(
            "HttpOnly",
            declared.http_only().to_string(),
            http_only.to_string(),
        );
    }
    let same_site = cookie.same_site().known().unwrap_or(SameSite::Lax);
    if same_site != declared.same_site() {
        return report(
            "SameSite",
            declared.same_site().header_value().into(),
            same_site.header_value().into(),
        );
    }
    let path = match cookie.path() {
        Some(path) if path.starts_with(b"/") => path,
        _ => b"/",
    };
    if path != declared.path().as_bytes() {
        return report(
            "Path",
            declared.path().into(),
            String::from_utf8_lossy(path).into_owned(),
        );
    }
    // Browsers drop one leading dot and compare without ASCII case.
    fn without_dot(domain: &[u8]) -> &[u8] {
        domain.strip_prefix(b".").unwrap_or(domain)
    }
    let same_domain = match (cookie.domain(), declared.domain()) {
        (None, None) => true,
        (Some(sent), Some(declared)) => {
            without_dot(sent).eq_ignore_ascii_case(without_dot(declared.as_bytes()))
        }
        _ => false,
    };
    if !same_domain {
        return report(
            "Domain",
            declared.domain().unwrap_or("none (host-only)").into(),
            cookie.domain().map_or("none (host-only)".into(), |d| {
                String::from_utf8_lossy(d).into_owned()
            }),
        );
    }
    None
}
