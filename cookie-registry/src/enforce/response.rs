//! Judging one response: the consent in force, every `Set-Cookie`, and the cookies the request
//! carries that the consent no longer allows.

use std::collections::HashSet;
use std::time::SystemTime;

use super::check::{self, Verdict};
use super::violation::{Violation, ViolationKind};
use super::{Enforcer, Mode, Shared, unix_seconds};
use crate::consent::{ConsentState, header};
use crate::set_cookie::SetCookie;

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
    if shared.mode == Mode::Off {
        return Judgment::default();
    }
    // The headers are read more than once, but looked up once: a header map hashes the name
    // at each look-up, Rocket's a byte at a time with SipHash. The usual few without
    // allocating; more, in a vector.
    let mut first = FirstLookUp::new();
    for value in set_cookies() {
        if !first.push(value) {
            break;
        }
    }
    let many: Vec<&[u8]>;
    let values = match first.all() {
        Some(values) => values,
        None => {
            many = set_cookies().into_iter().collect();
            &many
        }
    };
    judge_found(shared, request_consent, request_cookies, values, now)
}

/// [`judge`] of `set_cookies`, found already.
pub(super) fn judge_found<'r>(
    shared: &Shared,
    request_consent: &ConsentState,
    request_cookies: impl IntoIterator<Item = &'r [u8]>,
    set_cookies: &[&[u8]],
    now: SystemTime,
) -> Judgment {
    if shared.mode == Mode::Off {
        return Judgment::default();
    }
    judge_values(
        shared,
        *request_consent,
        &mut request_cookies.into_iter(),
        set_cookies,
        now,
    )
}

/// [`judge`] of the `Set-Cookie` values once found. Not generic: one copy of the code for
/// every adapter and header type, so that what a response runs is in fewer cache lines.
fn judge_values(
    shared: &Shared,
    request_consent: ConsentState,
    request_cookies: &mut dyn Iterator<Item = &[u8]>,
    set_cookies: &[&[u8]],
    now: SystemTime,
) -> Judgment {
    let mut judgment = Judgment::default();
    let consent = consent_for_response(shared, request_consent, set_cookies, now);
    let now_seconds = unix_seconds(now);
    let enforce = shared.mode == Mode::Enforce;
    // Only when a declared category is not granted can a carried cookie have to go; for a
    // visitor who consented to everything the site uses, nothing below allocates, and the
    // request's `Cookie` headers are not even looked up.
    let mut request_cookies = request_cookies.peekable();
    let may_withdraw = !shared
        .declared_categories
        .difference(consent.categories())
        .is_empty()
        && request_cookies.peek().is_some();

    // The names this response sets (or deletes) itself: a carried cookie it replaces is not
    // deleted behind its back. A set, so that thousands of carried cookies cost one look-up
    // each.
    // Made only when needed: a `HashSet` draws its random keys from a thread-local.
    let mut set_here: Option<HashSet<&[u8]>> = may_withdraw.then(HashSet::new);
    for (position, &value) in set_cookies.iter().enumerate() {
        match check::check_recalling(shared.registry, &consent, value, now_seconds) {
            Verdict::Allowed { name, drift } => {
                if let Some(drift) = drift {
                    shared.report(&drift);
                }
                if let Some(set_here) = &mut set_here {
                    set_here.insert(name);
                }
            }
            Verdict::Removal { name } => {
                if let Some(set_here) = &mut set_here {
                    set_here.insert(name);
                }
            }
            Verdict::Ignored => {}
            Verdict::Rejected(violation) => {
                shared.report(&violation);
                if enforce {
                    judgment.stripped.push(position);
                }
            }
        }
    }

    if may_withdraw {
        withdraw(
            shared,
            &consent,
            request_cookies,
            set_here.as_ref(),
            &mut judgment,
        );
    }
    judgment
}

/// Deletes (enforce) or reports (audit) the cookies the request carries that `consent` does
/// not allow, except those the response sets itself (`set_here`).
fn withdraw<'r>(
    shared: &Shared,
    consent: &ConsentState,
    request_cookies: impl Iterator<Item = &'r [u8]>,
    set_here: Option<&HashSet<&[u8]>>,
    judgment: &mut Judgment,
) {
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
        let set_here = set_here.is_some_and(|set| set.contains(name.as_bytes()));
        if consent.grants(category) || set_here || !seen.insert(name) {
            continue;
        }
        if shared.mode == Mode::Enforce {
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

/// The values of a response's `Set-Cookie` headers from their first look-up, when there are at
/// most [`FirstLookUp::KEPT`]; without allocating.
pub(crate) struct FirstLookUp<'s> {
    values: [&'s [u8]; FirstLookUp::KEPT],
    len: usize,
    complete: bool,
}

impl<'s> FirstLookUp<'s> {
    const KEPT: usize = 16;

    pub(crate) fn new() -> FirstLookUp<'s> {
        FirstLookUp {
            values: [&[]; FirstLookUp::KEPT],
            len: 0,
            complete: true,
        }
    }

    /// Adds the next value; `false` once there is no room for it (the look-up is not
    /// complete: the caller stops).
    pub(crate) fn push(&mut self, value: &'s [u8]) -> bool {
        if self.len == FirstLookUp::KEPT {
            self.complete = false;
            return false;
        }
        self.values[self.len] = value;
        self.len += 1;
        true
    }

    /// Gives up: the values are to be found another way.
    #[cfg(feature = "rocket")]
    pub(crate) fn give_up(&mut self) {
        self.complete = false;
    }

    /// Every value, unless there were more than [`FirstLookUp::KEPT`] (or it gave up).
    pub(crate) fn all(&self) -> Option<&[&'s [u8]]> {
        self.complete.then(|| &self.values[..self.len])
    }
}

/// The consent in force for a response: the one it records, if it sets the consent cookie
/// (the last such header: the browser keeps the last), else the request's.
fn consent_for_response(
    shared: &Shared,
    request: ConsentState,
    set_cookies: &[&[u8]],
    now: SystemTime,
) -> ConsentState {
    let name = shared.consent.name();
    let mut consent = request;
    for &value in set_cookies {
        // Reading a header costs more than the rest of its check: only the consent cookie's
        // headers are read here, found by their leading name.
        if !check::starts_with_name(value, name) {
            continue;
        }
        // A line the browser ignores leaves the consent cookie as it was.
        if let Ok(cookie) = SetCookie::parse(value)
            && cookie.name() == name.as_bytes()
        {
            consent = consent_recorded(shared, &cookie, now);
        }
    }
    consent
}

fn consent_recorded(shared: &Shared, cookie: &SetCookie<'_>, now: SystemTime) -> ConsentState {
    if cookie.deletes(unix_seconds(now)) {
        ConsentState::NONE
    } else {
        shared.consent.decode(cookie.value(), now)
    }
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use super::*;
    use crate::consent::{CategorySet, ConsentCookie};
    use crate::declaration::{Category, CookieDeclaration, DeclarationParts, Exemption, Party};
    use crate::registry::Registry;
    use crate::render::{Format, Policy, PolicyOptions};

    fn leak(parts: DeclarationParts) -> &'static CookieDeclaration {
        Box::leak(Box::new(CookieDeclaration::__from_parts(parts)))
    }

    fn parts(
        name: &'static str,
        category: Category,
        exemption: Option<Exemption>,
    ) -> DeclarationParts {
        DeclarationParts {
            category,
            exemption,
            ..DeclarationParts::for_test(name)
        }
    }

    /// Past the headers the first look-up keeps, every header is still judged, under the
    /// consent the last consent cookie records, at its own position.
    #[test]
    fn responses_with_more_headers_than_the_first_look_up_keeps_are_judged_whole() {
        let preferences = leak(parts(
            "prefs",
            Category::Necessary,
            Some(Exemption::ConsentStorage),
        ));
        let statistics = leak(parts("stats", Category::Statistics, None));
        let registry: &'static Registry = Box::leak(Box::new(Registry::from_declarations(vec![
            preferences,
            statistics,
        ])));
        let consent = ConsentCookie::new(preferences, registry.revision()).unwrap();
        let now = SystemTime::now();
        let granted = consent
            .choose(CategorySet::NONE.with(Category::Statistics), now)
            .cookie_value()
            .unwrap();
        let enforcer = super::super::Enforcer::new(registry, consent);
        let attributes = "; Path=/; Secure; HttpOnly; SameSite=Lax";
        for count in [1, 15, 16, 17, 40] {
            // `count` declared statistics cookies, an undeclared one, then the consent cookie
            // that grants statistics (refused by the request's consent).
            let mut headers: Vec<String> =
                (0..count).map(|_| format!("stats=1{attributes}")).collect();
            headers.push(format!("tracker=1{attributes}"));
            headers.push(format!("prefs={granted}{attributes}"));
            let judgment = judge(
                &enforcer.shared,
                &ConsentState::NONE,
                [],
                || headers.iter().map(|h| h.as_bytes()),
                now,
            );
            assert_eq!(judgment.stripped(), [count], "{count} headers before");
            // Without the consent cookie, the request's refusal stands for every one.
            let refused = judge(
                &enforcer.shared,
                &ConsentState::NONE,
                [],
                || headers[..=count].iter().map(|h| h.as_bytes()),
                now,
            );
            assert_eq!(
                refused.stripped(),
                (0..=count).collect::<Vec<_>>(),
                "{count}"
            );
        }
    }

    /// Every combination, built without the macro's rules (what only this crate can do): no
    /// declaration can make the policy's words and the enforcement disagree.
    #[test]
    fn no_declaration_reads_one_way_in_the_policy_and_another_in_the_enforcement() {
        let preferences = leak(parts(
            "prefs",
            Category::Necessary,
            Some(Exemption::ConsentStorage),
        ));
        for &category in Category::ALL {
            for exemption in [None]
                .into_iter()
                .chain(Exemption::ALL.iter().copied().map(Some))
            {
                for party in [Party::First, Party::Third] {
                    let probe = leak(DeclarationParts {
                        party,
                        ..parts("probe", category, exemption)
                    });
                    let case = format!("{category} / {exemption:?} / {party}");
                    let declarations = vec![probe, preferences];
                    let markdown = Policy::new(&declarations)
                        .render(Format::Markdown, &PolicyOptions::new("en").unwrap())
                        .unwrap();
                    // The sentence under the row's table, then the row's own note.
                    let mut table_requires = false;
                    let mut row = "";
                    for line in markdown.lines() {
                        match line {
                            "These cookies require your consent." => table_requires = true,
                            "These cookies do not require your consent." => table_requires = false,
                            _ if line.contains("probe") => {
                                row = line;
                                break;
                            }
                            _ => {}
                        }
                    }
                    let words = (table_requires && !row.contains("(exempt from consent:"))
                        || row.contains("(requires your consent)");

                    let registry: &'static Registry =
                        Box::leak(Box::new(Registry::from_declarations(declarations)));
                    let consent = ConsentCookie::new(preferences, registry.revision()).unwrap();
                    let enforcer = super::super::Enforcer::new(registry, consent);
                    let header: &[u8] = b"probe=1; Path=/; Secure; HttpOnly; SameSite=Lax";
                    let judgment = judge(
                        &enforcer.shared,
                        &ConsentState::NONE,
                        [],
                        || [header],
                        SystemTime::now(),
                    );
                    assert_eq!(judgment.stripped() == [0], words, "{case}\n{row}");
                    assert_eq!(probe.requires_consent(), words, "{case}");
                }
            }
        }
    }
}
