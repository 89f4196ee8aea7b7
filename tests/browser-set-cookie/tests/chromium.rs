//! Every corpus line served to headless Chromium (Debian's `/usr/bin/chromium`, driven by
//! `/usr/bin/chromedriver`), and what the browser stored compared with the reader's verdict and
//! the model's: stored or not, name, value, domain, path, expiry (to 3 seconds), `Secure`,
//! `HttpOnly`, `SameSite`, `Partitioned`.
//!
//! Each line goes out byte for byte from a small HTTP/1.1 server on 127.0.0.1 written here with
//! `std::net` (an `http::HeaderValue` would refuse some of the bytes). Two browsers, each with
//! its own profile and so its own cookies, share the lines. A browser navigates to
//! a line (most responses are `204 No Content`, which stores the cookies without loading a page:
//! three times faster; every 16th is a `200` page, to show it makes no difference), then the
//! test reads `Storage.getCookies` through chromedriver's `goog/cdp/execute`, and clears the
//! cookies. The protocol drops bytes that are not UTF-8 from names and values: for such lines
//! the browser is sent back to the page, and the `Cookie` header it sends shows the bytes
//! (unless the cookie's path is not ASCII: no URL leads back to it).
//!
//! Needs chromium and chromedriver: the test fails without them, with the command that
//! installs them. Every line that differs is listed; a table of what Chromium did with each
//! line is written to `target/browser-set-cookie/chromium.txt`.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{Ipv4Addr, Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cookie_registry_audit::browser::{Browser, devtools, require_browser};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use test_browser_set_cookie::corpus::{self, DATE_AHEAD_SECONDS, HOSTS, Line};
use test_browser_set_cookie::verdict::{
    Observed, differences, model_verdict, reader_verdict, show_verdict,
};

/// Seconds an expiry may differ by: the browser reads its clock after the test.
const TOLERANCE: f64 = 3.0;

type Failure = Box<dyn std::error::Error + Send + Sync>;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chromium_stores_what_the_reader_and_the_model_say() {
    // Fails, naming the packages to install, when Chromium or chromedriver is missing.
    let options = require_browser("chromium_stores_what_the_reader_and_the_model_say");
    let started = Instant::now();
    let lines = corpus::load_all();
    let server = Server::start();
    // chromedriver, killed by its pid when `driver` is dropped, whatever happens.
    let driver = Browser::launch(&options)
        .await
        .unwrap_or_else(|error| panic!("chromedriver: {error}"));

    // Two browsers, each with its own profile (so its own cookies), share the lines.
    let profiles: Vec<PathBuf> = (0..BROWSERS)
        .map(|i| {
            Path::new(env!("CARGO_TARGET_TMPDIR"))
                .join(format!("chromium-set-cookie-{}-{i}", std::process::id()))
        })
        .collect();
    let _profiles: Vec<DirGuard> = profiles.iter().cloned().map(DirGuard).collect();
    let mut clients = Vec::new();
    for profile in &profiles {
        match connect(&driver, options.chromium_path(), profile).await {
            Ok(client) => clients.push(client),
            Err(error) => {
                for client in clients {
                    let _ = client.close().await;
                }
                server.stop();
                panic!("a WebDriver session with chromium: {error}");
            }
        }
    }
    let date_at = unix_now() + DATE_AHEAD_SECONDS;
    let workers: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(worker, client)| {
            let share: Vec<(usize, Line)> = lines
                .iter()
                .cloned()
                .enumerate()
                .filter(|(index, _)| index % BROWSERS == worker)
                .collect();
            tokio::spawn(run(client.clone(), server.handle(), share, date_at))
        })
        .collect();
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.push(
            worker
                .await
                .map_err(Failure::from)
                .and_then(|outcome| outcome),
        );
    }
    for client in clients {
        let _ = client.close().await;
    }
    server.stop();
    let mut report = Report::default();
    for outcome in outcomes {
        let part = outcome.unwrap_or_else(|error| panic!("the browser run failed: {error}"));
        report.stored += part.stored;
        report.reader_differences.extend(part.reader_differences);
        report.model_differences.extend(part.model_differences);
        report.table.extend(part.table);
    }
    for list in [
        &mut report.reader_differences,
        &mut report.model_differences,
        &mut report.table,
    ] {
        list.sort();
    }

    let table = artifacts_dir().join("chromium.txt");
    let _ = std::fs::create_dir_all(artifacts_dir());
    let _ = std::fs::write(&table, report.table.join("\n"));
    eprintln!(
        "{} lines ({} stored by Chromium) in {:.1} s; {} differ from the reader, {} from the model; table in {}",
        lines.len(),
        report.stored,
        started.elapsed().as_secs_f64(),
        report.reader_differences.len(),
        report.model_differences.len(),
        table.display()
    );
    let mut message = String::new();
    for (who, list) in [
        ("the reader", &report.reader_differences),
        ("the model", &report.model_differences),
    ] {
        if !list.is_empty() {
            message.push_str(&format!(
                "\n{} lines where Chromium and {who} differ:\n{}\n",
                list.len(),
                list.join("\n")
            ));
        }
    }
    assert!(message.is_empty(), "{message}");
}

/// How many browsers share the lines.
const BROWSERS: usize = 2;

/// A WebDriver session: chromium with a fresh profile at `profile`.
async fn connect(driver: &Browser, chromium: &Path, profile: &Path) -> Result<Client, Failure> {
    // Every host of the corpus resolves to the test's server.
    let rules: Vec<String> = HOSTS
        .iter()
        .filter(|(host, _, _)| host.parse::<Ipv4Addr>().is_err() && *host != "localhost")
        .map(|(host, _, _)| format!("MAP {host} 127.0.0.1"))
        .collect();
    let capabilities = json!({
        "browserName": "chrome",
        // chromedriver would otherwise wait for each navigation to settle after every command.
        "pageLoadStrategy": "none",
        "goog:chromeOptions": {
            "binary": chromium.display().to_string(),
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                // Navigations to named hosts stay on http (the server speaks no TLS).
                "--disable-features=HttpsUpgrades",
                format!("--host-resolver-rules={}", rules.join(",")),
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    let Value::Object(capabilities) = capabilities else {
        unreachable!()
    };
    // Without TCP_NODELAY each command waits out a delayed ACK: 40 ms.
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    Ok(ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&driver.webdriver_url())
        .await?)
}

#[derive(Default)]
struct Report {
    stored: usize,
    reader_differences: Vec<String>,
    model_differences: Vec<String>,
    /// One line per corpus line: where, the header, what Chromium did.
    table: Vec<String>,
}

async fn run(
    client: Client,
    server: Handle,
    lines: Vec<(usize, Line)>,
    date_at: i64,
) -> Result<Report, Failure> {
    let client = &client;
    let mut report = Report::default();
    cdp(client, "Storage.clearCookies", json!({})).await?;
    for (index, line) in lines {
        let header = line.bytes(date_at)?;
        server.serve(index, header.clone());
        let now = unix_now();
        let full = if index % 16 == 0 { "&full" } else { "" };
        let line = &line;
        let url = format!(
            "http://{}:{}{}?line={index}{full}",
            line.page.host, server.port, line.page.path
        );
        cdp(client, "Page.navigate", json!({ "url": url })).await?;
        let cookies = cdp(client, "Storage.getCookies", json!({})).await?;
        let cookies = cookies["cookies"].as_array().cloned().unwrap_or_default();
        let mut observed: Vec<Observed> = cookies.iter().map(observed).collect();
        // A cookie whose path is not ASCII never goes back: URL paths are percent-encoded.
        if let [cookie] = observed.as_mut_slice()
            && std::str::from_utf8(&header).is_err()
            && cookie.path.is_ascii()
        {
            cookie.echo = Some(echo(client, &server, index, line, &cookie.path).await?);
        }
        if !cookies.is_empty() {
            cdp(client, "Storage.clearCookies", json!({})).await?;
        }

        // Sortable by corpus position: file, then line number.
        let shown = format!("{}:{:05} {}", line.file, line.number, line.text);
        let chromium = match observed.as_slice() {
            [] => "nothing stored".to_string(),
            [cookie] => format!("stored {}", cookie.show()),
            _ => format!("several cookies: {observed:?}"),
        };
        report
            .table
            .push(format!("{shown}\n    Chromium: {chromium}"));
        report.stored += usize::from(!observed.is_empty());
        for (verdict, list) in [
            (
                reader_verdict(&header, &line.page, now),
                &mut report.reader_differences,
            ),
            (
                model_verdict(&header, &line.page, now),
                &mut report.model_differences,
            ),
        ] {
            let found = if observed.len() > 1 {
                vec![format!("Chromium stored several cookies: {observed:?}")]
            } else {
                differences(&verdict, observed.first(), TOLERANCE)
            };
            if !found.is_empty() {
                list.push(format!(
                    "{shown}\n    expected {}\n    {}",
                    show_verdict(&verdict),
                    found.join("\n    ")
                ));
            }
        }
    }
    Ok(report)
}

/// The cookie as the protocol shows it.
fn observed(cookie: &Value) -> Observed {
    let text = |key: &str| cookie[key].as_str().unwrap_or_default().to_string();
    let flag = |key: &str| cookie[key].as_bool().unwrap_or(false);
    Observed {
        name: text("name"),
        value: text("value"),
        domain: text("domain"),
        path: text("path"),
        expires: if flag("session") {
            None
        } else {
            cookie["expires"].as_f64()
        },
        secure: flag("secure"),
        http_only: flag("httpOnly"),
        same_site: cookie["sameSite"].as_str().map(str::to_string),
        partitioned: cookie.get("partitionKey").is_some(),
        echo: None,
    }
}

/// The `Cookie` header Chromium sends back to the page for the stored cookie at `path`.
async fn echo(
    client: &Client,
    server: &Handle,
    index: usize,
    line: &Line,
    path: &str,
) -> Result<Vec<u8>, Failure> {
    let below = if path.ends_with('/') { "" } else { "/" };
    let url = format!(
        "http://{}:{}{path}{below}echo?echo={index}",
        line.page.host, server.port
    );
    cdp(client, "Page.navigate", json!({ "url": url })).await?;
    let sent = server
        .shared
        .echoes
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .remove(&index);
    Ok(sent.unwrap_or_default())
}

async fn cdp(client: &Client, method: &str, params: Value) -> Result<Value, Failure> {
    Ok(devtools(client, method, params).await?)
}

/// The HTTP/1.1 server the lines are served from: one thread accepting, one per connection.
struct Server {
    port: u16,
    shared: Arc<Shared>,
    accepting: JoinHandle<()>,
}

/// What a worker needs of the server: its port, and the lines and echoes it shares.
#[derive(Clone)]
struct Handle {
    port: u16,
    shared: Arc<Shared>,
}

impl Handle {
    fn serve(&self, index: usize, header: Vec<u8>) {
        self.shared
            .lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(index, header);
    }
}

#[derive(Default)]
struct Shared {
    /// The header of each line, by index.
    lines: Mutex<HashMap<usize, Vec<u8>>>,
    /// The `Cookie` header of each `?echo=N` request, by N.
    echoes: Mutex<HashMap<usize, Vec<u8>>>,
    stopping: AtomicBool,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind 127.0.0.1");
        let port = listener.local_addr().expect("address").port();
        let shared = Arc::new(Shared::default());
        let accepting = {
            let shared = shared.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if shared.stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    if let Ok(stream) = stream {
                        let shared = shared.clone();
                        std::thread::spawn(move || respond(stream, &shared));
                    }
                }
            })
        };
        Server {
            port,
            shared,
            accepting,
        }
    }

    fn handle(&self) -> Handle {
        Handle {
            port: self.port,
            shared: self.shared.clone(),
        }
    }

    /// Stops accepting (a last connection wakes the accepting thread) and waits for it.
    fn stop(self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port));
        let _ = self.accepting.join();
    }
}

/// Answers one request: `?line=N` with line N's `Set-Cookie` (a `200` page with `&full`, else
/// `204`), `?echo=N` by noting the request's `Cookie` header, anything else with a `404`.
fn respond(mut stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buffer = [0; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 65_536 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let target = request
        .split(|&b| b == b' ')
        .nth(1)
        .map(|t| String::from_utf8_lossy(t).into_owned())
        .unwrap_or_default();
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let param = |name: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(name).map(|v| v.trim_start_matches('=')))
    };
    let mut response: Vec<u8> = Vec::new();
    if let Some(index) = param("line").and_then(|n| n.parse::<usize>().ok()) {
        let header = shared
            .lines
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&index)
            .cloned()
            .unwrap_or_default();
        let body: &[u8] = b"<!doctype html><title>Set-Cookie</title>";
        if param("full").is_some() {
            response.extend_from_slice(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n");
            response.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
        } else {
            response.extend_from_slice(b"HTTP/1.1 204 No Content\r\n");
        }
        response.extend_from_slice(b"Set-Cookie: ");
        response.extend_from_slice(&header);
        response.extend_from_slice(b"\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n");
        if param("full").is_some() {
            response.extend_from_slice(body);
        }
    } else if let Some(index) = param("echo").and_then(|n| n.parse::<usize>().ok()) {
        let cookie = request
            .split(|&b| b == b'\n')
            .find(|l| l.len() > 7 && l[..7].eq_ignore_ascii_case(b"cookie:"))
            .map(|l| l[7..].trim_ascii().to_vec())
            .unwrap_or_default();
        shared
            .echoes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(index, cookie);
        response.extend_from_slice(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    } else {
        response.extend_from_slice(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
        );
    }
    let _ = stream.write_all(&response);
    let _ = stream.shutdown(Shutdown::Both);
}

/// Removes the browser profile directory when dropped.
struct DirGuard(PathBuf);

impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// `target/browser-set-cookie/`, next to `target/tmp/` (`CARGO_TARGET_TMPDIR`).
fn artifacts_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("browser-set-cookie")
}
