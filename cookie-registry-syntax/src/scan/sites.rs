//! The places where code sets a cookie: the cookie type's constructors, the methods that add or
//! rename one, and `Set-Cookie` headers.

use proc_macro2::{TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;

use super::names::{self, Argument, FormatName, TextReader, name_of, shorten, strip};
use super::paths::type_and_function;
use super::{CookieUse, Location, Scanner, UsedName};

/// How a constructor takes the cookie's name.
#[derive(Clone, Copy)]
enum Takes {
    /// The first argument: `Cookie::new(name, value)`, `Cookie::named(name)`.
    Name,
    /// `impl Into<Cookie>`: a name, a `(name, value)` tuple or a cookie (`Cookie::from`,
    /// `Cookie::build`); also `Cookie::build(name, value)`, as in `cookie` 0.16.
    IntoCookie,
    /// A whole `name=value; ...` text: `Cookie::parse`.
    Text,
}

struct Constructor {
    ty: &'static str,
    function: &'static str,
    takes: Takes,
    via: &'static str,
}

const CONSTRUCTORS: [Constructor; 7] = [
    Constructor {
        ty: "Cookie",
        function: "new",
        takes: Takes::Name,
        via: "Cookie::new",
    },
    Constructor {
        ty: "CookieBuilder",
        function: "new",
        takes: Takes::Name,
        via: "CookieBuilder::new",
    },
    Constructor {
        ty: "Cookie",
        function: "named",
        takes: Takes::Name,
        via: "Cookie::named",
    },
    Constructor {
        ty: "Cookie",
        function: "build",
        takes: Takes::IntoCookie,
        via: "Cookie::build",
    },
    Constructor {
        ty: "Cookie",
        function: "from",
        takes: Takes::IntoCookie,
        via: "Cookie::from",
    },
    Constructor {
        ty: "Cookie",
        function: "parse",
        takes: Takes::Text,
        via: "Cookie::parse",
    },
    Constructor {
        ty: "Cookie",
        function: "parse_encoded",
        takes: Takes::Text,
        via: "Cookie::parse_encoded",
    },
];

/// The methods that set a cookie on their receiver: see [`Scanner::method_call`].
const SETTERS: [&str; 4] = ["add", "add_original", "cookie", "set_name"];

/// The methods through which a header name or value passes unchanged, as far as the name of
/// the cookie goes: `"a=b".parse().unwrap()`, `name.clone()`.
const PASS_THROUGH: [&str; 9] = [
    "parse", "try_into", "into", "unwrap", "expect", "clone", "to_owned", "as_str", "as_bytes",
];

/// The functions that turn a text into a header name or value: `HeaderValue::from_static`,
/// `HeaderName::from_bytes`, `HeaderValue::try_from`, ...
const CONVERSIONS: [&str; 7] = [
    "from",
    "from_static",
    "from_str",
    "from_bytes",
    "from_maybe_shared",
    "from_lowercase",
    "try_from",
];

/// What the scanner knows of the current function's local variables: which hold a cookie
/// (bound to a constructor's result, or typed `Cookie`), and which the `Set-Cookie` header name.
/// Flat for the function: a later `let` of the same name replaces the earlier, and inner blocks
/// are not scopes of their own.
#[derive(Default)]
pub(super) struct Locals {
    bound: Vec<(String, Local)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Local {
    Cookie,
    SetCookieName,
}

impl Locals {
    fn get(&self, ident: &syn::Ident) -> Option<Local> {
        self.bound
            .iter()
            .rev()
            .find(|(name, _)| ident == name)
            .map(|(_, local)| *local)
    }

    fn get_named(&self, name: &str) -> Option<Local> {
        self.bound
            .iter()
            .rev()
            .find(|(bound, _)| bound == name)
            .map(|(_, local)| *local)
    }

    fn set(&mut self, ident: &syn::Ident, local: Option<Local>) {
        if self.bound.iter().any(|(name, _)| ident == name) {
            let name = ident.to_string();
            self.bound.retain(|(bound, _)| *bound != name);
        }
        if let Some(local) = local {
            self.bound.push((ident.to_string(), local));
        }
    }
}

/// What a text that holds a whole cookie tells of its name.
enum TextName {
    /// The name, and where it is written.
    Name(UsedName, Location),
    /// A cookie built elsewhere, written out (`cookie.to_string()`): its name was checked where
    /// it was built.
    Cookie,
    /// A text that sets no cookie (`Cookie::parse` of a text without `=`).
    Nothing,
}

/// Which expression a `format!` placeholder takes.
enum FormatArgument<'a> {
    Expr(&'a syn::Expr),
    /// A variable captured by the string: `format!("{name}=1")`.
    Captured(String),
    Missing,
}

impl Scanner<'_> {
    fn record(&mut self, name: UsedName, location: Location, via: &'static str) {
        self.out.uses.push(CookieUse {
            name,
            location,
            via,
        });
    }

    fn record_name(&mut self, expr: &syn::Expr, via: &'static str) {
        self.record(name_of(expr), Location::of(expr.span()), via);
    }

    fn record_text(&mut self, expr: &syn::Expr, reader: TextReader, via: &'static str) {
        if let TextName::Name(name, location) = self.text_name(expr, reader) {
            self.record(name, location, via);
        }
    }

    /// The constructor a path names, such as `Cookie::new` or `<C as From<&str>>::from`.
    fn constructor(&self, path: &syn::ExprPath) -> Option<&'static Constructor> {
        let (ty, function) = type_and_function(path)?;
        // The function's name first: most calls are to none of these.
        let mut candidates = CONSTRUCTORS
            .iter()
            .filter(|c| function == c.function)
            .peekable();
        candidates.peek()?;
        let ty = self.aliases.canonical(ty)?;
        candidates.find(|c| c.ty == ty)
    }

    /// A call to a path: `Cookie::new(name, value)` and the other constructors.
    pub(super) fn call(
        &mut self,
        func: &syn::ExprPath,
        args: &Punctuated<syn::Expr, syn::Token![,]>,
    ) {
        let Some(constructor) = self.constructor(func) else {
            return;
        };
        let via = constructor.via;
        let Some(first) = args.first() else {
            return;
        };
        match constructor.takes {
            Takes::Name => self.record_name(first, via),
            Takes::IntoCookie if args.len() == 2 => self.record_name(first, via),
            // A cookie or a builder, whose name was checked where it was made.
            Takes::IntoCookie if self.is_cookie_value(first) => {}
            Takes::IntoCookie => match strip(first) {
                syn::Expr::Tuple(t) if !t.elems.is_empty() => self.record_name(&t.elems[0], via),
                _ => self.record_name(first, via),
            },
            Takes::Text => self.record_text(first, TextReader::CookieCrate, via),
        }
    }

    /// A constructor used as a function value, `names.map(Cookie::from)`: a cookie is made of
    /// whatever it is given.
    pub(super) fn function_value(&mut self, path: &syn::ExprPath) {
        if self.constructor(path).is_some() {
            self.record(
                UsedName::Unresolved(shorten(path)),
                Location::of(path.span()),
                "a cookie constructor passed as a function",
            );
        }
    }

    /// `jar.add((name, value))`, `.cookie((name, value))`, `cookie.set_name(name)`.
    pub(super) fn method_call(&mut self, call: &syn::ExprMethodCall) {
        if call.args.len() != 1 {
            return;
        }
        let method = &call.method;
        let arg = &call.args[0];
        if method == "add" || method == "add_original" || method == "cookie" {
            if let syn::Expr::Tuple(t) = strip(arg)
                && t.elems.len() == 2
            {
                let via = if method == "cookie" {
                    "a .cookie((name, value)) call"
                } else {
                    "a cookie jar's .add((name, value))"
                };
                self.record_name(&t.elems[0], via);
            }
        } else if method == "set_name" && self.holds_cookie(&call.receiver) {
            self.record_name(arg, "Cookie::set_name");
        }
    }

    /// The arguments of a call, a method call or a tuple: a `Set-Cookie` header name followed
    /// by the header's value. A name followed by a name is a table of header names, such as
    /// `(SetCookie, SET_COOKIE, b"set-cookie")` in the `http` crate, not a header.
    pub(super) fn header_pairs<'a>(&mut self, args: impl IntoIterator<Item = &'a syn::Expr>) {
        let mut previous: Option<&syn::Expr> = None;
        for arg in args {
            if previous.is_some_and(|p| self.is_set_cookie_marker(p))
                && !self.is_set_cookie_marker(arg)
            {
                self.record_text(arg, TextReader::Browser, "a Set-Cookie header");
            }
            previous = Some(arg);
        }
    }

    /// Whether a macro's arguments hold a token that the walk could take for part of a cookie
    /// being set: a cookie type or a rename of one, a method of [`SETTERS`], the `Set-Cookie`
    /// header's name (a path, a literal, or a variable bound to it). Reading arguments as code
    /// costs a parse, and most macros (`format!`, `assert_eq!`, ...) hold none of these. Keep in
    /// step with what the walk looks for: constructors, [`Scanner::method_call`],
    /// [`Scanner::is_set_cookie_marker`].
    pub(super) fn might_set_a_cookie(&self, tokens: &TokenStream) -> bool {
        tokens.clone().into_iter().any(|token| match token {
            TokenTree::Ident(ident) => {
                self.aliases.canonical(&ident).is_some()
                    || SETTERS.iter().any(|setter| ident == setter)
                    || self.locals.get(&ident) == Some(Local::SetCookieName)
            }
            TokenTree::Literal(literal) => literal
                .to_string()
                .as_bytes()
                .windows(b"set-cookie".len())
                .any(|w| w.eq_ignore_ascii_case(b"set-cookie")),
            TokenTree::Group(group) => self.might_set_a_cookie(&group.stream()),
            TokenTree::Punct(_) => false,
        })
    }

    /// `let` bindings: a variable bound to a cookie, or to the `Set-Cookie` header name.
    pub(super) fn bind_let(&mut self, local: &syn::Local) {
        let Some(ident) = pattern_ident(&local.pat) else {
            return;
        };
        let kind = match (&local.pat, &local.init) {
            (syn::Pat::Type(t), _) if self.aliases.is_cookie_type(&t.ty) => Some(Local::Cookie),
            (_, Some(init)) if self.is_cookie_value(&init.expr) => Some(Local::Cookie),
            (_, Some(init)) if self.is_set_cookie_marker(&init.expr) => Some(Local::SetCookieName),
            _ => None,
        };
        self.locals.set(ident, kind);
    }

    /// Typed parameters of functions and closures: `cookie: &mut Cookie<'_>`.
    pub(super) fn bind_typed(&mut self, pat: &syn::PatType) {
        if let Some(ident) = pattern_ident(&pat.pat) {
            let kind = self
                .aliases
                .is_cookie_type(&pat.ty)
                .then_some(Local::Cookie);
            self.locals.set(ident, kind);
        }
    }

    /// Whether an expression is a cookie (or a builder) made by a constructor, or a variable
    /// bound to one, possibly followed by method calls (`Cookie::build(..).path("/")`,
    /// `cookie.to_string()`).
    fn is_cookie_value(&self, expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::MethodCall(m) => self.is_cookie_value(&m.receiver),
            syn::Expr::Reference(r) => self.is_cookie_value(&r.expr),
            syn::Expr::Paren(p) => self.is_cookie_value(&p.expr),
            syn::Expr::Group(g) => self.is_cookie_value(&g.expr),
            syn::Expr::Try(t) => self.is_cookie_value(&t.expr),
            syn::Expr::Unary(u) => self.is_cookie_value(&u.expr),
            syn::Expr::Call(c) => {
                matches!(&*c.func, syn::Expr::Path(p) if self.constructor(p).is_some())
            }
            syn::Expr::Path(p) => {
                p.qself.is_none()
                    && p.path
                        .get_ident()
                        .is_some_and(|ident| self.locals.get(ident) == Some(Local::Cookie))
            }
            _ => false,
        }
    }

    /// Whether the receiver of `.set_name(..)` is a cookie: a cookie value (see
    /// [`Scanner::is_cookie_value`]), or a variable or field whose name says it is one
    /// (`cookie`, `self.session_cookie`, `cookies[0]`). Other receivers are taken for
    /// something else with a `set_name`.
    fn holds_cookie(&self, receiver: &syn::Expr) -> bool {
        let named_like_a_cookie =
            |ident: &syn::Ident| ident.to_string().to_ascii_lowercase().contains("cookie");
        match receiver {
            syn::Expr::Reference(r) => self.holds_cookie(&r.expr),
            syn::Expr::Paren(p) => self.holds_cookie(&p.expr),
            syn::Expr::Group(g) => self.holds_cookie(&g.expr),
            syn::Expr::Unary(u) => self.holds_cookie(&u.expr),
            syn::Expr::Index(i) => self.holds_cookie(&i.expr),
            syn::Expr::Field(f) => match &f.member {
                syn::Member::Named(ident) => named_like_a_cookie(ident),
                syn::Member::Unnamed(_) => false,
            },
            syn::Expr::Path(p) if p.qself.is_none() => {
                p.path.get_ident().is_some_and(named_like_a_cookie)
                    || self.is_cookie_value(receiver)
            }
            other => self.is_cookie_value(other),
        }
    }

    /// Whether an expression is the `Set-Cookie` header's name: `SET_COOKIE` (any path ending
    /// so, or a rename), `"set-cookie"` in any case, `HeaderName::from_static("set-cookie")`,
    /// `"set-cookie".parse().unwrap()`, or a variable bound to one of these.
    pub(super) fn is_set_cookie_marker(&self, expr: &syn::Expr) -> bool {
        match expr {
            syn::Expr::Reference(r) => self.is_set_cookie_marker(&r.expr),
            syn::Expr::Paren(p) => self.is_set_cookie_marker(&p.expr),
            syn::Expr::Group(g) => self.is_set_cookie_marker(&g.expr),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => s.value().eq_ignore_ascii_case("set-cookie"),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::ByteStr(s),
                ..
            }) => s.value().eq_ignore_ascii_case(b"set-cookie"),
            syn::Expr::Path(p) => p.path.segments.last().is_some_and(|last| {
                self.aliases.is(&last.ident, "SET_COOKIE")
                    || (p.qself.is_none()
                        && p.path.segments.len() == 1
                        && self.locals.get(&last.ident) == Some(Local::SetCookieName))
            }),
            syn::Expr::Call(c) if c.args.len() == 1 && is_conversion(&c.func) => {
                self.is_set_cookie_marker(&c.args[0])
            }
            syn::Expr::MethodCall(m) if PASS_THROUGH.iter().any(|p| m.method == p) => {
                self.is_set_cookie_marker(&m.receiver)
            }
            _ => false,
        }
    }

    /// The name in an expression whose value is a whole cookie's text (`name=value; ...`).
    fn text_name(&self, expr: &syn::Expr, reader: TextReader) -> TextName {
        let stripped = strip(expr);
        if let Some((text, span)) = names::text_literal(stripped) {
            return match reader.name(&text) {
                Some(name) => TextName::Name(UsedName::Resolved(name.into()), Location::of(span)),
                None => TextName::Nothing,
            };
        }
        if self.is_cookie_value(stripped) {
            return TextName::Cookie;
        }
        let location = Location::of(expr.span());
        match stripped {
            syn::Expr::Call(c) if c.args.len() == 1 && is_conversion(&c.func) => {
                self.text_name(&c.args[0], reader)
            }
            syn::Expr::MethodCall(m) if PASS_THROUGH.iter().any(|p| m.method == p) => {
                self.text_name(&m.receiver, reader)
            }
            syn::Expr::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "format") =>
            {
                self.format_text_name(m, reader)
            }
            // Perhaps a constant holding the whole text: resolved with the constants later.
            syn::Expr::Path(p) if p.qself.is_none() => TextName::Name(
                UsedName::UnresolvedText {
                    expression: shorten(stripped),
                    reader,
                },
                location,
            ),
            _ => TextName::Name(UsedName::Unresolved(shorten(stripped)), location),
        }
    }

    /// `format!("name={}; Path=/", value)`: the name part of the string, or the argument that
    /// stands alone in it.
    fn format_text_name(&self, m: &syn::ExprMacro, reader: TextReader) -> TextName {
        let whole = || TextName::Name(UsedName::Unresolved(shorten(m)), Location::of(m.span()));
        let Ok((format, positional, named)) = m.mac.parse_body_with(format_args) else {
            return whole();
        };
        let location = Location::of(format.span());
        let argument = |argument: Argument| match argument {
            Argument::Position(i) => positional
                .get(i)
                .map_or(FormatArgument::Missing, FormatArgument::Expr),
            Argument::Named(name) => named
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(FormatArgument::Captured(name), |(_, e)| {
                    FormatArgument::Expr(e)
                }),
        };
        let resolved = |name: Option<&str>| match name {
            Some(name) => TextName::Name(UsedName::Resolved(name.into()), location),
            None => TextName::Nothing,
        };
        match names::format_name(&format.value()) {
            FormatName::Text(name) => resolved(reader.trim_name(&name)),
            FormatName::NoEquals(text) => resolved(reader.name(&text)),
            FormatName::Argument(a) => match argument(a) {
                FormatArgument::Expr(e) => TextName::Name(name_of(e), Location::of(e.span())),
                FormatArgument::Captured(name) => {
                    TextName::Name(UsedName::Unresolved(name), location)
                }
                FormatArgument::Missing => whole(),
            },
            FormatName::Whole(a) => match argument(a) {
                FormatArgument::Expr(e) => self.text_name(e, reader),
                FormatArgument::Captured(name)
                    if self.locals.get_named(&name) == Some(Local::Cookie) =>
                {
                    TextName::Cookie
                }
                FormatArgument::Captured(name) => TextName::Name(
                    UsedName::UnresolvedText {
                        expression: name,
                        reader,
                    },
                    location,
                ),
                FormatArgument::Missing => whole(),
            },
            FormatName::Unknown => whole(),
        }
    }
}

type FormatArgs = (syn::LitStr, Vec<syn::Expr>, Vec<(String, syn::Expr)>);

/// A `format!`'s arguments: the string, the positional arguments, the named ones.
fn format_args(input: syn::parse::ParseStream) -> syn::Result<FormatArgs> {
    let format: syn::LitStr = input.parse()?;
    let mut positional = Vec::new();
    let mut named = Vec::new();
    while !input.is_empty() {
        input.parse::<syn::Token![,]>()?;
        if input.is_empty() {
            break;
        }
        if input.peek(syn::Ident) && input.peek2(syn::Token![=]) && !input.peek2(syn::Token![==]) {
            let name: syn::Ident = input.parse()?;
            input.parse::<syn::Token![=]>()?;
            named.push((name.to_string(), input.parse()?));
        } else {
            positional.push(input.parse()?);
        }
    }
    Ok((format, positional, named))
}

fn is_conversion(func: &syn::Expr) -> bool {
    match func {
        syn::Expr::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| CONVERSIONS.iter().any(|c| s.ident == c)),
        _ => false,
    }
}

/// The variable a pattern binds, if it binds one: `x`, `mut x`, `x: T`, `&x`.
fn pattern_ident(pat: &syn::Pat) -> Option<&syn::Ident> {
    match pat {
        syn::Pat::Ident(p) => Some(&p.ident),
        syn::Pat::Type(t) => pattern_ident(&t.pat),
        syn::Pat::Reference(r) => pattern_ident(&r.pat),
        syn::Pat::Paren(p) => pattern_ident(&p.pat),
        _ => None,
    }
}
