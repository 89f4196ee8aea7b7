//! The operator's commands over the consent log (`consent-log export|purge`), run with this
//! example's binary on the log of a server of its own (`example_suite::consent_log`).

mod serve;

use std::path::Path;

use example_rocket::Enforcement;
use example_suite::consent_log::check_operator_commands;

#[tokio::test]
async fn export_and_purge() {
    let (address, log) = serve::serve_logged(Enforcement::Enforce).await;
    let binary = Path::new(env!("CARGO_BIN_EXE_example-rocket"));
    check_operator_commands(address, binary, &log).await;
}
