//! The rules a well-formed declaration must still obey: RFC 6265(bis) and the consent rules.
//!
//! Every rule here relates two or more keys (a name prefix and `secure`, a category and an
//! exemption), so it runs once [`declaration`](crate::declaration) has a whole declaration.
//! Each error points at the token to change and says what to write instead.
//!
//! | rule | source |
//! |---|---|
//! | `__Secure-` names need `Secure`; `__Host-` names need `Secure`, `Path=/`, no `Domain` | RFC 6265bis 4.1.3 |
//! | `SameSite=None` needs `Secure` | RFC 6265bis 4.1.2.7 |
//! | `Partitioned` needs `Secure` | CHIPS |
//! | localStorage / sessionStorage items take no HTTP attribute | what the attributes mean |
//! | an exemption must fit the category; marketing never has one | ePrivacy 5(3), WP194 |
//! | audience measurement is exempt only first-party and for at most 13 months | CNIL |
//! | a third-party cookie claiming an exemption needs a justification | WP194 |
//! | every text in every language the crate publishes | the crate's own promise |

use crate::declaration::{Context, Declaration, TextField};
use crate::errors::Errors;
use crate::language::primary_subtag;
use crate::lifetime::{AUDIENCE_MEASUREMENT_MAX, Lifetime};
use crate::name::{NamePattern, SecurityPrefix};
use crate::vocab::{Category, Exemption, Party, SameSite, Storage};

/// Checks a declaration against every rule, recording each violation.
pub fn check(declaration: &Declaration, context: &Context, errors: &mut Errors) {
    check_storage(declaration, errors);
    if declaration.storage.value.is_http_cookie() {
        check_http_attributes(declaration, errors);
    }
    check_consent(declaration, context, errors);
    check_languages(declaration, context, errors);
}

fn check_storage(d: &Declaration, errors: &mut Errors) {
    let storage = d.storage.value;
    if storage.is_http_cookie() {
        return;
    }
    let kind = match storage {
        Storage::LocalStorage => "a localStorage item",
        _ => "a sessionStorage item",
    };
    for (key, span) in d.attributes.written() {
        errors.at(
            span,
            format!("`{key}` is an HTTP cookie attribute, but this is {kind}: remove `{key}`"),
        );
    }
    match (storage, d.lifetime.value) {
        (Storage::LocalStorage, Lifetime::Session) => errors.at(
            d.lifetime.span,
            "a localStorage item outlives the session: give the duration the item is kept, such as \"6 months\", \
             or use `storage = session_storage`",
        ),
        (Storage::SessionStorage, Lifetime::Persistent { .. }) => errors.at(
            d.lifetime.span,
            "a sessionStorage item is cleared when the tab closes: write `lifetime = \"session\"`",
        ),
        _ => {}
    }
}

fn check_http_attributes(d: &Declaration, errors: &mut Errors) {
    let a = &d.attributes;
    let secure_off = a.secure.as_ref().filter(|s| !s.value);
    let name = NamePattern::parse(&d.name.value);
    if let Some(prefix) = name.security_prefix() {
        let p = prefix.as_str();
        if let Some(off) = secure_off {
            errors.at(
                off.span,
                format!("a `{p}` cookie must be Secure (RFC 6265bis): remove `secure = false`"),
            );
        }
        if prefix == SecurityPrefix::Host {
            if let Some(path) = a.path.as_ref().filter(|p| p.value != "/") {
                errors.at(path.span, "a `__Host-` cookie must have `Path=/` (RFC 6265bis): write `path = \"/\"` or remove it");
            }
            if let Some(domain) = &a.domain {
                errors.at(
                    domain.span,
                    "a `__Host-` cookie must not have a `Domain` (RFC 6265bis): remove `domain`",
                );
            }
        }
    }
    if let Some(same_site) = a.same_site.as_ref().filter(|s| s.value == SameSite::None)
        && secure_off.is_some()
    {
        errors.at(
                same_site.span,
                "`SameSite=None` requires `Secure`, or browsers reject the cookie: remove `secure = false`, or use `same_site = lax`",
            );
    }
    if let Some(partitioned) = a.partitioned.as_ref().filter(|p| p.value)
        && secure_off.is_some()
    {
        errors.at(partitioned.span, "a `Partitioned` cookie must be `Secure`: remove `secure = false`, or remove `partitioned`");
    }
}

fn check_consent(d: &Declaration, context: &Context, errors: &mut Errors) {
    let category = d.category.value;
    if let Some(written) = &d.written_exemption
        && !category.allowed_exemptions().contains(&written.value)
    {
        let message = match (category, written.value) {
                (Category::Marketing, _) => "a marketing cookie always needs consent: remove `exemption`".to_string(),
                (_, Exemption::AudienceMeasurement) => {
                    "the `audience_measurement` exemption is for `category = statistics`: change the category or remove `exemption`"
                        .to_string()
                }
                (Category::Statistics, e) => format!(
                    "a statistics cookie can only claim `audience_measurement`, not `{e}`: if it is strictly necessary, \
                     declare it `category = necessary`"
                ),
                (c, e) => format!("a {c} cookie cannot claim `{e}`"),
            };
        errors.at(written.span, message);
        return;
    }
    let exemption = d.exemption();
    if exemption == Some(Exemption::AudienceMeasurement) {
        if d.party.value == Party::Third {
            errors.at(
                d.party.span,
                "the audience-measurement exemption covers first-party cookies only (CNIL): a third-party statistics \
                 cookie needs consent; remove `exemption = audience_measurement`",
            );
        }
        if d.lifetime.value.exceeds(AUDIENCE_MEASUREMENT_MAX) {
            errors.at(
                d.lifetime.span,
                format!(
                    "an audience-measurement cookie exempt from consent may live at most 13 months (CNIL), not {}: \
                     shorten `lifetime`, or remove `exemption = audience_measurement` and ask for consent",
                    d.lifetime.value
                ),
            );
        }
    } else if let Some(e) = exemption
        && d.party.value == Party::Third
        && d.justification.is_none()
    {
        let claim = match (category, e) {
            (Category::Necessary, _) => "declared necessary".to_string(),
            (_, e) => format!("claiming `{e}`"),
        };
        let tags: Vec<String> = context
            .languages
            .iter()
            .map(|l| format!("{l} = \"...\""))
            .collect();
        errors.at(
            d.party.span,
            format!(
                "a third-party cookie {claim} needs a reason: add `justification({})` saying why the \
                 service the user asked for cannot work without it",
                tags.join(", ")
            ),
        );
    }
}

fn check_languages(d: &Declaration, context: &Context, errors: &mut Errors) {
    let mut texts: Vec<(&str, &TextField)> =
        vec![("function", &d.function), ("purpose", &d.purpose)];
    if let Some(justification) = &d.justification {
        texts.push(("justification", justification));
    }
    let published: Vec<&str> = context.languages.iter().map(|t| t.as_str()).collect();
    for (key, field) in texts {
        let missing: Vec<&str> = published
            .iter()
            .copied()
            .filter(|lang| {
                !field.entries.iter().any(|(tag, _, _)| {
                    tag.as_str() == *lang || (primary_subtag(tag.as_str()) == *lang)
                })
            })
            .collect();
        if missing.is_empty() {
            continue;
        }
        let origin = context.languages_source.describe();
        let message = if field.untagged {
            let tags: Vec<String> = published.iter().map(|l| format!("{l} = \"...\"")).collect();
            format!(
                "`{key} = \"...\"` gives the {} text only, but this crate publishes {} ({origin}): write one text \
                 per language, `{key}({})`",
                field
                    .entries
                    .iter()
                    .map(|(t, _, _)| t.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                published.join(", "),
                tags.join(", ")
            )
        } else {
            let add: Vec<String> = missing.iter().map(|l| format!("{l} = \"...\"")).collect();
            format!(
                "`{key}` has no {} text, but this crate publishes {} ({origin}): add `{}` inside `{key}(...)`",
                missing.join(", "),
                published.join(", "),
                add.join(", ")
            )
        };
        errors.at(field.span, message);
    }
}
