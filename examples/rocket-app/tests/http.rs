//! The site's contract over HTTP (`example_suite::http`), against this server in each mode.

mod serve;

use example_rocket::Enforcement::{Audit, Enforce, Off};
use example_suite::http::{Framework, check_framework};
use serve::serve;

/// Rocket drops a header whose value is not UTF-8 before anything of the application runs.
const ROCKET: Framework = Framework::DROPS_NON_UTF8_HEADERS;

#[tokio::test]
async fn off() {
    check_framework(serve(Off).await, Off, ROCKET).await;
}

#[tokio::test]
async fn audit() {
    check_framework(serve(Audit).await, Audit, ROCKET).await;
}

#[tokio::test]
async fn enforce() {
    check_framework(serve(Enforce).await, Enforce, ROCKET).await;
}
