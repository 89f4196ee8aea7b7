//! The declarations of the measured crate: declaration `i` cycles through ten kinds, each valid
//! under docs/rules.md, with varied lifetimes, providers, attributes and texts in en and fr
//! (some also fr-CA or es). Every text carries the declaration's number, so no two are alike.

use std::fmt::Write as _;

/// One text per language tag.
type Texts = Vec<(&'static str, String)>;

/// One declaration, as the arguments of `#[cookie(...)]`.
#[derive(Default)]
struct Declaration {
    name: String,
    provider: String,
    /// A provider with a privacy-policy link is written `provider(name = ..., privacy_policy = ...)`.
    privacy_policy: Option<String>,
    category: &'static str,
    party: Option<&'static str>,
    exemption: Option<&'static str>,
    function: Texts,
    purpose: Texts,
    justification: Texts,
    lifetime: &'static str,
    storage: Option<&'static str>,
    domain: Option<&'static str>,
    path: Option<String>,
    http_only: Option<&'static str>,
    same_site: Option<&'static str>,
    partitioned: bool,
}

fn pick(list: &[&'static str], k: usize) -> &'static str {
    list[k % list.len()]
}

fn declaration(i: usize) -> Declaration {
    let id = format!("{i:04}");
    let g = i / 10;
    let portal = || "Example Portal".to_owned();
    match i % 10 {
        0 => Declaration {
            name: format!(
                "{}{id}",
                if g % 2 == 1 {
                    "__Secure-sess_"
                } else {
                    "sess_"
                }
            ),
            provider: portal(),
            category: "necessary",
            function: vec![
                ("en", format!("Authentication, portal section {id}")),
                ("fr", format!("Authentification, section {id} du portail")),
            ],
            purpose: vec![
                (
                    "en",
                    format!("To remember the user from one page to another ({id})"),
                ),
                (
                    "fr",
                    format!("Se souvenir de l'utilisateur d'une page à une autre ({id})"),
                ),
            ],
            lifetime: pick(&["2 weeks", "1 day", "session", "8 hours", "30 minutes"], g),
            ..Declaration::default()
        },
        1 => Declaration {
            name: format!("lang_{id}"),
            provider: portal(),
            category: "necessary",
            function: vec![
                ("en", format!("Language selection, section {id}")),
                ("fr", format!("Sélection de la langue, section {id}")),
            ],
            purpose: vec![
                ("en", format!("To remember the visitor's language ({id})")),
                ("fr", format!("Se souvenir de la langue du visiteur ({id})")),
            ],
            lifetime: pick(&["12 months", "1 year", "6 months"], g),
            http_only: Some("false"),
            same_site: Some("strict"),
            ..Declaration::default()
        },
        2 => Declaration {
            name: format!("consent_{id}"),
            provider: portal(),
            category: "necessary",
            exemption: Some("consent_storage"),
            function: vec![
                (
                    "en",
                    format!("Choices related to your cookie preferences ({id})"),
                ),
                (
                    "fr",
                    format!("Choix concernant vos préférences sur les cookies ({id})"),
                ),
            ],
            purpose: vec![
                (
                    "en",
                    format!("To remember the visitor's cookie preferences ({id})"),
                ),
                (
                    "fr",
                    format!(
                        "Se souvenir du choix opéré par le visiteur concernant les cookies ({id})"
                    ),
                ),
            ],
            lifetime: "6 months",
            http_only: Some("false"),
            domain: Some(".example.org"),
            ..Declaration::default()
        },
        3 => Declaration {
            name: format!("theme_{id}"),
            provider: portal(),
            category: if g % 2 == 1 {
                "preferences"
            } else {
                "functionality"
            },
            storage: Some("local_storage"),
            function: vec![
                ("en", format!("Display settings {id}")),
                ("fr", format!("Réglages d'affichage {id}")),
                ("fr-CA", format!("Paramètres d'affichage {id}")),
            ],
            purpose: vec![
                ("en", format!("To remember the chosen theme ({id})")),
                ("fr", format!("Retenir le thème choisi ({id})")),
            ],
            lifetime: pick(&["1 year", "90 days", "6 months"], g),
            ..Declaration::default()
        },
        4 => Declaration {
            name: format!("map_lb_{id}"),
            provider: format!("Maps Provider {}", g % 7),
            privacy_policy: Some(format!("https://maps{}.example.com/privacy", g % 7)),
            category: "functionality",
            exemption: Some("strictly_necessary"),
            party: Some("third"),
            function: vec![
                ("en", format!("Embedded map {id}")),
                ("fr", format!("Carte intégrée {id}")),
            ],
            purpose: vec![
                ("en", format!("To balance the load of map tiles ({id})")),
                (
                    "fr",
                    format!("Répartir la charge des tuiles de la carte ({id})"),
                ),
            ],
            justification: vec![
                (
                    "en",
                    format!("The map the user opened cannot load its tiles without it ({id})"),
                ),
                (
                    "fr",
                    format!(
                        "La carte ouverte par l'utilisateur ne peut pas charger ses tuiles sans lui ({id})"
                    ),
                ),
            ],
            lifetime: "1 day",
            domain: Some("maps.example.com"),
            path: Some(format!("/tiles/{id}")),
            same_site: Some("none"),
            partitioned: true,
            ..Declaration::default()
        },
        5 => Declaration {
            name: format!("_pk_id_{id}_*"),
            provider: "Matomo (self-hosted)".into(),
            category: "statistics",
            exemption: Some("audience_measurement"),
            function: vec![
                ("en", format!("Audience measurement {id}")),
                ("fr", format!("Mesure d'audience {id}")),
                ("es", format!("Medición de audiencia {id}")),
            ],
            purpose: vec![
                ("en", format!("To count visits anonymously ({id})")),
                ("fr", format!("Compter les visites de façon anonyme ({id})")),
            ],
            lifetime: pick(
                &["13 months", "6 months", "30 days", "1 year", "25 hours"],
                g,
            ),
            ..Declaration::default()
        },
        6 => Declaration {
            name: format!("_ga_{id}_*"),
            provider: "Google Analytics".into(),
            privacy_policy: Some("https://policies.google.com/privacy".into()),
            category: "statistics",
            party: Some("third"),
            function: vec![
                ("en", format!("Audience measurement (third party) {id}")),
                ("fr", format!("Mesure d'audience (tiers) {id}")),
            ],
            purpose: vec![
                ("en", format!("To count visits and pages viewed ({id})")),
                (
                    "fr",
                    format!("Compter les visites et les pages vues ({id})"),
                ),
            ],
            lifetime: pick(&["13 months", "2 years", "24 hours"], g),
            ..Declaration::default()
        },
        7 => Declaration {
            name: format!("ads_{id}"),
            provider: format!("Ad Network {}", g % 5),
            privacy_policy: Some(format!("https://ads{}.example.net/privacy", g % 5)),
            category: "marketing",
            party: Some("third"),
            function: vec![
                ("en", format!("Advertising {id}")),
                ("fr", format!("Publicité {id}")),
            ],
            purpose: vec![
                (
                    "en",
                    format!("To show ads that match the visitor's interests ({id})"),
                ),
                (
                    "fr",
                    format!(
                        "Afficher des publicités adaptées aux centres d'intérêt du visiteur ({id})"
                    ),
                ),
            ],
            lifetime: pick(&["390 days", "3 months", "1 year"], g),
            same_site: Some("none"),
            partitioned: g % 2 == 1,
            ..Declaration::default()
        },
        8 => Declaration {
            name: format!("__Host-csrf_{id}"),
            provider: portal(),
            category: "necessary",
            function: vec![
                ("en", format!("API (CSRF), section {id}")),
                ("fr", format!("API (CSRF), section {id}")),
            ],
            purpose: vec![
                ("en", format!("To protect form submissions ({id})")),
                ("fr", format!("Protéger l'envoi des formulaires ({id})")),
            ],
            lifetime: pick(&["session", "12 hours"], g),
            http_only: Some("false"),
            same_site: Some("strict"),
            ..Declaration::default()
        },
        _ => Declaration {
            name: format!("visit_{id}"),
            provider: portal(),
            category: "statistics",
            storage: Some("session_storage"),
            function: vec![
                ("en", format!("Visit tracking {id}")),
                ("fr", format!("Suivi de la visite {id}")),
            ],
            purpose: vec![
                ("en", format!("To measure the pages of one visit ({id})")),
                ("fr", format!("Mesurer les pages d'une visite ({id})")),
            ],
            lifetime: "session",
            ..Declaration::default()
        },
    }
}

fn text_list(out: &mut String, key: &str, texts: &Texts) {
    if texts.is_empty() {
        return;
    }
    let items: Vec<String> = texts
        .iter()
        .map(|(tag, text)| format!("{tag} = \"{text}\""))
        .collect();
    let _ = writeln!(out, "    {key}({}),", items.join(", "));
}

/// Declaration `i` as Rust source: its `#[cookie(...)]` on `pub const CNNNN: &str = "name";`.
fn source(i: usize) -> String {
    let d = declaration(i);
    let mut out = format!("/// Declaration {i}.\n#[cookie(\n");
    match &d.privacy_policy {
        Some(policy) => {
            let _ = writeln!(
                out,
                "    provider(name = \"{}\", privacy_policy = \"{policy}\"),",
                d.provider
            );
        }
        None => {
            let _ = writeln!(out, "    provider = \"{}\",", d.provider);
        }
    }
    let _ = writeln!(out, "    category = {},", d.category);
    for (key, value) in [("party", d.party), ("exemption", d.exemption)] {
        if let Some(value) = value {
            let _ = writeln!(out, "    {key} = {value},");
        }
    }
    text_list(&mut out, "function", &d.function);
    text_list(&mut out, "purpose", &d.purpose);
    text_list(&mut out, "justification", &d.justification);
    let _ = writeln!(out, "    lifetime = \"{}\",", d.lifetime);
    if let Some(storage) = d.storage {
        let _ = writeln!(out, "    storage = {storage},");
    }
    if let Some(domain) = d.domain {
        let _ = writeln!(out, "    domain = \"{domain}\",");
    }
    if let Some(path) = &d.path {
        let _ = writeln!(out, "    path = \"{path}\",");
    }
    for (key, value) in [("http_only", d.http_only), ("same_site", d.same_site)] {
        if let Some(value) = value {
            let _ = writeln!(out, "    {key} = {value},");
        }
    }
    if d.partitioned {
        out += "    partitioned,\n";
    }
    let _ = write!(out, ")]\npub const C{i:04}: &str = \"{}\";\n\n", d.name);
    out
}

/// Module `module` of `modules`, holding its share of the `n` declarations.
pub fn module(module: usize, modules: usize, n: usize) -> String {
    let per = n.div_ceil(modules);
    let first = module * per;
    let last = (first + per).min(n);
    let mut out = String::from(
        "//! Generated by `cargo xtask compile-time`: declarations with `#[cookie(...)]`.\n\nuse cookie_registry::cookie;\n\n",
    );
    for i in first..last {
        out += &source(i);
    }
    out
}

/// The English purpose of declaration `i`, which the incremental builds edit.
pub fn english_purpose(i: usize) -> String {
    declaration(i)
        .purpose
        .into_iter()
        .find(|(tag, _)| *tag == "en")
        .map(|(_, text)| text)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn ten_kinds_in_each_module() {
        let text = super::module(0, 10, 100);
        assert_eq!(text.matches("\n#[cookie(\n").count(), 10);
        assert!(text.contains("pub const C0004: &str = \"map_lb_0004\";"));
        assert!(text.contains("    partitioned,\n"));
        assert!(text.contains("fr-CA = \"Paramètres d'affichage 0003\""));
        assert_eq!(
            super::english_purpose(500),
            "To remember the user from one page to another (0500)"
        );
    }
}
