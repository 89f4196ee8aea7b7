//! The site served in this process, as `cargo run -p example-rocket` serves it, with its video host.

use std::net::SocketAddr;

use example_rocket::{Enforcement, Running, config};

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, and its video host on
/// another, until the test's runtime ends; the site's address, once both listen.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    start(mode).await.site
}

/// [`serve`], with the video host's address too.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn start(mode: Enforcement) -> Running {
    let mut config = config(0);
    // The test's runtime ends the servers; no signal handler of their own.
    config.shutdown.ctrlc = false;
    match example_rocket::serve(mode, config).await {
        Ok(launched) => launched.running,
        Err(error) => panic!("the site and its video host do not listen on 127.0.0.1: {error}"),
    }
}
