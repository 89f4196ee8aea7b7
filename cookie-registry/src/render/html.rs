//! The policy as an HTML fragment or a standalone page.
//!
//! Every text and attribute value is escaped with [`escape::html`]; `href` is only ever written
//! for an address that passes [`escape::is_safe_link`].

use std::fmt::{self, Write};

use super::escape;
use super::table::{Document, ProviderCell, Resolved, Row, Table, write_name};

/// The stylesheet of a standalone page: readable tables on any screen, nothing more.
const STYLE: &str = "\
body { margin: 0; padding: 1rem; font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; background: #fff; }
main { max-width: 72rem; margin: 0 auto; }
table { width: 100%; margin: 0.5rem 0 2rem; border-collapse: collapse; }
caption { text-align: left; }
caption > :first-child { margin-bottom: 0.25rem; }
caption > p { margin-top: 0; }
th, td { padding: 0.5rem; border: 1px solid #8a8a8a; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { background: #ececec; }
tbody tr:nth-child(even) { background: #f7f7f7; }
code { font-family: ui-monospace, monospace; }
a { color: #0b57d0; }
";

/// Writes the `<section>` fragment, with `<h2>` as its top heading.
pub(crate) fn write_fragment(out: &mut impl Write, doc: &Document<'_>) -> fmt::Result {
    write_section(out, doc, 2)
}

/// Writes a complete page: the fragment in `<main>`, its headings starting at `<h1>`.
pub(crate) fn write_page(out: &mut impl Write, doc: &Document<'_>) -> fmt::Result {
    let t = doc.texts;
    out.write_str("<!DOCTYPE html>\n<html lang=\"")?;
    escape::html(out, &doc.lang)?;
    out.write_str("\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    out.write_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
    out.write_str("<title>")?;
    escape::html(out, t.title)?;
    if let Some(site) = doc.site {
        out.write_str(" – ")?;
        escape::html(out, site)?;
    }
    out.write_str("</title>\n<style>\n")?;
    out.write_str(STYLE)?;
    out.write_str("</style>\n</head>\n<body>\n<main>\n")?;
    write_section(out, doc, 1)?;
    out.write_str("</main>\n</body>\n</html>\n")
}

/// Writes `<hN>text</hN>` and a newline.
fn heading(out: &mut impl Write, level: u8, text: &str) -> fmt::Result {
    write!(out, "<h{level}>")?;
    escape::html(out, text)?;
    writeln!(out, "</h{level}>")
}

fn paragraph(out: &mut impl Write, text: &str) -> fmt::Result {
    out.write_str("<p>")?;
    escape::html(out, text)?;
    out.write_str("</p>\n")
}

fn write_section(out: &mut impl Write, doc: &Document<'_>, top: u8) -> fmt::Result {
    let t = doc.texts;
    out.write_str("<section class=\"cookie-policy\" lang=\"")?;
    escape::html(out, &doc.lang)?;
    out.write_str("\">\n")?;
    heading(out, top, t.title)?;
    paragraph(out, t.intro)?;
    heading(out, top + 1, t.what_is_heading)?;
    paragraph(out, t.what_is)?;
    paragraph(out, t.kinds_intro)?;
    out.write_str("<ul>\n")?;
    for (term, rest) in t.kinds {
        out.write_str("<li><strong>")?;
        escape::html(out, term)?;
        out.write_str("</strong> ")?;
        escape::html(out, rest)?;
        out.write_str("</li>\n")?;
    }
    out.write_str("</ul>\n")?;
    paragraph(out, t.withdraw)?;
    match doc.site {
        Some(site) => {
            write!(out, "<h{}>", top + 1)?;
            escape::html(out, t.used_on)?;
            escape::html(out, site)?;
            writeln!(out, "</h{}>", top + 1)?;
        }
        None => heading(out, top + 1, t.used_on_this_site)?,
    }
    for table in &doc.tables {
        write_table(out, doc, table, top + 2)?;
    }
    out.write_str("</section>\n")
}

/// A table whose caption holds the category's heading and consent sentence.
fn write_table(out: &mut impl Write, doc: &Document<'_>, table: &Table, level: u8) -> fmt::Result {
    let t = doc.texts;
    writeln!(
        out,
        "<table class=\"cookie-table cookie-table-{}\">",
        table.category.as_str()
    )?;
    out.write_str("<caption>\n")?;
    heading(out, level, t.category(table.category))?;
    paragraph(out, t.consent(table.consent_required))?;
    out.write_str("</caption>\n<thead>\n<tr>")?;
    for column in t.columns {
        out.write_str("<th scope=\"col\">")?;
        escape::html(out, column)?;
        out.write_str("</th>")?;
    }
    out.write_str("</tr>\n</thead>\n<tbody>\n")?;
    for row in &table.rows {
        write_row(out, doc, row)?;
    }
    out.write_str("</tbody>\n</table>\n")
}

/// A declaration text, in a `<span lang>` when it is a fallback in another language.
fn resolved(out: &mut impl Write, text: Resolved) -> fmt::Result {
    match text.lang {
        Some(lang) if !text.text.is_empty() => {
            out.write_str("<span lang=\"")?;
            escape::html(out, lang)?;
            out.write_str("\">")?;
            escape::html(out, text.text)?;
            out.write_str("</span>")
        }
        _ => escape::html(out, text.text),
    }
}

fn write_row<W: Write>(out: &mut W, doc: &Document<'_>, row: &Row) -> fmt::Result {
    let t = doc.texts;
    out.write_str("<tr>\n<td>")?;
    match row.provider_cell() {
        ProviderCell::Link { url } => {
            out.write_str("<a href=\"")?;
            escape::html(out, url)?;
            out.write_str("\">")?;
            escape::html(out, row.provider.name())?;
            out.write_str("</a>")?;
            escape::html(out, row.party_suffix(t))?;
        }
        ProviderCell::Address { .. } | ProviderCell::Plain => {
            row.write_provider(out, t, escape::html)?;
        }
    }
    out.write_str("</td>\n<td>")?;
    resolved(out, row.function)?;
    out.write_str("</td>\n<td>")?;
    for (i, cookie) in row.cookies.iter().enumerate() {
        if i > 0 {
            out.write_str(", ")?;
        }
        out.write_str("<code>")?;
        write_name(out, cookie.name(), escape::html)?;
        out.write_str("</code>")?;
        if let Some(marker) = t.storage_marker(cookie.storage()) {
            out.write_str(" (")?;
            escape::html(out, marker)?;
            out.write_char(')')?;
        }
    }
    out.write_str("</td>\n<td>")?;
    resolved(out, row.purpose)?;
    if row.note.is_some() {
        if !row.purpose.text.is_empty() {
            out.write_str(" (")?;
            row.write_note(out, t, escape::html)?;
            out.write_char(')')?;
        } else {
            row.write_note(out, t, escape::html)?;
        }
    }
    out.write_str("</td>\n<td>")?;
    row.write_lifetime(out, t, escape::html)?;
    out.write_str("</td>\n</tr>\n")
}
