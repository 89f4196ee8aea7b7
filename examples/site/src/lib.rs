//! The example site of cookie-registry, free of any web framework: a small open-data portal in
//! English and French whose cookies are declared once and held to that declaration.
//!
//! Everything that is not a framework lives here, so that each example app (`example-axum`,
//! and the other frameworks') is only its framework's glue:
//!
//! * [`cookies`]: the declarations, which are also the policy served at `/cookies`;
//! * [`i18n`]: the two languages, how a request picks one, and the interface texts;
//! * [`Site`]: the registry, the consent cookie and the [`Enforcer`](cookie_registry::enforce::Enforcer)
//!   built from the command line, and one handler per route, each returning an [`Outcome`]
//!   (status, headers with the `Set-Cookie` values built from the declarations, body): the
//!   pages, a consent banner and a preferences page made of plain HTML forms that work without
//!   JavaScript, sign-in, language switch, the policy, the stylesheets;
//! * [`RequestHead`] and [`Visit`]: what the handlers read from a request (`Cookie` header
//!   bytes read pair by pair, `Accept-Language`, where the request comes from);
//! * [`forms`]: the fields of each form, and what the consent form's fields mean;
//! * [`csrf`]: every `POST` accepted only from the site's own pages (`Sec-Fetch-Site`, `Origin`
//!   and a `__Host-` double-submit token): header bytes in, a verdict out;
//! * [`security_headers`]: the headers of every response, as data, with a Content-Security-Policy
//!   that forbids framing: consent forged by another site's form, or by a click on a framed
//!   banner, is not consent; each HTML page allows its own inline Google Consent Mode block, and
//!   no other inline script, with a nonce drawn for that response
//!   ([`ScriptNonce`](security_headers::ScriptNonce));
//! * [`video_host`]: the example's stand-in for a video host, a third party on another site
//!   (`localhost` on a second port) whose player the home page frames after consent to
//!   marketing, and which sets its own cookie and storage there;
//! * interop routes ([`Site::cookieconsent_config`], [`Site::klaro_config`],
//!   [`Site::gpc_json`]): the JavaScript banners' configurations generated from the
//!   declarations, and `/.well-known/gpc.json`; `Sec-GPC: 1` refuses marketing ([`Visit::gpc`]);
//! * [`consent_log`]: the proof of consent. Every choice saved is recorded in a
//!   [`ConsentLog`](consent_log::ConsentLog) (SQLite), under the consent ID the consent cookie
//!   carries; the preferences page shows that ID and offers the visitor their records
//!   (`/consent/records.json`); the operator exports a period and purges old records
//!   (`consent-log export|purge`);
//! * [`cli`]: `--port`, `--enforce off|audit|enforce`, `--consent-log PATH` and the
//!   `consent-log` commands, shared by every example server.
//!
//! A glue, for each request: builds a [`RequestHead`] from its request, reads the [`Visit`]
//! with [`Site::visit`], calls the route's handler (for a `POST`: [`Site::guard`] first, then
//! the form from the body), and copies the [`Outcome`] into its response; around everything,
//! it sets [`Site::security_headers`] on every response that does not carry them already (a
//! page carries its own Content-Security-Policy, with its nonce) and, unless the site runs with
//! [`Enforcement::Off`], wraps the application in the cookie policy's adapter for its framework,
//! built from [`Site::enforcer`]. It serves [`VideoHost::respond`](video_host::VideoHost::respond)
//! on a second listener and gives the host to [`Site::with_video_host`], and opens the consent
//! log ([`consent_log::open`]) for [`Site::with_consent_log`]. [`Site::save_consent`] and
//! [`Site::consent_records`] are `async` (they wait for the log, never blocking the runtime);
//! every other handler is not.
//! `examples/axum-app/src/lib.rs` is one.
//!
//! The HTTP contract every example keeps, and a walk through it in headless Chromium, are in
//! the `example-suite` crate.

pub mod cli;
pub mod consent_log;
pub mod cookies;
pub mod csrf;
pub mod forms;
pub mod i18n;
pub mod security_headers;
pub mod video_host;

mod account;
mod consent;
mod html;
mod interop;
mod outcome;
mod pages;
mod request;
mod site;
mod visit;

pub use cli::Enforcement;
pub use outcome::Outcome;
pub use request::RequestHead;
pub use site::{Error, Site, consent_cookie_pair};
pub use visit::Visit;
