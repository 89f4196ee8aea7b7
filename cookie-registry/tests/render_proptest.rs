//! Property: any policy, whatever its texts contain, renders to documents that a real parser
//! reads back to the declared rows (issue 5, reliability target 2).
//!
//! Policies of 1 to 12 declarations are generated with hostile content wherever the declaration
//! types let a user put text (provider names and privacy-policy addresses, function, purpose and
//! justification per language, site name, cookie domain and path), valid cookie names (exact and
//! `prefix*` families, `__Host-` / `__Secure-`), every category, party, exemption, storage and
//! lifetime (zero and `u32::MAX` amounts included). Texts, names and providers are drawn from
//! small per-policy palettes, and some declarations copy another's row fields, so that rows
//! really merge, and some share a row in English but not in French. The one thing the
//! declaration type allows but the generator does not produce is HTTP attributes on a
//! `localStorage` / `sessionStorage` item, which the macro rejects (see the bug tests below).
//!
//! * `rendered_policies_read_back_to_the_declared_rows`: for each policy and language (en, fr),
//!   every format is rendered through the public API and parsed back: Markdown with
//!   pulldown-cmark (GFM: tables, strikethrough, task lists, footnotes), the HTML fragment and
//!   page with scraper (html5ever, no parse error allowed), JSON with serde_json. What is read
//!   back must equal what an independent model (`render/proptest_model.rs`) derives from the
//!   documented rules (docs/rendering.md): the same tables in the same order, the same cells
//!   with exactly the documented normalisation (line breaks and control characters but tab as
//!   one space each, CRLF as one; GFM does not keep a cell's or a heading's outer spaces and
//!   tabs), no markup but the policy's own, no link but the `http(s)` privacy policies, and a
//!   JSON document equal to the model's, every text as declared.
//! * `rendering_ignores_the_order_and_repeats_of_declarations`: the same set, listed in
//!   another order with some declarations twice, renders to the same bytes in every format.
//!
//! Case count: 256 per property (`PROPTEST_CASES` overrides it). Failures are not persisted
//! (`failure_persistence: None`): a failure prints its minimal input, to be turned into a
//! `#[test]` at the end of this file.

#[path = "render/proptest_model.rs"]
mod model;
#[path = "render/read_back.rs"]
mod read_back;

use std::cell::RefCell;

use cookie_registry::__private::DeclarationParts;
use cookie_registry::declaration::{
    Category, CookieDeclaration, CookieName, DeclarationSite, Exemption, HttpAttributes, Lifetime,
    Party, Provider, SameSite, Storage, Text, TimeUnit,
};
use cookie_registry::render::{Format, Policy, PolicyOptions};
use cookie_registry_syntax::name::validate;
use model::{ExpectedTable, Words, md_trim, one_line};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, TestRunner};
use read_back::{Block, markdown_blocks, selector};
use scraper::ElementRef;
use serde_json::Value;

// ---------------------------------------------------------------------------------------------
// What is generated.

/// A text per language, as `Text::new` takes it.
#[derive(Clone, Debug)]
struct TextSpec(Vec<(&'static str, String)>);

#[derive(Clone, Debug)]
struct AttributesSpec {
    domain: Option<String>,
    path: String,
    secure: bool,
    http_only: bool,
    same_site: SameSite,
    partitioned: bool,
}

#[derive(Clone, Debug)]
struct DeclarationSpec {
    stem: String,
    family: bool,
    provider: String,
    privacy_policy: Option<String>,
    category: Category,
    party: Party,
    function: TextSpec,
    purpose: TextSpec,
    justification: Option<TextSpec>,
    lifetime: Lifetime,
    storage: Storage,
    exemption: Option<Exemption>,
    /// `None`: `HttpAttributes::DEFAULT`.
    attributes: Option<AttributesSpec>,
}

#[derive(Clone, Debug)]
struct PolicySpec {
    declarations: Vec<DeclarationSpec>,
    site: Option<String>,
    /// Declarations given a second time.
    repeated: Vec<usize>,
    /// How far the declarations are rotated (then reversed) in the second listing.
    rotation: usize,
}

const SITE: DeclarationSite = DeclarationSite::new(
    "cookie-registry",
    "render_proptest",
    "tests/render_proptest.rs",
    1,
    1,
);

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

fn text(spec: &TextSpec) -> Text {
    let entries: Vec<(&'static str, &'static str)> =
        spec.0.iter().map(|(tag, s)| (*tag, leak(s))).collect();
    Text::new(Box::leak(entries.into_boxed_slice()))
}

impl DeclarationSpec {
    fn build(&self) -> &'static CookieDeclaration {
        // Names come from the macro, which accepts valid names only.
        let declared = format!("{}{}", self.stem, if self.family { "*" } else { "" });
        assert!(
            validate(&declared).is_ok(),
            "{declared:?} is not a valid name"
        );
        let stem = leak(&self.stem);
        let attributes = match &self.attributes {
            None => HttpAttributes::DEFAULT,
            Some(a) => HttpAttributes::DEFAULT
                .with_domain(a.domain.as_deref().map(leak))
                .with_path(leak(&a.path))
                .with_secure(a.secure)
                .with_http_only(a.http_only)
                .with_same_site(a.same_site)
                .with_partitioned(a.partitioned),
        };
        Box::leak(Box::new(CookieDeclaration::__from_parts(
            DeclarationParts {
                name: if self.family {
                    CookieName::Prefix(stem)
                } else {
                    CookieName::Exact(stem)
                },
                provider: Provider::new(
                    leak(&self.provider),
                    self.privacy_policy.as_deref().map(leak),
                ),
                category: self.category,
                party: self.party,
                function: text(&self.function),
                purpose: text(&self.purpose),
                justification: self.justification.as_ref().map(text),
                lifetime: self.lifetime,
                storage: self.storage,
                exemption: self.exemption,
                attributes,
                site: SITE,
            },
        )))
    }
}

impl PolicySpec {
    /// The declarations in generated order, and the same set listed otherwise: rotated,
    /// reversed, some of them twice.
    fn build(
        &self,
    ) -> (
        Vec<&'static CookieDeclaration>,
        Vec<&'static CookieDeclaration>,
    ) {
        let declarations: Vec<_> = self.declarations.iter().map(|d| d.build()).collect();
        let mut other = declarations.clone();
        other.rotate_left(self.rotation % declarations.len());
        other.reverse();
        other.extend(self.repeated.iter().map(|&i| declarations[i]));
        (declarations, other)
    }
}

// ---------------------------------------------------------------------------------------------
// Strategies.

/// Pieces that mean something to Markdown, HTML, a table or a terminal, and text that is hard
/// to carry: uniform random strings rarely hit them.
const SPECIALS: &[&str] = &[
    "|",
    "||",
    "*",
    "**",
    "_",
    "__",
    "`",
    "``",
    "[",
    "]",
    "(",
    ")",
    "](",
    "#",
    "# ",
    "##",
    ">",
    "> ",
    "-",
    "- ",
    "+",
    "+ ",
    "!",
    "![",
    "\\",
    "\\|",
    "\\\\|",
    "\\`",
    "<",
    "&",
    "~",
    "~~",
    "$",
    "$$",
    "^",
    ":",
    ";",
    "=",
    "{",
    "}",
    "\"",
    "'",
    ".",
    "...",
    " ",
    "  ",
    "    ",
    "\t",
    "1.",
    "1. ",
    "2)",
    "---",
    "***",
    "===",
    "<script>",
    "</script>",
    "<b>",
    "</td>",
    "</table>",
    "<!--",
    "-->",
    "<![CDATA[",
    "&amp;",
    "&#x41;",
    "&#65;",
    "&lt;",
    "&nbsp;",
    "&copy",
    "[x](javascript:alert(1))",
    "![i](x.png)",
    "<http://a.example>",
    "https://x.example",
    "www.x.example",
    "[^1]",
    "[ ] ",
    "[x] ",
    "\n",
    "\r\n",
    "\r",
    "\n\n",
    "\r\r\n",
    "\n\r",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{b}",
    "\u{c}",
    "\u{0}",
    "\u{1}",
    "\u{7}",
    "\u{1b}",
    "\u{7f}",
    "\u{80}",
    "\u{9f}",
    "é",
    "e\u{301}",
    "\u{301}",
    "ñ",
    "ß",
    "İ",
    "שלום",
    "مرحبا",
    "\u{202e}",
    "\u{200f}",
    "\u{200b}",
    "\u{feff}",
    "\u{a0}",
    "\u{3000}",
    "🍪",
    "👨‍👩‍👧",
    "🇫🇷",
    "日本",
    "\u{fffd}",
    "\u{e000}",
    "\u{fffe}",
    "\u{ffff}",
    "\u{fdd0}",
    "\u{10ffff}",
];

fn piece() -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(SPECIALS).prop_map(str::to_string),
        3 => "[A-Za-z0-9]{1,8}",
        1 => proptest::collection::vec(any::<char>(), 1..4).prop_map(String::from_iter),
    ]
    .boxed()
}

/// Any text: mostly pieces glued together, sometimes arbitrary or empty.
fn hostile_text() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        8 => proptest::collection::vec(piece(), 1..6).prop_map(|p| p.concat()),
        1 => any::<String>(),
        1 => proptest::collection::vec(any::<char>(), 1..12).prop_map(String::from_iter),
    ]
    .boxed()
}

/// Pieces of an address that is a link: no white space, no control character.
const URL_PIECES: &[&str] = &[
    "example.com",
    "/",
    "privacy",
    "?a=1",
    "&",
    "&amp;",
    "(",
    ")",
    "\\",
    "|",
    "`",
    "<",
    ">",
    "\"",
    "'",
    "*",
    "_",
    "[",
    "]",
    "!",
    "#",
    "~",
    "%20",
    "é",
    "日本",
    "🍪",
    "\u{200b}",
    "\\|",
    "\\\\",
    "javascript:",
    "{",
    "}",
    "$",
    "^",
    ";",
    ":",
    "@",
    "=",
    "+",
    ",",
    "-",
    ".",
    "<b>",
    "&lt;",
    "\"onmouseover=\"x",
];

fn link_url() -> BoxedStrategy<String> {
    let tail = prop_oneof![
        4 => proptest::collection::vec(select(URL_PIECES), 1..6).prop_map(|p| p.concat()),
        1 => any::<String>().prop_map(|s| {
            s.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>()
        }),
    ];
    (
        select(&["https://", "http://", "HTTPS://", "Http://"][..]),
        tail,
        "[a-z]{1,3}",
    )
        .prop_map(|(scheme, tail, host)| format!("{scheme}{host}{tail}"))
        .boxed()
}

/// Addresses that must not become links.
fn not_a_link() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(&[
            "javascript:alert(1)", "JavaScript:alert(1)", " https://lead.example",
            "https://lead.example ", "https://", "http://", "HTTPS://", "",
            "data:text/html,<script>alert(1)</script>", "//example.com", "https://a b",
            "https://x\n", "https://x\u{a0}y", "https://x\u{2028}y", "https://x\u{85}",
            "https://x\u{0}", "https://x\ty", "ftp://x", "httpé://x", "https:/x",
            "mailto:a@b", "/privacy", "privacy.html",
        ][..]).prop_map(str::to_string),
        2 => hostile_text(),
        1 => (link_url(), select(&[" ", "\n", "\t", "\r\n", "\u{0}", "\u{3000}", "\u{85}"][..]))
            .prop_map(|(url, bad)| format!("{url}{bad}x")),
    ]
    .boxed()
}

fn provider() -> BoxedStrategy<(String, Option<String>)> {
    let name = prop_oneof![
        2 => select(&[
            "Example", "example", "EXAMPLE", "Évil | Corp", "Ads\"Inc'", "Zed", "É", "", " ",
        ][..])
            .prop_map(str::to_string),
        3 => hostile_text(),
    ];
    let privacy_policy = prop_oneof![
        3 => Just(None),
        3 => link_url().prop_map(Some),
        2 => not_a_link().prop_map(Some),
    ];
    (name, privacy_policy).boxed()
}

/// A valid cookie name's stem (RFC 6265 token characters, no `*`).
fn stem() -> BoxedStrategy<String> {
    prop_oneof![
        3 => select(&[
            "_ga", "_ga_", "sid", "a", "A", "b", "_pk_id", "__Host-id", "__Secure-x", "x|y",
            "a`b`", "&'#!", "_", "-", "~", "^.^", "1", "%2A",
        ][..])
        .prop_map(str::to_string),
        2 => "[!#$%&'+.^_`|~0-9A-Za-z-]{1,10}",
        1 => ("(__Host-|__Secure-|__host-|__SECURE-)", "[a-z0-9_|`&]{0,5}")
            .prop_map(|(prefix, rest)| prefix + &rest),
    ]
    .boxed()
}

/// The languages a text is given in, and in which order (weighted by repetition).
const LAYOUTS: &[&[&str]] = &[
    &["en", "fr"],
    &["en", "fr"],
    &["en", "fr"],
    &["en", "fr"],
    &["fr", "en"],
    &["en"],
    &["en"],
    &["fr"],
    &["en", "fr-CA"],
    &["de", "en"],
    &["de"],
    &[],
    &["fr-CA", "fr", "en"],
];

/// A text: a layout and which strings of the policy's palette it uses.
type TextChoice = (Index, [Index; 3]);

fn text_choice() -> impl Strategy<Value = TextChoice> {
    (any::<Index>(), any::<[Index; 3]>())
}

fn resolve_text((layout, strings): &TextChoice, palette: &[String]) -> TextSpec {
    TextSpec(
        layout
            .get(LAYOUTS)
            .iter()
            .zip(strings)
            .map(|(tag, s)| (*tag, s.get(palette).clone()))
            .collect(),
    )
}

fn lifetime() -> BoxedStrategy<Lifetime> {
    let amount = prop_oneof![
        4 => 0u32..=3,
        1 => Just(12u32),
        1 => Just(13u32),
        1 => any::<u32>(),
        1 => Just(u32::MAX),
    ];
    prop_oneof![
        2 => Just(Lifetime::Session),
        3 => (amount, select(TimeUnit::ALL))
            .prop_map(|(amount, unit)| Lifetime::Persistent { amount, unit }),
    ]
    .boxed()
}

fn attributes() -> BoxedStrategy<Option<AttributesSpec>> {
    let spec = (
        proptest::option::of(prop_oneof![Just("example.com".to_string()), hostile_text()]),
        prop_oneof![Just("/".to_string()), hostile_text()],
        any::<bool>(),
        any::<bool>(),
        select(SameSite::ALL),
        any::<bool>(),
    )
        .prop_map(
            |(domain, path, secure, http_only, same_site, partitioned)| AttributesSpec {
                domain,
                path,
                secure,
                http_only,
                same_site,
                partitioned,
            },
        );
    prop_oneof![3 => Just(None), 1 => spec.prop_map(Some)].boxed()
}

/// One declaration, its texts, name and provider chosen from the policy's palettes; and
/// whether it takes what makes a row from another declaration (to share its row, or to share
/// it in English only).
type DeclarationChoice = (
    (Index, bool, Index),
    (Category, Party, Storage, Option<Exemption>),
    (TextChoice, TextChoice, Option<TextChoice>),
    Lifetime,
    Option<AttributesSpec>,
    Option<(Index, Sharing)>,
);

#[derive(Clone, Copy, Debug)]
enum Sharing {
    /// Provider, category, party, function, purpose and exemption.
    Row,
    /// The same, but its own French purpose.
    RowInEnglish,
    /// The whole declaration (the same cookie declared twice), but the function given in
    /// English only, with the text a French reader gets of the other's.
    CookieWithFrenchInEnglish,
}

fn declaration_choice() -> impl Strategy<Value = DeclarationChoice> {
    (
        (any::<Index>(), prop::bool::weighted(0.3), any::<Index>()),
        (
            select(Category::ALL),
            select(Party::ALL),
            prop_oneof![
                4 => Just(Storage::HttpCookie),
                1 => Just(Storage::LocalStorage),
                1 => Just(Storage::SessionStorage),
            ],
            prop_oneof![2 => Just(None), 3 => select(Exemption::ALL).prop_map(Some)],
        ),
        (
            text_choice(),
            text_choice(),
            proptest::option::weighted(0.3, text_choice()),
        ),
        lifetime(),
        attributes(),
        proptest::option::weighted(
            0.4,
            (
                any::<Index>(),
                prop_oneof![
                    6 => Just(Sharing::Row),
                    2 => Just(Sharing::RowInEnglish),
                    1 => Just(Sharing::CookieWithFrenchInEnglish),
                ],
            ),
        ),
    )
}

fn site() -> BoxedStrategy<Option<String>> {
    prop_oneof![
        2 => Just(None),
        1 => Just(Some("https://data.example.org".to_string())),
        1 => select(&["", " ", "\t\n", "\u{2028}", "\u{a0}", "\u{0}", "\r\n"][..])
            .prop_map(|s| Some(s.to_string())),
        3 => hostile_text().prop_map(Some),
    ]
    .boxed()
}

fn policy() -> impl Strategy<Value = PolicySpec> {
    (
        proptest::collection::vec(hostile_text(), 1..5),
        proptest::collection::vec(provider(), 1..4),
        proptest::collection::vec(stem(), 1..6),
        proptest::collection::vec(declaration_choice(), 1..=12),
        site(),
        proptest::collection::vec(any::<Index>(), 0..3),
        any::<Index>(),
    )
        .prop_map(
            |(strings, providers, stems, choices, site, repeated, rotation)| {
                let mut declarations: Vec<DeclarationSpec> = choices
                    .iter()
                    .map(
                        |(
                            (name, family, provider),
                            (category, party, storage, exemption),
                            (function, purpose, justification),
                            lifetime,
                            attributes,
                            _,
                        )| {
                            let (provider, privacy_policy) = provider.get(&providers).clone();
                            DeclarationSpec {
                                stem: name.get(&stems).clone(),
                                family: *family,
                                provider,
                                privacy_policy,
                                category: *category,
                                party: *party,
                                function: resolve_text(function, &strings),
                                purpose: resolve_text(purpose, &strings),
                                justification: justification
                                    .as_ref()
                                    .map(|j| resolve_text(j, &strings)),
                                lifetime: *lifetime,
                                storage: *storage,
                                exemption: *exemption,
                                // The macro rejects HTTP attributes on a storage item (see
                                // `storage_items_differing_in_unshown_attributes_are_listed_once`).
                                attributes: attributes.clone().filter(|_| storage.is_http_cookie()),
                            }
                        },
                    )
                    .collect();
                for (i, choice) in choices.iter().enumerate() {
                    let Some((other, sharing)) = &choice.5 else {
                        continue;
                    };
                    let other = declarations[other.index(declarations.len())].clone();
                    let d = &mut declarations[i];
                    if let Sharing::CookieWithFrenchInEnglish = sharing {
                        let french = model::resolved(text(&other.function).entries(), "fr");
                        *d = other;
                        d.function = TextSpec(vec![("en", french.to_string())]);
                        continue;
                    }
                    let own_purpose = std::mem::replace(&mut d.purpose, other.purpose.clone());
                    d.provider = other.provider;
                    d.privacy_policy = other.privacy_policy;
                    d.category = other.category;
                    d.party = other.party;
                    d.function = other.function;
                    d.exemption = other.exemption;
                    if let Sharing::RowInEnglish = sharing {
                        let french = own_purpose
                            .0
                            .first()
                            .map_or(String::new(), |(_, s)| s.clone());
                        d.purpose.0.retain(|(tag, _)| !tag.starts_with("fr"));
                        d.purpose.0.push(("fr", french + "\u{2028}"));
                    }
                }
                PolicySpec {
                    repeated: repeated
                        .iter()
                        .map(|i| i.index(declarations.len()))
                        .collect(),
                    rotation: rotation.index(declarations.len()),
                    declarations,
                    site,
                }
            },
        )
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(256),
        failure_persistence: None,
        ..Config::default()
    }
}

fn options(lang: &str, site: Option<&str>) -> PolicyOptions {
    let options = PolicyOptions::new(lang).unwrap();
    match site {
        Some(site) => options.with_site(site),
        None => options,
    }
}

// ---------------------------------------------------------------------------------------------
// Markdown, read back with pulldown-cmark (`render/read_back.rs`).

fn check_markdown(
    markdown: &str,
    w: &Words,
    site: Option<&str>,
    tables: &[ExpectedTable],
) -> Result<(), TestCaseError> {
    prop_assert!(
        markdown.ends_with('\n') && !markdown.ends_with("\n\n"),
        "not one final newline"
    );
    let blocks = markdown_blocks(markdown);
    let shape: Vec<&str> = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(..) => "heading",
            Block::Paragraph(_) => "paragraph",
            Block::List(_) => "list",
            Block::Table(..) => "table",
        })
        .collect();
    let mut want_shape = vec![
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
        "list",
        "paragraph",
        "heading",
    ];
    for _ in tables {
        want_shape.extend(["heading", "paragraph", "table"]);
    }
    prop_assert_eq!(shape, want_shape, "{}", markdown);
    prop_assert_eq!(&blocks[0], &Block::Heading(1, w.title.to_string()));
    prop_assert_eq!(
        &blocks[7],
        &Block::Heading(2, md_trim(&one_line(&model::used_on(site, w))).to_string()),
        "{}",
        markdown
    );
    for (i, table) in tables.iter().enumerate() {
        let at = 8 + 3 * i;
        let c = category_index(table.category);
        prop_assert_eq!(&blocks[at], &Block::Heading(3, w.headings[c].to_string()));
        let consent = if table.category == Category::Necessary {
            w.consent_not_required
        } else {
            w.consent_required
        };
        prop_assert_eq!(&blocks[at + 1], &Block::Paragraph(consent.to_string()));
        let Block::Table(header, rows) = &blocks[at + 2] else {
            unreachable!()
        };
        prop_assert_eq!(header, &w.columns.to_vec());
        prop_assert_eq!(rows.len(), table.rows.len(), "rows of\n{}", markdown);
        for ((cells, links), want) in rows.iter().zip(&table.rows) {
            // GFM does not keep a cell's outer spaces and tabs; a provider's name that is a
            // link has none outside the link.
            let want_cells: Vec<String> = want
                .cells(w)
                .iter()
                .enumerate()
                .map(|(i, c)| match (i, want.link()) {
                    (0, Some(_)) => one_line(c),
                    _ => md_trim(&one_line(c)).to_string(),
                })
                .collect();
            prop_assert_eq!(cells, &want_cells, "a row of\n{}", markdown);
            let want_links: Vec<String> = want.link().into_iter().map(str::to_string).collect();
            prop_assert_eq!(links, &want_links, "links of a row of\n{}", markdown);
        }
    }
    Ok(())
}

fn category_index(category: Category) -> usize {
    Category::ALL.iter().position(|c| *c == category).unwrap()
}

// ---------------------------------------------------------------------------------------------
// HTML, read back with scraper (html5ever, `render/read_back.rs`).

fn check_html(
    html: &str,
    w: &Words,
    site: Option<&str>,
    tables: &[ExpectedTable],
    page: bool,
) -> Result<(), TestCaseError> {
    if page {
        prop_assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\""));
    }
    let end = if page { "</html>\n" } else { "</section>\n" };
    prop_assert!(html.ends_with(end), "does not end with {:?}", end);
    let doc = read_back::parse_html(html, page).map_err(TestCaseError::fail)?;
    let policy = read_back::html_policy(&doc, page).map_err(TestCaseError::fail)?;

    prop_assert_eq!(policy.lang, Some(w.lang));
    if page {
        let want = match model::site(site) {
            Some(site) => format!("{} – {}", w.title, one_line(site)),
            None => w.title.to_string(),
        };
        prop_assert_eq!(policy.title, Some(want));
    }
    prop_assert_eq!(
        policy.headings.last(),
        Some(&one_line(&model::used_on(site, w))),
        "{}",
        html
    );

    prop_assert_eq!(policy.tables.len(), tables.len(), "tables of\n{}", html);
    let (mut want_anchors, mut want_spans, mut want_codes) = (0, 0, 0);
    for (table, want) in policy.tables.iter().zip(tables) {
        let c = category_index(want.category);
        let class = format!("cookie-table cookie-table-{}", want.category.as_str());
        prop_assert_eq!(table.class, Some(class.as_str()));
        prop_assert_eq!(&table.heading, &vec![w.headings[c].to_string()]);
        let want_consent = if want.category == Category::Necessary {
            w.consent_not_required
        } else {
            w.consent_required
        };
        prop_assert_eq!(&table.consent, &vec![want_consent.to_string()]);
        prop_assert_eq!(&table.header, &w.columns.to_vec());
        prop_assert_eq!(table.rows.len(), want.rows.len(), "rows of\n{}", html);
        for (cells, want) in table.rows.iter().zip(&want.rows) {
            let want_cells = want.cells(w);
            prop_assert_eq!(cells.len(), 5);
            let got: Vec<String> = cells.iter().map(|c| read_back::text(*c)).collect();
            let want_text: Vec<String> = want_cells.iter().map(|c| one_line(c)).collect();
            prop_assert_eq!(&got, &want_text, "a row of\n{}", html);

            // Provider: the name is the link, when there is one.
            let want_link: Vec<String> = want.link().into_iter().map(str::to_string).collect();
            prop_assert_eq!(&read_back::links(cells[0]), &want_link, "{}", html);
            if let Some(a) = cells[0].select(&selector("a")).next() {
                prop_assert_eq!(read_back::text(a), one_line(want.key.provider));
            }
            want_anchors += want_link.len();
            // Function and purpose: in a `<span lang>` when in another language.
            for (cell, langs, declared) in [
                (cells[1], &want.function_langs, want.key.function),
                (cells[3], &want.purpose_langs, want.key.purpose),
            ] {
                let found: Vec<_> = cell.select(&selector("span")).collect();
                prop_assert!(found.len() <= 1);
                let lang = found.first().and_then(|span| span.value().attr("lang"));
                prop_assert!(
                    langs.contains(&lang),
                    "lang {:?}, expected one of {:?}, in\n{}",
                    lang,
                    langs,
                    html
                );
                if let Some(span) = found.first() {
                    prop_assert_eq!(read_back::text(*span), one_line(declared));
                }
                want_spans += found.len();
            }
            // Names: each in its `<code>`.
            let names = read_back::texts(cells[2], "code");
            let want_names: Vec<String> = want
                .cookies
                .iter()
                .map(|d| model::display_name(d.name()))
                .collect();
            prop_assert_eq!(&names, &want_names);
            want_codes += names.len();
            // Nothing else in a cell.
            for (i, cell) in cells.iter().enumerate() {
                let inner = ["a", "span", "code", "span", ""][i];
                for element in cell.descendants().skip(1).filter_map(ElementRef::wrap) {
                    prop_assert_eq!(element.value().name(), inner, "in cell {}", i);
                }
            }
        }
    }
    let count = |css: &str| doc.select(&selector(css)).count();
    prop_assert_eq!(
        (count("a"), count("span"), count("code")),
        (want_anchors, want_spans, want_codes),
        "links, spans and code elements in\n{}",
        html
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// JSON, read back with serde_json.

/// The first place where two JSON values differ, for a readable failure.
fn first_difference(path: &str, got: &Value, want: &Value) -> Option<String> {
    match (got, want) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                first_difference(
                    &format!("{path}.{k}"),
                    a.get(k).unwrap_or(&Value::Null),
                    b.get(k).unwrap_or(&Value::Null),
                )
                .or_else(|| {
                    (a.contains_key(k) != b.contains_key(k)).then(|| format!("{path}.{k}: missing"))
                })
            })
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), x, y)),
        _ if got == want => None,
        _ => Some(format!("{path}: got {got}, expected {want}")),
    }
}

fn check_json(
    json: &str,
    policy: &Policy<'_>,
    options: &PolicyOptions,
    want: &Value,
) -> Result<(), TestCaseError> {
    prop_assert!(
        json.ends_with("}\n") && !json.ends_with("\n\n"),
        "not one final newline"
    );
    let got: Value = serde_json::from_str(json).unwrap();
    if let Some(difference) = first_difference("", &got, want) {
        return Err(TestCaseError::fail(format!("JSON: {difference}\n{json}")));
    }
    let document = serde_json::to_value(policy.json_document(options).unwrap()).unwrap();
    prop_assert_eq!(&document, &got, "json_document and Format::Json differ");
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// The properties.

/// How much of the interesting ground the generated policies covered.
#[derive(Debug, Default)]
struct Coverage {
    policies: usize,
    tables: usize,
    rows: usize,
    merged_rows: usize,
    per_cookie_lifetimes: usize,
    links: usize,
    addresses_as_text: usize,
    notes: usize,
    spans: usize,
    repeated_names: usize,
    storage_items: usize,
    families: usize,
    rows_in_one_language_only: usize,
}

impl Coverage {
    fn record(&mut self, en: &[ExpectedTable], fr: &[ExpectedTable]) {
        self.policies += 1;
        let count = |tables: &[ExpectedTable]| tables.iter().map(|t| t.rows.len()).sum::<usize>();
        if count(en) != count(fr) {
            self.rows_in_one_language_only += 1;
        }
        for table in en.iter().chain(fr) {
            self.tables += 1;
            for row in &table.rows {
                self.rows += 1;
                self.merged_rows += usize::from(row.cookies.len() > 1);
                let first = row.cookies[0].lifetime();
                self.per_cookie_lifetimes +=
                    usize::from(row.cookies.iter().any(|d| d.lifetime() != first));
                self.links += usize::from(row.link().is_some());
                self.addresses_as_text +=
                    usize::from(row.key.privacy_policy.is_some() && row.link().is_none());
                self.notes += usize::from(row.key.note.is_some());
                self.spans += usize::from(
                    row.function_langs.iter().any(Option::is_some)
                        || row.purpose_langs.iter().any(Option::is_some),
                );
                self.repeated_names +=
                    usize::from(row.cookies.windows(2).any(|p| p[0].name() == p[1].name()));
                self.storage_items +=
                    usize::from(row.cookies.iter().any(|d| !d.storage().is_http_cookie()));
                self.families += usize::from(
                    row.cookies
                        .iter()
                        .any(|d| matches!(d.name(), CookieName::Prefix(_))),
                );
            }
        }
    }
}

/// Renders the policy in every format and language, and reads each document back.
fn check_policy(spec: &PolicySpec, coverage: &RefCell<Coverage>) -> Result<(), TestCaseError> {
    // The second listing (rotated, reversed, some declarations twice): the model must not
    // depend on the order either.
    let (_, declarations) = spec.build();
    let policy = Policy::new(&declarations);
    let site = spec.site.as_deref();
    let mut expected = Vec::new();
    for lang in ["en", "fr"] {
        let w = model::words(lang);
        let options = options(lang, site);
        let tables = model::tables(&declarations, lang);
        let render = |format| policy.render(format, &options).unwrap();
        check_markdown(&render(Format::Markdown), w, site, &tables)?;
        check_html(&render(Format::Html), w, site, &tables, false)?;
        check_html(&render(Format::HtmlPage), w, site, &tables, true)?;
        check_json(
            &render(Format::Json),
            &policy,
            &options,
            &model::json_document(&declarations, lang, site),
        )?;
        expected.push(tables);
    }
    coverage.borrow_mut().record(&expected[0], &expected[1]);
    Ok(())
}

#[test]
fn rendered_policies_read_back_to_the_declared_rows() {
    let coverage = RefCell::new(Coverage::default());
    let result = TestRunner::new(config()).run(&policy(), |spec| check_policy(&spec, &coverage));
    if let Err(e) = result {
        panic!("{e}");
    }
    let c = coverage.into_inner();
    eprintln!("{c:#?}");
    // The generator reaches what the property is about: merged rows, mixed lifetimes, links
    // and addresses shown as text, notes, fallback languages, families and storage items.
    let n = c.policies;
    for (what, count) in [
        ("merged rows", c.merged_rows),
        ("per-cookie lifetimes", c.per_cookie_lifetimes),
        ("links", c.links),
        ("addresses as text", c.addresses_as_text),
        ("notes", c.notes),
        ("spans", c.spans),
        ("repeated names", c.repeated_names),
        ("storage items", c.storage_items),
        ("families", c.families),
        ("rows in one language only", c.rows_in_one_language_only),
    ] {
        assert!(count * 20 >= n, "only {count} policies of {n} with {what}");
    }
}

/// The same set of declarations, in any order and with repeats, renders to the same bytes
/// (docs/rendering.md, "The calls").
fn first_differing_line<'t>(a: &'t str, b: &'t str) -> Option<(usize, &'t str, &'t str)> {
    let (mut x, mut y) = (a.lines(), b.lines());
    (1..).find_map(|line| match (x.next(), y.next()) {
        (None, None) => Some(None),
        (x, y) if x != y => Some(Some((line, x.unwrap_or(""), y.unwrap_or("")))),
        _ => None,
    })?
}

#[test]
fn rendering_ignores_the_order_and_repeats_of_declarations() {
    let result = TestRunner::new(config()).run(&policy(), |spec| {
        let (declarations, other) = spec.build();
        for lang in ["en", "fr"] {
            let options = options(lang, spec.site.as_deref());
            for &format in Format::ALL {
                let a = Policy::new(&declarations).render(format, &options).unwrap();
                let b = Policy::new(&other).render(format, &options).unwrap();
                if let Some((line, x, y)) = first_differing_line(&a, &b) {
                    return Err(TestCaseError::fail(format!(
                        "{lang} {format}, line {line}: in generated order\n{x}\n\
                         in the other order\n{y}"
                    )));
                }
                prop_assert_eq!(a, b, "{} {}", lang, format);
            }
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

// ---------------------------------------------------------------------------------------------
// Bugs the properties found, each as its smallest input. They fail until the renderer is fixed.

/// A plain first-party necessary cookie, to vary.
fn plain(stem: &str) -> DeclarationSpec {
    DeclarationSpec {
        stem: stem.to_string(),
        family: false,
        provider: "Example".to_string(),
        privacy_policy: None,
        category: Category::Necessary,
        party: Party::First,
        function: TextSpec(vec![
            ("en", "Login".to_string()),
            ("fr", "Connexion".to_string()),
        ]),
        purpose: TextSpec(vec![("en", "Keeps you logged in".to_string())]),
        justification: None,
        lifetime: Lifetime::Session,
        storage: Storage::HttpCookie,
        exemption: Some(Exemption::StrictlyNecessary),
        attributes: None,
    }
}

/// Regression (found by `rendering_ignores_the_order_and_repeats_of_declarations`): the same cookie
/// declared twice, once with the function in French and English, once in English only, with
/// the same words: a French reader gets the same text from both, so they share a row and are
/// listed once, but whether the HTML marks that text `<span lang="en">` depends on which of the
/// two came first in the slice given to `Policy::new`. docs/rendering.md ("The calls"): "the
/// output is the same bytes for the same set".
///
/// In order [both languages, English only] the HTML read `<td>Connexion</td>`; in the other
/// order `<td><span lang="en">Connexion</span></td>`: the mark came from the row's first cookie
/// after a stable sort and de-duplication. Fixed: the mark is the smallest over every
/// declaration of the row, none (the document's language) first.
#[test]
fn the_same_cookie_with_a_text_given_in_another_language_renders_in_any_order() {
    let both = PolicySpec {
        declarations: vec![
            plain("sessionid"),
            DeclarationSpec {
                function: TextSpec(vec![("en", "Connexion".to_string())]),
                ..plain("sessionid")
            },
        ],
        site: None,
        repeated: vec![],
        rotation: 0,
    };
    let (given, reversed) = both.build();
    let options = options("fr", None);
    let a = Policy::new(&given).render(Format::Html, &options).unwrap();
    let b = Policy::new(&reversed)
        .render(Format::Html, &options)
        .unwrap();
    assert!(a.contains("<td>Connexion</td>"), "{a}");
    assert_eq!(
        a.lines().find(|l| l.contains("Connexion")),
        b.lines().find(|l| l.contains("Connexion")),
        "the order of the declarations changed the HTML"
    );
}

/// Regression (found by `rendered_policies_read_back_to_the_declared_rows` before its generator was
/// restricted to what the macro accepts): two `localStorage` items that differ only in their
/// HTTP attributes, which no format shows for a storage item (the JSON gives `"attributes":
/// null`), render identically but are listed twice: names `_ga (localStorage), _ga
/// (localStorage)`, two identical JSON cookies. docs/rendering.md: "Declarations that would
/// render identically are listed once." The macro rejects HTTP attributes on a storage item,
/// so only a declaration built by other means reaches this. Fixed: the renderer's cookie
/// order compares HTTP attributes for HTTP cookies only.
#[test]
fn storage_items_differing_in_unshown_attributes_are_listed_once() {
    let item = DeclarationSpec {
        storage: Storage::LocalStorage,
        lifetime: Lifetime::Persistent {
            amount: 6,
            unit: TimeUnit::Month,
        },
        ..plain("_ga")
    };
    let policy = PolicySpec {
        declarations: vec![
            item.clone(),
            DeclarationSpec {
                attributes: Some(AttributesSpec {
                    domain: None,
                    path: "/".to_string(),
                    secure: true,
                    http_only: false,
                    same_site: SameSite::Lax,
                    partitioned: false,
                }),
                ..item
            },
        ],
        site: None,
        repeated: vec![],
        rotation: 0,
    };
    let (declarations, _) = policy.build();
    let markdown = Policy::new(&declarations)
        .render(Format::Markdown, &options("en", None))
        .unwrap();
    assert!(
        markdown.ends_with(
            "| Example | Login | \\_ga (localStorage) | Keeps you logged in | 6 months |\n"
        ),
        "{markdown}"
    );
    check_policy(&policy, &RefCell::default()).unwrap();
}
