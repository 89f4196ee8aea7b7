//! The consent flow in a real browser: headless Chromium driven over WebDriver (fantoccini and
//! Debian's `chromedriver`), against a running example server.
//!
//! WebDriver's "get all cookies" returns HttpOnly cookies too, so the walk sees exactly what
//! the browser holds, including what no script on the page could read or delete.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (Debian: `apt-get install chromium
//! chromium-driver`; the `CHROMIUM` and `CHROMEDRIVER` environment variables point elsewhere):
//! without them the walk fails, saying how to install them
//! (`cookie_registry_audit::browser::require_browser`, the check every browser test of the
//! workspace shares). Screenshots, at a desktop's size and a phone's, go to
//! `target/screenshots/<example>/`.

mod attacker;
mod gpc;
mod layout;
mod scenario;

use std::net::{Ipv4Addr, SocketAddr, TcpListener as StdListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use cookie_registry_audit::browser::require_browser;
use fantoccini::ClientBuilder;
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use attacker::Attacker;

type Failure = Box<dyn std::error::Error + Send + Sync>;

/// Walks the consent flow in headless Chromium on the example server at `site`, which runs with
/// `--enforce enforce` (the withdrawal step needs its deletions), and keeps screenshots in
/// `target/screenshots/<example>/`: each page at a desktop's size (1280 × 900) and a phone's
/// (390 × 844), with the banner (`desktop-banner-home.png`, `phone-banner-policy-fr.png`, ...)
/// and without (`phone-policy-en.png`, ...), and `desktop-home-video.png`, `policy-fr.png`,
/// `preferences-fr.png`, `forged-consent.png`.
///
/// The steps: the layout of every page, at both sizes, before and after a choice (no sideways
/// scrolling, the policy's tables in scrolling regions of their own, the banner at most 60 % of
/// a phone's height with "Save my choices" in sight, the first tab stop in the banner); the
/// banner on a first visit, with "Accept all" and "Reject all" alike in size and
/// style and only necessary cookies in the browser; "Reject all"; statistics chosen on the
/// preferences page (the HttpOnly `_pk_id` appears, and `document.cookie` cannot see it);
/// withdrawal (the server deletes it); the policy in French with its rows and both stylesheets;
/// then, from a page on another port of `127.0.0.1`, a planted token and a forged "accept all"
/// (refused, the consent unchanged) and the preferences page framed (not rendered). Each choice
/// saved is confirmed by a `role="status"` message on the page gone back to; the analytics
/// script's cookie and storage appear with consent to statistics and go with its withdrawal;
/// with consent to marketing, the video host's player renders in its frame.
///
/// `target_tmpdir` is the example test's `env!("CARGO_TARGET_TMPDIR")` (`target/tmp`): the
/// browser's profile goes there, and the screenshots next to it. Needs a tokio runtime (a
/// current-thread one is enough; an example's test uses a multi-threaded one, which serves the
/// site too); it starts chromedriver and the attacker's server, and stops both, whatever
/// happens.
///
/// ```no_run
/// # async fn serve(_: example_site::Enforcement) -> std::net::SocketAddr { unimplemented!() }
/// # async fn run() {
/// let site = serve(example_site::Enforcement::Enforce).await;
/// example_suite::browser::walk(site, "example-axum", "target/tmp").await;
/// # }
/// ```
///
/// # Panics
///
/// When Chromium or chromedriver is missing (with the command that installs them), when the
/// browser cannot be driven, and at the first step that does not go as described.
pub async fn walk(site: SocketAddr, example: &str, target_tmpdir: &str) {
    // The workspace's one check for browser tests: fails, saying what to install, when Chromium
    // or chromedriver is missing, in CI and outside.
    let options = require_browser(&format!("{example}'s browser walk"));
    let started = Instant::now();
    let base = format!("http://{site}");
    let attacker = Attacker::start(&base)
        .await
        .expect("the attacker's server listens on 127.0.0.1");
    let driver = Chromedriver::start(options.chromedriver_path()).await;
    let tmpdir = Path::new(target_tmpdir);
    let profile = DirGuard(tmpdir.join(format!(
        "chromium-profile-{}-{}",
        std::process::id(),
        driver.port
    )));
    let artifacts = tmpdir
        .parent()
        .unwrap_or(tmpdir)
        .join("screenshots")
        .join(example);

    let client = ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities(options.chromium_path(), &profile.0))
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a WebDriver session with chromium");
    let outcome = scenario::scenario(
        &client,
        &base,
        &format!("http://{}", attacker.address),
        &artifacts,
    )
    .await;
    let _ = client.close().await;
    if let Err(error) = outcome {
        panic!("{example}: the browser walk failed: {error}");
    }
    eprintln!(
        "{example}: browser walk in {:.1} s; screenshots in {}",
        started.elapsed().as_secs_f64(),
        artifacts.display()
    );
}

/// Global Privacy Control in headless Chromium on the example server at `site`: Chromium runs
/// with its own GPC switch (`--enable-features=GlobalPrivacyControlForce`), so it sends
/// `Sec-GPC: 1` with every request as a visitor's browser set to it does. On a first visit the
/// banner asks for statistics but not for marketing, and the page says the signal is honoured;
/// after "Accept all", the page gone back to frames no video player, its Consent Mode calls
/// (inline, run under the page's CSP nonce) deny the advertising signals and grant
/// `analytics_storage`, and DevTools' `Storage.getCookies` (every site's cookies) finds the
/// analytics cookie and no marketing cookie, the site's or the video host's.
///
/// Uses the workspace's browser launcher (`cookie_registry_audit::browser`), which stops
/// chromedriver and Chromium by their process ids, whatever happens. Needs a tokio runtime.
///
/// # Panics
///
/// When Chromium or chromedriver is missing (with the command that installs them), when this
/// Chromium has no GPC switch, and at the first step that does not go as described.
pub async fn global_privacy_control(site: SocketAddr, example: &str) {
    let options = require_browser(&format!("{example}'s Global Privacy Control test"));
    let started = Instant::now();
    if let Err(error) = gpc::refuses_marketing(&options, &format!("http://{site}")).await {
        panic!("{example}: Global Privacy Control in Chromium: {error}");
    }
    eprintln!(
        "{example}: Global Privacy Control in Chromium in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// Headless Chromium with its own profile, no network of its own, and English first.
fn capabilities(chromium: &Path, profile: &Path) -> serde_json::Map<String, serde_json::Value> {
    let capabilities = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": chromium.to_string_lossy(),
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,900",
                "--lang=en-GB",
                format!("--user-data-dir={}", profile.display()),
            ],
        },
    });
    match capabilities {
        serde_json::Value::Object(capabilities) => capabilities,
        _ => serde_json::Map::new(),
    }
}

/// chromedriver on a free port, killed and reaped when dropped: at the end of the walk, and
/// when it fails.
struct Chromedriver {
    child: Child,
    port: u16,
}

impl Chromedriver {
    async fn start(chromedriver: &Path) -> Chromedriver {
        let port = free_port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Chromedriver { child, port };
        let deadline = Instant::now() + Duration::from_secs(15);
        while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on port {port} within 15 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        driver
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Removes the browser profile directory when dropped.
struct DirGuard(PathBuf);

impl Drop for DirGuard {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    StdListener::bind((Ipv4Addr::LOCALHOST, 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
