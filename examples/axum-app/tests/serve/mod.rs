//! The site served in this process, as `cargo run -p example-axum` serves it, with its video host.

use std::net::{Ipv4Addr, SocketAddr};

use example_axum::{Enforcement, Running};

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, and its video host on
/// another, until the test's runtime ends; the site's address.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    start(mode).await.site
}

/// [`serve`], with the video host's address too.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn start(mode: Enforcement) -> Running {
    example_axum::serve(mode, SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("the site and its video host listen on 127.0.0.1")
}
