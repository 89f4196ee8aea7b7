//! A preset becomes a module of typed handles:
//!
//! ```text
//! pub mod google_analytics_4 {
//!     #[derive(::cookie_registry::Cookie)]
//!     #[cookie(name = "_ga", provider(...), category = statistics, ...)]
//!     pub struct ClientId;
//!     ...
//! }
//! ```
//!
//! `#[derive(Cookie)]` then checks each declaration in the app's context (its published
//! languages, the names it declares itself) and registers it. The names are spanned at the
//! invocation, so that `#[cookie]`'s "already declared at" points at the line that enabled the
//! preset.

use cookie_registry_syntax::Errors;
use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote};

use crate::catalogue::{Cookie, Service, SetBy, Storage, When};
use crate::options::{self, Options};
use crate::{claims, languages};

/// The whole pipeline for one invocation.
pub fn preset(service: &'static Service, input: TokenStream) -> TokenStream {
    let mut errors = Errors::new();
    let options = options::parse(service, input, &mut errors);
    if let Err(error) = errors.finish() {
        return error.into_compile_error();
    }
    let cookies: Vec<&'static Cookie> = service
        .cookies
        .iter()
        .filter(|c| declared(c, &options))
        .collect();
    if cookies.is_empty() {
        let message = match service.needs_flag {
            Some(why) => why.to_string(),
            None => format!(
                "with {}, `{}!` declares no cookie: remove the line",
                options
                    .flags
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(" and "),
                service.name
            ),
        };
        return syn::Error::new(Span::call_site(), message).into_compile_error();
    }
    if let Err(message) = languages::check(service) {
        return syn::Error::new(Span::call_site(), message).into_compile_error();
    }
    let names: Vec<&'static str> = cookies.iter().map(|c| c.name).collect();
    if let Err(message) = claims::claim(service, &names, Span::call_site()) {
        return syn::Error::new(Span::call_site(), message).into_compile_error();
    }
    module(service, &cookies, &options)
}

fn declared(cookie: &Cookie, options: &Options) -> bool {
    match cookie.when {
        When::Always => true,
        When::With(flag) => options.has(flag),
        When::Without(flag) => !options.has(flag),
    }
}

fn module(service: &Service, cookies: &[&Cookie], options: &Options) -> TokenStream {
    let module = &options.module;
    let krate = match &options.krate {
        Some((_, path)) => quote!(#path),
        None => quote!(::cookie_registry),
    };
    let doc = format!(
        "The cookies of {}, declared by `cookie_registry_presets::{}!`: one typed handle \
         (`DeclaredCookie`) each.",
        service.provider, service.name
    );
    let handles = cookies.iter().map(|c| handle(service, c, options, &krate));
    quote! {
        #[doc = #doc]
        pub mod #module {
            #(#handles)*
        }
    }
}

fn handle(service: &Service, c: &Cookie, options: &Options, krate: &TokenStream) -> TokenStream {
    let ident = format_ident!("{}", c.handle);
    let doc = format!("`{}`: {}. Lasts {}.", c.name, c.purpose.en, c.lifetime);
    let name = c.name;
    let provider = service.provider;
    let privacy_policy = service.privacy_policy;
    let category = format_ident!("{}", c.category.as_str());
    let party = format_ident!("{}", c.party.as_str());
    let (function_en, function_fr) = (c.function.en, c.function.fr);
    let (purpose_en, purpose_fr) = (c.purpose.en, c.purpose.fr);
    let lifetime = c.lifetime;

    let mut extra = TokenStream::new();
    if let Some((path, _)) = &options.krate {
        extra.extend(quote!(crate = #path,));
    }
    if let Some(j) = &c.justification {
        let (en, fr) = (j.en, j.fr);
        extra.extend(quote!(justification(en = #en, fr = #fr),));
    }
    if c.exempt_with.is_some_and(|flag| options.has(flag)) {
        extra.extend(quote!(exemption = audience_measurement,));
    }
    if c.storage != Storage::HttpCookie {
        let storage = format_ident!("{}", c.storage.as_str());
        extra.extend(quote!(storage = #storage,));
    }
    let domain = options.cookie_domain.as_ref();
    match c.set_by {
        SetBy::Script { secure } => {
            extra.extend(quote!(http_only = false,));
            if !secure {
                extra.extend(quote!(secure = false,));
            }
            if let Some(domain) = domain {
                extra.extend(quote!(domain = #domain,));
            }
        }
        SetBy::SiteServer { http_only } => {
            if !http_only {
                extra.extend(quote!(http_only = false,));
            }
            if let Some(domain) = domain {
                extra.extend(quote!(domain = #domain,));
            }
        }
        SetBy::VendorDomain => extra.extend(quote!(same_site = none,)),
        SetBy::Storage => {}
    }

    quote! {
        #[doc = #doc]
        #[derive(#krate::Cookie)]
        #[cookie(
            name = #name,
            provider(name = #provider, privacy_policy = #privacy_policy),
            category = #category,
            party = #party,
            function(en = #function_en, fr = #function_fr),
            purpose(en = #purpose_en, fr = #purpose_fr),
            lifetime = #lifetime,
            #extra
        )]
        pub struct #ident;
    }
}
