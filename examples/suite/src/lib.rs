//! The contract of the example site, checked against any running example server, whatever its
//! framework.
//!
//! * [`http::check`]: the whole site over HTTP, in the mode the server runs in (every route and
//!   status, the cookies each response sets, the consent flows, CSRF, the security headers,
//!   `Accept-Language`, broken `Cookie` headers, the policy in English and French);
//! * [`browser::walk`]: the consent flow in headless Chromium, the attacks from another origin
//!   of the same site included; [`browser::global_privacy_control`]: Chromium sending
//!   `Sec-GPC: 1`, and the site refusing marketing without asking;
//! * [`audit::every_consent_state_holds_only_what_is_declared`]: what Chromium holds in every
//!   consent state, audited against the declarations;
//! * [`consent_log::check_operator_commands`]: the operator's `consent-log export` and `purge`
//!   commands, run with the example's binary on the log of a server visitors just used.
//!
//! An example runs both from its own tests, with its server started in process on a free port;
//! `examples/axum-app/tests/http.rs`:
//!
//! ```ignore
//! #[tokio::test]
//! async fn enforce() {
//!     example_suite::http::check(serve(Enforcement::Enforce).await, Enforcement::Enforce).await;
//! }
//! ```
//!
//! The suite links `example-site`, so its own process holds the same declarations as the
//! server: it checks each response against them (`assert_cookies_allowed`) and plays visitors
//! who already chose ([`example_site::consent_cookie_pair`]).
//!
//! For a server started by hand (built from the same commit):
//! `cargo run -p example-suite -- 127.0.0.1:3000 --enforce enforce [--browser]`.

pub mod audit;
pub mod browser;
pub mod consent_log;
pub mod http;

mod client;
