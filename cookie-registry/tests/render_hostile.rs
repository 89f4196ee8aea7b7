//! Declarations whose texts try to break out of the policy: table separators, line breaks,
//! markup, links, entities, `javascript:` addresses. Each format is parsed back with a real
//! parser, and every cell must read exactly as declared (line breaks as spaces), with no markup
//! and no link but the declared `http(s)` privacy policies.

#[path = "render/fixtures.rs"]
mod fixtures;

use cookie_registry::render::{Format, Policy, PolicyOptions};
use fixtures::*;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

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

/// A table as read back: header cells, then rows of (cells, links in the row).
#[derive(Debug, Default)]
struct ParsedTable {
    header: Vec<String>,
    rows: Vec<(Vec<String>, Vec<String>)>,
}

#[test]
fn markdown_tables_read_back_as_declared() {
    for lang in ["en", "fr"] {
        let markdown = render(Format::Markdown, lang);
        assert!(markdown.ends_with("|\n") && !markdown.ends_with("\n\n"));
        let (columns, expected, site_heading) = expected(lang);

        let mut tables: Vec<ParsedTable> = Vec::new();
        let mut headings: Vec<String> = Vec::new();
        let mut in_heading = false;
        let mut in_table = false;
        let mut cell: Option<String> = None;
        let mut row: Vec<String> = Vec::new();
        let mut row_links: Vec<String> = Vec::new();
        for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
            match &event {
                Event::Html(h) | Event::InlineHtml(h) => {
                    panic!("{lang}: raw HTML {h:?} in\n{markdown}")
                }
                Event::Start(Tag::Image { .. }) => panic!("{lang}: an image in\n{markdown}"),
                Event::Start(Tag::Link { dest_url, .. }) => {
                    assert!(
                        in_table && cell.is_some(),
                        "{lang}: a link outside the tables: {dest_url}"
                    );
                    row_links.push(dest_url.to_string());
                }
                Event::End(TagEnd::Link) => {}
                _ if !in_table => {}
                Event::Start(Tag::TableHead) => {}
                Event::End(TagEnd::TableHead) => {
                    tables.last_mut().unwrap().header = std::mem::take(&mut row);
                }
                Event::Start(Tag::TableRow) => {}
                Event::End(TagEnd::TableRow) => {
                    let cells = std::mem::take(&mut row);
                    let links = std::mem::take(&mut row_links);
                    tables.last_mut().unwrap().rows.push((cells, links));
                }
                Event::Start(Tag::TableCell) => cell = Some(String::new()),
                Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap().trim().to_string()),
                Event::Text(t) => cell.as_mut().unwrap().push_str(t),
                Event::End(TagEnd::Table) => {}
                other => panic!("{lang}: unexpected {other:?} in a table of\n{markdown}"),
            }
            match event {
                Event::Start(Tag::Table(_)) => {
                    in_table = true;
                    tables.push(ParsedTable::default());
                }
                Event::End(TagEnd::Table) => in_table = false,
                Event::Start(Tag::Heading { .. }) => {
                    in_heading = true;
                    headings.push(String::new());
                }
                Event::End(TagEnd::Heading(_)) => in_heading = false,
                Event::Text(t) if in_heading => headings.last_mut().unwrap().push_str(&t),
                _ => {}
            }
        }

        assert!(headings.contains(&site_heading), "{lang}: {headings:?}");
        assert_eq!(
            tables.len(),
            expected.len(),
            "{lang}: tables in\n{markdown}"
        );
        for (table, want) in tables.iter().zip(&expected) {
            assert!(
                headings.iter().any(|h| h == want.heading),
                "{lang}: heading {}",
                want.heading
            );
            assert_eq!(table.header, columns, "{lang}");
            assert_eq!(
                table.rows.len(),
                want.rows.len(),
                "{lang}: rows of {}",
                want.heading
            );
            for ((cells, links), (want_cells, want_link)) in table.rows.iter().zip(&want.rows) {
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
    use scraper::{Html, Selector};
    let s = |css: &str| Selector::parse(css).unwrap();
    let text = |e: scraper::ElementRef<'_>| e.text().collect::<String>();
    let doc = if page {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    assert!(
        doc.errors.is_empty() || page,
        "{lang}: parse errors {:?}",
        doc.errors
    );
    let (columns, expected, site_heading) = expected(lang);

    for bad in [
        "script",
        "img",
        "iframe",
        "object",
        "style:not(head > style)",
    ] {
        assert_eq!(doc.select(&s(bad)).count(), 0, "{lang}: <{bad}> in\n{html}");
    }
    for element in doc
        .root_element()
        .descendants()
        .filter_map(scraper::ElementRef::wrap)
    {
        for (name, value) in element.value().attrs() {
            assert!(
                !name.starts_with("on"),
                "{lang}: attribute {name}={value:?}"
            );
            if name == "href" {
                assert!(
                    [EXAMPLE_PRIVACY, STATS_PRIVACY, ADS_PRIVACY].contains(&value),
                    "{lang}: href {value:?}"
                );
                assert!(!value.trim().to_ascii_lowercase().starts_with("javascript:"));
            }
        }
    }
    let section = doc
        .select(&s("section.cookie-policy"))
        .next()
        .expect("the section");
    let want_lang = if lang == "en" { "en" } else { "fr" };
    assert_eq!(section.value().attr("lang"), Some(want_lang));
    let headings: Vec<String> = doc.select(&s("h1, h2, h3, h4")).map(text).collect();
    assert!(headings.contains(&site_heading), "{lang}: {headings:?}");

    let tables: Vec<_> = doc.select(&s("table")).collect();
    assert_eq!(tables.len(), expected.len(), "{lang}: tables");
    for (table, want) in tables.iter().zip(&expected) {
        let caption = table.select(&s("caption")).next().expect("a caption");
        assert!(
            text(caption).contains(want.heading),
            "{lang}: caption {}",
            text(caption)
        );
        let header: Vec<String> = table.select(&s("thead th[scope=col]")).map(text).collect();
        assert_eq!(header, columns, "{lang}");
        let rows: Vec<_> = table.select(&s("tbody > tr")).collect();
        assert_eq!(
            rows.len(),
            want.rows.len(),
            "{lang}: rows of {}",
            want.heading
        );
        for (row, (want_cells, want_link)) in rows.iter().zip(&want.rows) {
            let cells: Vec<String> = row.select(&s("td")).map(text).collect();
            assert_eq!(
                cells,
                want_cells.to_vec(),
                "{lang}: a row of {}",
                want.heading
            );
            let links: Vec<&str> = row
                .select(&s("a[href]"))
                .map(|a| a.value().attr("href").unwrap())
                .collect();
            assert_eq!(
                links,
                want_link.iter().copied().collect::<Vec<_>>(),
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
        let doc = scraper::Html::parse_document(&page);
        assert!(doc.errors.is_empty(), "{lang}: {:?}", doc.errors);
        let title = scraper::Selector::parse("head > title").unwrap();
        let title: String = doc.select(&title).next().unwrap().text().collect();
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

            let markdown = policy.render(Format::Markdown, &options).unwrap();
            assert!(markdown.ends_with('\n') && !markdown.ends_with("\n\n"));
            let mut tables = 0;
            let mut depth_in_row = false;
            let mut cells_in_row = 0;
            // Body rows as read back from Markdown, to compare with the HTML.
            let mut md_rows: Vec<Vec<String>> = Vec::new();
            let mut in_head = false;
            let mut cell: Option<String> = None;
            for event in Parser::new_ext(&markdown, Options::ENABLE_TABLES) {
                match event {
                    Event::Html(h) | Event::InlineHtml(h) => {
                        panic!("round {round} {lang}: raw HTML {h:?} in\n{markdown}")
                    }
                    Event::Start(Tag::Image { .. }) => panic!("round {round}: image"),
                    Event::Start(Tag::Link { dest_url, .. }) => {
                        assert!(
                            dest_url.as_ref() == "https://ok.example/p"
                                || dest_url.as_ref() == "HTTP://UP.EXAMPLE"
                                || dest_url.as_ref() == "http://é.example/ü",
                            "round {round}: link {dest_url:?}"
                        )
                    }
                    Event::Start(Tag::Table(_)) => tables += 1,
                    Event::Start(Tag::TableRow) | Event::Start(Tag::TableHead) => {
                        depth_in_row = true;
                        in_head = matches!(event, Event::Start(Tag::TableHead));
                        cells_in_row = 0;
                        if !in_head {
                            md_rows.push(Vec::new());
                        }
                    }
                    Event::Start(Tag::TableCell) => {
                        cells_in_row += 1;
                        cell = Some(String::new());
                    }
                    Event::End(TagEnd::TableCell) => {
                        let text = cell.take().unwrap();
                        if !in_head {
                            md_rows.last_mut().unwrap().push(text.trim().to_string());
                        }
                    }
                    Event::Text(t) | Event::Code(t) => {
                        if let Some(cell) = cell.as_mut() {
                            cell.push_str(&t);
                        }
                    }
                    Event::SoftBreak | Event::HardBreak => {
                        if let Some(cell) = cell.as_mut() {
                            cell.push(' ');
                        }
                    }
                    Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => {
                        assert!(depth_in_row);
                        assert_eq!(cells_in_row, 5, "round {round} {lang}:\n{markdown}");
                        depth_in_row = false;
                    }
                    Event::Start(Tag::CodeBlock(_)) => {
                        panic!("round {round} {lang}: a code block in\n{markdown}")
                    }
                    _ => {}
                }
            }
            assert_eq!(tables, categories, "round {round} {lang}:\n{markdown}");

            for format in [Format::Html, Format::HtmlPage] {
                let html = policy.render(format, &options).unwrap();
                let doc = scraper::Html::parse_document(&html);
                let select = |css: &str| scraper::Selector::parse(css).unwrap();
                assert_eq!(doc.select(&select("script")).count(), 0, "round {round}");
                assert_eq!(doc.select(&select("table")).count(), categories);
                let html_rows: Vec<Vec<String>> = doc
                    .select(&select("tbody > tr"))
                    .map(|row| {
                        row.select(&select("td"))
                            .map(|td| td.text().collect::<String>().trim().to_string())
                            .collect()
                    })
                    .collect();
                assert_eq!(
                    html_rows, md_rows,
                    "round {round} {lang}: HTML and Markdown disagree:\n{markdown}\n{html}"
                );
                for a in doc.select(&select("[href]")) {
                    let href = a.value().attr("href").unwrap();
                    assert!(
                        [
                            "https://ok.example/p",
                            "HTTP://UP.EXAMPLE",
                            "http://é.example/ü"
                        ]
                        .contains(&href),
                        "round {round}: href {href:?}"
                    );
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
