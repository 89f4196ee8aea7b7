//! Runs the example binary as a user would and checks its policy against the seed pages.

#[path = "../../../cookie-registry/tests/render/golden_files.rs"]
mod golden_files;

use std::process::{Command, Output};

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_example-opendatasoft"))
        .args(args)
        .output()
        .expect("the example runs")
}

fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// The rows of every table in a Markdown document, each row a list of cell texts.
fn markdown_rows(markdown: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => row = Some(Vec::new()),
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => rows.extend(row.take()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.push(c);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&text);
                }
            }
            _ => {}
        }
    }
    rows
}

// The rows of the seed pages (provider, function and location, cookie name, purpose), with the
// lifetimes of the newer Opendatasoft pages (DOMAIN.md). The English seeds write the CSRF row's
// function half in French ("front et back office"); the declaration corrects it.
const EN: [[&str; 5]; 5] = [
    [
        "Service provider's name",
        "Function and location",
        "Cookie name(s)",
        "Purposes",
        "Lifetime",
    ],
    [
        "Opendatasoft",
        "Choices related to your cookie preferences",
        "cookies_preferences",
        "To remember the visitor's cookie preferences",
        "6 months",
    ],
    [
        "Opendatasoft",
        "API (CSRF) (front and back office)",
        "csrftoken",
        "To retrieve data via API calls",
        "12 months",
    ],
    [
        "Opendatasoft",
        "Language selection (front and back office)",
        "django_language",
        "To remember the visitor's language",
        "12 months",
    ],
    [
        "Opendatasoft",
        "Authentication (front and back office)",
        "sessionid",
        "To remember the user from one page to another",
        "2 weeks",
    ],
];

const FR: [[&str; 5]; 5] = [
    [
        "Nom du prestataire",
        "Service et emplacement",
        "Noms des cookies",
        "Finalités",
        "Durée de conservation",
    ],
    [
        "Opendatasoft",
        "Choix concernant vos préférences sur les cookies",
        "cookies_preferences",
        "Se souvenir du choix opéré par le visiteur concernant les cookies",
        "6 mois",
    ],
    [
        "Opendatasoft",
        "API (CSRF) (front et back office)",
        "csrftoken",
        "Récupérer des données via des appels API",
        "12 mois",
    ],
    [
        "Opendatasoft",
        "Sélection de la langue (front et back office)",
        "django_language",
        "Se souvenir de la langue du visiteur",
        "12 mois",
    ],
    [
        "Opendatasoft",
        "Authentification (front et back office)",
        "sessionid",
        "Se souvenir de l'utilisateur d'une page à une autre",
        "2 semaines",
    ],
];

fn assert_rows(markdown: &str, expected: &[[&str; 5]]) {
    let rows = markdown_rows(markdown);
    let expected: Vec<Vec<String>> = expected
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows, expected, "\n{markdown}");
}

#[test]
fn default_run_prints_the_english_markdown_policy_with_the_seed_rows() {
    let markdown = stdout(&[]);
    assert!(markdown.starts_with("# "), "{markdown}");
    assert_rows(&markdown, &EN);
}

#[test]
fn french_policy_has_the_french_seed_rows() {
    assert_rows(&stdout(&["--lang", "fr"]), &FR);
    assert_rows(&stdout(&["--lang=fr-CA"]), &FR);
}

#[test]
fn a_language_without_built_in_text_falls_back_to_english() {
    assert_rows(&stdout(&["--lang", "de"]), &EN);
}

#[test]
fn the_site_is_named_in_every_format() {
    for format in ["md", "html", "html-page", "json"] {
        let out = stdout(&[
            "--format",
            format,
            "--site",
            "https://itie.opendatasoft.com",
        ]);
        assert!(
            out.contains("https://itie.opendatasoft.com"),
            "{format}: {out}"
        );
    }
}

#[test]
fn json_carries_the_same_rows() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&["--format", "json", "--lang", "fr"])).expect("valid JSON");
    let text = json.to_string();
    for row in &FR[1..] {
        for cell in row {
            assert!(
                text.contains(&serde_json::to_string(cell).unwrap()),
                "{cell} missing from {text}"
            );
        }
    }
}

#[test]
fn bad_arguments_are_clear_errors() {
    let out = run(&["--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `pdf`"));

    let out = run(&["--lang"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--lang needs a value"));

    let out = run(&["--lang", "not a language"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("BCP 47"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty(), "nothing is printed on error");

    assert!(stdout(&["--help"]).starts_with("usage:"));
}

/// The example's output, every format in both languages, is the library's seed policy: the
/// golden files of cookie-registry's `render_golden` test, for the same site. After an intended
/// change, regenerate them there (`UPDATE_GOLDEN=1` also rewrites them from here).
#[test]
fn output_matches_the_library_s_golden_files() {
    let mut documents = Vec::new();
    for lang in golden_files::LANGUAGES {
        for (format, extension) in [
            ("md", "md"),
            ("html", "html"),
            ("html-page", "page.html"),
            ("json", "json"),
        ] {
            let out = stdout(&[
                "--lang",
                lang,
                "--format",
                format,
                "--site",
                golden_files::SITE,
            ]);
            documents.push((golden_files::path(lang, extension), out));
        }
    }
    golden_files::compare(&documents);
}
