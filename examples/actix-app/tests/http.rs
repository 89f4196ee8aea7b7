//! The site's contract over HTTP (`example_suite::http`), against this server in each mode.

mod serve;

use example_actix::Enforcement::{Audit, Enforce, Off};
use example_suite::http::check;
use serve::serve;

#[tokio::test]
async fn off() {
    check(serve(Off).await, Off).await;
}

#[tokio::test]
async fn audit() {
    check(serve(Audit).await, Audit).await;
}

#[tokio::test]
async fn enforce() {
    check(serve(Enforce).await, Enforce).await;
}
