//! The site served in this process, as `cargo run -p example-axum` serves it.

use std::net::{Ipv4Addr, SocketAddr};

use example_axum::{Enforcement, app};

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, until the test's runtime
/// ends; its address.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a free port on 127.0.0.1");
    let address = listener.local_addr().expect("the listener's address");
    let router = app(mode).expect("the site");
    tokio::spawn(async move { axum::serve(listener, router).await });
    address
}
