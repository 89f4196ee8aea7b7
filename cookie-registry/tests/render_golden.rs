//! The policy of the seed cookies, in every format and both built-in languages, against files
//! reviewed by eye (`tests/render/golden/`, shared with example-opendatasoft's test: see
//! `render/golden_files.rs`).
//!
//! After an intended change, regenerate them with `UPDATE_GOLDEN=1 cargo test -p
//! cookie-registry --test render_golden`, and review the diff.

#[path = "render/fixtures.rs"]
mod fixtures;
#[path = "render/golden_files.rs"]
mod golden_files;

use cookie_registry::render::{Format, Policy, PolicyOptions};

fn formats() -> Vec<(Format, &'static str)> {
    vec![
        (Format::Markdown, "md"),
        (Format::Html, "html"),
        (Format::HtmlPage, "page.html"),
        #[cfg(feature = "json")]
        (Format::Json, "json"),
    ]
}

#[test]
fn seed_policy_matches_golden_files() {
    let declarations = fixtures::seed_cookies();
    let policy = Policy::new(&declarations);
    let mut documents = Vec::new();
    for lang in golden_files::LANGUAGES {
        let options = PolicyOptions::new(lang)
            .unwrap()
            .with_site(golden_files::SITE);
        for (format, extension) in formats() {
            let rendered = policy.render(format, &options).unwrap();
            documents.push((golden_files::path(lang, extension), rendered));
        }
    }
    golden_files::compare(&documents);
}

/// The rows of the seeds, in substance, independently of the golden files.
#[test]
fn seed_rows_carry_the_seeds_content() {
    let declarations = fixtures::seed_cookies();
    let policy = Policy::new(&declarations);
    let en = policy
        .render(
            Format::Markdown,
            &PolicyOptions::new("en")
                .unwrap()
                .with_site(golden_files::SITE),
        )
        .unwrap();
    for row in [
        "| Opendatasoft | Authentication (front and back office) | sessionid | To remember the user from one page to another | 2 weeks |",
        "| Opendatasoft | Language selection (front and back office) | django\\_language | To remember the visitor's language | 12 months |",
        "| Opendatasoft | API (CSRF) (front and back office) | csrftoken | To retrieve data via API calls | 12 months |",
        "| Opendatasoft | Choices related to your cookie preferences | cookies\\_preferences | To remember the visitor's cookie preferences | 6 months |",
    ] {
        assert!(en.contains(row), "missing {row}\n{en}");
    }
    assert!(en.contains("## What cookies are used on https://opendata.saemes.fr\n"));
    assert!(en.contains("### Cookies necessary for the platform to function properly\n"));
    assert!(en.contains(
        "| Service provider's name | Function and location | Cookie name(s) | Purposes | Lifetime |"
    ));

    let fr = policy
        .render(Format::Markdown, &PolicyOptions::new("fr").unwrap())
        .unwrap();
    for row in [
        "| Opendatasoft | Authentification (front et back office) | sessionid | Se souvenir de l'utilisateur d'une page à une autre | 2 semaines |",
        "| Opendatasoft | Sélection de la langue (front et back office) | django\\_language | Se souvenir de la langue du visiteur | 12 mois |",
        "| Opendatasoft | API (CSRF) (front et back office) | csrftoken | Récupérer des données via des appels API | 12 mois |",
        "| Opendatasoft | Choix concernant vos préférences sur les cookies | cookies\\_preferences | Se souvenir du choix opéré par le visiteur concernant les cookies | 6 mois |",
    ] {
        assert!(fr.contains(row), "missing {row}\n{fr}");
    }
    assert!(fr.starts_with("# Politique relative aux cookies\n"));
    assert!(fr.contains("## Quels cookies sont utilisés sur ce site\n"));
    assert!(fr.contains("### Cookies nécessaires au bon fonctionnement de la plateforme\n"));
    assert!(fr.contains(
        "| Nom du prestataire | Service et emplacement | Noms des cookies | Finalités | Durée de conservation |"
    ));
}
