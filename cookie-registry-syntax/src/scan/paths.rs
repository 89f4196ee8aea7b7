//! Which type a path names: the cookie types are matched by their last segment
//! (`cookie::Cookie`, `actix_web::cookie::Cookie`, an imported `Cookie`), through the file's
//! renames (`use cookie::Cookie as C;`, `type Crumb = Cookie<'static>;`) and qualified paths
//! (`<Cookie>::new`, `<Cookie as From<&str>>::from`).

/// The names the scanner looks for, as their crates spell them.
const KNOWN: [&str; 3] = ["Cookie", "CookieBuilder", "SET_COOKIE"];

/// The file's renames of the [`KNOWN`] names: `use ... as`, and type aliases.
///
/// Renames are file-wide: a `use` inside one function renames for the whole file. Two items
/// that give one alias two meanings are rare enough not to track scopes.
#[derive(Default)]
pub(super) struct Aliases {
    renames: Vec<(String, &'static str)>,
}

impl Aliases {
    /// The renames of a file: its items, inline modules' items, and the items at the top of
    /// function bodies, where `use` declarations are. Others, deeper in expressions, are added
    /// as the scan meets them ([`Aliases::add_use`], [`Aliases::add_type`]).
    pub(super) fn of(file: &syn::File) -> Aliases {
        let mut aliases = Aliases::default();
        aliases.items(&file.items);
        aliases
    }

    fn items(&mut self, items: &[syn::Item]) {
        for item in items {
            match item {
                syn::Item::Use(u) => self.add_use(&u.tree),
                syn::Item::Type(t) => self.add_type(t),
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.items(items);
                    }
                }
                syn::Item::Fn(f) => self.block(&f.block),
                syn::Item::Impl(i) => {
                    for item in &i.items {
                        if let syn::ImplItem::Fn(f) = item {
                            self.block(&f.block);
                        }
                    }
                }
                syn::Item::Trait(t) => {
                    for item in &t.items {
                        if let syn::TraitItem::Fn(syn::TraitItemFn {
                            default: Some(block),
                            ..
                        }) = item
                        {
                            self.block(block);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn block(&mut self, block: &syn::Block) {
        for stmt in &block.stmts {
            if let syn::Stmt::Item(item) = stmt {
                self.items(std::slice::from_ref(item));
            }
        }
    }

    /// `use cookie::Cookie as C;`, `use cookie::{Cookie as C, CookieJar};`.
    pub(super) fn add_use(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => self.add_use(&p.tree),
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.add_use(tree);
                }
            }
            syn::UseTree::Rename(r) if r.rename != "_" => {
                if let Some(known) = self.canonical(&r.ident) {
                    self.add(&r.rename, known);
                }
            }
            _ => {}
        }
    }

    /// `type Crumb = Cookie<'static>;`.
    pub(super) fn add_type(&mut self, item: &syn::ItemType) {
        if let Some(known) = type_ident(&item.ty).and_then(|ident| self.canonical(ident)) {
            self.add(&item.ident, known);
        }
    }

    fn add(&mut self, alias: &syn::Ident, known: &'static str) {
        if !self.renames.iter().any(|(a, _)| alias == a) {
            self.renames.push((alias.to_string(), known));
        }
    }

    /// The known name `ident` stands for, itself or through a rename.
    pub(super) fn canonical(&self, ident: &syn::Ident) -> Option<&'static str> {
        self.renames
            .iter()
            .find(|(alias, _)| ident == alias)
            .map(|(_, known)| *known)
            .or_else(|| KNOWN.into_iter().find(|known| ident == known))
    }

    /// Whether `ident` is `known`, itself or through a rename.
    pub(super) fn is(&self, ident: &syn::Ident, known: &str) -> bool {
        self.canonical(ident) == Some(known)
    }

    /// Whether a type is the cookie type, by value or by reference (`Cookie<'static>`,
    /// `&mut cookie::Cookie<'_>`).
    pub(super) fn is_cookie_type(&self, ty: &syn::Type) -> bool {
        type_ident(ty).is_some_and(|ident| self.is(ident, "Cookie"))
    }
}

/// The last identifier of a type's path, through references, parentheses and groups.
fn type_ident(ty: &syn::Type) -> Option<&syn::Ident> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => p.path.segments.last().map(|s| &s.ident),
        syn::Type::Reference(r) => type_ident(&r.elem),
        syn::Type::Paren(p) => type_ident(&p.elem),
        syn::Type::Group(g) => type_ident(&g.elem),
        _ => None,
    }
}

/// The type and the function of an associated function's path: `Cookie` and `new` in
/// `cookie::Cookie::new`, `<Cookie>::new` and `<Cookie as From<&str>>::from`.
pub(super) fn type_and_function(path: &syn::ExprPath) -> Option<(&syn::Ident, &syn::Ident)> {
    let segments = &path.path.segments;
    let function = &segments.last()?.ident;
    match &path.qself {
        Some(qself) => type_ident(&qself.ty).map(|ty| (ty, function)),
        None if segments.len() >= 2 => Some((&segments[segments.len() - 2].ident, function)),
        None => None,
    }
}
