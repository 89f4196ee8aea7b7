//! The policy as CommonMark with GFM tables.
//!
//! Every text is escaped with [`escape::markdown`]; the only links are privacy policies whose
//! address passes [`escape::is_safe_link`].

use std::fmt::{self, Write};

use super::escape;
use super::table::{Document, ProviderCell, Row};

/// Writes the whole document. The output ends with exactly one newline.
pub(crate) fn write(out: &mut impl Write, doc: &Document<'_>) -> fmt::Result {
    let t = doc.texts;

    out.write_str("# ")?;
    escape::markdown(out, t.title)?;
    out.write_str("\n\n")?;
    escape::markdown(out, t.intro)?;
    out.write_str("\n\n## ")?;
    escape::markdown(out, t.what_is_heading)?;
    out.write_str("\n\n")?;
    escape::markdown(out, t.what_is)?;
    out.write_str("\n\n")?;
    escape::markdown(out, t.kinds_intro)?;
    out.write_str("\n\n")?;
    for (term, rest) in t.kinds {
        out.write_str("- **")?;
        escape::markdown(out, term)?;
        out.write_str("** ")?;
        escape::markdown(out, rest)?;
        out.write_char('\n')?;
    }
    out.write_char('\n')?;
    escape::markdown(out, t.withdraw)?;
    out.write_str("\n\n## ")?;
    match doc.site {
        Some(site) => {
            escape::markdown(out, t.used_on)?;
            escape::markdown(out, site)?;
        }
        None => escape::markdown(out, t.used_on_this_site)?,
    }
    out.write_char('\n')?;

    for table in &doc.tables {
        out.write_str("\n### ")?;
        escape::markdown(out, t.category(table.category))?;
        out.write_str("\n\n")?;
        escape::markdown(out, t.consent(table.consent_required))?;
        out.write_str("\n\n|")?;
        for column in t.columns {
            out.write_char(' ')?;
            escape::markdown(out, column)?;
            out.write_str(" |")?;
        }
        out.write_str("\n|")?;
        for _ in t.columns {
            out.write_str(" --- |")?;
        }
        out.write_char('\n')?;
        for row in &table.rows {
            write_row(out, doc, row)?;
        }
    }
    Ok(())
}

fn write_row<W: Write>(out: &mut W, doc: &Document<'_>, row: &Row) -> fmt::Result {
    let t = doc.texts;
    out.write_str("| ")?;
    match row.provider_cell() {
        ProviderCell::Link { url } => {
            out.write_char('[')?;
            escape::markdown(out, row.provider.name())?;
            out.write_str("](")?;
            escape::markdown_link_destination(out, url)?;
            out.write_char(')')?;
            escape::markdown(out, row.party_suffix(t))?;
        }
        ProviderCell::Address { .. } | ProviderCell::Plain => {
            row.write_provider(out, t, escape::markdown)?;
        }
    }
    out.write_str(" | ")?;
    escape::markdown(out, row.function.text)?;
    out.write_str(" | ")?;
    row.write_names(out, t, escape::markdown)?;
    out.write_str(" | ")?;
    row.write_purpose(out, t, escape::markdown)?;
    out.write_str(" | ")?;
    row.write_lifetime(out, t, escape::markdown)?;
    out.write_str(" |\n")
}
