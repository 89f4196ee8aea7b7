//! Code generation: a checked [`Declaration`] becomes a `static CookieDeclaration`, registered
//! through the runtime crate's `__register!`, next to the `extern crate`s that link the
//! dependencies that may declare cookies too (see `dependencies`).
//!
//! The expansion names only `::cookie_registry` items (or the path given with `crate = "..."`),
//! and registers through a `macro_rules!` of the runtime crate: the collection backend is the
//! runtime crate's choice, made once, not this macro's.

use cookie_registry_syntax::declaration::{Declaration, TextField};
use cookie_registry_syntax::lifetime::{Lifetime, TimeUnit};
use cookie_registry_syntax::name::NamePattern;
use cookie_registry_syntax::vocab::{Category, Exemption, Party, SameSite, Storage};
use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt, format_ident, quote};

/// The path of the runtime crate in the user's code.
pub fn krate(declaration: Option<&Declaration>) -> TokenStream {
    Krate(declaration.and_then(|d| d.krate.as_ref())).into_token_stream()
}

// The expansion is built by one `quote!` per declaration that interpolates only tokens, not
// token streams made by other `quote!`s: the macro runs for every declaration at every build of
// the declaring crate, unoptimised in the dev profile, and each interpolated stream costs
// several round trips to the compiler (a clone, then a concatenation), about as much as the
// tokens it carries. The tokens are the same either way.

/// The runtime crate's path, appended token by token wherever it is interpolated:
/// `::cookie_registry`, or the path given with `crate = "..."`.
#[derive(Clone, Copy)]
struct Krate<'a>(Option<&'a syn::Path>);

impl ToTokens for Krate<'_> {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self.0 {
            Some(path) => path.to_tokens(tokens),
            None => {
                tokens.append(Punct::new(':', Spacing::Joint));
                tokens.append(Punct::new(':', Spacing::Alone));
                tokens.append(Ident::new("cookie_registry", Span::call_site()));
            }
        }
    }
}

/// `::core::line!()` or `::core::column!()`, every token spanned at `span`: the declaration
/// site is the line and column of the constant's (or the struct's) name.
struct SpannedCoreMacro {
    name: &'static str,
    span: Span,
}

impl ToTokens for SpannedCoreMacro {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let mut first = Punct::new(':', Spacing::Joint);
        first.set_span(self.span);
        let mut second = Punct::new(':', Spacing::Alone);
        second.set_span(self.span);
        tokens.append(first.clone());
        tokens.append(second.clone());
        tokens.append(Ident::new("core", self.span));
        tokens.append(first);
        tokens.append(second);
        tokens.append(Ident::new(self.name, self.span));
        let mut bang = Punct::new('!', Spacing::Alone);
        bang.set_span(self.span);
        tokens.append(bang);
        let mut args = Group::new(Delimiter::Parenthesis, TokenStream::new());
        args.set_span(self.span);
        tokens.append(args);
    }
}

/// `Some` or `None`, and what goes inside `Some(...)`, for a `#variant #((#value))*`.
fn some_or_none<T>(value: Option<T>) -> (Ident, std::option::IntoIter<T>) {
    let variant = if value.is_some() { "Some" } else { "None" };
    (Ident::new(variant, Span::call_site()), value.into_iter())
}

/// The tags and texts of a text field, in the order written.
fn text_parts(field: &TextField) -> (Vec<&str>, Vec<&str>) {
    field
        .entries
        .iter()
        .map(|(tag, text, _)| (tag.as_str(), text.as_str()))
        .unzip()
}

/// `static DECLARATION: CookieDeclaration = ...;` plus its registration. `site` is the span the
/// declaration site (file, line, column) is taken from.
fn declaration_static(d: &Declaration, krate: Krate, site: Span) -> TokenStream {
    let (name_variant, name) = match NamePattern::parse(&d.name.value) {
        NamePattern::Exact(s) => ("Exact", s),
        NamePattern::Prefix(s) => ("Prefix", s),
    };
    let name_variant = Ident::new(name_variant, Span::call_site());
    let provider = d.provider.value.as_str();
    let (policy_variant, policy) =
        some_or_none(d.privacy_policy.as_ref().map(|p| p.value.as_str()));
    let category = Ident::new(category(d.category.value), Span::call_site());
    let party = Ident::new(party(d.party.value), Span::call_site());
    let (function_tags, function_texts) = text_parts(&d.function);
    let (purpose_tags, purpose_texts) = text_parts(&d.purpose);
    // Rare enough (third-party exempt cookies) to be built apart.
    let justification = d.justification.as_ref().map(|t| {
        let (tags, texts) = text_parts(t);
        Group::new(
            Delimiter::Parenthesis,
            quote!(#krate::__private::Text::new(&[#((#tags, #texts)),*])),
        )
    });
    let justification_variant = some_or_none(justification.as_ref()).0;
    let (lifetime_variant, amount, unit) = match d.lifetime.value {
        Lifetime::Session => ("Session", None, None),
        Lifetime::Persistent { amount, unit } => {
            ("Persistent", Some(amount), Some(time_unit(unit)))
        }
    };
    let lifetime_variant = Ident::new(lifetime_variant, Span::call_site());
    let amount = amount.into_iter();
    let unit = unit.map(|u| Ident::new(u, Span::call_site())).into_iter();
    let storage = Ident::new(storage(d.storage.value), Span::call_site());
    let (exemption_variant, exemption) = some_or_none(
        d.exemption()
            .map(|e| Ident::new(exemption(e), Span::call_site())),
    );
    let a = &d.attributes;
    let (domain_variant, domain) = some_or_none(a.domain());
    let path = a.path();
    let (secure, http_only, partitioned) = (a.secure(), a.http_only(), a.partitioned());
    let same_site = Ident::new(same_site(a.same_site()), Span::call_site());
    let line = SpannedCoreMacro {
        name: "line",
        span: site,
    };
    let column = SpannedCoreMacro {
        name: "column",
        span: site,
    };
    let tracking = crate::languages::tracking();
    let links = crate::dependencies::links();
    quote! {
        static DECLARATION: #krate::__private::CookieDeclaration = #krate::__private::CookieDeclaration::__from_parts(
            #krate::__private::DeclarationParts {
                name: #krate::__private::CookieName::#name_variant(#name),
                provider: #krate::__private::Provider::new(#provider, #krate::__private::#policy_variant #((#policy))*),
                category: #krate::__private::Category::#category,
                party: #krate::__private::Party::#party,
                function: #krate::__private::Text::new(&[#((#function_tags, #function_texts)),*]),
                purpose: #krate::__private::Text::new(&[#((#purpose_tags, #purpose_texts)),*]),
                justification: #krate::__private::#justification_variant #justification,
                lifetime: #krate::__private::Lifetime::#lifetime_variant #({ amount: #amount, unit: #krate::__private::TimeUnit::#unit })*,
                storage: #krate::__private::Storage::#storage,
                exemption: #krate::__private::#exemption_variant #((#krate::__private::Exemption::#exemption))*,
                attributes: #krate::__private::HttpAttributes::DEFAULT
                    .with_domain(#krate::__private::#domain_variant #((#domain))*)
                    .with_path(#path)
                    .with_secure(#secure)
                    .with_http_only(#http_only)
                    .with_same_site(#krate::__private::SameSite::#same_site)
                    .with_partitioned(#partitioned),
                site: #krate::__private::DeclarationSite::new(
                    ::core::env!("CARGO_PKG_NAME"),
                    ::core::module_path!(),
                    ::core::file!(),
                    #line,
                    #column,
                ),
            },
        );
        #krate::__register!(DECLARATION);
        #tracking
        #links
    }
}

/// `#[cookie]` on a constant: the constant, unchanged, and its registered declaration.
pub fn constant(item: &syn::ItemConst, d: &Declaration) -> TokenStream {
    let body = declaration_static(d, Krate(d.krate.as_ref()), item.ident.span());
    quote! {
        #item
        const _: () = { #body };
    }
}

/// `#[derive(Cookie)]`: the declaration, registered, and the `DeclaredCookie` impl.
pub fn derive(ident: &syn::Ident, d: &Declaration) -> TokenStream {
    let krate = Krate(d.krate.as_ref());
    let body = declaration_static(d, krate, ident.span());
    // The proof of consent the handle is built with, by the one rule the runtime also applies
    // (`Category::needs_consent`): none for an exempt or necessary cookie, else `Granted<C>`
    // for its category, whose marker type is named like the `Category` variant.
    let consent = if d.category.value.needs_consent(d.exemption()) {
        let marker = format_ident!("{}", category(d.category.value));
        quote!(#krate::__private::Granted<#krate::__private::#marker>)
    } else {
        quote!(#krate::__private::NoConsentNeeded)
    };
    quote! {
        const _: () = {
            #body
            impl #krate::__private::DeclaredCookie for #ident {
                const DECLARATION: &'static #krate::__private::CookieDeclaration = &DECLARATION;
                type Consent = #consent;
            }
        };
    }
}

/// What a `#[derive(Cookie)]` with errors expands to besides them: an impl pointing at a
/// placeholder, and taking any proof of consent, so that uses of the type do not add "trait
/// not implemented" or "wrong proof" errors to the real ones.
pub fn derive_fallback(ident: &syn::Ident, krate: &TokenStream) -> TokenStream {
    quote! {
        impl #krate::__private::DeclaredCookie for #ident {
            const DECLARATION: &'static #krate::__private::CookieDeclaration = &#krate::__private::INVALID;
            // Accepts any proof: the declaration's category is unknown, and a wrong guess
            // would add an error at every use.
            type Consent = #krate::__private::AnyProof;
        }
    }
}

// The variant names of the runtime's enums. Spelled out rather than derived from keywords so
// that renaming a keyword cannot silently change generated code.

fn category(c: Category) -> &'static str {
    match c {
        Category::Necessary => "Necessary",
        Category::Functionality => "Functionality",
        Category::Statistics => "Statistics",
        Category::Marketing => "Marketing",
    }
}

fn party(p: Party) -> &'static str {
    match p {
        Party::First => "First",
        Party::Third => "Third",
    }
}

fn storage(s: Storage) -> &'static str {
    match s {
        Storage::HttpCookie => "HttpCookie",
        Storage::LocalStorage => "LocalStorage",
        Storage::SessionStorage => "SessionStorage",
    }
}

fn exemption(e: Exemption) -> &'static str {
    match e {
        Exemption::StrictlyNecessary => "StrictlyNecessary",
        Exemption::ConsentStorage => "ConsentStorage",
        Exemption::AudienceMeasurement => "AudienceMeasurement",
    }
}

fn same_site(s: SameSite) -> &'static str {
    match s {
        SameSite::Strict => "Strict",
        SameSite::Lax => "Lax",
        SameSite::None => "None",
    }
}

fn time_unit(u: TimeUnit) -> &'static str {
    match u {
        TimeUnit::Second => "Second",
        TimeUnit::Minute => "Minute",
        TimeUnit::Hour => "Hour",
        TimeUnit::Day => "Day",
        TimeUnit::Week => "Week",
        TimeUnit::Month => "Month",
        TimeUnit::Year => "Year",
    }
}
