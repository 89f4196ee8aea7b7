//! Reads a crate's source files as the build-time mode needs them: the cookie declarations they
//! hold, and the places where the code sets a cookie.
//!
//! Declarations are read with the very grammar, interpretation and rules the macros use
//! ([`declaration`], [`rules`]), so a declaration means the
//! same thing, and fails the same way, in `build.rs` as in the compiler.
//!
//! # What counts as setting a cookie
//!
//! | code | name taken from |
//! |---|---|
//! | `Cookie::new(name, value)`, `CookieBuilder::new(name, value)` | `name` |
//! | `Cookie::build(name, value)`, `Cookie::build((name, value))` | `name` |
//! | `Cookie::parse("name=value; ...")`, `Cookie::parse_encoded(...)` | the text before `=` |
//! | `jar.add((name, value))`, `.add_original(...)`, `.cookie((name, value))` | the tuple's first element |
//! | a `SET_COOKIE` / `"set-cookie"` header next to `"name=value; ..."`, `HeaderValue::from_static(..)` or `format!("name={}", ..)` | the text before `=` |
//!
//! `Cookie` and `CookieBuilder` are matched by the last segments of the path, so
//! `cookie::Cookie::new`, `actix_web::cookie::Cookie::build` and an imported `Cookie::new` all
//! count. A name is *resolved* when it is a string literal, or a path to a `const NAME: &str =
//! "..."` of the scanned sources (matched by its last segment); anything else (a variable, a
//! `format!`, a function call) is *unresolved*: the scanner cannot know it.

use std::collections::HashMap;

use proc_macro2::{Span, TokenStream};
use syn::spanned::Spanned as _;
use syn::visit::{self, Visit};

use crate::declaration::{self, Context, Declaration, NameSource, Spanned};
use crate::errors::Errors;
use crate::grammar;
use crate::rules;

/// A position in a scanned file: 1-based line and column, as compilers print them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl Location {
    /// The start of a span. Needs proc-macro2's `span-locations` (this feature enables it);
    /// inside a proc macro it reads as 1:1.
    pub fn of(span: Span) -> Location {
        let start = span.start();
        Location {
            line: start.line,
            column: start.column + 1,
        }
    }
}

/// A declaration found in a file, checked by the macros' rules.
pub struct FoundDeclaration {
    /// The declaration.
    pub declaration: Declaration,
    /// Where its item's name is (the constant's or the struct's identifier).
    pub location: Location,
    /// The module path of the item inside the file (`["inner"]` for `mod inner { ... }`).
    pub modules: Vec<String>,
    /// For `#[derive(Cookie)]`, the struct's name: the code sets the cookie through it.
    pub handle: Option<String>,
}

/// A problem with a declaration, as the macro would report it at compile time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclarationError {
    /// Where the error points.
    pub location: Location,
    /// The macro's message.
    pub message: String,
}

/// How the code names a cookie it sets.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UsedName {
    /// A name known at compile time.
    Resolved(String),
    /// Through a typed handle's declaration (`Language::DECLARATION.name()...`): the struct's
    /// name, to be matched against the `#[derive(Cookie)]` structs of the scanned sources.
    Handle(String),
    /// An expression the scanner cannot evaluate, as written (shortened).
    Unresolved(String),
}

/// A place where the code sets a cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CookieUse {
    /// The name.
    pub name: UsedName,
    /// Where the name is written.
    pub location: Location,
    /// The call that sets it, such as `Cookie::new`.
    pub via: &'static str,
}

/// Everything found in one file.
#[derive(Default)]
pub struct FileScan {
    /// Valid declarations.
    pub declarations: Vec<FoundDeclaration>,
    /// Declarations that break a rule.
    pub errors: Vec<DeclarationError>,
    /// Cookie-setting sites.
    pub uses: Vec<CookieUse>,
    /// `const NAME: &str = "..."` items, by identifier, for resolving names in other files too.
    pub constants: HashMap<String, String>,
    /// Every `Type::item` path whose first segment is a type name (`SessionId::cookie(..)`),
    /// so that a typed handle's use counts as setting its cookie.
    pub type_paths: Vec<(String, Location)>,
}

/// Parses a source file, or says where it is not valid Rust.
///
/// # Errors
///
/// The location and message of the first syntax error.
pub fn parse_file(text: &str) -> Result<syn::File, DeclarationError> {
    syn::parse_file(text).map_err(|e| DeclarationError {
        location: Location::of(e.span()),
        message: e.to_string(),
    })
}

/// Scans a parsed file. `context` gives the declaring crate's published languages; its
/// `name_source` and `span` are replaced for each declaration.
///
/// Names written as paths to constants are resolved against this file's constants only; call
/// [`resolve_with`] afterwards with the constants of every scanned file.
pub fn scan_file(file: &syn::File, context: &Context) -> FileScan {
    let mut scanner = Scanner {
        context,
        out: FileScan::default(),
        modules: Vec::new(),
    };
    scanner.visit_file(file);
    let constants = scanner.out.constants.clone();
    resolve_with(&mut scanner.out.uses, &constants);
    scanner.out
}

/// Resolves `Unresolved` names that are paths to one of `constants` (by last segment).
pub fn resolve_with(uses: &mut [CookieUse], constants: &HashMap<String, String>) {
    for u in uses {
        if let UsedName::Unresolved(text) = &u.name
            && let Some(value) = last_segment(text).and_then(|ident| constants.get(ident))
        {
            u.name = UsedName::Resolved(value.clone());
        }
    }
}

fn last_segment(path_text: &str) -> Option<&str> {
    let last = path_text.rsplit("::").next()?.trim();
    (!last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(last)
}

struct Scanner<'c> {
    context: &'c Context,
    out: FileScan,
    modules: Vec<String>,
}

impl Scanner<'_> {
    fn record_errors(&mut self, errors: Errors) {
        if let Err(error) = errors.finish() {
            for e in error {
                self.out.errors.push(DeclarationError {
                    location: Location::of(e.span()),
                    message: e.to_string(),
                });
            }
        }
    }

    fn declaration(
        &mut self,
        args: Vec<TokenStream>,
        name_source: NameSource,
        span: Span,
        ident: &syn::Ident,
    ) {
        let handle = matches!(name_source, NameSource::Key).then(|| ident.to_string());
        let mut errors = Errors::new();
        let context = Context {
            name_source,
            span,
            ..self.context.clone()
        };
        let entries = args
            .into_iter()
            .flat_map(|a| grammar::parse_args(a, &mut errors))
            .collect();
        let declaration = declaration::interpret(entries, &context, &mut errors);
        if let Some(d) = &declaration {
            rules::check(d, &context, &mut errors);
        }
        match (errors.is_empty(), declaration) {
            (true, Some(declaration)) => self.out.declarations.push(FoundDeclaration {
                declaration,
                location: Location::of(ident.span()),
                modules: self.modules.clone(),
                handle,
            }),
            _ => self.record_errors(errors),
        }
    }

    fn record_use(&mut self, expr: &syn::Expr, via: &'static str) {
        let name = name_of(expr);
        self.out.uses.push(CookieUse {
            name,
            location: Location::of(expr.span()),
            via,
        });
    }

    fn record_header_value(&mut self, expr: &syn::Expr) {
        let (name, location) = match header_cookie_name(expr) {
            Some((name, span)) => (UsedName::Resolved(name), Location::of(span)),
            None => (
                UsedName::Unresolved(shorten(expr)),
                Location::of(expr.span()),
            ),
        };
        self.out.uses.push(CookieUse {
            name,
            location,
            via: "a Set-Cookie header",
        });
    }

    /// `args` of a call, a method call or a tuple: a Set-Cookie marker followed by a value.
    fn check_header_pair<'a>(&mut self, args: impl IntoIterator<Item = &'a syn::Expr>) {
        let args: Vec<&syn::Expr> = args.into_iter().collect();
        for pair in args.windows(2) {
            if is_set_cookie_marker(pair[0]) {
                self.record_header_value(pair[1]);
            }
        }
    }
}

/// Whether an attribute is `#[cookie(...)]` or `#[cookie_registry::cookie(...)]` (any path ending
/// in `cookie`).
fn is_cookie_attribute(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "cookie")
}

fn derives_cookie(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("derive"))
        .any(|a| {
            a.parse_args_with(
                syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
            )
            .is_ok_and(|paths| {
                paths
                    .iter()
                    .any(|p| p.segments.last().is_some_and(|s| s.ident == "Cookie"))
            })
        })
}

fn attribute_args(attr: &syn::Attribute) -> TokenStream {
    match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        _ => TokenStream::new(),
    }
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        let literal = match &*item.expr {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s),
            _ => None,
        };
        if let Some(s) = literal {
            self.out.constants.insert(item.ident.to_string(), s.value());
        }
        if let Some(attr) = item.attrs.iter().find(|a| is_cookie_attribute(a)) {
            match literal {
                Some(s) => {
                    let name = NameSource::Constant(Spanned { value: s.value(), span: s.span() });
                    self.declaration(vec![attribute_args(attr)], name, attr.span(), &item.ident);
                }
                None => self.out.errors.push(DeclarationError {
                    location: Location::of(item.expr.span()),
                    message: "the cookie's name must be a string literal, such as `\"sessionid\"`, so that it can be \
                              checked at compile time"
                        .into(),
                }),
            }
        }
        visit::visit_item_const(self, item);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        if derives_cookie(&item.attrs) {
            let cookie_attrs: Vec<&syn::Attribute> = item
                .attrs
                .iter()
                .filter(|a| a.path().is_ident("cookie"))
                .collect();
            let span = cookie_attrs.first().map_or(item.ident.span(), |a| a.span());
            let args = cookie_attrs.into_iter().map(attribute_args).collect();
            self.declaration(args, NameSource::Key, span, &item.ident);
        }
        visit::visit_item_struct(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.modules.push(item.ident.to_string());
        visit::visit_item_mod(self, item);
        self.modules.pop();
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let tail: Vec<&str> = segments
                .iter()
                .rev()
                .take(2)
                .rev()
                .map(String::as_str)
                .collect();
            let first = call.args.first();
            match (tail.as_slice(), first) {
                (["Cookie", "new"], Some(name)) => self.record_use(name, "Cookie::new"),
                (["CookieBuilder", "new"], Some(name)) => {
                    self.record_use(name, "CookieBuilder::new")
                }
                (["Cookie", "build"], Some(arg)) => match strip(arg) {
                    syn::Expr::Tuple(t) if !t.elems.is_empty() => {
                        self.record_use(&t.elems[0], "Cookie::build")
                    }
                    other => self.record_use(other, "Cookie::build"),
                },
                (["Cookie", "parse" | "parse_encoded"], Some(arg)) => {
                    let via = "Cookie::parse";
                    match string_literal(arg) {
                        Some((text, span)) => self.out.uses.push(CookieUse {
                            name: UsedName::Resolved(cookie_name_of(&text)),
                            location: Location::of(span),
                            via,
                        }),
                        None => self.record_use(arg, via),
                    }
                }
                _ => {}
            }
        }
        self.check_header_pair(call.args.iter());
        visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let method = call.method.to_string();
        if matches!(method.as_str(), "add" | "add_original" | "cookie")
            && call.args.len() == 1
            && let syn::Expr::Tuple(t) = strip(&call.args[0])
            && t.elems.len() == 2
        {
            let via = match method.as_str() {
                "cookie" => "a .cookie((name, value)) call",
                _ => "a cookie jar's .add((name, value))",
            };
            self.record_use(&t.elems[0], via);
        }
        self.check_header_pair(call.args.iter());
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        let segments = &path.path.segments;
        if segments.len() >= 2 {
            let ty = &segments[segments.len() - 2].ident;
            if ty.to_string().starts_with(|c: char| c.is_ascii_uppercase()) {
                self.out
                    .type_paths
                    .push((ty.to_string(), Location::of(ty.span())));
            }
        }
        visit::visit_expr_path(self, path);
    }

    fn visit_expr_tuple(&mut self, tuple: &'ast syn::ExprTuple) {
        self.check_header_pair(tuple.elems.iter());
        visit::visit_expr_tuple(self, tuple);
    }
}

/// Unwraps references, parentheses, invisible groups and `.to_string()`-like conversions.
fn strip(expr: &syn::Expr) -> &syn::Expr {
    match expr {
        syn::Expr::Reference(r) => strip(&r.expr),
        syn::Expr::Paren(p) => strip(&p.expr),
        syn::Expr::Group(g) => strip(&g.expr),
        syn::Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(
                    m.method.to_string().as_str(),
                    "to_string" | "to_owned" | "into"
                ) =>
        {
            strip(&m.receiver)
        }
        syn::Expr::Call(c) if c.args.len() == 1 => match &*c.func {
            syn::Expr::Path(p)
                if p.path.segments.last().is_some_and(|s| {
                    matches!(s.ident.to_string().as_str(), "from" | "Borrowed")
                }) =>
            {
                strip(&c.args[0])
            }
            _ => expr,
        },
        _ => expr,
    }
}

fn string_literal(expr: &syn::Expr) -> Option<(String, Span)> {
    match strip(expr) {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some((s.value(), s.span())),
        _ => None,
    }
}

fn name_of(expr: &syn::Expr) -> UsedName {
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

fn shorten(expr: &syn::Expr) -> String {
    // Token streams print with a space between every token; close the usual gaps so the
    // expression reads as written.
    let mut text = quote::ToTokens::to_token_stream(expr).to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (" ! (", "!("),
        (" (", "("),
        ("( ", "("),
        (" )", ")"),
        (" , ", ", "),
        (" . ", "."),
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

/// The cookie name of a `Set-Cookie` value or a `Cookie::parse` input: the text before `=`.
pub fn cookie_name_of(set_cookie: &str) -> String {
    let pair = set_cookie.split(';').next().unwrap_or("");
    pair.split('=').next().unwrap_or("").trim().to_string()
}

fn is_set_cookie_marker(expr: &syn::Expr) -> bool {
    match strip(expr) {
        syn::Expr::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "SET_COOKIE"),
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => s.value().eq_ignore_ascii_case("set-cookie"),
        _ => false,
    }
}

/// The cookie name in a header value: a literal, `HeaderValue::from_static(lit)` /
/// `from_str(lit)`, `lit.parse()`, or `format!("name=...", ..)` with a literal name.
fn header_cookie_name(expr: &syn::Expr) -> Option<(String, Span)> {
    let expr = strip(expr);
    if let Some((text, span)) = string_literal(expr) {
        return Some((cookie_name_of(&text), span));
    }
    match expr {
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let from = match &*c.func {
                syn::Expr::Path(p) => p
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident.to_string().starts_with("from_")),
                _ => false,
            };
            if from {
                header_cookie_name(&c.args[0])
            } else {
                None
            }
        }
        syn::Expr::MethodCall(m)
            if m.method == "parse" || m.method == "try_into" || m.method == "unwrap" =>
        {
            header_cookie_name(&m.receiver)
        }
        syn::Expr::Macro(m)
            if m.mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "format") =>
        {
            let format: syn::LitStr = m
                .mac
                .parse_body_with(|input: syn::parse::ParseStream| {
                    let lit: syn::LitStr = input.parse()?;
                    let _: TokenStream = input.parse()?;
                    Ok(lit)
                })
                .ok()?;
            let text = format.value();
            let name = cookie_name_of(&text);
            // Only a name written out in full before `=` is known: `format!("{}=..", n)` is not.
            (text.contains('=') && !name.is_empty() && !name.contains(['{', '}']))
                .then(|| (name, format.span()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::language::LanguageTag;

    fn context() -> Context {
        Context {
            languages: vec![LanguageTag::parse("en").unwrap()],
            languages_source: crate::manifest::LanguageSource::Default,
            name_source: NameSource::Key,
            span: Span::call_site(),
        }
    }

    fn scan(source: &str) -> FileScan {
        scan_file(&syn::parse_file(source).expect("valid Rust"), &context())
    }

    fn names(scan: &FileScan) -> Vec<(String, usize, usize, &'static str)> {
        scan.uses
            .iter()
            .map(|u| {
                let name = match &u.name {
                    UsedName::Resolved(n) => n.clone(),
                    UsedName::Unresolved(e) => format!("?{e}"),
                    UsedName::Handle(h) => format!("&{h}"),
                };
                (name, u.location.line, u.location.column, u.via)
            })
            .collect()
    }

    #[test]
    fn finds_declarations_with_the_macro_grammar() {
        let s = scan(
            r#"
use cookie_registry::{cookie, Cookie};
#[cookie(provider = "P", category = necessary, lifetime = "session", function = "F", purpose = "Q")]
pub const SESSION: &str = "sessionid";
mod inner {
    #[derive(Debug, Cookie)]
    #[cookie(name = "_ga_*", provider = "G", category = statistics, lifetime = "13 months")]
    #[cookie(function = "F", purpose = "Q")]
    pub struct Analytics;
}
#[cookie(provider = "P", category = necessary, lifetime = "forever", function = "F", purpose = "Q")]
const BAD: &str = "bad name";
"#,
        );
        let found: Vec<_> = s
            .declarations
            .iter()
            .map(|d| {
                (
                    d.declaration.name.value.as_str(),
                    d.location.line,
                    d.modules.clone(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("sessionid", 4, vec![]),
                ("_ga_*", 9, vec!["inner".to_string()])
            ]
        );
        let messages: Vec<_> = s
            .errors
            .iter()
            .map(|e| (e.location.line, e.message.clone()))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|(line, m)| *line == 11 && m.contains("invalid lifetime")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|(line, m)| *line == 12 && m.contains("invalid cookie name")),
            "{messages:?}"
        );
        assert_eq!(
            s.constants.get("SESSION").map(String::as_str),
            Some("sessionid")
        );
    }

    #[test]
    fn finds_every_kind_of_cookie_setting() {
        let s = scan(
            r#"
const LANG: &str = "django_language";
fn f(jar: CookieJar, name: String) {
    let a = Cookie::new("tracker", "1");
    let b = cookie::Cookie::build(("csrftoken", "x")).path("/");
    let c = Cookie::build(LANG, "fr");
    let d = CookieBuilder::new(crate::consts::LANG, "fr");
    let e = Cookie::parse("theme=dark; Path=/").unwrap();
    jar.add(("added", "1"));
    let r = HttpResponse::Ok().cookie(("actix", "1"));
    let h = ([(header::SET_COOKIE, "hdr=1; Secure")], "body");
    resp.headers_mut().insert(SET_COOKIE, HeaderValue::from_static("static=1"));
    builder.header("Set-Cookie", format!("fmt={}; Path=/", v));
    let g = Cookie::new(name, "1");
    builder.header(SET_COOKIE, format!("{}=1", name));
    let h = Cookie::new(Lang::DECLARATION.name().stem(), "fr");
    let read = req.cookie("sessionid");
    let got = jar.get("sessionid");
}
"#,
        );
        assert_eq!(
            names(&s),
            [
                ("tracker".to_string(), 4, 25, "Cookie::new"),
                ("csrftoken".into(), 5, 36, "Cookie::build"),
                ("django_language".into(), 6, 27, "Cookie::build"),
                ("django_language".into(), 7, 32, "CookieBuilder::new"),
                ("theme".into(), 8, 27, "Cookie::parse"),
                ("added".into(), 9, 14, "a cookie jar's .add((name, value))"),
                ("actix".into(), 10, 40, "a .cookie((name, value)) call"),
                ("hdr".into(), 11, 36, "a Set-Cookie header"),
                ("static".into(), 12, 68, "a Set-Cookie header"),
                ("fmt".into(), 13, 42, "a Set-Cookie header"),
                ("?name".into(), 14, 25, "Cookie::new"),
                (
                    "?format!(\"{}=1\", name)".into(),
                    15,
                    32,
                    "a Set-Cookie header"
                ),
                ("&Lang".into(), 16, 25, "Cookie::new"),
            ]
        );
    }

    #[test]
    fn constants_of_other_files_resolve_names() {
        let mut s = scan("fn f() { Cookie::new(cookies::SESSION_ID, v); }");
        assert_eq!(
            s.uses[0].name,
            UsedName::Unresolved("cookies::SESSION_ID".into())
        );
        let constants = HashMap::from([("SESSION_ID".to_string(), "sessionid".to_string())]);
        resolve_with(&mut s.uses, &constants);
        assert_eq!(s.uses[0].name, UsedName::Resolved("sessionid".into()));
    }

    #[test]
    fn set_cookie_values_give_their_name() {
        assert_eq!(cookie_name_of("a=b; Path=/"), "a");
        assert_eq!(cookie_name_of(" spaced =x"), "spaced");
        assert_eq!(cookie_name_of("novalue"), "novalue");
    }
}
