//! Declarations whose texts try to break out of the policy: table separators, line breaks,
//! markup, links, entities, `javascript:` addresses. Each format is parsed back with a real
//! parser, and every cell must read exactly as declared (line breaks as spaces), with no markup
//! and no link but the declared `http(s)` privacy policies.

#[path = "render/fixtures.rs"]
mod fixtures;
#[path = "render/read_back.rs"]
mod read_back;

use cookie_registry::render::{Format, Policy, PolicyOptions};
use fixtures::*;
use read_back::{Block, html_policy, links, markdown_blocks, parse_html, selector, text};

/// One expected table: heading, then rows of five cells, with the link each row's provider cell
/// must carry.
struct Expected {
    heading: &'static str,
    rows: Vec<([String; 5], Option<&'static str>)>,
}

fn cells(a: &str, b: &str, c: &str, d: &str, e: &str) -> [String; 5] {
    [a, b, c, d, e].map(str::to_string)
}

fn expected(lang: &str) -> (Vec<&'static str>, Vec<Expected>, String) {
    let (f, p) = (
        |t: cookie_registry::declaration::Text| flat(t.resolve(lang)),
        |t: cookie_registry::declaration::Text| flat(t.resolve(lang)),
    );
    match lang {
        "en" => (
            vec![
                "Service provider's name",
                "Function and location",
                "Cookie name(s)",
                "Purposes",
                "Lifetime",
            ],
            vec![
                Expected {
                    heading: "Cookies necessary for the platform to function properly",
                    rows: vec![
                        (
                            cells(
                                &format!(
                                    "{EVIL_PROVIDER} (third party), privacy policy: {EVIL_PRIVACY}"
                                ),
                                &f(EVIL_FUNCTION),
                                EVIL_NAME,
                                &p(EVIL_PURPOSE),
                                "2 weeks",
                            ),
                            None,
                        ),
                        (
                            cells(
                                "Example",
                                "Only English function",
                                "needs_consent",
                                "Only English purpose",
                                "Session",
                            ),
                            Some(EXAMPLE_PRIVACY),
                        ),
                    ],
                },
                Expected {
                    heading: "Functionality cookies",
                    rows: vec![(
                        cells(
                            "Example",
                            "UI `prefs`",
                            "draft (sessionStorage), theme (localStorage)",
                            "Remember your theme # not a heading",
                            "draft (sessionStorage): Session; theme (localStorage): 1 year",
                        ),
                        Some(EXAMPLE_PRIVACY),
                    )],
                },
                Expected {
                    heading: "Audience measurement (statistics) cookies",
                    rows: vec![(
                        cells(
                            "Stats & Co (third party)",
                            "Audience | measurement",
                            "_st, _st_*",
                            "To count *visits* (exempt from consent: anonymous audience measurement)",
                            "_st: 30 minutes; _st_*: 13 months",
                        ),
                        Some(STATS_PRIVACY),
                    )],
                },
                Expected {
                    heading: "Advertising and tracking cookies",
                    rows: vec![(
                        cells(
                            "Ads\"Inc' (third party)",
                            "Targeting",
                            AD_NAME,
                            "&lt;b&gt; & entity",
                            "1 year",
                        ),
                        Some(ADS_PRIVACY),
                    )],
                },
            ],
            format!("What cookies are used on {}", flat(HOSTILE_SITE)),
        ),
        "fr" => (
            vec![
                "Nom du prestataire",
                "Service et emplacement",
                "Noms des cookies",
                "Finalités",
                "Durée de conservation",
            ],
            vec![
                Expected {
                    heading: "Cookies nécessaires au bon fonctionnement de la plateforme",
                    rows: vec![
                        (
                            cells(
                                &format!(
                                    "{EVIL_PROVIDER} (tiers), politique de confidentialité\u{a0}: {EVIL_PRIVACY}"
                                ),
                                &f(EVIL_FUNCTION),
                                EVIL_NAME,
                                &p(EVIL_PURPOSE),
                                "2 semaines",
                            ),
                            None,
                        ),
                        (
                            cells(
                                "Example",
                                "Only English function",
                                "needs_consent",
                                "Only English purpose",
                                "Session",
                            ),
                            Some(EXAMPLE_PRIVACY),
                        ),
                    ],
                },
                Expected {
                    heading: "Cookies de fonctionnalité",
                    rows: vec![(
                        cells(
                            "Example",
                            "Interface `préférences`",
                            "draft (sessionStorage), theme (localStorage)",
                            "Se souvenir de votre thème # pas un titre",
                            "draft (sessionStorage)\u{a0}: Session; theme (localStorage)\u{a0}: 1 an",
                        ),
                        Some(EXAMPLE_PRIVACY),
                    )],
                },
                Expected {
                    heading: "Cookies de mesure d'audience (statistiques)",
                    rows: vec![(
                        cells(
                            "Stats & Co (tiers)",
                            "Mesure | d'audience",
                            "_st, _st_*",
                            "Compter les *visites* (exempté de consentement\u{a0}: mesure d'audience anonyme)",
                            "_st\u{a0}: 30 minutes; _st_*\u{a0}: 13 mois",
                        ),
                        Some(STATS_PRIVACY),
                    )],
                },
                Expected {
                    heading: "Cookies de publicité et de suivi",
                    rows: vec![(
                        cells(
                            "Ads\"Inc' (tiers)",
                            "Ciblage",
                            AD_NAME,
                            "&lt;b&gt; & entité",
                            "1 an",
                        ),
                        Some(ADS_PRIVACY),
                    )],
                },
            ],
            format!("Quels cookies sont utilisés sur {}", flat(HOSTILE_SITE)),
        ),
        _ => unreachable!(),
    }
}

fn render(format: Format, lang: &str) -> String {
    let declarations = hostile_cookies();
    Policy::new(&declarations)
        .render(
            format,
            &PolicyOptions::new(lang).unwrap().with_site(HOSTILE_SITE),
        )
        .unwrap()
}

#[test]
fn markdown_tables_read_back_as_declared() {
    for lang in ["en", "fr"] {
        let markdown = render(Format::Markdown, lang);
        assert!(markdown.ends_with("|\n") && !markdown.ends_with("\n\n"));
        let (columns, expected, site_heading) = expected(lang);

        let blocks = markdown_blocks(&markdown);
        let headings: Vec<&String> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(_, text) => Some(text),
                _ => None,
            })
            .collect();
        let tables: Vec<_> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(header, rows) => Some((header, rows)),
                _ => None,
            })
            .collect();
        assert!(headings.contains(&&site_heading), "{lang}: {headings:?}");
        assert_eq!(
            tables.len(),
            expected.len(),
            "{lang}: tables in\n{markdown}"
        );
        for ((header, rows), want) in tables.iter().zip(&expected) {
            assert!(
                headings.iter().any(|h| *h == want.heading),
                "{lang}: heading {}",
                want.heading
            );
            assert_eq!(*header, &columns, "{lang}");
            assert_eq!(
                rows.len(),
                want.rows.len(),
                "{lang}: rows of {}",
                want.heading
            );
            for ((cells, links), (want_cells, want_link)) in rows.iter().zip(&want.rows) {
                assert_eq!(
                    cells,
                    &want_cells.to_vec(),
                    "{lang}: a row of {}",
                    want.heading
                );
                assert_eq!(
                    links,
                    &want_link.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
                    "{lang}: links of {}",
                    want.heading
                );
            }
        }
    }
}

fn check_html(html: &str, lang: &str, page: bool) {
    let doc = parse_html(html, page).unwrap_or_else(|e| panic!("{lang}: {e}"));
    let policy = html_policy(&doc, page).unwrap_or_else(|e| panic!("{lang}: {e}"));
    let (columns, expected, site_heading) = expected(lang);

    for a in doc.select(&selector("[href]")) {
        let href = a.value().attr("href").unwrap();
        assert!(
            [EXAMPLE_PRIVACY, STATS_PRIVACY, ADS_PRIVACY].contains(&href),
            "{lang}: href {href:?}"
        );
    }
    let want_lang = if lang == "en" { "en" } else { "fr" };
    assert_eq!(policy.lang, Some(want_lang));
    assert!(
        policy.headings.contains(&site_heading),
        "{lang}: {:?}",
        policy.headings
    );

    assert_eq!(policy.tables.len(), expected.len(), "{lang}: tables");
    for (table, want) in policy.tables.iter().zip(&expected) {
        assert_eq!(table.heading, [want.heading], "{lang}: caption");
        assert_eq!(table.header, columns, "{lang}");
        assert_eq!(
            table.rows.len(),
            want.rows.len(),
            "{lang}: rows of {}",
            want.heading
        );
        for (cells, (want_cells, want_link)) in table.rows.iter().zip(&want.rows) {
            let texts: Vec<String> = cells.iter().map(|c| text(*c)).collect();
            assert_eq!(
                texts,
                want_cells.to_vec(),
                "{lang}: a row of {}",
                want.heading
            );
            let links: Vec<String> = cells.iter().flat_map(|c| links(*c)).collect();
            assert_eq!(
                links,
                want_link.iter().map(|l| l.to_string()).collect::<Vec<_>>(),
                "{lang}"
            );
        }
    }
}

#[test]
fn html_fragment_reads_back_as_declared() {
    for lang in ["en", "fr"] {
        check_html(&render(Format::Html, lang), lang, false);
    }
}

#[test]
fn html_page_reads_back_as_declared() {
    for lang in ["en", "fr"] {
        let page = render(Format::HtmlPage, lang);
        assert!(page.starts_with("<!DOCTYPE html>\n"));
        check_html(&page, lang, true);
        let doc = parse_html(&page, true).unwrap();
        let title = html_policy(&doc, true).unwrap().title.unwrap();
        assert!(title.ends_with(&flat(HOSTILE_SITE)), "{title:?}");
    }
}

#[test]
fn the_english_only_text_is_marked_english_in_french() {
    let html = render(Format::Html, "fr");
    assert!(
        html.contains("<span lang=\"en\">Only English function</span>"),
        "{html}"
    );
    assert!(!render(Format::Html, "en").contains("<span lang="));
}

#[cfg(feature = "json")]
#[test]
fn json_carries_texts_byte_identical() {
    use serde_json::Value;
    for lang in ["en", "fr"] {
        let json = render(Format::Json, lang);
        assert!(json.ends_with("}\n"));
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["site"], HOSTILE_SITE);
        assert_eq!(value["language"], lang);
        let categories = value["categories"].as_array().unwrap();
        let names: Vec<&str> = categories
            .iter()
            .map(|c| c["category"].as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            ["necessary", "functionality", "statistics", "marketing"]
        );

        let evil = &categories[0]["rows"][0];
        assert_eq!(evil["provider"]["name"], EVIL_PROVIDER);
        assert_eq!(evil["provider"]["privacy_policy"], EVIL_PRIVACY);
        assert_eq!(evil["party"], "third");
        assert_eq!(evil["function"], EVIL_FUNCTION.resolve(lang));
        assert_eq!(evil["purpose"], EVIL_PURPOSE.resolve(lang));
        assert_eq!(evil["cookies"][0]["name"], EVIL_NAME);

        let ui = &categories[1]["rows"][0];
        assert_eq!(ui["purpose"], UI_PURPOSE.resolve(lang));
        assert_eq!(ui["cookies"][0]["name"], "draft");
        assert_eq!(ui["cookies"][0]["storage"], "session_storage");
        assert_eq!(ui["cookies"][0]["attributes"], Value::Null);
        assert_eq!(ui["cookies"][1]["storage"], "local_storage");

        let stats = &categories[2]["rows"][0];
        assert_eq!(stats["provider"]["privacy_policy"], STATS_PRIVACY);
        assert_eq!(stats["function"], STATS_FUNCTION.resolve(lang));
        assert_eq!(stats["purpose"], STATS_PURPOSE.resolve(lang));
        assert!(stats["consent_note"].is_string());
        assert_eq!(stats["cookies"][0]["name"], "_st");
        assert_eq!(stats["cookies"][0]["pattern"], false);
        assert_eq!(stats["cookies"][1]["name"], "_st_*");
        assert_eq!(stats["cookies"][1]["pattern"], true);
        assert_eq!(stats["cookies"][1]["exemption"], "audience_measurement");
        assert_eq!(stats["cookies"][1]["requires_consent"], false);
        assert_eq!(
            stats["cookies"][1]["lifetime"]["seconds"],
            13 * 2_629_746u64
        );

        let ad = &categories[3]["rows"][0];
        assert_eq!(ad["provider"]["name"], ADS_NAME);
        assert_eq!(ad["provider"]["privacy_policy"], ADS_PRIVACY);
        assert_eq!(ad["cookies"][0]["name"], AD_NAME);
        assert_eq!(ad["cookies"][0]["exemption"], Value::Null);
        assert_eq!(ad["cookies"][0]["requires_consent"], true);
    }
}

/// Generated declarations from nasty fragments: no panic, no markup, no unsafe link, and the
/// tables keep their shape, in every format.
#[test]
fn generated_texts_never_break_out() {
    use cookie_registry::declaration::{
        Category, CookieName, Exemption, Lifetime, Party, Provider, Storage, Text, TimeUnit,
    };
    const FRAGMENTS: &[&str] = &[
        "",
        " ",
        "|",
        "||",
        "\\",
        "\\|",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "\u{0}",
        "\u{7}",
        "\u{85}",
        "\u{feff}",
        "\u{202e}",
        "é",
        "日本",
        "🍪",
        "<",
        ">",
        "&",
        "&amp;",
        "&#",
        ";",
        "\"",
        "'",
        "`",
        "``",
        "*",
        "**",
        "_",
        "__",
        "~",
        "~~",
        "#",
        "# ",
        "[",
        "]",
        "](",
        ")",
        "(",
        "!",
        "![",
        "<script>",
        "</td>",
        "</table>",
        "<!--",
        "-->",
        "javascript:",
        "https://",
        "http://x.y",
        "---",
        "- ",
        "1. ",
        "> ",
        "=",
        ":",
        "{",
        "}",
        "$",
        "^",
        "%",
        "@",
        "\u{a0}",
        "    ",
    ];
    const URLS: &[&str] = &[
        "https://ok.example/p",
        "javascript:alert(1)",
        " https://lead.example",
        "https://",
        "HTTP://UP.EXAMPLE",
        "http://é.example/ü",
        "https://x.example/a b",
        "data:text/html,<script>alert(1)</script>",
        "",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };

    for round in 0..60 {
        let mut declarations: Vec<&'static cookie_registry::declaration::CookieDeclaration> =
            Vec::new();
        for _ in 0..1 + next(5) {
            let text = |next: &mut dyn FnMut(usize) -> usize| {
                let mut s = String::new();
                for _ in 0..next(8) {
                    s.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
                }
                leak(s)
            };
            let entries: &'static [(&'static str, &'static str)] = Box::leak(
                vec![("en", text(&mut next)), ("fr", text(&mut next))].into_boxed_slice(),
            );
            let purpose: &'static [(&'static str, &'static str)] = Box::leak(
                vec![("fr", text(&mut next)), ("en", text(&mut next))].into_boxed_slice(),
            );
            let name = text(&mut next);
            let url = URLS[next(URLS.len())];
            let declaration = custom(
                if next(2) == 0 {
                    CookieName::Exact(name)
                } else {
                    CookieName::Prefix(name)
                },
                Provider::new(
                    text(&mut next),
                    if url.is_empty() { None } else { Some(url) },
                ),
                Category::ALL[next(4)],
                if next(2) == 0 {
                    Party::First
                } else {
                    Party::Third
                },
                Text::new(entries),
                Text::new(purpose),
                match next(3) {
                    0 => Lifetime::Session,
                    1 => Lifetime::Persistent {
                        amount: next(3) as u32,
                        unit: TimeUnit::ALL[next(7)],
                    },
                    _ => Lifetime::Persistent {
                        amount: u32::MAX,
                        unit: TimeUnit::Year,
                    },
                },
                [
                    Storage::HttpCookie,
                    Storage::LocalStorage,
                    Storage::SessionStorage,
                ][next(3)],
                [
                    None,
                    Some(Exemption::StrictlyNecessary),
                    Some(Exemption::ConsentStorage),
                    Some(Exemption::AudienceMeasurement),
                ][next(4)],
            );
            declarations.push(Box::leak(Box::new(declaration)));
        }
        let categories = {
            let mut c: Vec<_> = declarations.iter().map(|d| d.category()).collect();
            c.sort();
            c.dedup();
            c.len()
        };
        let policy = Policy::new(&declarations);
        for lang in ["en", "fr"] {
            let site = leak(format!("{}{}", FRAGMENTS[next(FRAGMENTS.len())], "site"));
            let options = PolicyOptions::new(lang).unwrap().with_site(site);

            const LINKS: [&str; 3] = [
                "https://ok.example/p",
                "HTTP://UP.EXAMPLE",
                "http://é.example/ü",
            ];
            let markdown = policy.render(Format::Markdown, &options).unwrap();
            assert!(markdown.ends_with('\n') && !markdown.ends_with("\n\n"));
            // Body rows as read back from Markdown, to compare with the HTML.
            let mut md_rows: Vec<Vec<String>> = Vec::new();
            let mut tables = 0;
            for block in markdown_blocks(&markdown) {
                let Block::Table(header, rows) = block else {
                    continue;
                };
                tables += 1;
                assert_eq!(header.len(), 5, "round {round} {lang}:\n{markdown}");
                for (cells, links) in rows {
                    assert_eq!(cells.len(), 5, "round {round} {lang}:\n{markdown}");
                    for link in links {
                        assert!(
                            LINKS.contains(&link.as_str()),
                            "round {round}: link {link:?}"
                        );
                    }
                    md_rows.push(cells.iter().map(|c| c.trim().to_string()).collect());
                }
            }
            assert_eq!(tables, categories, "round {round} {lang}:\n{markdown}");

            for format in [Format::Html, Format::HtmlPage] {
                let page = format == Format::HtmlPage;
                let html = policy.render(format, &options).unwrap();
                let doc =
                    parse_html(&html, page).unwrap_or_else(|e| panic!("round {round} {lang}: {e}"));
                let read =
                    html_policy(&doc, page).unwrap_or_else(|e| panic!("round {round} {lang}: {e}"));
                assert_eq!(read.tables.len(), categories, "round {round}");
                let html_rows: Vec<Vec<String>> = read
                    .tables
                    .iter()
                    .flat_map(|table| &table.rows)
                    .map(|cells| cells.iter().map(|c| text(*c).trim().to_string()).collect())
                    .collect();
                assert_eq!(
                    html_rows, md_rows,
                    "round {round} {lang}: HTML and Markdown disagree:\n{markdown}\n{html}"
                );
                for a in doc.select(&selector("[href]")) {
                    let href = a.value().attr("href").unwrap();
                    assert!(LINKS.contains(&href), "round {round}: href {href:?}");
                }
            }

            #[cfg(feature = "json")]
            {
                let json = policy.render(Format::Json, &options).unwrap();
                let value: serde_json::Value = serde_json::from_str(&json).unwrap();
                assert_eq!(value["categories"].as_array().unwrap().len(), categories);
            }
        }
    }
}
