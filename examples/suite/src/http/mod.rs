//! The site's contract over HTTP, checked against a running example server.
//!
//! [`check`] runs every check below against one server, in the mode it runs in, over real TCP
//! connections: the requests are what a browser sends (or a forger: another site's form, a
//! planted cookie, bytes that are not UTF-8), and the replies are read as the browser reads
//! them. Every check runs even when one fails; the report names each one that failed.
//!
//! | module | what it checks |
//! |---|---|
//! | `pages` | every route and its status; the banner on a first visit with nothing ticked in advance and only necessary cookies; each response held to the declarations (`assert_cookies_allowed`); signing in (HttpOnly session) and out (its removal), an empty name (`422`); the language switch and where it may send back to; `Accept-Language` with q-values; `/cookies` in English and French with every declared row; both stylesheets |
//! | `consent` | accept all (the analytics cookies on the next pages), reject all, save some, withdraw (in enforce mode, the `303` deletes the analytics cookies the request carries, and the next page again; in audit and off modes nothing does), the four cookies of the benchmark's route, a consent cookie planted by another host |
//! | `scripts_and_frames` | the analytics script only after consent to statistics (and the script that forgets what it kept otherwise), with the declaration's attributes; the video host's player framed from another site only on the home page and only after consent to marketing, the Content-Security-Policy allowing exactly that origin there; the player's own cookie as declared; `/cookies.json` as the library renders it, listing every declared cookie and storage item |
//! | `forgery` | forms without the right token, from another site, with a wrong `Origin`, with a planted token, the whole provenance decision table, the `__Host-` cookies, and the four security headers on every kind of response, the framework's own errors included |
//! | `records` | each choice saved recorded once under the consent ID the preferences page shows (in English and French), with its categories, source and revision, no IP address or user agent; a withdrawal a second record, the first unchanged; `/consent/records.json` a JSON attachment, a `404` with an empty list without a consent cookie that counts (malformed, another revision, planted), never a `500`; a choice under Global Privacy Control saved and recorded without marketing (source `global_privacy_control`) |
//! | `interop` | the banners' configurations and `/.well-known/gpc.json` as JSON; the Google Consent Mode v2 `default` block first in every page's head, from the visitor's consent, and the `update` call after a saved choice, inline with the nonce the response's own Content-Security-Policy allows (a new one each time); `Sec-GPC: 1` refuses marketing without asking |
//! | `broken_input` | broken `Cookie` headers (non-UTF-8 pairs, 30 KB values, pairs without `=`) never a `500`; a foreign non-ASCII cookie breaks no form |

mod broken_input;
mod consent;
mod forgery;
mod interop;
mod pages;
pub(crate) mod records;
mod scripts_and_frames;

use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;

use cookie_registry::Registry;
use cookie_registry::consent::{CategorySet, ConsentState};
use example_site::Enforcement;
use futures_util::FutureExt;

use crate::client::Server;

/// Checks the whole site contract against the example server listening at `address`, which
/// runs with `--enforce mode`.
///
/// The server must be built from the same declarations as this process (an example's own
/// tests: it serves the site in process, on a free port). Needs a tokio runtime; every
/// connection goes to `address`, and to the video host's port of 127.0.0.1 that its home page
/// frames.
///
/// ```no_run
/// # async fn serve(_: example_site::Enforcement) -> std::net::SocketAddr { unimplemented!() }
/// use example_site::Enforcement;
///
/// # async fn run() {
/// let address = serve(Enforcement::Enforce).await; // the example's server, in this process
/// example_suite::http::check(address, Enforcement::Enforce).await;
/// # }
/// ```
///
/// # Panics
///
/// Once every check has run, when any failed: the message lists them (each check's own
/// message is printed as it fails).
pub async fn check(address: SocketAddr, mode: Enforcement) {
    check_framework(address, mode, Framework::default()).await;
}

/// What the framework under an example server does to a request before the site sees it, where
/// frameworks differ: the suite then checks what that framework makes of the request instead.
///
/// The default is a framework that hands header values to the application as bytes (axum,
/// actix-web).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Framework {
    /// A header whose value is not UTF-8 is dropped, whole, before the application runs
    /// (Rocket 0.5): a `Cookie` header with one such pair loses every cookie it carries, the
    /// CSRF token included, so a form sent with it is refused (`403`), never a `500`.
    pub drops_non_utf8_headers: bool,
}

impl Framework {
    /// A framework that drops header values that are not UTF-8 (Rocket 0.5).
    pub const DROPS_NON_UTF8_HEADERS: Framework = Framework {
        drops_non_utf8_headers: true,
    };
}

/// [`check`], for a server whose framework reads requests as `framework` says.
///
/// ```no_run
/// # async fn serve(_: example_site::Enforcement) -> std::net::SocketAddr { unimplemented!() }
/// use example_site::Enforcement;
/// use example_suite::http::{Framework, check_framework};
///
/// # async fn run() {
/// let address = serve(Enforcement::Enforce).await; // a Rocket server, in this process
/// check_framework(address, Enforcement::Enforce, Framework::DROPS_NON_UTF8_HEADERS).await;
/// # }
/// ```
///
/// # Panics
///
/// As [`check`].
pub async fn check_framework(address: SocketAddr, mode: Enforcement, framework: Framework) {
    let mut server = Server::new(address, mode);
    server.framework = framework;
    let mut failed: Vec<&str> = Vec::new();
    let mut count = 0;
    macro_rules! run {
        ($($module:ident::$check:ident),* $(,)?) => {$(
            count += 1;
            if AssertUnwindSafe($module::$check(&server)).catch_unwind().await.is_err() {
                failed.push(concat!(stringify!($module), "::", stringify!($check)));
            }
        )*};
    }
    run![
        pages::first_visit_shows_the_banner_and_sets_only_necessary_cookies,
        pages::login_sets_an_http_only_session_and_logout_deletes_it,
        pages::the_language_switch_sets_django_language_and_goes_back,
        pages::the_policy_page_speaks_the_visitors_language,
        pages::the_stylesheets_are_served_from_the_site,
        consent::accept_all_then_pages_set_the_analytics_cookies,
        consent::home_sets_four_cookies_for_a_visitor_who_accepted_everything,
        consent::reject_all_sets_no_optional_cookie_and_hides_the_banner,
        consent::saving_ticked_categories_records_exactly_them,
        consent::withdrawing_statistics_deletes_the_analytics_cookies,
        consent::a_consent_cookie_planted_by_another_host_is_not_consent,
        records::each_choice_is_recorded_under_the_consent_id_the_visitor_sees,
        records::records_without_a_consent_cookie_are_an_empty_404,
        records::a_choice_under_global_privacy_control_is_recorded_as_applied,
        scripts_and_frames::the_analytics_script_only_after_consent_to_statistics,
        scripts_and_frames::the_video_player_only_after_consent_to_marketing,
        scripts_and_frames::the_video_host_sets_its_declared_cookie,
        scripts_and_frames::the_policy_is_served_as_json,
        forgery::forms_without_the_csrf_token_are_refused,
        forgery::a_cross_site_post_is_refused_even_with_the_right_token,
        forgery::a_post_with_a_wrong_origin_is_refused,
        forgery::a_planted_token_is_refused,
        forgery::the_provenance_headers_follow_the_decision_table,
        forgery::the_token_and_consent_cookies_are_host_prefixed,
        forgery::every_response_carries_the_security_headers,
        interop::the_interop_routes_answer_in_json,
        interop::the_consent_mode_block_follows_the_visitors_consent,
        interop::the_update_call_follows_a_saved_choice,
        broken_input::malformed_cookie_headers_never_fail_a_request,
        broken_input::a_non_ascii_cookie_breaks_no_form,
    ];
    assert!(
        failed.is_empty(),
        "the server at {address} (--enforce {mode}) fails {} of the {count} checks of the site \
         contract:\n  {}",
        failed.len(),
        failed.join("\n  ")
    );
    eprintln!(
        "example-suite: the server at {address} (--enforce {mode}) passes all {count} checks"
    );
}

/// A choice of `categories`, as the library records it, for checking a response against it.
fn consent_of(categories: CategorySet) -> ConsentState {
    ConsentState::given(
        categories,
        std::time::UNIX_EPOCH,
        Registry::global()
            .expect("the declarations of example-site")
            .revision(),
    )
}
