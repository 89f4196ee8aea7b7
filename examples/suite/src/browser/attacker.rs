//! The attacker of the walk: pages on another port of the same host, so another origin of the
//! same site (cookies do not isolate ports, and `SameSite=Lax` cookies go with its POSTs).
//!
//! A bare hyper server: the walk needs no web framework of its own, whichever example it walks.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use bytes::Bytes;
use http::header::{CONTENT_TYPE, SET_COOKIE};
use http::{Response, StatusCode};
use http_body_util::Full;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The token the attacker plants, and posts.
pub(super) const PLANTED: &str = "0123456789abcdef0123456789abcdef";

/// The attacker's server, stopped when dropped.
pub(super) struct Attacker {
    pub(super) address: SocketAddr,
    accepting: JoinHandle<()>,
}

impl Drop for Attacker {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl Attacker {
    /// Serves, on a free port of 127.0.0.1, the two attacks on the consent endpoint of
    /// the site at `victim` (`http://127.0.0.1:PORT`):
    ///
    /// - `/plant` sets a CSRF token it knows, both as the old `csrftoken` with a narrower path
    ///   (sent first) and as `__Host-csrftoken` itself (a `__Host-` cookie keeps other *hosts*
    ///   out, not other ports of the same host);
    /// - `/attack` is a form that posts "accept all" to the site with that token;
    /// - `/frame` frames the site's preferences page, and, as a control, a page of its own
    ///   (`/hello`).
    pub(super) async fn start(victim: &str) -> std::io::Result<Attacker> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await?;
        let address = listener.local_addr()?;
        let pages = Arc::new(Pages::new(victim));
        let accepting = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let pages = pages.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request: http::Request<_>| {
                        let response = pages.respond(request.uri().path());
                        async move { Ok::<_, Infallible>(response) }
                    });
                    // A connection the browser drops is no failure of the walk.
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Attacker { address, accepting })
    }
}

struct Pages {
    attack: String,
    frame: String,
}

impl Pages {
    fn new(victim: &str) -> Pages {
        Pages {
            attack: format!(
                "<!DOCTYPE html><title>Win a prize</title>\
                 <form method=\"post\" action=\"{victim}/consent\">\
                 <input type=\"hidden\" name=\"csrf\" value=\"{PLANTED}\">\
                 <input type=\"hidden\" name=\"back\" value=\"/\">\
                 <button id=\"go\" name=\"choice\" value=\"accept_all\">Claim your prize</button></form>"
            ),
            frame: format!(
                "<!DOCTYPE html><title>Framed</title>\
                 <iframe id=\"victim\" src=\"{victim}/cookies/preferences\"></iframe>\
                 <iframe id=\"control\" src=\"/hello\"></iframe>"
            ),
        }
    }

    fn respond(&self, path: &str) -> Response<Full<Bytes>> {
        let (status, cookies, html): (StatusCode, Vec<String>, String) = match path {
            "/plant" => (
                StatusCode::OK,
                vec![
                    format!("csrftoken={PLANTED}; Path=/consent"),
                    format!("__Host-csrftoken={PLANTED}; Secure; Path=/"),
                ],
                "<!DOCTYPE html><title>Planted</title><p>planted</p>".into(),
            ),
            "/attack" => (StatusCode::OK, Vec::new(), self.attack.clone()),
            "/frame" => (StatusCode::OK, Vec::new(), self.frame.clone()),
            "/hello" => (
                StatusCode::OK,
                Vec::new(),
                "<!DOCTYPE html><p id=\"hello\">hello</p>".into(),
            ),
            _ => (
                StatusCode::NOT_FOUND,
                Vec::new(),
                "<!DOCTYPE html><p>no</p>".into(),
            ),
        };
        let mut response = Response::builder()
            .status(status)
            .header(CONTENT_TYPE, "text/html; charset=utf-8");
        for cookie in cookies {
            response = response.header(SET_COOKIE, cookie);
        }
        response
            .body(Full::new(Bytes::from(html)))
            .unwrap_or_else(|_| Response::new(Full::default()))
    }
}
