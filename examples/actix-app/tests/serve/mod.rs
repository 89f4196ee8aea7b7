//! The site served in this process, as `cargo run -p example-actix` serves it.

use std::net::{Ipv4Addr, SocketAddr, TcpListener};

use example_actix::{Enforcement, ServerSettings, server};

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, until the test's runtime
/// ends (dropping the server stops its worker); its address.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free port on 127.0.0.1");
    let address = listener.local_addr().expect("the listener's address");
    let server = server(mode, listener, ServerSettings::IN_PROCESS).expect("the site");
    tokio::spawn(server);
    address
}
