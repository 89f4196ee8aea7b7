//! The policy of the seed cookies, in every format and both built-in languages, against files
//! reviewed by eye (`tests/render/golden/`).
//!
//! After an intended change, regenerate them with `UPDATE_GOLDEN=1 cargo test --test
//! render_golden`, and review the diff.

#[path = "render/fixtures.rs"]
mod fixtures;

use std::path::PathBuf;

use cookie_registry::render::{Format, Policy, PolicyOptions};

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/render/golden")
}

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
    let update = std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1");
    let declarations = fixtures::seed_cookies();
    let policy = Policy::new(&declarations);
    let mut mismatches = Vec::new();
    for lang in ["en", "fr"] {
        let options = PolicyOptions::new(lang)
            .unwrap()
            .with_site(fixtures::SEED_SITE);
        for (format, extension) in formats() {
            let rendered = policy.render(format, &options).unwrap();
            let path = golden_dir().join(format!("policy.{lang}.{extension}"));
            if update {
                std::fs::create_dir_all(golden_dir()).unwrap();
                std::fs::write(&path, &rendered).unwrap();
                continue;
            }
            let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
                panic!(
                    "{}: {e}; run with UPDATE_GOLDEN=1 to create it",
                    path.display()
                )
            });
            if rendered != expected {
                let line = rendered
                    .lines()
                    .zip(expected.lines())
                    .position(|(a, b)| a != b)
                    .map_or(
                        rendered.lines().count().min(expected.lines().count()),
                        |i| i,
                    )
                    + 1;
                mismatches.push(format!(
                    "{} differs from the rendering, first at line {line}:\n  golden:   {:?}\n  rendered: {:?}",
                    path.display(),
                    expected.lines().nth(line - 1).unwrap_or(""),
                    rendered.lines().nth(line - 1).unwrap_or(""),
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change)",
        mismatches.join("\n")
    );
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
                .with_site(fixtures::SEED_SITE),
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
