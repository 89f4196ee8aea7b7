//! The check of one `Set-Cookie` against the registry and the consent in force.
//!
//! Pure functions over header bytes: the layer runs them on every response, the test helpers
//! on a response in a test, and the benchmarks alone. A header is read once, without
//! allocating, as the browser reads it ([`SetCookie`]); its name, exactly as the browser
//! stores it, is looked up in the registry's hash index (a family's prefix only when no exact
//! name matches); nothing is allocated unless there is a violation to report.

use super::recall;
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
    // The byte after the name first: it rules out nearly every other header without comparing
    // the name (cookie names often share a prefix, `__Host-` say).
    matches!(trimmed.get(name.len()), Some(b'=' | b' ' | b'\t'))
        && trimmed.starts_with(name.as_bytes())
}

/// Checks one `Set-Cookie` value against the registry and `consent`, at `now` (Unix seconds).
pub(crate) fn check<'h>(
    registry: &Registry,
    consent: &ConsentState,
    value: &'h [u8],
    now: i64,
) -> Verdict<'h> {
    read_and_check(registry, consent, value, now, false)
}

/// [`check`], for the judgment of a response: the verdict of a header that differs from one
/// allowed before on this thread only in its value is recalled ([`recall`]), and a new
/// header's verdict kept for the next ones.
pub(crate) fn check_recalling<'h>(
    registry: &Registry,
    consent: &ConsentState,
    value: &'h [u8],
    now: i64,
) -> Verdict<'h> {
    if let Some(recalled) = recall::recall(registry, value) {
        return match recalled.consent.filter(|c| !consent.grants(*c)) {
            Some(category) => rejected(recalled.name, ViolationKind::MissingConsent { category }),
            None => Verdict::Allowed {
                name: recalled.name,
                drift: None,
            },
        };
    }
    read_and_check(registry, consent, value, now, true)
}

/// [`check`] of a header read afresh; `remember`: its verdict offered to [`recall`].
fn read_and_check<'h>(
    registry: &Registry,
    consent: &ConsentState,
    value: &'h [u8],
    now: i64,
    remember: bool,
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
        return rejected(name, ViolationKind::Undeclared);
    };
    let needs = declaration.consent_category();
    if let Some(category) = needs.filter(|c| !consent.grants(*c)) {
        return rejected(name, ViolationKind::MissingConsent { category });
    }
    let drift = drift(declaration, &cookie, now);
    if remember && drift.is_none() {
        recall::remember(registry, value, &cookie, needs);
    }
    Verdict::Allowed { name, drift }
}

// Every response runs the check, and its code is out of the instruction cache by the next
// response: what builds a report stays out of the way of the path that finds nothing.
#[cold]
#[inline(never)]
fn rejected(name: &[u8], kind: ViolationKind) -> Verdict<'_> {
    Verdict::Rejected(Violation::new(
        String::from_utf8_lossy(name).into_owned(),
        kind,
    ))
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
    first_drift(declaration, cookie, now).map(|drifted| report_drift(declaration, cookie, drifted))
}

/// An attribute of a header that differs from its declaration, with what [`first_drift`]
/// read of it that the report needs.
enum Drifted<'h> {
    /// The lifetime the header states, in seconds.
    Lifetime(u64),
    Secure,
    HttpOnly,
    /// The `SameSite` the browser applies.
    SameSite(SameSite),
    /// The path compared (`/` for a missing or relative one).
    Path(&'h [u8]),
    Domain,
}

/// The first attribute of `cookie` that differs from its declaration, in [`drift`]'s order.
/// Comparisons only: every response runs them, and the report is built apart.
fn first_drift<'h>(
    declaration: &CookieDeclaration,
    cookie: &SetCookie<'h>,
    now: i64,
) -> Option<Drifted<'h>> {
    let declared = declaration.attributes();
    let sent_lifetime = match cookie.expiry() {
        Expiry::Session => None,
        Expiry::MaxAge(seconds) => Some(seconds.max(0).unsigned_abs()),
        Expiry::Expires(at) => Some(at.saturating_sub(now).max(0).unsigned_abs()),
    };
    match (declaration.max_age_seconds(), sent_lifetime) {
        (None, Some(seconds)) => return Some(Drifted::Lifetime(seconds)),
        (Some(max), Some(seconds)) if seconds > max + 60 => {
            return Some(Drifted::Lifetime(seconds));
        }
        _ => {}
    }
    if cookie.secure() != declared.secure() {
        return Some(Drifted::Secure);
    }
    if cookie.http_only() != declared.http_only() {
        return Some(Drifted::HttpOnly);
    }
    let same_site = cookie.same_site().known().unwrap_or(SameSite::Lax);
    if same_site != declared.same_site() {
        return Some(Drifted::SameSite(same_site));
    }
    let path = match cookie.path() {
        Some(path) if path.starts_with(b"/") => path,
        _ => b"/",
    };
    if path != declared.path().as_bytes() {
        return Some(Drifted::Path(path));
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
    (!same_domain).then_some(Drifted::Domain)
}

/// The violation reporting `drifted`, an attribute of `cookie` that differs from its
/// declaration.
#[cold]
#[inline(never)]
fn report_drift(
    declaration: &CookieDeclaration,
    cookie: &SetCookie<'_>,
    drifted: Drifted<'_>,
) -> Violation {
    let attributes = declaration.attributes();
    let (attribute, declared, sent): (&'static str, String, String) = match drifted {
        Drifted::Lifetime(seconds) => (
            "Max-Age",
            declaration.max_age_seconds().map_or_else(
                || "a session lifetime".into(),
                |max| format!("at most {max} seconds"),
            ),
            format!("{seconds} seconds"),
        ),
        Drifted::Secure => (
            "Secure",
            attributes.secure().to_string(),
            cookie.secure().to_string(),
        ),
        Drifted::HttpOnly => (
            "HttpOnly",
            attributes.http_only().to_string(),
            cookie.http_only().to_string(),
        ),
        Drifted::SameSite(same_site) => (
            "SameSite",
            attributes.same_site().header_value().into(),
            same_site.header_value().into(),
        ),
        Drifted::Path(path) => (
            "Path",
            attributes.path().into(),
            String::from_utf8_lossy(path).into_owned(),
        ),
        Drifted::Domain => (
            "Domain",
            attributes.domain().unwrap_or("none (host-only)").into(),
            cookie.domain().map_or("none (host-only)".into(), |d| {
                String::from_utf8_lossy(d).into_owned()
            }),
        ),
    };
    Violation::new(
        String::from_utf8_lossy(cookie.name()),
        ViolationKind::Drift {
            attribute,
            declared,
            sent,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::{DeclarationParts, HttpAttributes, Lifetime};

    fn declaration(lifetime: Lifetime, attributes: HttpAttributes) -> CookieDeclaration {
        CookieDeclaration::__from_parts(DeclarationParts {
            lifetime,
            attributes,
            ..DeclarationParts::for_test("c")
        })
    }

    /// Each attribute that differs is reported by name, with what was declared and what was
    /// sent, the first in the order the docs give; a header as declared reports nothing.
    #[test]
    fn drift_names_the_first_attribute_that_differs() {
        let hour = Lifetime::parse("1 hour").unwrap();
        let declared = HttpAttributes::DEFAULT.with_domain(Some("example.com"));
        // The declared lifetime, the header, and the attribute, declared and sent, reported.
        type Reported = Option<(&'static str, &'static str, &'static str)>;
        let cases: [(Lifetime, &str, Reported); 10] = [
            (
                hour,
                "c=1; Max-Age=3600; Domain=.EXAMPLE.com; Path=/; Secure; HttpOnly",
                None,
            ),
            (
                hour,
                "c=1; Max-Age=3660; Domain=example.com; Secure; HttpOnly; SameSite=Lax",
                None,
            ),
            (
                Lifetime::Session,
                "c=1; Max-Age=5; Domain=example.com; Secure; HttpOnly",
                Some(("Max-Age", "a session lifetime", "5 seconds")),
            ),
            (
                hour,
                "c=1; Max-Age=3661; Domain=example.com; HttpOnly",
                Some(("Max-Age", "at most 3600 seconds", "3661 seconds")),
            ),
            (
                hour,
                "c=1; Max-Age=60; Domain=example.com; HttpOnly",
                Some(("Secure", "true", "false")),
            ),
            (
                hour,
                "c=1; Domain=example.com; Secure",
                Some(("HttpOnly", "true", "false")),
            ),
            (
                hour,
                "c=1; Domain=example.com; Secure; HttpOnly; SameSite=None",
                Some(("SameSite", "Lax", "None")),
            ),
            (
                hour,
                "c=1; Domain=example.com; Secure; HttpOnly; Path=/app",
                Some(("Path", "/", "/app")),
            ),
            (
                hour,
                "c=1; Secure; HttpOnly",
                Some(("Domain", "example.com", "none (host-only)")),
            ),
            (
                hour,
                "c=1; Domain=other.example; Secure; HttpOnly",
                Some(("Domain", "example.com", "other.example")),
            ),
        ];
        for (lifetime, header, expected) in cases {
            let declaration = declaration(lifetime, declared);
            let cookie = SetCookie::parse(header.as_bytes()).unwrap();
            let found =
                drift(&declaration, &cookie, 1_750_000_000).map(|violation| {
                    match violation.kind().clone() {
                        ViolationKind::Drift {
                            attribute,
                            declared,
                            sent,
                        } => (attribute, declared, sent),
                        other => panic!("{header}: not drift: {other:?}"),
                    }
                });
            let expected = expected
                .map(|(attribute, declared, sent)| (attribute, declared.into(), sent.into()));
            assert_eq!(found, expected, "{header}");
        }
    }
}
