//! The site served in this process, as `cargo run -p example-rocket` serves it.

use std::net::{Ipv4Addr, SocketAddr};

use example_rocket::{Enforcement, app, config};
use rocket::fairing::AdHoc;

/// Serves the site with `--enforce mode` on a free port of 127.0.0.1, until the test's runtime
/// ends; its address, once Rocket listens.
pub async fn serve(mode: Enforcement) -> SocketAddr {
    let (bound, port) = tokio::sync::oneshot::channel();
    let mut config = config(0);
    // The test's runtime ends the server; no signal handler of its own.
    config.shutdown.ctrlc = false;
    let rocket = app(mode, config)
        .expect("the site")
        .attach(AdHoc::on_liftoff("port", move |rocket| {
            Box::pin(async move {
                let _ = bound.send(rocket.config().port);
            })
        }));
    let server = tokio::spawn(rocket.launch());
    match port.await {
        Ok(port) => SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
        Err(_) => panic!("Rocket did not launch: {:?}", server.await),
    }
}
