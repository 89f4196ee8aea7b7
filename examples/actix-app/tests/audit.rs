//! What Chromium ends up holding on this server, in every consent state, audited by
//! `cookie-registry-audit` against the site's own declarations: the same audit as the other
//! examples' (`example_suite::audit`), so no framework's glue lets through a cookie that
//! another's would stop. Needs `/usr/bin/chromium` and `/usr/bin/chromedriver`: without
//! them the test fails, saying so. Reports in `target/audit-reports/example-actix.*`.

mod serve;

use example_actix::Enforcement;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_holds_only_what_is_declared_in_every_consent_state() {
    let running = serve::start(Enforcement::Enforce).await;
    example_suite::audit::every_consent_state_holds_only_what_is_declared(
        running.site,
        running.video_host,
        "example-actix",
    )
    .await;
}
