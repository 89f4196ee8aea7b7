//! From an expression to the cookie name it stands for: a literal, a constant, a typed handle,
//! or something only known at run time; and from a whole `name=value; ...` text to its name.

use proc_macro2::Span;

use super::UsedName;

/// How a text holding a whole cookie (`name=value; Path=/`) is read, which decides its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TextReader {
    /// A `Set-Cookie` header, as a browser reads it (RFC 6265bis, 5.7): the name is the text
    /// before the first `=` of the part before the first `;`, without leading and trailing spaces
    /// and tabs. Without `=`, the name is empty and the whole part is the value: browsers keep
    /// such nameless cookies.
    Browser,
    /// `Cookie::parse` of the `cookie` crate: the same cut, trimmed of any Unicode whitespace; a
    /// text without `=` or with an empty name is an error, and sets no cookie.
    CookieCrate,
}

impl TextReader {
    /// The name of the cookie `text` sets, or `None` when it sets none.
    ///
    /// ```
    /// use cookie_registry_syntax::scan::TextReader;
    ///
    /// assert_eq!(TextReader::Browser.name(" lang \t= fr; Path=/"), Some("lang"));
    /// assert_eq!(TextReader::Browser.name("fr; Path=/"), Some(""));
    /// assert_eq!(TextReader::CookieCrate.name("fr; Path=/"), None);
    /// ```
    pub fn name(self, text: &str) -> Option<&str> {
        let pair = text.split(';').next().unwrap_or_default();
        match pair.split_once('=') {
            Some((name, value)) => match self {
                // A browser ignores a cookie whose name and value are both empty.
                TextReader::Browser if trim_wsp(name).is_empty() && trim_wsp(value).is_empty() => {
                    None
                }
                _ => self.trim_name(name),
            },
            None => match self {
                TextReader::Browser => (!trim_wsp(pair).is_empty()).then_some(""),
                TextReader::CookieCrate => None,
            },
        }
    }

    /// `name`, the text before `=`, trimmed as this reader trims it; `None` when the reader
    /// rejects it.
    pub(super) fn trim_name(self, name: &str) -> Option<&str> {
        match self {
            TextReader::Browser => Some(trim_wsp(name)),
            TextReader::CookieCrate => Some(name.trim()).filter(|n| !n.is_empty()),
        }
    }
}

/// Spaces and tabs only: what a browser trims around a cookie's name and value.
fn trim_wsp(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Unwraps references, parentheses, invisible groups and `.to_string()`-like conversions.
pub(super) fn strip(expr: &syn::Expr) -> &syn::Expr {
    match expr {
        syn::Expr::Reference(r) => strip(&r.expr),
        syn::Expr::Paren(p) => strip(&p.expr),
        syn::Expr::Group(g) => strip(&g.expr),
        syn::Expr::MethodCall(m)
            if m.args.is_empty()
                && (m.method == "to_string" || m.method == "to_owned" || m.method == "into") =>
        {
            strip(&m.receiver)
        }
        syn::Expr::Call(c) if c.args.len() == 1 => match &*c.func {
            syn::Expr::Path(p)
                if p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "from" || s.ident == "Borrowed") =>
            {
                strip(&c.args[0])
            }
            _ => expr,
        },
        _ => expr,
    }
}

/// A string literal, after [`strip`].
pub(super) fn string_literal(expr: &syn::Expr) -> Option<(String, Span)> {
    match strip(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some((s.value(), s.span())),
        _ => None,
    }
}

/// A string or byte string literal (`HeaderValue::from_bytes(b"a=b")`), as text.
pub(super) fn text_literal(expr: &syn::Expr) -> Option<(String, Span)> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::ByteStr(s),
            ..
        }) => Some((String::from_utf8_lossy(&s.value()).into_owned(), s.span())),
        _ => string_literal(expr),
    }
}

/// The name an expression gives a cookie: a literal, a typed handle, or unresolved (a path
/// that may still turn out to be a constant, or anything else).
pub(super) fn name_of(expr: &syn::Expr) -> UsedName {
    let expr = strip(expr);
    if let Some((text, _)) = string_literal(expr) {
        return UsedName::Resolved(text);
    }
    if let Some(handle) = handle_of(expr) {
        return UsedName::Handle(handle);
    }
    UsedName::Unresolved(shorten(expr))
}

/// `Handle::DECLARATION`, possibly followed by method calls (`.name().stem()`): `Handle`.
fn handle_of(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::MethodCall(m) => handle_of(&m.receiver),
        syn::Expr::Path(p) => {
            let segments = &p.path.segments;
            let n = segments.len();
            (n >= 2 && segments[n - 1].ident == "DECLARATION")
                .then(|| segments[n - 2].ident.to_string())
        }
        _ => None,
    }
}

/// An expression as written, on one line, cut at 60 characters.
pub(super) fn shorten(expr: &impl quote::ToTokens) -> String {
    // Token streams print with a space between every token; close the usual gaps so the
    // expression reads as written.
    let mut text = expr.to_token_stream().to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ! (", "!("),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" , ", ", "),
        (" . ", "."),
        ("& ", "&"),
        ("< ", "<"),
        (" >", ">"),
    ] {
        text = text.replace(spaced, tight);
    }
    if text.chars().count() > 60 {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    } else {
        text
    }
}

/// The part of a `format!` string that names the cookie, read as a browser cuts a `Set-Cookie`
/// text: up to the first `=` of the part before the first `;`.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum FormatName {
    /// The name is written out: `format!("lang={}; Path=/", v)`.
    Text(String),
    /// The name is one argument, alone before `=`: `format!("{}={}", NAME, v)`.
    Argument(Argument),
    /// No `=` in the written text before `;`, but one argument, alone: it is the whole
    /// `name=value` (`format!("{}; Path=/", cookie)`).
    Whole(Argument),
    /// No `=` and no argument: the text is the whole pair.
    NoEquals(String),
    /// A mix of text and arguments (`format!("{}_id=1", prefix)`), or a formatting spec.
    Unknown,
}

/// Which argument a `{...}` placeholder takes.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Argument {
    /// The n-th positional argument (`{}` counts them, `{1}` names one).
    Position(usize),
    /// A named argument, or a variable captured by the string (`{name}`).
    Named(String),
}

/// Reads the name part of a `format!` string.
pub(super) fn format_name(format: &str) -> FormatName {
    enum Piece {
        Text(String),
        Placeholder(Argument, bool),
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let mut text = String::new();
    let mut next_position = 0;
    let mut equals = false;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let inside: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let (argument, spec) = inside.split_once(':').unwrap_or((&inside, ""));
                let argument = argument.trim();
                let argument = if argument.is_empty() {
                    next_position += 1;
                    Argument::Position(next_position - 1)
                } else if let Ok(position) = argument.parse() {
                    Argument::Position(position)
                } else {
                    Argument::Named(argument.to_string())
                };
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Placeholder(argument, !spec.is_empty()));
            }
            '=' => {
                equals = true;
                break;
            }
            ';' => break,
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    let placeholders = pieces
        .iter()
        .filter(|p| matches!(p, Piece::Placeholder(..)))
        .count();
    if placeholders == 0 {
        let text: String = pieces
            .into_iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(t),
                Piece::Placeholder(..) => None,
            })
            .collect();
        return if equals {
            FormatName::Text(text)
        } else {
            FormatName::NoEquals(text)
        };
    }
    let alone = pieces.iter().all(|p| match p {
        Piece::Text(t) => trim_wsp(t).is_empty(),
        Piece::Placeholder(..) => true,
    });
    let argument = pieces.into_iter().find_map(|p| match p {
        Piece::Placeholder(argument, false) => Some(argument),
        _ => None,
    });
    match argument {
        Some(argument) if alone && placeholders == 1 && equals => FormatName::Argument(argument),
        Some(argument) if alone && placeholders == 1 => FormatName::Whole(argument),
        _ => FormatName::Unknown,
    }
}
