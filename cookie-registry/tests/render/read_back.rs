//! Rendered policies read back with real parsers, shared by `render_proptest` and
//! `render_hostile`: Markdown with pulldown-cmark (GitHub's extensions on), HTML with scraper
//! (html5ever). Each reader takes the document apart into what a reader of the policy sees
//! (headings, paragraphs, lists, tables of cells and links) and refuses whatever the renderer
//! must never produce: raw HTML, images, code, emphasis and line breaks in Markdown; a parse
//! error, or an element or attribute that is not the policy's own, in HTML.
#![allow(dead_code)]

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use scraper::{ElementRef, Html, Selector};

// ---------------------------------------------------------------------------------------------
// Markdown.

/// A block of the Markdown document, as read back.
#[derive(Debug, PartialEq)]
pub enum Block {
    Heading(usize, String),
    Paragraph(String),
    List(Vec<String>),
    /// Header cells, then each row's cells and the links in the row.
    Table(Vec<String>, Vec<(Vec<String>, Vec<String>)>),
}

/// CommonMark with GitHub's extensions (the tables, and the rest pulldown-cmark implements).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_GFM
}

/// Reads the document's blocks. Panics on anything the renderer must never produce: raw HTML,
/// images, code, emphasis, line breaks, links outside a provider cell, any other block.
///
/// Texts are as the parser gives them: GFM does not keep a cell's outer spaces and tabs, and a
/// heading's are trimmed here (CommonMark strips them; pulldown-cmark 0.13 keeps trailing tabs).
pub fn markdown_blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text: Option<String> = None;
    let mut items: Option<Vec<String>> = None;
    let mut header: Vec<String> = Vec::new();
    let mut rows: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let (mut in_table, mut in_head, mut in_link) = (false, false, false);
    for event in Parser::new_ext(markdown, markdown_options()) {
        match event {
            Event::Start(Tag::Heading { .. })
            | Event::Start(Tag::Paragraph)
            | Event::Start(Tag::TableCell)
                if text.is_none() && items.is_none() =>
            {
                text = Some(String::new())
            }
            Event::Start(Tag::Item) if text.is_none() && items.is_some() => {
                text = Some(String::new())
            }
            Event::End(TagEnd::Heading(level)) => blocks.push(Block::Heading(
                level as usize,
                text.take().unwrap().trim_matches([' ', '\t']).to_string(),
            )),
            Event::End(TagEnd::Paragraph) => blocks.push(Block::Paragraph(text.take().unwrap())),
            Event::Start(Tag::List(None)) if items.is_none() && !in_table => {
                items = Some(Vec::new())
            }
            Event::End(TagEnd::Item) => items.as_mut().unwrap().push(text.take().unwrap()),
            Event::End(TagEnd::List(false)) => blocks.push(Block::List(items.take().unwrap())),
            Event::Start(Tag::Strong) | Event::End(TagEnd::Strong) if items.is_some() => {}
            Event::Start(Tag::Table(_)) if !in_table && text.is_none() => in_table = true,
            Event::Start(Tag::TableHead) if in_table => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                header = std::mem::take(&mut row);
            }
            Event::Start(Tag::TableRow) if in_table && !in_head => {}
            Event::End(TagEnd::TableRow) => {
                rows.push((std::mem::take(&mut row), std::mem::take(&mut links)))
            }
            Event::End(TagEnd::TableCell) => row.push(text.take().unwrap()),
            Event::End(TagEnd::Table) => {
                in_table = false;
                blocks.push(Block::Table(
                    std::mem::take(&mut header),
                    std::mem::take(&mut rows),
                ));
            }
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                id,
            }) if in_table
                && !in_head
                && !in_link
                && row.is_empty()
                && title.is_empty()
                && id.is_empty() =>
            {
                in_link = true;
                links.push(dest_url.to_string());
            }
            Event::End(TagEnd::Link) if in_link => in_link = false,
            Event::Text(t) if text.is_some() => text.as_mut().unwrap().push_str(&t),
            other => panic!("unexpected {other:?} in\n{markdown}"),
        }
    }
    assert!(text.is_none() && items.is_none() && !in_table);
    blocks
}

// ---------------------------------------------------------------------------------------------
// HTML.

/// Every element a policy may contain, with the attributes it may carry.
pub const ALLOWED: &[(&str, &[&str])] = &[
    ("html", &["lang"]),
    ("head", &[]),
    ("meta", &["charset", "name", "content"]),
    ("title", &[]),
    ("style", &[]),
    ("body", &[]),
    ("main", &[]),
    ("section", &["class", "lang"]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("p", &[]),
    ("ul", &[]),
    ("li", &[]),
    ("strong", &[]),
    ("table", &["class"]),
    ("caption", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &["scope"]),
    ("td", &[]),
    ("a", &["href"]),
    ("code", &[]),
    ("span", &["lang"]),
];

/// A policy as read back from its HTML fragment or page.
pub struct HtmlPolicy<'a> {
    /// The `lang` of the policy's `<section>`.
    pub lang: Option<&'a str>,
    /// The page's `<title>`, for a page.
    pub title: Option<String>,
    /// The section's headings of the level below its title.
    pub headings: Vec<String>,
    /// The section's tables, in order.
    pub tables: Vec<HtmlTable<'a>>,
}

/// A table of the policy, as read back.
pub struct HtmlTable<'a> {
    /// Its `class`.
    pub class: Option<&'a str>,
    /// The texts of its caption's heading(s) and paragraph(s).
    pub heading: Vec<String>,
    pub consent: Vec<String>,
    /// The texts of its column headers.
    pub header: Vec<String>,
    /// The cells of each body row, as elements, to look inside them.
    pub rows: Vec<Vec<ElementRef<'a>>>,
}

/// Parses a rendered HTML fragment (`page == false`) or page; a parse error is a failure.
pub fn parse_html(html: &str, page: bool) -> Result<Html, String> {
    let doc = if page {
        Html::parse_document(html)
    } else {
        Html::parse_fragment(html)
    };
    if doc.errors.is_empty() {
        Ok(doc)
    } else {
        Err(format!("parse errors {:?} in\n{html}", doc.errors))
    }
}

/// Reads the policy of a parsed fragment or page: a failure when an element or attribute is not
/// one of [`ALLOWED`], a `<style>` is not the page's own (in `<head>`), or there is not exactly
/// one policy section.
pub fn html_policy(doc: &Html, page: bool) -> Result<HtmlPolicy<'_>, String> {
    for element in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        let name = element.value().name();
        let Some((_, attributes)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            return Err(format!("<{name}> in\n{}", doc.html()));
        };
        let parent = element.parent().and_then(ElementRef::wrap);
        if name == "style" && parent.is_none_or(|p| p.value().name() != "head") {
            return Err(format!("<style> outside <head> in\n{}", doc.html()));
        }
        if let Some((attribute, value)) = element
            .value()
            .attrs()
            .find(|(a, _)| !attributes.contains(a))
        {
            return Err(format!("<{name} {attribute}={value:?}> in\n{}", doc.html()));
        }
    }
    // A page's title is its `<h1>`; a fragment's, an `<h2>`.
    let top = if page { 1 } else { 2 };
    let sections: Vec<_> = doc.select(&selector("section.cookie-policy")).collect();
    let [section] = sections[..] else {
        return Err(format!("{} policy sections", sections.len()));
    };
    let tables = section
        .select(&selector("section > table"))
        .map(|table| HtmlTable {
            class: table.value().attr("class"),
            heading: texts(table, &format!("caption > h{}", top + 2)),
            consent: texts(table, "caption > p"),
            header: texts(table, "thead > tr > th[scope=col]"),
            rows: table
                .select(&selector("tbody > tr"))
                .map(|row| row.children().filter_map(ElementRef::wrap).collect())
                .collect(),
        })
        .collect();
    Ok(HtmlPolicy {
        lang: section.value().attr("lang"),
        title: page.then(|| texts(doc.root_element(), "head > title").concat()),
        headings: texts(section, &format!("section > h{}", top + 1)),
        tables,
    })
}

/// A CSS selector of the tests' own.
pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

/// The text of an element, as a reader sees it.
pub fn text(element: ElementRef<'_>) -> String {
    element.text().collect()
}

/// The texts of the elements under `element` that `css` selects.
pub fn texts(element: ElementRef<'_>, css: &str) -> Vec<String> {
    element.select(&selector(css)).map(text).collect()
}

/// The addresses of the links in `element`.
pub fn links(element: ElementRef<'_>) -> Vec<String> {
    element
        .select(&selector("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect()
}
