//! The policy as CommonMark with GFM tables: the third stage, for [`Format::Markdown`].
//!
//! Every text is escaped with [`escape::markdown`]; the only links are those the model allows
//! (a [`Mark::Link`]).
//!
//! [`Format::Markdown`]: super::Format::Markdown

use std::fmt::{self, Write};

use super::escape;
use super::wording::{Mark, Piece, Words};

/// About how many bytes [`write`] writes: the cells' texts, the table syntax around them and
/// the preamble, a little more rather than less, so that a `String` of that capacity is
/// rarely grown (each growth copies what was written).
pub(crate) fn capacity(words: &Words<'_>) -> usize {
    // The preamble is about 2 kB in every built-in language; a row's `| ` and ` | ` are 17
    // bytes, the rest is room for escapes.
    2_560 + words.text_len + 24 * words.row_count
}

/// Writes the whole document. The output ends with exactly one newline.
pub(crate) fn write(out: &mut impl Write, words: &Words<'_>) -> fmt::Result {
    let t = words.texts;

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
    pieces(out, words.cell(words.used_on))?;
    out.write_char('\n')?;

    for table in &words.tables {
        out.write_str("\n### ")?;
        escape::markdown(out, table.heading)?;
        out.write_str("\n\n")?;
        escape::markdown(out, table.consent)?;
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
        for row in words.rows(table) {
            // Separators of a constant length: a `write_str` of a known length is a few moves,
            // of a chosen one a call to `memcpy`.
            out.write_str("| ")?;
            pieces(out, words.cell(row.provider))?;
            for cell in [row.function, row.names, row.purpose, row.lifetime] {
                out.write_str(" | ")?;
                pieces(out, words.cell(cell))?;
            }
            out.write_str(" |\n")?;
        }
    }
    Ok(())
}

/// Markdown has no way to say a text's language, and names are plain text: only links show.
// Inlined: five cells a row, each a few pieces, and a call each cost as much as the pieces.
#[inline(always)]
fn pieces(out: &mut impl Write, pieces: &[Piece<'_>]) -> fmt::Result {
    for piece in pieces {
        match *piece {
            Piece::Text(text) => escape::markdown(out, text)?,
            Piece::Number(n) => escape::number(out, n)?,
            Piece::Start(Mark::Link(_)) => out.write_char('[')?,
            Piece::End(Mark::Link(url)) => {
                out.write_str("](")?;
                escape::markdown_link_destination(out, url)?;
                out.write_char(')')?;
            }
            Piece::Start(Mark::CookieName | Mark::Language(_))
            | Piece::End(Mark::CookieName | Mark::Language(_)) => {}
        }
    }
    Ok(())
}
