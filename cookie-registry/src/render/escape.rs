//! Escaping for the Markdown and HTML writers.
//!
//! Every text that reaches an output goes through one of these functions, declaration texts and
//! built-in texts alike. The rules:
//!
//! * **Line breaks**: CRLF, CR and LF become one space each (CRLF counts as one), and so does any
//!   other control character except tab. A table cell is one line in Markdown, and a policy's
//!   cells should read the same in every format.
//! * **Markdown**: `\ ` `` ` `` `* _ [ ] < > & # ! ~ |` are backslash-escaped, so a text can
//!   never open a link, an image, emphasis, a code span, raw HTML, an entity, a heading or a new
//!   table cell. Nothing else is significant in the middle of a line.
//! * **HTML**: `& < > " '` become character references, in text and attribute values alike.
//! * **Link destinations** (Markdown): the characters that could end one are escaped too. Which
//!   addresses may be links at all is the model's decision
//!   ([`is_safe_link`](super::model::is_safe_link)).

use std::fmt::{self, Write};

/// The bytes a format's escaping must look at: ASCII control characters but tab, the lead
/// byte 0xC2 of the C1 controls (U+0080 to U+009F), and the format's own `significant` ones.
const fn attention(significant: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b != b'\t' as usize;
        b += 1;
    }
    table[0x7f] = true;
    table[0xc2] = true;
    let mut i = 0;
    while i < significant.len() {
        table[significant[i] as usize] = true;
        i += 1;
    }
    table
}

#[cfg(test)]
static PLAIN: [bool; 256] = attention(b"");
static MARKDOWN: [bool; 256] = attention(b"\\`*_[]<>&#!~|");
static HTML: [bool; 256] = attention(b"&<>\"'");

/// Writes `text`, with line breaks and control characters as a space (CRLF counting as one)
/// and each character `replace` maps to its replacement (`attention` lists them all).
///
/// Text between replacements is written in runs, one `write_str` each, and a byte that needs
/// nothing costs one table look-up: escaping costs about what copying costs when, as usual,
/// little needs escaping.
fn escape_with(
    out: &mut impl Write,
    text: &str,
    attention: &[bool; 256],
    replace: impl Fn(char) -> Option<&'static str>,
) -> fmt::Result {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !attention[usize::from(b)] {
            i += 1;
            continue;
        }
        // Bytes are scanned, not chars: only ASCII can need escaping, and the only non-ASCII
        // control characters (U+0080 to U+009F) are encoded 0xC2 0x80..=0x9F.
        let (width, replacement) = if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            (2, Some(" "))
        } else if b < 0x80 {
            let c = b as char;
            (
                1,
                if c.is_ascii_control() && c != '\t' {
                    Some(" ")
                } else {
                    replace(c)
                },
            )
        } else if b == 0xC2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) {
            (2, Some(" "))
        } else {
            (1, None)
        };
        if let Some(replacement) = replacement {
            // `i` is at a char boundary: an ASCII byte, or the lead byte 0xC2.
            out.write_str(&text[start..i])?;
            out.write_str(replacement)?;
            start = i + width;
        }
        i += width;
    }
    out.write_str(&text[start..])
}

/// The text as it reads once rendered: line breaks and control characters as spaces.
///
/// This is what a Markdown or HTML reader sees of a text; JSON keeps the text as declared.
#[cfg(test)]
pub(crate) fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = escape_with(&mut out, text, &PLAIN, |_| None);
    out
}

/// Writes `text` as Markdown inline text that renders as exactly [`one_line`]`(text)`.
pub(crate) fn markdown(out: &mut impl Write, text: &str) -> fmt::Result {
    escape_with(out, text, &MARKDOWN, markdown_replacement)
}

fn markdown_replacement(c: char) -> Option<&'static str> {
    match c {
        '\\' => Some("\\\\"),
        '`' => Some("\\`"),
        '*' => Some("\\*"),
        '_' => Some("\\_"),
        '[' => Some("\\["),
        ']' => Some("\\]"),
        '<' => Some("\\<"),
        '>' => Some("\\>"),
        '&' => Some("\\&"),
        '#' => Some("\\#"),
        '!' => Some("\\!"),
        '~' => Some("\\~"),
        '|' => Some("\\|"),
        _ => None,
    }
}

/// Writes `text` as HTML text or attribute value (in double or single quotes) that reads as
/// exactly [`one_line`]`(text)`.
pub(crate) fn html(out: &mut impl Write, text: &str) -> fmt::Result {
    escape_with(out, text, &HTML, html_replacement)
}

fn html_replacement(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' => Some("&#39;"),
        _ => None,
    }
}

/// "00", "01", ... "99": the two digits of every number below 100, one after the other.
const PAIRS: &str = {
    const BYTES: [u8; 200] = {
        let mut bytes = [0; 200];
        let mut n = 0;
        while n < 100 {
            bytes[2 * n] = b'0' + (n / 10) as u8;
            bytes[2 * n + 1] = b'0' + (n % 10) as u8;
            n += 1;
        }
        bytes
    };
    match std::str::from_utf8(&BYTES) {
        Ok(pairs) => pairs,
        Err(_) => panic!("digits are ASCII"),
    }
};

/// Writes `n` in decimal. Digits need no escaping in any format; every writer writes them
/// here, two at a time from a table, because every row has a lifetime and the formatting
/// machinery costs more than the rest of the number's cell.
pub(crate) fn number(out: &mut impl Write, n: u32) -> fmt::Result {
    let pair = |n: u32| {
        let at = 2 * n as usize;
        &PAIRS[at..at + 2]
    };
    if n < 10 {
        return out.write_str(&pair(n)[1..]);
    }
    if n >= 100 {
        number(out, n / 100)?;
    }
    out.write_str(pair(n % 100))
}

/// Writes a [safe](super::model::is_safe_link) address as a Markdown link destination (the part in
/// parentheses). Characters that could end the destination, open a code span or an entity, or
/// split a table cell are backslash-escaped; CommonMark removes the backslashes again.
pub(crate) fn markdown_link_destination(out: &mut impl Write, url: &str) -> fmt::Result {
    for c in url.chars() {
        if matches!(c, '\\' | '(' | ')' | '<' | '>' | '&' | '`' | '|') {
            out.write_char('\\')?;
        }
        out.write_char(c)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(text: &str) -> String {
        let mut out = String::new();
        markdown(&mut out, text).unwrap();
        out
    }

    fn h(text: &str) -> String {
        let mut out = String::new();
        html(&mut out, text).unwrap();
        out
    }

    #[test]
    fn line_breaks_become_spaces() {
        assert_eq!(one_line("a\nb\r\nc\rd"), "a b c d");
        assert_eq!(one_line("a\r\n\r\nb"), "a  b");
        assert_eq!(one_line("tab\tkept\u{0}\u{85}"), "tab\tkept  ");
        assert_eq!(md("x\ny"), "x y");
        assert_eq!(h("x\r\ny"), "x y");
    }

    #[test]
    fn markdown_escapes_every_significant_character() {
        assert_eq!(
            md("plain text, (ok) 'quoted' \"too\""),
            "plain text, (ok) 'quoted' \"too\""
        );
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(md("<script>"), "\\<script\\>");
        assert_eq!(md("&amp;"), "\\&amp;");
        assert_eq!(md("`*_#!~\\"), "\\`\\*\\_\\#\\!\\~\\\\");
        assert_eq!(md("_ga_*"), "\\_ga\\_\\*");
        assert_eq!(md("é ü 日本"), "é ü 日本");
    }

    #[test]
    fn the_tables_list_every_character_the_formats_replace() {
        // A character missing from a table would never be escaped.
        for b in 0..=0x7fu8 {
            let control = b != b'\t' && (b as char).is_ascii_control();
            let c = b as char;
            assert_eq!(PLAIN[usize::from(b)], control, "plain {b:#x}");
            let md = control || markdown_replacement(c).is_some();
            assert_eq!(MARKDOWN[usize::from(b)], md, "markdown {b:#x}");
            let html = control || html_replacement(c).is_some();
            assert_eq!(HTML[usize::from(b)], html, "html {b:#x}");
        }
        assert!((0x80..=0xff).all(|b| MARKDOWN[b] == (b == 0xc2) && HTML[b] == (b == 0xc2)));
    }

    #[test]
    fn html_escapes_markup_and_quotes() {
        assert_eq!(
            h("<script>alert(\"x\")</script> & 'y'"),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(h("&amp;"), "&amp;amp;");
    }

    #[test]
    fn numbers_in_decimal() {
        for n in [0, 1, 9, 10, 13, 99, 100, 105, 1_000, 10_001, 4_294_967_295] {
            let mut out = String::new();
            number(&mut out, n).unwrap();
            assert_eq!(out, n.to_string());
        }
    }

    #[test]
    fn link_destinations_keep_their_text() {
        let mut out = String::new();
        markdown_link_destination(&mut out, "https://e.com/a_(b)?c=1&d=`|\\").unwrap();
        assert_eq!(out, "https://e.com/a_\\(b\\)?c=1\\&d=\\`\\|\\\\");
    }
}
