//! The site served in this process, as `cargo run -p example-axum` serves it, with its video host
//! and a consent log of its own.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use example_axum::{Enforcement, Running};
use example_suite::consent_log::fresh_log;

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, and its video host on
/// another, until the test's runtime ends; the site's address.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    start(mode).await.site
}

/// [`serve`], with the path of the server's consent log.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn serve_logged(mode: Enforcement) -> (SocketAddr, PathBuf) {
    let (running, log) = launch(mode).await;
    (running.site, log)
}

/// [`serve`], with the video host's address too.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn start(mode: Enforcement) -> Running {
    launch(mode).await.0
}

/// Starts the servers, recording in a fresh consent log under the tests' `target/tmp`; where
/// they listen, and the log's path.
async fn launch(mode: Enforcement) -> (Running, PathBuf) {
    let (log, path) = fresh_log(Path::new(env!("CARGO_TARGET_TMPDIR"))).await;
    let running = example_axum::serve(mode, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), log)
        .await
        .expect("the site and its video host listen on 127.0.0.1");
    (running, path)
}
