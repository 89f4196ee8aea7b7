//! The site served in this process, as `cargo run -p example-actix` serves it, with its video host.

use std::net::{Ipv4Addr, SocketAddr};

use example_actix::{Enforcement, Running, ServerSettings};

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, and its video host on
/// another, until the test's runtime ends (dropping the servers stops their workers); the
/// site's address.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    start(mode).await.site
}

/// [`serve`], with the video host's address too.
#[allow(dead_code)] // Not every test binary needs it.
pub async fn start(mode: Enforcement) -> Running {
    let servers = example_actix::serve(
        mode,
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
        ServerSettings::IN_PROCESS,
    )
    .expect("the site and its video host listen on 127.0.0.1");
    tokio::spawn(servers.video_host);
    tokio::spawn(servers.site);
    servers.running
}
