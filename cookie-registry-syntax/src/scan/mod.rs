//! Reads a crate's source files as the build-time mode needs them: the cookie declarations they
//! hold, and the places where the code sets a cookie.
//!
//! Declarations are read with the very grammar, interpretation and rules the macros use
//! ([`declaration`](crate::declaration), [`rules`](crate::rules)), so a declaration means the
//! same thing, and fails the same way, in `build.rs` as in the compiler.
//!
//! # What counts as setting a cookie
//!
//! | code | name taken from |
//! |---|---|
//! | `Cookie::new(name, value)`, `CookieBuilder::new(name, value)`, `Cookie::named(name)` | `name` |
//! | `Cookie::build(x)`, `Cookie::from(x)`: `x` a name, a `(name, value)` tuple (or `Cookie::build(name, value)`) | `name`; nothing when `x` is a cookie or builder made elsewhere |
//! | `Cookie::parse("name=value; ...")`, `Cookie::parse_encoded(...)` | the text before `=` |
//! | `Cookie::from` or another of these passed as a function (`.map(Cookie::from)`) | unknown |
//! | `jar.add((name, value))`, `.add_original(...)`, `.cookie((name, value))` | the tuple's first element |
//! | `cookie.set_name(name)` on a cookie (see below) | `name` |
//! | a `Set-Cookie` header name next to a value, in any call, method call or tuple | the value's text before `=` |
//!
//! The cookie types are matched by their last path segment (`cookie::Cookie::new`,
//! `actix_web::cookie::Cookie::build`, an imported `Cookie::new`), by a rename of the file
//! (`use cookie::Cookie as C;`, `type Crumb = Cookie<'static>;`) and in qualified paths
//! (`<Cookie>::new`, `<Cookie as From<&str>>::from`): see `paths`.
//!
//! A `Set-Cookie` header name is `SET_COOKIE` (any path ending so), `"set-cookie"` in any case,
//! either converted (`HeaderName::from_static("set-cookie")`, `.parse()`), or a variable bound to
//! one. Its value is a literal, a conversion of one (`HeaderValue::from_static`, `.parse()`), a
//! `format!` whose name part is written out or is one argument, or a cookie written out
//! (`cookie.to_string()`), whose name was checked where it was built. The name is read as a
//! browser reads it ([`TextReader::Browser`]).
//!
//! `.set_name(..)` counts on a cookie value, on a variable bound to one or typed `Cookie`, and on
//! a variable or field whose name contains `cookie`; on anything else it is taken for another
//! type's `set_name` and not reported.
//!
//! Macros are not expanded, but their arguments are read as code (see `macros`): a cookie
//! set in `vec![..]`, `assert!(..)`, `json!({..})` or a `macro_rules!` body is seen. Only
//! cookie-setting sites are taken from macros; declarations, constants and typed handles' paths
//! are not. Macros whose tokens hold nothing the walk looks for are not parsed.
//!
//! A name is *resolved* when it is a string literal, or a path to a `const NAME: &str = "..."`
//! of the scanned sources (matched by its last segment); anything else (a variable, a function
//! call) is *unresolved*: the scanner cannot know it.

mod declarations;
mod macros;
mod names;
mod paths;
mod sites;
#[cfg(test)]
mod tests;

use std::collections::HashMap;

use proc_macro2::Span;
use syn::visit::{self, Visit};

pub use names::TextReader;

use crate::declaration::{Context, Declaration};

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
    /// A name known at compile time. Empty for a `Set-Cookie` text without `=`, which a
    /// browser keeps as a cookie with no name.
    Resolved(String),
    /// Through a typed handle's declaration (`Language::DECLARATION.name()...`): the struct's
    /// name, to be matched against the `#[derive(Cookie)]` structs of the scanned sources.
    Handle(String),
    /// An expression the scanner cannot evaluate, as written (shortened). A path may still be
    /// resolved as a constant's name by [`resolve_with`].
    Unresolved(String),
    /// An expression for a whole cookie's text (`name=value; ...`), as written: a path may
    /// still be resolved to a constant's text, whose name `reader` then reads.
    UnresolvedText {
        /// The expression, as written (shortened).
        expression: String,
        /// How the text will be read.
        reader: TextReader,
    },
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
        aliases: paths::Aliases::of(file),
        locals: sites::Locals::default(),
        in_macro: 0,
    };
    scanner.visit_file(file);
    let constants = std::mem::take(&mut scanner.out.constants);
    resolve_with(&mut scanner.out.uses, &constants);
    scanner.out.constants = constants;
    scanner.out
}

/// Resolves unresolved names that are paths to one of `constants` (by last segment): a name
/// becomes the constant's value, a whole cookie's text the name its reader finds in it. A text
/// that sets no cookie (`Cookie::parse` of a constant without `=`) is no use, and is removed.
pub fn resolve_with(uses: &mut Vec<CookieUse>, constants: &HashMap<String, String>) {
    uses.retain_mut(|u| {
        match &u.name {
            UsedName::Unresolved(text) => {
                if let Some(value) = last_segment(text).and_then(|ident| constants.get(ident)) {
                    u.name = UsedName::Resolved(value.clone());
                }
            }
            UsedName::UnresolvedText { expression, reader } => {
                if let Some(value) = last_segment(expression).and_then(|ident| constants.get(ident))
                {
                    match reader.name(value) {
                        Some(name) => u.name = UsedName::Resolved(name.to_string()),
                        None => return false,
                    }
                }
            }
            UsedName::Resolved(_) | UsedName::Handle(_) => {}
        }
        true
    });
}

fn last_segment(path_text: &str) -> Option<&str> {
    let last = path_text.rsplit("::").next()?.trim();
    (!last.is_empty() && last.chars().all(|c| c.is_alphanumeric() || c == '_')).then_some(last)
}

/// Walks a file's syntax tree: declarations in `declarations`, cookie-setting sites in `sites`.
struct Scanner<'c> {
    context: &'c Context,
    out: FileScan,
    /// The inline modules the walk is in.
    modules: Vec<String>,
    aliases: paths::Aliases,
    locals: sites::Locals,
    /// How many macros' arguments the walk is in: there, only cookie-setting sites count, not
    /// declarations or constants, which a macro may build from its input.
    in_macro: usize,
}

impl Scanner<'_> {
    /// Records `Type::item` paths, outside macros: only macros that may set a cookie are read,
    /// so the paths in the others would be missed, and counting some would be arbitrary.
    fn record_type_path(&mut self, path: &syn::ExprPath) {
        let segments = &path.path.segments;
        if segments.len() >= 2 && self.in_macro == 0 {
            let ty = &segments[segments.len() - 2].ident;
            let name = ty.to_string();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) {
                self.out.type_paths.push((name, Location::of(ty.span())));
            }
        }
    }

    /// A function body has its own local variables.
    fn in_function(&mut self, walk: impl FnOnce(&mut Self)) {
        let outer = std::mem::take(&mut self.locals);
        walk(self);
        self.locals = outer;
    }
}

impl<'ast> Visit<'ast> for Scanner<'_> {
    fn visit_item_const(&mut self, item: &'ast syn::ItemConst) {
        if self.in_macro == 0 {
            self.constant(item);
        }
        visit::visit_item_const(self, item);
    }

    fn visit_item_struct(&mut self, item: &'ast syn::ItemStruct) {
        if self.in_macro == 0 {
            self.derived(item);
        }
        visit::visit_item_struct(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.modules.push(item.ident.to_string());
        visit::visit_item_mod(self, item);
        self.modules.pop();
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.aliases.add_use(&item.tree);
        visit::visit_item_use(self, item);
    }

    fn visit_item_type(&mut self, item: &'ast syn::ItemType) {
        self.aliases.add_type(item);
        visit::visit_item_type(self, item);
    }

    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.in_function(|s| visit::visit_item_fn(s, item));
    }

    fn visit_impl_item_fn(&mut self, item: &'ast syn::ImplItemFn) {
        self.in_function(|s| visit::visit_impl_item_fn(s, item));
    }

    fn visit_trait_item_fn(&mut self, item: &'ast syn::TraitItemFn) {
        self.in_function(|s| visit::visit_trait_item_fn(s, item));
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        visit::visit_local(self, local);
        self.bind_let(local);
    }

    fn visit_pat_type(&mut self, pat: &'ast syn::PatType) {
        self.bind_typed(pat);
        visit::visit_pat_type(self, pat);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        match &*call.func {
            syn::Expr::Path(func) => {
                self.call(func, &call.args);
                self.record_type_path(func);
                for attr in &call.attrs {
                    self.visit_attribute(attr);
                }
                // The callee is walked as a path, not as a function passed as a value.
                visit::visit_expr_path(self, func);
                for arg in &call.args {
                    self.visit_expr(arg);
                }
            }
            _ => visit::visit_expr_call(self, call),
        }
        self.header_pairs(&call.args);
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        self.method_call(call);
        self.header_pairs(&call.args);
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        self.record_type_path(path);
        self.function_value(path);
        visit::visit_expr_path(self, path);
    }

    fn visit_expr_tuple(&mut self, tuple: &'ast syn::ExprTuple) {
        self.header_pairs(&tuple.elems);
        visit::visit_expr_tuple(self, tuple);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if self.might_set_a_cookie(&mac.tokens) {
            self.in_macro += 1;
            for expr in macros::expressions(&mac.tokens) {
                // The expressions live here, not in the file's tree: walk them as a tree of
                // their own.
                <Self as Visit<'_>>::visit_expr(self, &expr);
            }
            self.in_macro -= 1;
        }
        visit::visit_macro(self, mac);
    }
}
