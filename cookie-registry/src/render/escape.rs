//! Escaping for the Markdown and HTML renderers.
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
//! * **Links**: only an absolute `http://` or `https://` address without white space or control
//!   characters becomes a link ([`is_safe_link`]); anything else is shown as text.

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

/// Whether a declared address may become a link: `http://` or `https://` (any case) followed by
/// at least one character, with no white space and no control character anywhere.
///
/// Everything else (`javascript:`, `data:`, relative paths, addresses with spaces) is shown as
/// text, never as a link.
pub(crate) fn is_safe_link(url: &str) -> bool {
    let lower_starts = |prefix: &str| {
        url.len() > prefix.len()
            && url.is_char_boundary(prefix.len())
            && url[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    (lower_starts("http://") || lower_starts("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// Writes a [safe](is_safe_link) address as a Markdown link destination (the part in
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
    fn only_http_links_are_safe() {
        assert!(is_safe_link("https://example.com/privacy"));
        assert!(is_safe_link("HTTP://example.com"));
        assert!(is_safe_link("https://example.com/a?b=1&c=(2)"));
        assert!(!is_safe_link("javascript:alert(1)"));
        assert!(!is_safe_link("JavaScript:alert(1)"));
        assert!(!is_safe_link(" https://example.com"));
        assert!(!is_safe_link("https://exa mple.com"));
        assert!(!is_safe_link("https://example.com\n"));
        assert!(!is_safe_link("https://"));
        assert!(!is_safe_link("//example.com"));
        assert!(!is_safe_link("data:text/html,x"));
        assert!(!is_safe_link("httpé://x"));
        assert!(!is_safe_link(""));
    }

    #[test]
    fn link_destinations_keep_their_text() {
        let mut out = String::new();
        markdown_link_destination(&mut out, "https://e.com/a_(b)?c=1&d=`|\\").unwrap();
        assert_eq!(out, "https://e.com/a_\\(b\\)?c=1\\&d=\\`\\|\\\\");
    }
}
