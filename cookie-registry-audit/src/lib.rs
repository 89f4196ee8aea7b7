//! Audit what a real browser holds: crawl a site in headless Chromium, in several consent
//! states, and compare every cookie and storage item with the declared cookie policy.
//!
//! cookie-registry's tower layer sees the server's `Set-Cookie`s. The cookies that most need
//! consent, for audience measurement and advertising, are mostly written by scripts
//! (`document.cookie`, `localStorage`) and by third-party frames. This crate looks at the
//! browser instead: everything it holds after each page, who wrote it, and whether the
//! declarations allow it in the consent state of the visit.
//!
//! # From the command line, for any site
//!
//! ```text
//! cargo install --path cookie-registry-audit      # or: cargo run -p cookie-registry-audit --
//! cookie-registry-audit --policy https://example.com/cookies.json https://example.com/
//! ```
//!
//! The policy is the JSON document cookie-registry renders (`Format::Json`), from a file or a
//! URL, so a site written in any language can publish one and be audited. Exit status: 0 when
//! nothing serious was found, 1 with a serious finding, 2 on a usage or run-time error (see
//! `docs/audit.md` in the repository).
//!
//! # From an application's own test, in process
//!
//! ```no_run
//! use cookie_registry_audit::{Audit, browser::{Browser, require_browser}};
//! use cookie_registry_audit::policy::Declarations;
//!
//! #[tokio::test]
//! async fn the_browser_holds_only_declared_cookies() {
//!     // Fails, saying what to install, on a machine without Chromium.
//!     let options = require_browser("the_browser_holds_only_declared_cookies");
//!     let site = "http://127.0.0.1:8080/"; // the app, started by the test
//!     let browser = Browser::launch(&options).await.unwrap();
//!     let declarations = Declarations::global().unwrap(); // this program's registry
//!     let report = Audit::new(site, declarations).unwrap().run(&browser).await.unwrap();
//!     assert!(!report.has_serious_findings(), "{report}");
//! }
//! ```
//!
//! # What is recorded, and how precisely
//!
//! Each consent state runs in a fresh Chromium profile ([`ConsentChoice`]: no choice yet,
//! reject all, each category alone, accept all, and withdrawal). After each page the audit reads
//! ([`observe`]):
//!
//! * **every cookie of every site** through DevTools (`Storage.getCookies`): HttpOnly,
//!   third-party and partitioned (CHIPS) cookies included, with domain, path, expiry, flags and
//!   partition;
//! * in **every frame**, cross-site ones included: `localStorage` and `sessionStorage` keys,
//!   IndexedDB database names;
//! * **who wrote each new or changed item**. Hooks installed before any page script
//!   (`Page.addScriptToEvaluateOnNewDocument`) record `document.cookie`, `CookieStore.set`,
//!   `Storage.setItem`, property writes to the storages and `indexedDB.open`, with the stack:
//!   the script's URL, line and column (an inline script shows its page's URL). chromedriver's
//!   network log gives the raw `Set-Cookie` headers of every response, with the response URL,
//!   the page or frame it was for, and the script that requested it. A cookie is attributed to
//!   the responses and script writes that named it from a host allowed to set it, the ones whose
//!   value is the browser's value first. Precision is per page visit: two writes of one cookie
//!   during the same page are both listed.
//!
//! DevTools commands go through chromedriver (`goog/cdp/execute`), which reaches the top page's
//! renderer only. So the audit runs Chromium with site isolation off: cross-site frames then
//! live in the page's process, the hooks run in them and their responses reach the network log
//! (with site isolation on, neither happens; this was checked against Chromium 156). It also
//! allows third-party cookies, as Chrome does by default, to see the most a visitor's browser
//! may hold.
//!
//! # What is compared
//!
//! See [`findings`]: undeclared items, items set before consent, after a refusal or still there
//! after withdrawal (serious), lifetimes and attributes unlike the declaration, and declarations
//! never seen (warnings). A third-party item matches only a `party = third` declaration, and a
//! cookie declaration with a `domain` only cookies on that domain.
//!
//! # Why fantoccini and chromedriver, not a DevTools client
//!
//! A clean build of each client with its dependencies, measured on this 2-core machine (debug
//! profile, other builds sharing the cores):
//!
//! | client | wall clock | CPU (user) | heaviest crate |
//! |---|---|---|---|
//! | fantoccini 0.22 + hyper-util (WebDriver) | 84 s | 58 s | webdriver, 8.6 s |
//! | chromiumoxide 0.9 (DevTools over WebSocket) | 309 s | 167 s | chromiumoxide_cdp, 134 s |
//!
//! fantoccini is already a dependency of the workspace (the example's browser test), so it
//! costs this crate nothing more; chromiumoxide's generated protocol bindings alone take more
//! than two minutes and one core, and follow Chromium's protocol releases. What chromiumoxide
//! would add is DevTools events; of those the audit needs only the network ones, which
//! chromedriver's performance log already keeps. chromedriver comes from the same Debian
//! source package as Chromium, so the two always match.
//!
//! # The browser launcher
//!
//! [`browser`] starts chromedriver and Chromium on free ports of 127.0.0.1 with fresh
//! profiles, stops them by process id, and says which Debian packages to install when they are
//! missing. Other test suites use it instead of copying the setup.
#![warn(missing_docs)]
#![forbid(unsafe_code)]

mod audit;
pub mod browser;
mod consent;
mod crawl;
mod error;
pub mod findings;
pub mod observe;
pub mod policy;
pub mod report;
mod site;

pub use audit::{Audit, Progress};
pub use consent::{BannerSelectors, ConsentChoice, ConsentMethod, Phase};
pub use error::AuditError;
pub use findings::{Finding, FindingKind, Severity};
pub use report::{AuditReport, ReportFormat};
pub use site::{FirstParty, domain_matches};

// The Rust snippets of the README and of the guide compile and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeSnippets;

#[cfg(doctest)]
#[doc = include_str!("../../docs/audit.md")]
struct GuideSnippets;
