//! Code generation: a checked [`Declaration`] becomes a `static CookieDeclaration`, registered
//! through the runtime crate's `__register!`.
//!
//! The expansion names only `::cookie_registry` items (or the path given with `crate = "..."`),
//! and registers through a `macro_rules!` of the runtime crate: the collection backend is the
//! runtime crate's choice, made once, not this macro's.

use cookie_registry_syntax::declaration::{Declaration, TextField};
use cookie_registry_syntax::lifetime::{Lifetime, TimeUnit};
use cookie_registry_syntax::name::NamePattern;
use cookie_registry_syntax::vocab::{Category, Exemption, Party, SameSite, Storage};
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

/// The path of the runtime crate in the user's code.
pub fn krate(declaration: Option<&Declaration>) -> TokenStream {
    match declaration.and_then(|d| d.krate.as_ref()) {
        Some(path) => quote!(#path),
        None => quote!(::cookie_registry),
    }
}

/// `static DECLARATION: CookieDeclaration = ...;` plus its registration. `site` is the span the
/// declaration site (file, line, column) is taken from.
fn declaration_static(d: &Declaration, krate: &TokenStream, site: Span) -> TokenStream {
    let name = match NamePattern::parse(&d.name.value) {
        NamePattern::Exact(s) => quote!(#krate::CookieName::Exact(#s)),
        NamePattern::Prefix(s) => quote!(#krate::CookieName::Prefix(#s)),
    };
    let provider = &d.provider.value;
    let privacy_policy = option(d.privacy_policy.as_ref().map(|p| p.value.as_str()), krate);
    let category = variant(krate, "Category", category(d.category.value));
    let party = variant(krate, "Party", party(d.party.value));
    let function = text(&d.function, krate);
    let purpose = text(&d.purpose, krate);
    let justification = match &d.justification {
        Some(t) => {
            let t = text(t, krate);
            quote!(#krate::__private::Some(#t))
        }
        None => quote!(#krate::__private::None),
    };
    let lifetime = lifetime(d.lifetime.value, krate);
    let storage = variant(krate, "Storage", storage(d.storage.value));
    let exemption = match d.exemption() {
        Some(e) => {
            let e = variant(krate, "Exemption", exemption(e));
            quote!(#krate::__private::Some(#e))
        }
        None => quote!(#krate::__private::None),
    };
    let a = &d.attributes;
    let domain = option(a.domain(), krate);
    let path = a.path();
    let (secure, http_only, partitioned) = (a.secure(), a.http_only(), a.partitioned());
    let same_site = variant(krate, "SameSite", same_site(a.same_site()));
    let line = quote_spanned!(site=> ::core::line!());
    let column = quote_spanned!(site=> ::core::column!());
    let tracking = crate::languages::tracking();
    quote! {
        static DECLARATION: #krate::CookieDeclaration = #krate::CookieDeclaration::__from_parts(
            #krate::__private::DeclarationParts {
                name: #name,
                provider: #krate::Provider::new(#provider, #privacy_policy),
                category: #category,
                party: #party,
                function: #function,
                purpose: #purpose,
                justification: #justification,
                lifetime: #lifetime,
                storage: #storage,
                exemption: #exemption,
                attributes: #krate::HttpAttributes::new(#domain, #path, #secure, #http_only, #same_site, #partitioned),
                site: #krate::DeclarationSite::new(
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
    }
}

/// `#[cookie]` on a constant: the constant, unchanged, and its registered declaration.
pub fn constant(item: &syn::ItemConst, d: &Declaration) -> TokenStream {
    let krate = krate(Some(d));
    let body = declaration_static(d, &krate, item.ident.span());
    quote! {
        #item
        const _: () = { #body };
    }
}

/// `#[derive(Cookie)]`: the declaration, registered, and the `DeclaredCookie` impl.
pub fn derive(ident: &syn::Ident, d: &Declaration) -> TokenStream {
    let krate = krate(Some(d));
    let body = declaration_static(d, &krate, ident.span());
    // The proof of consent the handle is built with: none for an exempt cookie (every
    // necessary one is), else `Granted<C>` for its category, whose marker type is named like
    // the `Category` variant.
    let consent = match (d.exemption(), d.category.value) {
        (Some(_), _) | (None, Category::Necessary) => quote!(#krate::enforce::NoConsentNeeded),
        (None, c) => {
            let marker = format_ident!("{}", category(c));
            quote!(#krate::enforce::Granted<#krate::enforce::#marker>)
        }
    };
    quote! {
        const _: () = {
            #body
            impl #krate::DeclaredCookie for #ident {
                const DECLARATION: &'static #krate::CookieDeclaration = &DECLARATION;
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
        impl #krate::DeclaredCookie for #ident {
            const DECLARATION: &'static #krate::CookieDeclaration = &#krate::__private::INVALID;
            // Accepts any proof: the declaration's category is unknown, and a wrong guess
            // would add an error at every use.
            type Consent = #krate::__private::AnyProof;
        }
    }
}

fn option(value: Option<&str>, krate: &TokenStream) -> TokenStream {
    match value {
        Some(v) => quote!(#krate::__private::Some(#v)),
        None => quote!(#krate::__private::None),
    }
}

fn variant(krate: &TokenStream, ty: &str, variant: &str) -> TokenStream {
    let ty = format_ident!("{}", ty);
    let variant = format_ident!("{}", variant);
    quote!(#krate::#ty::#variant)
}

fn text(field: &TextField, krate: &TokenStream) -> TokenStream {
    let pairs = field.entries.iter().map(|(tag, text, _)| {
        let tag = tag.as_str();
        quote!((#tag, #text))
    });
    quote!(#krate::Text::new(&[#(#pairs),*]))
}

fn lifetime(lifetime: Lifetime, krate: &TokenStream) -> TokenStream {
    match lifetime {
        Lifetime::Session => quote!(#krate::Lifetime::Session),
        Lifetime::Persistent { amount, unit } => {
            let unit = variant(krate, "TimeUnit", time_unit(unit));
            quote!(#krate::Lifetime::Persistent { amount: #amount, unit: #unit })
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
