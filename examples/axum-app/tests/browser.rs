//! The consent flow in headless Chromium (`example_suite::browser`), on this server, and Global
//! Privacy Control with Chromium's own switch. Needs `/usr/bin/chromium` and
//! `/usr/bin/chromedriver`; screenshots in
//! `target/screenshots/example-axum/` (each page at a desktop's and a phone's size).

mod serve;

use example_axum::Enforcement;
use serve::serve;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consent_flow_in_headless_chromium() {
    let site = serve(Enforcement::Enforce).await;
    example_suite::browser::walk(site, "example-axum", env!("CARGO_TARGET_TMPDIR")).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn global_privacy_control_in_headless_chromium() {
    let site = serve(Enforcement::Enforce).await;
    example_suite::browser::global_privacy_control(site, "example-axum").await;
}
