//! The comparison: every item the browser held, in every consent state, against the
//! declarations.
//!
//! # Rules
//!
//! **Matching.** An item matches a declaration of the same storage kind whose name is its name,
//! or whose family (`_ga_*`) it belongs to; an exact name wins over a family, a longer family
//! over a shorter one. Where it lives matters too:
//!
//! * an item on the site's own domain (see [`FirstParty`](crate::FirstParty)) matches a declaration of either
//!   party (a `party = third` declaration may describe a provider's script writing on the
//!   site's domain, as analytics scripts do);
//! * an item on another domain (a third-party frame's cookie or storage) matches only a
//!   `party = third` declaration;
//! * a cookie declaration with a `domain` matches only cookies on that domain or below it.
//!
//! The provider's name is never used to match: it is a display name, not a domain.
//!
//! **Findings** ([`FindingKind`]): an item no declaration matches is *undeclared*. An item whose
//! declaration needs consent for a category the state does not grant is *set before consent*
//! (no choice yet), *set after refusal* (refused, or another category chosen alone), or *still
//! there after withdrawal* (granted, then withdrawn, and not deleted: a warning only for another
//! site's item, which the site cannot delete, as long as it is not written again). A cookie written during
//! a page is compared with its declaration's lifetime (two percent or a minute of tolerance;
//! lifetimes over 400 days count as 400, the browsers' cap) and attributes. A declaration no
//! item matched in any state is *declared but never seen*. The first four are serious; the
//! others are warnings, and so is an undeclared IndexedDB database when the declarations come
//! from a registry, which cannot declare one yet.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use serde::Serialize;

use crate::consent::{ConsentChoice, Phase};
use crate::observe::{ItemKey, Seen, Source};
use crate::policy::{Declarations, Declared, StorageKind};
use crate::report::StateRun;
use crate::site::domain_matches;

/// How bad a finding is. A serious finding makes the audit fail (exit status 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Breaks the policy's promise: something undeclared, or set without consent.
    Serious,
    /// The policy and the browser disagree on details, or a declaration was not seen.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Serious => "serious",
            Severity::Warning => "warning",
        })
    }
}

/// What is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// No declaration covers the item.
    Undeclared,
    /// Held before the visitor chose, though its declaration needs consent.
    SetBeforeConsent,
    /// Held after the visitor refused its category.
    SetAfterRefusal,
    /// Still held after the visitor withdrew consent for its category.
    StillAfterWithdrawal,
    /// Kept for a time unlike the declared lifetime.
    LifetimeDrift,
    /// An HTTP attribute unlike the declaration's.
    AttributeDrift,
    /// Declared, but no item matched it in any state.
    NeverSeen,
}

impl FindingKind {
    /// The severity of this kind of finding.
    pub const fn severity(self) -> Severity {
        match self {
            FindingKind::Undeclared
            | FindingKind::SetBeforeConsent
            | FindingKind::SetAfterRefusal
            | FindingKind::StillAfterWithdrawal => Severity::Serious,
            FindingKind::LifetimeDrift | FindingKind::AttributeDrift | FindingKind::NeverSeen => {
                Severity::Warning
            }
        }
    }

    /// In words: `undeclared`, `set before consent`, ...
    pub const fn label(self) -> &'static str {
        match self {
            FindingKind::Undeclared => "undeclared",
            FindingKind::SetBeforeConsent => "set before consent",
            FindingKind::SetAfterRefusal => "set after refusal",
            FindingKind::StillAfterWithdrawal => "still there after withdrawal",
            FindingKind::LifetimeDrift => "lifetime unlike the declaration",
            FindingKind::AttributeDrift => "attribute unlike the declaration",
            FindingKind::NeverSeen => "declared but never seen",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Where and when a finding was seen.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Occurrence {
    /// The consent state.
    pub state: ConsentChoice,
    /// The phase within it.
    pub phase: Phase,
    /// The page after which the browser held it.
    pub page: String,
    /// The page during which it was last written.
    pub set_on: Option<String>,
    /// Who wrote it.
    pub sources: Vec<Source>,
}

/// One finding, with every place it was seen (the first [`Finding::MAX_OCCURRENCES`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// What is wrong.
    pub kind: FindingKind,
    /// How bad.
    pub severity: Severity,
    /// The item's name (a declaration's name for [`FindingKind::NeverSeen`]).
    pub name: String,
    /// Its storage kind.
    pub storage: StorageKind,
    /// A cookie's domain or a storage item's origin (`None` for never-seen declarations).
    pub location: Option<String>,
    /// Whether it lives on another site than the audited one.
    pub third_party: bool,
    /// The item in words.
    pub item: String,
    /// The matching declaration, `name (where it was declared)`.
    pub declaration: Option<String>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// Where it was seen, in visiting order.
    pub occurrences: Vec<Occurrence>,
    /// How many times it was seen in all (more than `occurrences` holds when capped).
    pub total_occurrences: usize,
}

impl Finding {
    /// How many occurrences a finding keeps.
    pub const MAX_OCCURRENCES: usize = 20;

    /// The first occurrence's sources, or none.
    pub fn first_sources(&self) -> &[Source] {
        self.occurrences
            .first()
            .map_or(&[], |o| o.sources.as_slice())
    }
}

/// One distinct item the browser held, with the declaration it matched.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InventoryEntry {
    /// Storage kind.
    pub storage: StorageKind,
    /// Name.
    pub name: String,
    /// Domain or origin.
    pub location: String,
    /// Partition of a partitioned cookie.
    pub partition: Option<String>,
    /// Whether it lives on another site than the audited one.
    pub third_party: bool,
    /// The declaration it matched (its declared name), if any.
    pub declared_as: Option<String>,
    /// Its declared category, if declared.
    pub category: Option<String>,
    /// The states it was held in.
    pub states: Vec<ConsentChoice>,
    /// Who first wrote it.
    pub sources: Vec<Source>,
}

/// The declaration that covers `seen`, by the rules of this module (whether `seen` is
/// third-party was decided by the audit's [`FirstParty`](crate::FirstParty)).
pub fn declaration_for<'d>(declarations: &'d Declarations, seen: &Seen) -> Option<&'d Declared> {
    declarations
        .iter()
        .filter(|d| d.storage == seen.kind && d.name_matches(&seen.name))
        .filter(|d| !seen.third_party || d.party == cookie_registry::declaration::Party::Third)
        .filter(|d| {
            let declared_domain = d.attributes.as_ref().and_then(|a| a.domain.as_deref());
            match (seen.kind, declared_domain) {
                (StorageKind::HttpCookie, Some(domain)) => domain_matches(&seen.location, domain),
                _ => true,
            }
        })
        .max_by_key(|d| (!d.is_family(), d.name.len()))
}

/// Every finding and the inventory, from the states' page visits.
pub(crate) fn compare(
    declarations: &Declarations,
    states: &[StateRun],
) -> (Vec<Finding>, Vec<InventoryEntry>) {
    let offered = declarations.consent_categories();
    let mut findings = Findings::default();
    let mut seen_declarations: HashSet<String> = HashSet::new();
    let mut inventory: BTreeMap<ItemKey, InventoryEntry> = BTreeMap::new();

    for run in states {
        let mut written_since_withdrawal: HashSet<ItemKey> = HashSet::new();
        for page in &run.pages {
            for seen in &page.items {
                let key = seen.key();
                let declared = declaration_for(declarations, seen);
                let entry = inventory
                    .entry(key.clone())
                    .or_insert_with(|| InventoryEntry {
                        storage: seen.kind,
                        name: seen.name.clone(),
                        location: seen.location.clone(),
                        partition: key.partition.clone(),
                        third_party: seen.third_party,
                        declared_as: declared.map(|d| d.name.clone()),
                        category: declared.map(|d| d.category.as_str().to_string()),
                        states: Vec::new(),
                        sources: seen.sources.clone(),
                    });
                if !entry.states.contains(&run.state) {
                    entry.states.push(run.state);
                }
                if page.phase == Phase::Withdrawn && seen.written {
                    written_since_withdrawal.insert(key.clone());
                }
                let occurrence = || Occurrence {
                    state: run.state,
                    phase: page.phase,
                    page: page.landed.clone(),
                    set_on: seen.set_on.clone(),
                    sources: seen.sources.clone(),
                };
                let Some(declared) = declared else {
                    let near = declarations
                        .iter()
                        .find(|d| d.storage == seen.kind && d.name_matches(&seen.name));
                    let message = match near {
                        Some(d) => format!(
                            "no declaration covers {}; `{}` is declared for {} (party {}{}), not for this {}",
                            seen.describe(),
                            d.name,
                            if d.party == cookie_registry::declaration::Party::Third {
                                "a third party"
                            } else {
                                "the site"
                            },
                            d.party,
                            d.attributes
                                .as_ref()
                                .and_then(|a| a.domain.as_deref())
                                .map(|domain| format!(", domain {domain}"))
                                .unwrap_or_default(),
                            if seen.kind == StorageKind::HttpCookie {
                                "domain"
                            } else {
                                "origin"
                            },
                        ),
                        None => format!("no declaration covers {}", seen.describe()),
                    };
                    // What the site cannot declare is its to know, not a failure.
                    let (severity, message) = if declarations.can_declare(seen.kind) {
                        (Severity::Serious, message)
                    } else {
                        (
                            Severity::Warning,
                            format!(
                                "{message}; cookie-registry cannot declare {}s yet",
                                seen.kind.noun()
                            ),
                        )
                    };
                    findings.add(
                        FindingKind::Undeclared,
                        severity,
                        seen,
                        None,
                        message,
                        &key,
                        occurrence(),
                    );
                    continue;
                };
                seen_declarations.insert(declared_id(declared));
                if let Some(category) = declared.consent {
                    let granted = run.state.granted(page.phase, &offered);
                    if !granted.contains(category) {
                        let kind = match (run.state, page.phase) {
                            (ConsentChoice::NoChoice, _) | (_, Phase::Initial) => {
                                FindingKind::SetBeforeConsent
                            }
                            (ConsentChoice::Withdrawal, Phase::Withdrawn)
                                if !written_since_withdrawal.contains(&key) =>
                            {
                                FindingKind::StillAfterWithdrawal
                            }
                            _ => FindingKind::SetAfterRefusal,
                        };
                        let message = match kind {
                            FindingKind::SetBeforeConsent => format!(
                                "{} is held before any choice; its declaration needs consent to {category}",
                                seen.describe()
                            ),
                            FindingKind::StillAfterWithdrawal if seen.third_party => format!(
                                "{} is still held after consent to {category} was withdrawn; the site \
                                 cannot delete another site's cookie or storage, but it no longer \
                                 writes it",
                                seen.describe()
                            ),
                            FindingKind::StillAfterWithdrawal => format!(
                                "{} is still held after consent to {category} was withdrawn; it must be deleted",
                                seen.describe()
                            ),
                            _ => {
                                format!("{} is held though {category} was refused", seen.describe())
                            }
                        };
                        // Only the site's own items can be deleted by the site.
                        let severity =
                            if kind == FindingKind::StillAfterWithdrawal && seen.third_party {
                                Severity::Warning
                            } else {
                                kind.severity()
                            };
                        findings.add(
                            kind,
                            severity,
                            seen,
                            Some(declared),
                            message,
                            &key,
                            occurrence(),
                        );
                    }
                }
                // What the audit wrote itself (the consent cookie) says nothing about the site.
                let by_audit = matches!(seen.sources.as_slice(), [Source::Audit { .. }]);
                if seen.written && !by_audit {
                    for (kind, message) in drift(declared, seen) {
                        findings.add(
                            kind,
                            kind.severity(),
                            seen,
                            Some(declared),
                            message,
                            &key,
                            occurrence(),
                        );
                    }
                }
            }
        }
    }

    for declared in declarations.iter() {
        if !seen_declarations.contains(&declared_id(declared)) {
            findings.never_seen(declared);
        }
    }
    (findings.into_sorted(), inventory.into_values().collect())
}

fn declared_id(declared: &Declared) -> String {
    format!(
        "{}\u{0}{}\u{0}{}",
        declared.storage, declared.name, declared.declared_at
    )
}

/// Lifetime and attribute differences of a cookie just written.
fn drift(declared: &Declared, seen: &Seen) -> Vec<(FindingKind, String)> {
    let mut out = Vec::new();
    let (Some(cookie), Some(attributes)) = (&seen.cookie, &declared.attributes) else {
        return out;
    };
    let what = seen.describe();
    match (declared.lifetime_seconds, cookie.lifetime_seconds) {
        (None, Some(held)) => out.push((
            FindingKind::LifetimeDrift,
            format!(
                "{what} is kept {} but declared for the session only",
                duration(held)
            ),
        )),
        (Some(declared_seconds), None) if cookie.expires.is_none() => out.push((
            FindingKind::LifetimeDrift,
            format!(
                "{what} is a session cookie but declared for {} ({})",
                declared.lifetime,
                duration(declared_seconds as f64)
            ),
        )),
        (Some(declared_seconds), Some(held)) => {
            let expected = declared_seconds.min(400 * 86_400) as f64;
            if (held - expected).abs() > (expected * 0.02).max(60.0) {
                out.push((
                    FindingKind::LifetimeDrift,
                    format!(
                        "{what} is kept {} but declared for {} ({})",
                        duration(held),
                        declared.lifetime,
                        duration(expected)
                    ),
                ));
            }
        }
        _ => {}
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut attribute = |name: &str, declared: String, held: String| {
        if declared != held {
            out.push((
                FindingKind::AttributeDrift,
                format!("{what}: `{name}` is {held} in the browser but declared {declared}"),
            ));
        }
    };
    attribute(
        "Secure",
        yes_no(attributes.secure).into(),
        yes_no(cookie.secure).into(),
    );
    attribute(
        "HttpOnly",
        yes_no(attributes.http_only).into(),
        yes_no(cookie.http_only).into(),
    );
    // Unset SameSite is Lax in Chromium: only a different explicit value is a difference.
    let held_same_site = cookie
        .same_site
        .as_deref()
        .map_or_else(|| "lax".to_string(), str::to_ascii_lowercase);
    attribute("SameSite", attributes.same_site.clone(), held_same_site);
    attribute("Path", attributes.path.clone(), cookie.path.clone());
    let held_domain = if seen.location.starts_with('.') {
        format!("Domain={}", seen.location.trim_start_matches('.'))
    } else {
        "host-only".to_string()
    };
    let declared_domain = attributes.domain.as_deref().map_or_else(
        || "host-only".to_string(),
        |d| format!("Domain={}", d.trim_start_matches('.')),
    );
    attribute("Domain", declared_domain, held_domain);
    attribute(
        "Partitioned",
        yes_no(attributes.partitioned).into(),
        yes_no(cookie.partition.is_some()).into(),
    );
    out
}

/// `2 days 3 h`, `13 min`, `45 s`.
pub(crate) fn duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match s {
        0..120 => format!("{s} s"),
        120..7_200 => format!("{} min", s / 60),
        7_200..172_800 => format!("{} h", s / 3600),
        _ => {
            let days = s / 86_400;
            let hours = (s % 86_400) / 3600;
            if hours == 0 || days >= 30 {
                format!("{days} days")
            } else {
                format!("{days} days {hours} h")
            }
        }
    }
}

#[derive(Default)]
struct Findings {
    by_key: HashMap<(FindingKind, ItemKey, String), usize>,
    list: Vec<Finding>,
}

impl Findings {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        kind: FindingKind,
        severity: Severity,
        seen: &Seen,
        declared: Option<&Declared>,
        message: String,
        key: &ItemKey,
        occurrence: Occurrence,
    ) {
        // Drift messages differ per attribute: each is its own finding; others are one per item.
        let detail = match kind {
            FindingKind::LifetimeDrift | FindingKind::AttributeDrift => message.clone(),
            _ => String::new(),
        };
        let index = *self
            .by_key
            .entry((kind, key.clone(), detail))
            .or_insert_with(|| {
                self.list.push(Finding {
                    kind,
                    severity,
                    name: seen.name.clone(),
                    storage: seen.kind,
                    location: Some(seen.location.clone()),
                    third_party: seen.third_party,
                    item: seen.describe(),
                    declaration: declared.map(|d| format!("{} ({})", d.name, d.declared_at)),
                    message,
                    occurrences: Vec::new(),
                    total_occurrences: 0,
                });
                self.list.len() - 1
            });
        let finding = &mut self.list[index];
        finding.total_occurrences += 1;
        if finding.occurrences.len() < Finding::MAX_OCCURRENCES {
            finding.occurrences.push(occurrence);
        }
    }

    fn never_seen(&mut self, declared: &Declared) {
        self.list.push(Finding {
            kind: FindingKind::NeverSeen,
            severity: FindingKind::NeverSeen.severity(),
            name: declared.name.clone(),
            storage: declared.storage,
            location: None,
            third_party: declared.party == cookie_registry::declaration::Party::Third,
            item: format!("{} `{}`", declared.storage.noun(), declared.name),
            declaration: Some(format!("{} ({})", declared.name, declared.declared_at)),
            message: format!(
                "`{}` ({}, {}) is declared but the browser never held it in any state (it may \
                 need a login, a page the crawl did not reach, or a real third-party host)",
                declared.name, declared.provider, declared.category
            ),
            occurrences: Vec::new(),
            total_occurrences: 0,
        });
    }

    fn into_sorted(mut self) -> Vec<Finding> {
        self.list.sort_by(|a, b| {
            (a.severity, a.kind, &a.name, &a.location, &a.message).cmp(&(
                b.severity,
                b.kind,
                &b.name,
                &b.location,
                &b.message,
            ))
        });
        self.list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::observe::CookieDetails;
    use crate::policy::DeclaredAttributes;
    use cookie_registry::declaration::{Category, Party};

    fn declared(name: &str, party: Party, domain: Option<&str>) -> Declared {
        Declared {
            name: name.into(),
            storage: StorageKind::HttpCookie,
            category: Category::Marketing,
            party,
            provider: "P".into(),
            function: "f".into(),
            consent: Some(Category::Marketing),
            exemption: None,
            lifetime: "6 months".into(),
            lifetime_seconds: Some(15_778_476),
            attributes: Some(DeclaredAttributes {
                secure: true,
                http_only: true,
                same_site: "lax".into(),
                path: "/".into(),
                domain: domain.map(str::to_string),
                partitioned: false,
            }),
            declared_at: "test".into(),
        }
    }

    fn cookie(name: &str, location: &str, third_party: bool, lifetime: Option<f64>) -> Seen {
        Seen {
            kind: StorageKind::HttpCookie,
            name: name.into(),
            location: location.into(),
            third_party,
            cookie: Some(CookieDetails {
                path: "/".into(),
                expires: lifetime.map(|l| 1e9 + l),
                lifetime_seconds: lifetime,
                http_only: true,
                secure: true,
                same_site: Some("Lax".into()),
                partition: None,
                size: 4,
            }),
            written: true,
            set_on: None,
            sources: Vec::new(),
        }
    }

    fn declarations(items: Vec<Declared>) -> Declarations {
        let json = serde_json::json!({"schema_version": 1, "categories": []}).to_string();
        let mut d = Declarations::from_json(&json, "t").unwrap();
        d.replace_items_for_tests(items);
        d
    }

    #[test]
    fn third_party_items_need_third_party_declarations() {
        let d = declarations(vec![
            declared("ads", Party::First, None),
            declared("vid", Party::Third, Some(".video.test")),
            declared("any_*", Party::Third, None),
        ]);
        let find = |seen: &Seen| declaration_for(&d, seen).map(|d| d.name.clone());
        assert_eq!(
            find(&cookie("ads", "127.0.0.1", false, None)).as_deref(),
            Some("ads")
        );
        assert_eq!(find(&cookie("ads", "localhost", true, None)), None);
        assert_eq!(
            find(&cookie("vid", ".video.test", true, None)).as_deref(),
            Some("vid")
        );
        assert_eq!(find(&cookie("vid", "localhost", true, None)), None);
        assert_eq!(
            find(&cookie("any_1", "localhost", true, None)).as_deref(),
            Some("any_*")
        );
        // A third-party declaration may describe a provider's script on the site's domain.
        assert_eq!(
            find(&cookie("any_1", "127.0.0.1", false, None)).as_deref(),
            Some("any_*")
        );
    }

    #[test]
    fn drift_in_lifetime_and_attributes() {
        let d = declared("ads", Party::First, None);
        assert!(drift(&d, &cookie("ads", "127.0.0.1", false, Some(15_778_400.0))).is_empty());
        let found = drift(&d, &cookie("ads", ".127.0.0.1", false, Some(31_556_952.0)));
        let kinds: Vec<FindingKind> = found.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            kinds,
            [FindingKind::LifetimeDrift, FindingKind::AttributeDrift]
        );
        assert!(
            found[0]
                .1
                .contains("kept 365 days but declared for 6 months"),
            "{}",
            found[0].1
        );
        assert!(found[1].1.contains("`Domain`"), "{}", found[1].1);
        let session = drift(&d, &cookie("ads", "127.0.0.1", false, None));
        assert!(session[0].1.contains("session cookie"), "{session:?}");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(59.6), "60 s");
        assert_eq!(duration(1800.0), "30 min");
        assert_eq!(duration(86_400.0 * 3.0 + 7200.0), "3 days 2 h");
        assert_eq!(duration(34_187_698.0), "395 days");
    }
}
