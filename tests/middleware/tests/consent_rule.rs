//! One rule for "needs consent": for every category, exemption and party that the compile-time
//! rules accept, what the policy says (its tables, in words) and what the enforcement does with
//! the cookie for a visitor who has not consented agree; and the combinations the rules refuse
//! are refused.

use std::time::SystemTime;

use cookie_registry::Registry;
use cookie_registry::consent::{CategorySet, ConsentCookie, ConsentState};
use cookie_registry::declaration::{Category, CookieDeclaration, Exemption, Party};
use cookie_registry::enforce::{Enforcer, Mode};
use cookie_registry::render::{Format, Policy, PolicyOptions};

/// The consent cookie every registry of this test uses.
fn preferences() -> &'static CookieDeclaration {
    CookieDeclaration::parse(
        r#"name = "prefs", provider = "Example", category = necessary, exemption = consent_storage,
           lifetime = "6 months", function(en = "Cookie banner"), purpose(en = "To remember your choices")"#,
        &["en"],
    )
    .unwrap()
}

/// The declaration of `probe` with that category, exemption and party, if the rules accept it.
fn probe(
    category: Category,
    exemption: Option<Exemption>,
    party: Party,
) -> Option<&'static CookieDeclaration> {
    let exemption = exemption.map_or(String::new(), |e| format!("exemption = {},", e.as_str()));
    let justification = if party == Party::Third {
        "justification(en = \"Required by the payment provider\"),"
    } else {
        ""
    };
    CookieDeclaration::parse(
        &format!(
            r#"name = "probe", provider = "Example", category = {}, party = {}, {exemption} {justification}
               lifetime = "6 months", function(en = "Probe function"), purpose(en = "Probe purpose"),
               same_site = none"#,
            category.as_str(),
            party.as_str(),
        ),
        &["en"],
    )
    .ok()
}

/// Whether the English policy says, in words, that `probe` needs consent: its table's sentence,
/// unless its row notes an exemption.
fn policy_says_consent_is_needed(declarations: &[&'static CookieDeclaration]) -> bool {
    let markdown = Policy::new(declarations)
        .render(Format::Markdown, &PolicyOptions::new("en").unwrap())
        .unwrap();
    let mut table_needs_consent = None;
    for line in markdown.lines() {
        if line == "These cookies require your consent." {
            table_needs_consent = Some(true);
        } else if line == "These cookies do not require your consent." {
            table_needs_consent = Some(false);
        } else if line.contains("| probe |") {
            let noted_exempt = line.contains("(exempt from consent:");
            let noted_required = line.contains("(requires your consent)");
            let table = table_needs_consent.expect("a table sentence before the row");
            return (table && !noted_exempt) || noted_required;
        }
    }
    panic!("no row for `probe` in:\n{markdown}");
}

#[test]
fn the_policys_words_and_the_enforcement_agree_for_every_combination() {
    let parties = [Party::First, Party::Third];
    let exemptions = [
        None,
        Some(Exemption::StrictlyNecessary),
        Some(Exemption::ConsentStorage),
        Some(Exemption::AudienceMeasurement),
    ];
    let mut accepted = 0;
    let mut refused = Vec::new();
    for &category in Category::ALL {
        for exemption in exemptions {
            for party in parties {
                let Some(probe) = probe(category, exemption, party) else {
                    refused.push((category, exemption, party));
                    continue;
                };
                accepted += 1;
                let case = format!("{category} / {exemption:?} / {party}");
                let declarations = vec![probe, preferences()];
                let words = policy_says_consent_is_needed(&declarations);
                assert_eq!(
                    words,
                    probe.requires_consent(),
                    "{case}: the policy's words"
                );

                // What the enforcement does with the cookie, for a visitor who has not chosen.
                let registry: &'static Registry =
                    Box::leak(Box::new(Registry::from_declarations(declarations)));
                let consent = ConsentCookie::new(preferences(), registry.revision()).unwrap();
                let enforcer = Enforcer::new(registry, consent).mode(Mode::Enforce);
                let header: &[u8] =
                    b"probe=1; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=None";
                let judgment = enforcer.judge(&ConsentState::NONE, [], || [header]);
                let stripped = judgment.stripped() == [0];
                assert_eq!(stripped, words, "{case}: the enforcement");

                // With the category granted, it always goes through.
                let granted = consent.choose(CategorySet::NONE.with(category), SystemTime::now());
                let judgment = enforcer.judge(&granted, [], || [header]);
                assert!(judgment.stripped().is_empty(), "{case}: granted");
            }
        }
    }
    // Marketing never has an exemption; an exemption must fit its category; audience
    // measurement is first-party only. Everything else is accepted.
    assert_eq!(accepted, 17, "refused: {refused:?}");
    for (category, exemption, party) in refused {
        let fits = exemption.is_none_or(|e| category.allowed_exemptions().contains(&e));
        assert!(
            !fits || (exemption == Some(Exemption::AudienceMeasurement) && party == Party::Third),
            "{category} / {exemption:?} / {party} was refused"
        );
    }
}
