//! Ready [cookie-registry](https://docs.rs/cookie-registry) declarations for the services sites
//! embed: one line enables a service, and its cookies are declared in your crate, checked by the
//! same compile-time rules as your own, and listed in your policy.
//!
//! ```
//! use cookie_registry::{DeclaredCookie, Registry};
//! use cookie_registry::declaration::{Category, Party};
//!
//! cookie_registry_presets::google_analytics_4!(cookie_domain = "example.org");
//! cookie_registry_presets::matomo!(module = audience, cnil_exempt);
//! cookie_registry_presets::youtube!();
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // Each preset is a module of typed handles, one per cookie.
//! let ga = google_analytics_4::ClientId::DECLARATION;
//! assert_eq!(ga.name().to_string(), "_ga");
//! assert_eq!(ga.category(), Category::Statistics);
//! assert_eq!(ga.attributes().domain(), Some("example.org"));
//! assert!(ga.requires_consent());
//!
//! // Matomo claims the CNIL's audience-measurement exemption only because `cnil_exempt` says so.
//! assert!(!audience::VisitorId::DECLARATION.requires_consent());
//!
//! // And they are in the registry, with your own declarations.
//! let registry = Registry::global()?;
//! let youtube = registry.find("VISITOR_INFO1_LIVE").expect("declared by youtube!()");
//! assert_eq!(youtube.party(), Party::Third);
//! assert!(registry.find("_pk_id.1.5c3f").is_some(), "a family: `_pk_id.*`");
//! # Ok(())
//! # }
//! ```
//!
//! # Why a macro per service
//!
//! A policy lists the cookies the site sets, not those of every service a dependency knows
//! about: linking a crate must not put YouTube's cookies in the policy of a site that only takes
//! payments with Stripe. So nothing is declared until the app asks, and what the app asks for is
//! declared *in the app's crate*: it is checked against the languages the app publishes, and a
//! cookie the app already declares itself is a compile error at the line that enabled the
//! preset, as for any cookie declared twice.
//!
//! Each macro expands to a module (named after the service unless `module = ...` says
//! otherwise) holding one [`#[derive(Cookie)]`](cookie_registry::Cookie) unit struct per
//! cookie. The structs are [`DeclaredCookie`](cookie_registry::DeclaredCookie)s: they give the
//! declaration, and for the first-party cookies the services' scripts write on your domain,
//! the removal cookie that deletes them when consent is withdrawn (the tower layer of
//! cookie-registry sends it by itself).
//!
//! Your crate depends on `cookie-registry` (it does anyway, to render the policy); a framework
//! that re-exports it passes `crate = "my_framework::cookie_registry"`.
//!
//! # Options
//!
//! Every preset takes, separated by commas and in any order:
//!
//! | option | what for |
//! |---|---|
//! | `module = name` | the module's name (the service's by default) |
//! | `cookie_domain = "example.org"` | the `Domain` of the cookies the service writes on your domain. Most of these scripts write on your registrable domain (Google Analytics' `cookie_domain: 'auto'`, the Meta pixel, HubSpot, Hotjar): give it, or the removal cookies (host-only without it) will not reach them. Not accepted by services whose cookies all live on their own domain |
//! | `crate = "path"` | where your crate finds cookie-registry |
//!
//! and the flags of its service:
//!
//! | preset | flags |
//! |---|---|
//! | [`matomo!`] | `cnil_exempt`: claims the CNIL's audience-measurement exemption, for an instance configured as the CNIL's guide for Matomo says (never the default); `heatmaps`: adds the Heatmap & Session Recording cookie |
//! | [`cloudflare!`] | the products your zone uses: `bot_management`, `challenges` (these two when none is given), `load_balancing`, `rate_limiting` |
//! | [`vimeo!`] | `do_not_track`: players embedded with `dnt=1`; `without_cloudflare_cookies`: with [`cloudflare!`] in the same crate |
//! | [`google_tag_manager!`] | `server_side`, required: the web container sets no cookie of its own |
//!
//! A misspelt option, a flag of another preset, a preset enabled twice in one crate, and two
//! presets declaring the same name are compile errors that say what to write.
//!
//! # Languages
//!
//! Every text is given in English and French. A crate that publishes another language
//! (`[package.metadata.cookie-registry] languages = ["en", "de"]`) gets one compile error per
//! preset, saying so; a preset's texts cannot be completed from outside. Enable the preset in a
//! crate of your workspace that publishes English and/or French (its rows then fall back to
//! English in a German policy), or declare the cookies yourself with `#[cookie]`.
//!
//! # The facts and their sources
//!
//! Names, lifetimes, parties and purposes come from each vendor's own documentation, named in
//! `docs/presets.md` with what was changed from the Open Cookie Database (Apache-2.0, used as a
//! cross-check; see NOTICE). Categories follow cookie-registry's rules: nothing is exempt from
//! consent unless the rules allow it and the vendor documents a strictly necessary purpose
//! (Stripe's fraud prevention, Cloudflare's security and load balancing).
//!
//! Vendors change their cookies. A declaration is a statement the site makes: check the table
//! against what your pages really set (cookie-registry's tower layer reports undeclared
//! `Set-Cookie`s; the browser's storage panel shows what scripts write).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Declares the cookies of [Cloudflare](https://developers.cloudflare.com/fundamentals/reference/policies-compliances/cloudflare-cookies/)
/// in front of the site: necessary, first-party, set by Cloudflare's proxy on your domain.
///
/// Flags name the products your zone uses; without any, `bot_management` and `challenges`:
///
/// | flag | cookie | lifetime |
/// |---|---|---|
/// | `bot_management` | `__cf_bm` | 30 minutes |
/// | `challenges` | `cf_clearance` | 30 minutes (the default Challenge Passage) |
/// | `load_balancing` | `__cflb` | 24 hours (the longest session affinity) |
/// | `rate_limiting` | `_cfuvid` | session |
///
/// ```
/// cookie_registry_presets::cloudflare!(bot_management, load_balancing, cookie_domain = "example.org");
///
/// use cookie_registry::DeclaredCookie;
/// assert!(!cloudflare::LoadBalancer::DECLARATION.requires_consent());
/// ```
pub use cookie_registry_presets_macros::cloudflare;

/// Declares the cookies of [Google Analytics 4](https://support.google.com/analytics/answer/11397207):
/// `_ga` and `_ga_*` (`_ga_<container-id>`), statistics, first-party, 2 years.
///
/// gtag.js writes them on the highest domain it can: give that domain with `cookie_domain`.
/// They need consent: Google Analytics cannot claim the CNIL's audience-measurement exemption.
///
/// ```
/// cookie_registry_presets::google_analytics_4!(cookie_domain = "example.org");
///
/// use cookie_registry::DeclaredCookie;
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // Withdrawn consent: the removal cookie reaches the cookie gtag.js wrote.
/// let removal = google_analytics_4::ClientId::removal()?;
/// assert_eq!(removal.domain(), Some("example.org"));
/// # Ok(())
/// # }
/// ```
pub use cookie_registry_presets_macros::google_analytics_4;

/// Declares the cookies of Google Tag Manager's server-side container: `FPID` and `FPLC`.
///
/// The web container (gtm.js) sets no cookie of its own; the tags it fires do, so enable their
/// presets. The flag `server_side` is required, so that nobody mistakes this preset for those:
///
/// ```
/// cookie_registry_presets::google_tag_manager!(server_side, cookie_domain = "example.org");
/// cookie_registry_presets::google_analytics_4!(cookie_domain = "example.org");
/// ```
///
/// ```compile_fail
/// cookie_registry_presets::google_tag_manager!(); // error: the web container sets no cookie
/// ```
pub use cookie_registry_presets_macros::google_tag_manager;

/// Declares the cookies of [Hotjar](https://www.hotjar.com/legal/policies/privacy/): its
/// tracking code's cookies and session-storage items, statistics, first-party.
///
/// ```
/// cookie_registry_presets::hotjar!(cookie_domain = "example.org");
/// ```
pub use cookie_registry_presets_macros::hotjar;

/// Declares the cookies of [HubSpot](https://knowledge.hubspot.com/articles/kcs_article/reports/what-cookies-does-hubspot-set-in-a-visitor-s-browser)'s
/// tracking code: `__hstc`, `hubspotutk`, `__hssc`, `__hssrc`, marketing, first-party.
///
/// ```
/// cookie_registry_presets::hubspot!(cookie_domain = "example.org");
/// ```
pub use cookie_registry_presets_macros::hubspot;

/// Declares the cookies of the [Intercom Messenger](https://www.intercom.com/help/en/articles/2361922-intercom-messenger-cookies):
/// `intercom-id-*`, `intercom-session-*`, `intercom-device-id-*`, functionality, first-party.
///
/// ```
/// cookie_registry_presets::intercom!();
/// ```
pub use cookie_registry_presets_macros::intercom;

/// Declares the cookies of the LinkedIn Insight Tag: `li_fat_id` and `li_giant` on your domain,
/// and the linkedin.com cookies the tag's requests carry; marketing.
///
/// ```
/// cookie_registry_presets::linkedin_insight!(cookie_domain = "example.org");
/// ```
pub use cookie_registry_presets_macros::linkedin_insight;

/// Declares the cookies of [Matomo](https://matomo.org/faq/general/faq_146/)'s JavaScript
/// tracker: `_pk_id.*` (13 months), `_pk_ses.*`, `_pk_ref.*`, `_pk_cvar.*`, `_pk_testcookie`,
/// statistics, first-party.
///
/// They need consent unless you write `cnil_exempt`: a statement that your instance is configured
/// as the CNIL's guide for Matomo says (anonymised addresses, no User ID, no cross-site tracking,
/// no transfer), which gives the cookies the `audience_measurement` exemption. `heatmaps` adds
/// the Heatmap & Session Recording plugin's `_pk_hsr.*`, which is never exempt.
///
/// ```
/// cookie_registry_presets::matomo!(cnil_exempt, heatmaps);
///
/// use cookie_registry::DeclaredCookie;
/// assert!(!matomo::VisitorId::DECLARATION.requires_consent());
/// assert!(matomo::HeatmapSession::DECLARATION.requires_consent());
/// ```
pub use cookie_registry_presets_macros::matomo;

/// Declares the cookies of the Meta (Facebook) pixel: `_fbp` and `_fbc` on your domain, and
/// facebook.com's `fr`; marketing, 90 days.
///
/// ```
/// cookie_registry_presets::meta_pixel!(cookie_domain = "example.org");
/// ```
pub use cookie_registry_presets_macros::meta_pixel;

/// Declares the cookies of [Microsoft Clarity](https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list):
/// `_clck` and `_clsk` on your domain (statistics), and the clarity.ms and bing.com cookies
/// (`CLID` statistics; `MUID`, `MR`, `SM`, `ANONCHK` marketing).
///
/// ```
/// cookie_registry_presets::microsoft_clarity!(cookie_domain = "example.org");
/// ```
pub use cookie_registry_presets_macros::microsoft_clarity;

/// Declares the cookies of [Stripe.js](https://docs.stripe.com/js/appendix/cookies):
/// `__stripe_mid` (1 year) and `__stripe_sid` (30 minutes), necessary for fraud prevention,
/// first-party.
///
/// The exemption holds where the visitor pays: load Stripe.js on payment pages only.
///
/// ```
/// cookie_registry_presets::stripe!();
///
/// use cookie_registry::DeclaredCookie;
/// assert!(!stripe::MachineId::DECLARATION.requires_consent());
/// ```
pub use cookie_registry_presets_macros::stripe;

/// Declares the cookies of embedded [Vimeo](https://help.vimeo.com/hc/en-us/articles/26080940921361)
/// players, third-party on vimeo.com.
///
/// `do_not_track` for players embedded with `dnt=1` (only Cloudflare's cookies remain);
/// `without_cloudflare_cookies` when [`cloudflare!`] is enabled in the same crate, since both
/// declare `__cf_bm`, `_cfuvid` and `cf_clearance` and a crate declares a name once.
///
/// ```
/// cookie_registry_presets::vimeo!(do_not_track);
/// ```
pub use cookie_registry_presets_macros::vimeo;

/// Declares the cookies of embedded YouTube players, third-party on youtube.com:
/// `VISITOR_INFO1_LIVE`, `VISITOR_PRIVACY_METADATA`, `__Secure-ROLLOUT_TOKEN` (marketing) and
/// `YSC` (functionality). The privacy-enhanced mode (youtube-nocookie.com) sets the same cookies
/// once the visitor starts a video.
///
/// ```
/// cookie_registry_presets::youtube!(module = videos);
/// ```
pub use cookie_registry_presets_macros::youtube;

/// `docs/presets.md`, whose Rust snippet is compiled and run as a doctest of this crate.
#[cfg(doctest)]
#[doc = include_str!("../../docs/presets.md")]
pub struct PresetsGuide;

/// The crate's `README.md`, whose Rust snippet is compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct Readme;
