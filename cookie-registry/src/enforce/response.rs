//! Judging one response: the consent in force, every `Set-Cookie`, and the cookies the request
//! carries that the consent no longer allows.

use std::collections::HashSet;
use std::time::SystemTime;

use super::check::{self, Verdict};
use super::set_cookie::SetCookie;
use super::violation::{Violation, ViolationKind};
use super::{Enforcer, Mode, Shared};
use crate::consent::{ConsentState, header};

/// What an adapter does to a response after [`Enforcer::judge`]: strip some `Set-Cookie`
/// headers, append others. Empty unless the mode is [`Mode::Enforce`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Judgment {
    stripped: Vec<usize>,
    removals: Vec<String>,
}

impl Judgment {
    /// The positions, among the response's `Set-Cookie` headers as given to
    /// [`Enforcer::judge`], of those to strip, in increasing order.
    pub fn stripped(&self) -> &[usize] {
        &self.stripped
    }

    /// The `Set-Cookie` header values to append: removals of cookies the request carries that
    /// the consent in force does not allow.
    pub fn removals(&self) -> &[String] {
        &self.removals
    }

    /// Whether the response goes out unchanged.
    pub fn is_empty(&self) -> bool {
        self.stripped.is_empty() && self.removals.is_empty()
    }

    /// The removal header values, taken out.
    pub fn into_removals(self) -> Vec<String> {
        self.removals
    }
}

pub(super) fn judge<'r, 's, R, S, I>(
    shared: &Shared,
    request_consent: &ConsentState,
    request_cookies: R,
    set_cookies: S,
    now: SystemTime,
) -> Judgment
where
    R: IntoIterator<Item = &'r [u8]>,
    S: Fn() -> I,
    I: IntoIterator<Item = &'s [u8]>,
{
    let mut judgment = Judgment::default();
    if shared.mode == Mode::Off {
        return judgment;
    }
    let consent = consent_for_response(shared, *request_consent, set_cookies(), now);
    let enforce = shared.mode == Mode::Enforce;
    let mut request_cookies = request_cookies.into_iter().peekable();
    // Only when a declared category is not granted can a carried cookie have to go; for a
    // visitor who consented to everything the site uses, nothing below allocates.
    let may_withdraw = request_cookies.peek().is_some()
        && !shared
            .declared_categories
            .difference(consent.categories())
            .is_empty();

    // The names this response sets (or deletes) itself: a carried cookie it replaces is not
    // deleted behind its back. A set, so that thousands of carried cookies cost one look-up
    // each.
    let mut set_here: HashSet<&[u8]> = HashSet::new();
    for (position, value) in set_cookies().into_iter().enumerate() {
        match check::check(shared.registry, &consent, value, now) {
            Verdict::Allowed { name, drift } => {
                if let Some(drift) = drift {
                    shared.report(&drift);
                }
                if may_withdraw {
                    set_here.insert(name.as_bytes());
                }
            }
            Verdict::Removal { name } => {
                if may_withdraw {
                    set_here.insert(name.as_bytes());
                }
            }
            Verdict::Rejected(violation) => {
                shared.report(&violation);
                if enforce {
                    judgment.stripped.push(position);
                }
            }
        }
    }

    if may_withdraw {
        // Each name once; past the cap, the rest wait for a later response.
        let mut seen: HashSet<&str> = HashSet::new();
        for name in header::names(request_cookies) {
            if seen.len() == Enforcer::MAX_REMOVALS_PER_RESPONSE {
                break;
            }
            let Some(declaration) = shared.registry.find(name) else {
                continue;
            };
            let Some(category) = declaration.consent_category() else {
                continue;
            };
            if consent.grants(category) || set_here.contains(name.as_bytes()) || !seen.insert(name)
            {
                continue;
            }
            if enforce {
                if let Ok(removal) = declaration.removal_header_named(name) {
                    judgment.removals.push(removal);
                }
            } else {
                shared.report(&Violation::new(
                    name,
                    ViolationKind::CarriedWithoutConsent { category },
                ));
            }
        }
    }
    judgment
}

/// The consent in force for a response: the one it records, if it sets the consent cookie
/// (the last such header: the browser keeps the last), else the request's.
fn consent_for_response<'s>(
    shared: &Shared,
    request: ConsentState,
    set_cookies: impl IntoIterator<Item = &'s [u8]>,
    now: SystemTime,
) -> ConsentState {
    let name = shared.consent.name();
    let mut consent = request;
    for value in set_cookies {
        // Reading a header costs more than the rest of its check: only the consent cookie's
        // headers are read here, found by their leading name.
        if !check::starts_with_name(value, name) {
            continue;
        }
        if let Ok(cookie) = check::parse(value)
            && cookie.name == name
        {
            consent = consent_recorded(shared, &cookie, now);
        }
    }
    consent
}

fn consent_recorded(shared: &Shared, cookie: &SetCookie<'_>, now: SystemTime) -> ConsentState {
    if cookie.is_removal(now) {
        ConsentState::NONE
    } else {
        shared.consent.decode(cookie.value, now)
    }
}
