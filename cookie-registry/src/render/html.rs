//! The policy as an HTML fragment or a standalone page: the third stage, for [`Format::Html`]
//! and [`Format::HtmlPage`].
//!
//! Every text and attribute value is escaped with [`escape::html`]; `href` is only ever written
//! for an address the model allows (a [`Mark::Link`]).
//!
//! [`Format::Html`]: super::Format::Html
//! [`Format::HtmlPage`]: super::Format::HtmlPage

use std::fmt::{self, Write};

use super::escape;
use super::wording::{Mark, Piece, TableWords, Words};

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

/// About how many bytes [`write_fragment`] or [`write_page`] writes: the cells' texts, the
/// markup around them and the preamble, a little more rather than less, so that a `String` of
/// that capacity is rarely grown (each growth copies what was written).
pub(crate) fn capacity(words: &Words<'_>, page: bool) -> usize {
    // The preamble is about 2.5 kB in every built-in language, the page's head and style 1 kB;
    // a row's `<tr>`, `<td>` and `<code>` take about 75 bytes, the rest is room for character
    // references.
    let head = if page { STYLE.len() + 512 } else { 0 };
    3_072 + head + words.text_len + 96 * words.row_count
}

/// Writes the `<section>` fragment, with `<h2>` as its top heading.
pub(crate) fn write_fragment(out: &mut impl Write, words: &Words<'_>) -> fmt::Result {
    write_section(out, words, 2)
}

/// Writes a complete page: the fragment in `<main>`, its headings starting at `<h1>`.
pub(crate) fn write_page(out: &mut impl Write, words: &Words<'_>) -> fmt::Result {
    let t = words.texts;
    out.write_str("<!DOCTYPE html>\n<html lang=\"")?;
    escape::html(out, words.language)?;
    out.write_str("\">\n<head>\n<meta charset=\"utf-8\">\n")?;
    out.write_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")?;
    out.write_str("<title>")?;
    escape::html(out, t.title)?;
    if let Some(site) = words.site {
        out.write_str(" – ")?;
        escape::html(out, site)?;
    }
    out.write_str("</title>\n<style>\n")?;
    out.write_str(STYLE)?;
    out.write_str("</style>\n</head>\n<body>\n<main>\n")?;
    write_section(out, words, 1)?;
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

fn write_section(out: &mut impl Write, words: &Words<'_>, top: u8) -> fmt::Result {
    let t = words.texts;
    out.write_str("<section class=\"cookie-policy\" lang=\"")?;
    escape::html(out, words.language)?;
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
    write!(out, "<h{}>", top + 1)?;
    pieces(out, words.cell(words.used_on))?;
    writeln!(out, "</h{}>", top + 1)?;
    for table in &words.tables {
        write_table(out, words, table, top + 2)?;
    }
    out.write_str("</section>\n")
}

/// A table whose caption holds the category's heading and consent sentence.
fn write_table(
    out: &mut impl Write,
    words: &Words<'_>,
    table: &TableWords<'_>,
    level: u8,
) -> fmt::Result {
    writeln!(
        out,
        "<table class=\"cookie-table cookie-table-{}\">",
        table.table.category.as_str()
    )?;
    out.write_str("<caption>\n")?;
    heading(out, level, table.heading)?;
    paragraph(out, table.consent)?;
    out.write_str("</caption>\n<thead>\n<tr>")?;
    for column in words.texts.columns {
        out.write_str("<th scope=\"col\">")?;
        escape::html(out, column)?;
        out.write_str("</th>")?;
    }
    out.write_str("</tr>\n</thead>\n<tbody>\n")?;
    for row in words.rows(table) {
        out.write_str("<tr>\n")?;
        for cell in [
            row.provider,
            row.function,
            row.names,
            row.purpose,
            row.lifetime,
        ] {
            out.write_str("<td>")?;
            pieces(out, words.cell(cell))?;
            out.write_str("</td>\n")?;
        }
        out.write_str("</tr>\n")?;
    }
    out.write_str("</tbody>\n</table>\n")
}

/// Names in `<code>`, a text in another language in `<span lang>` so that screen readers
/// pronounce it in its own, links as `<a href>`.
// Inlined: five cells a row, each a few pieces, and a call each cost as much as the pieces.
#[inline(always)]
fn pieces(out: &mut impl Write, pieces: &[Piece<'_>]) -> fmt::Result {
    for piece in pieces {
        match *piece {
            Piece::Text(text) => escape::html(out, text)?,
            Piece::Number(n) => escape::number(out, n)?,
            Piece::Start(Mark::CookieName) => out.write_str("<code>")?,
            Piece::End(Mark::CookieName) => out.write_str("</code>")?,
            Piece::Start(Mark::Language(tag)) => {
                out.write_str("<span lang=\"")?;
                escape::html(out, tag)?;
                out.write_str("\">")?;
            }
            Piece::End(Mark::Language(_)) => out.write_str("</span>")?,
            Piece::Start(Mark::Link(url)) => {
                out.write_str("<a href=\"")?;
                escape::html(out, url)?;
                out.write_str("\">")?;
            }
            Piece::End(Mark::Link(_)) => out.write_str("</a>")?,
        }
    }
    Ok(())
}
