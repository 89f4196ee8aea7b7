//! The fairing behind Rocket's real HTTP server on 127.0.0.1, for what the local client cannot
//! show: `Cookie` headers that are not UTF-8 (Rocket drops them before any fairing), requests
//! Rocket refuses before the fairings run, and the judged headers on the wire.
//!
//! Each test starts one server on a port the system picks, talks HTTP/1.1 to it over a plain
//! TCP socket, and stops it through Rocket's `Shutdown` handle before returning.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use cookie_registry::consent::{CategorySet, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::Mode;
use rocket::config::{Config, LogLevel, Shutdown as ShutdownConfig};
use rocket::fairing::AdHoc;
use rocket::{Shutdown, catch, catchers, get, routes};
use test_rocket::{Reported, WithSetCookies, consent_pair, fairing};

#[get("/")]
fn page(consent: ConsentState) -> WithSetCookies {
    WithSetCookies(vec![
        "tracker=1".into(),
        format!("statistics={}", consent.grants(Category::Statistics)),
    ])
}

#[catch(400)]
fn bad_request() -> WithSetCookies {
    WithSetCookies(vec!["from_400_catcher=1".into()])
}

/// A running server: its port, its shutdown handle, its thread.
struct Server {
    port: u16,
    shutdown: Shutdown,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts the app (the route, the 400 catcher, the fairing in `mode`) on 127.0.0.1.
    fn start(mode: Mode) -> (Server, Reported) {
        let (fairing, reported) = fairing(mode);
        let config = Config {
            address: [127, 0, 0, 1].into(),
            port: 0,
            log_level: LogLevel::Off,
            cli_colors: false,
            keep_alive: 0,
            shutdown: ShutdownConfig {
                ctrlc: false,
                grace: 1,
                mercy: 1,
                ..ShutdownConfig::default()
            },
            ..Config::debug_default()
        };
        let (ready, port) = mpsc::channel();
        let app = rocket::custom(config)
            .mount("/", routes![page])
            .register("/", catchers![bad_request])
            .attach(fairing)
            .attach(AdHoc::on_liftoff("port", move |rocket| {
                Box::pin(async move {
                    let _ = ready.send((rocket.config().port, rocket.shutdown()));
                })
            }));
        let thread = std::thread::spawn(move || {
            let _ = rocket::execute(app.launch());
        });
        let (port, shutdown) = port
            .recv_timeout(Duration::from_secs(30))
            .expect("the server starts");
        let server = Server {
            port,
            shutdown,
            thread: Some(thread),
        };
        (server, reported)
    }

    /// Sends `request` (bytes, as is) on a new connection; the status line and the `Set-Cookie`
    /// values of the answer.
    fn send(&self, request: &[u8]) -> (String, Vec<String>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream.write_all(request).unwrap();
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("an answer");
        let answer = String::from_utf8_lossy(&answer);
        let head = answer.split("\r\n\r\n").next().unwrap_or_default();
        let mut lines = head.lines();
        let status = lines.next().unwrap_or_default().to_string();
        let set_cookies = lines
            .filter_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("set-cookie")
                    .then(|| value.trim().to_string())
            })
            .collect();
        (status, set_cookies)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown.clone().notify();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn get(cookie_headers: &[&[u8]]) -> Vec<u8> {
    let mut request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".to_vec();
    for value in cookie_headers {
        request.extend_from_slice(b"Cookie: ");
        request.extend_from_slice(value);
        request.extend_from_slice(b"\r\n");
    }
    request.extend_from_slice(b"\r\n");
    request
}

#[test]
fn the_fairing_judges_the_responses_that_go_on_the_wire() {
    let (server, reported) = Server::start(Mode::Enforce);
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let (status, set_cookies) = server.send(&get(&[granted.as_bytes()]));
    assert_eq!(status, "HTTP/1.1 200 OK");
    // `statistics=...` is undeclared too: stripped, like `tracker`.
    assert!(set_cookies.is_empty(), "{set_cookies:?}");
    assert_eq!(reported.lock().unwrap().len(), 2);
}

/// Rocket drops a `Cookie` header that is not UTF-8 before any fairing runs: a consent cookie
/// in it is not read (no consent), while the same consent in a header of its own is.
#[test]
fn a_cookie_header_that_is_not_utf8_is_dropped_by_rocket() {
    let (server, _) = Server::start(Mode::Audit);
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let latin1 = [granted.as_bytes(), b"; other=caf\xe9"].concat();

    let (status, set_cookies) = server.send(&get(&[&latin1]));
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        set_cookies.contains(&"statistics=false".to_string()),
        "{set_cookies:?}"
    );

    let (_, set_cookies) = server.send(&get(&[granted.as_bytes(), b"other=caf\xe9"]));
    assert!(
        set_cookies.contains(&"statistics=true".to_string()),
        "{set_cookies:?}"
    );
}

/// A request Rocket cannot read (here an unknown method) gets the 400 catcher's response
/// without any fairing: its `Set-Cookie` goes out unjudged.
#[test]
fn requests_rocket_refuses_before_routing_are_not_seen() {
    let (server, reported) = Server::start(Mode::Enforce);
    let (status, set_cookies) =
        server.send(b"FROB / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(status, "HTTP/1.1 400 Bad Request");
    assert_eq!(set_cookies, ["from_400_catcher=1"]);
    assert!(reported.lock().unwrap().is_empty());
}
