//! The preset macros of [cookie-registry-presets](https://docs.rs/cookie-registry-presets). Depend
//! on `cookie-registry-presets`, which re-exports them and documents them with examples.
//!
//! Each macro is a pipeline:
//!
//! 1. `options`: what the invocation asks for (module name, domain, flags);
//! 2. `languages`: the app publishes no language the presets lack;
//! 3. `claims`: the preset is enabled once per crate, and its names are not another preset's;
//! 4. `expand`: a module of `#[derive(Cookie)]` typed handles, which `#[cookie]`'s own rules then
//!    check in the app's context.
//!
//! The facts are data, in `catalogue/`, one file per service with its sources.
#![forbid(unsafe_code)]

mod catalogue;
mod claims;
mod expand;
mod languages;
mod options;

use catalogue::Service;
use proc_macro::TokenStream;

fn preset(service: &'static Service, input: TokenStream) -> TokenStream {
    expand::preset(service, input.into()).into()
}

/// Google Analytics 4: `_ga`, `_ga_*`. See `cookie_registry_presets::google_analytics_4`.
#[proc_macro]
pub fn google_analytics_4(input: TokenStream) -> TokenStream {
    preset(&catalogue::GOOGLE_ANALYTICS_4, input)
}

/// Google Tag Manager's server-side container: `FPID`, `FPLC`.
#[proc_macro]
pub fn google_tag_manager(input: TokenStream) -> TokenStream {
    preset(&catalogue::GOOGLE_TAG_MANAGER, input)
}

/// Matomo: `_pk_id.*`, `_pk_ses.*`, ...
#[proc_macro]
pub fn matomo(input: TokenStream) -> TokenStream {
    preset(&catalogue::MATOMO, input)
}

/// Embedded YouTube videos.
#[proc_macro]
pub fn youtube(input: TokenStream) -> TokenStream {
    preset(&catalogue::YOUTUBE, input)
}

/// Embedded Vimeo videos.
#[proc_macro]
pub fn vimeo(input: TokenStream) -> TokenStream {
    preset(&catalogue::VIMEO, input)
}

/// Stripe.js: `__stripe_mid`, `__stripe_sid`.
#[proc_macro]
pub fn stripe(input: TokenStream) -> TokenStream {
    preset(&catalogue::STRIPE, input)
}

/// Cloudflare in front of the site.
#[proc_macro]
pub fn cloudflare(input: TokenStream) -> TokenStream {
    preset(&catalogue::CLOUDFLARE, input)
}

/// Hotjar.
#[proc_macro]
pub fn hotjar(input: TokenStream) -> TokenStream {
    preset(&catalogue::HOTJAR, input)
}

/// The Meta (Facebook) pixel.
#[proc_macro]
pub fn meta_pixel(input: TokenStream) -> TokenStream {
    preset(&catalogue::META_PIXEL, input)
}

/// HubSpot's tracking code.
#[proc_macro]
pub fn hubspot(input: TokenStream) -> TokenStream {
    preset(&catalogue::HUBSPOT, input)
}

/// The Intercom Messenger.
#[proc_macro]
pub fn intercom(input: TokenStream) -> TokenStream {
    preset(&catalogue::INTERCOM, input)
}

/// The LinkedIn Insight Tag.
#[proc_macro]
pub fn linkedin_insight(input: TokenStream) -> TokenStream {
    preset(&catalogue::LINKEDIN_INSIGHT, input)
}

/// Microsoft Clarity.
#[proc_macro]
pub fn microsoft_clarity(input: TokenStream) -> TokenStream {
    preset(&catalogue::MICROSOFT_CLARITY, input)
}
