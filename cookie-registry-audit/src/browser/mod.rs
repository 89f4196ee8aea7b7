//! Headless Chromium on this machine, driven over WebDriver: the launcher every browser test of
//! the workspace can share.
//!
//! [`Browser::launch`] starts Debian's `chromedriver` on a free port of 127.0.0.1; each
//! [`Browser::session`] starts a Chromium of its own with a fresh profile directory, so no cookie
//! or storage item leaks from one session to the next. Everything started here is stopped by its
//! process id: a [`Session`] quits its Chromium when closed (or, if it is dropped without
//! [`Session::close`], kills the processes that use its profile directory), and the [`Browser`]
//! kills chromedriver when dropped, then removes the profiles.
//!
//! ```no_run
//! use cookie_registry_audit::browser::{Browser, BrowserOptions, SessionOptions};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let browser = Browser::launch(&BrowserOptions::default()).await?;
//! let session = browser.session(&SessionOptions::default()).await?;
//! session.client().goto("http://127.0.0.1:8080/").await?;
//! // WebDriver sees HttpOnly cookies too; DevTools sees every cookie of every site.
//! let all = session.devtools("Storage.getCookies", serde_json::json!({})).await?;
//! println!("{}", all["cookies"]);
//! session.close().await?;
//! # Ok(()) }
//! ```
//!
//! Tests that need the browser call [`require_browser`] first: when Chromium or chromedriver is
//! missing it fails the test, saying what to install, in CI and on a developer's machine alike
//! (a browser test never passes without running).

mod devtools;
mod process;

use std::fmt;
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

pub use devtools::DevToolsError;
pub(crate) use devtools::{Devtools, PerformanceLog};

/// Where Debian's `chromium` package installs the browser.
pub const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
/// Where Debian's `chromium-driver` package installs chromedriver.
pub const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The command that installs both on Debian and Ubuntu.
pub const INSTALL_HINT: &str = "apt-get install chromium chromium-driver";

/// Where the browser and its driver are, and how long to wait for the driver.
///
/// The defaults are Debian's paths; the environment variables `CHROMIUM` and `CHROMEDRIVER`
/// override them (read by [`BrowserOptions::default`]).
///
/// ```
/// use cookie_registry_audit::browser::BrowserOptions;
///
/// let options = BrowserOptions::default().chromium("/opt/chromium/chrome");
/// assert_eq!(options.chromium_path().to_str(), Some("/opt/chromium/chrome"));
/// ```
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    chromium: PathBuf,
    chromedriver: PathBuf,
    startup_timeout: Duration,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        let from_env = |name: &str, default: &str| {
            std::env::var_os(name)
                .filter(|value| !value.is_empty())
                .map_or_else(|| PathBuf::from(default), PathBuf::from)
        };
        BrowserOptions {
            chromium: from_env("CHROMIUM", DEFAULT_CHROMIUM),
            chromedriver: from_env("CHROMEDRIVER", DEFAULT_CHROMEDRIVER),
            startup_timeout: Duration::from_secs(20),
        }
    }
}

impl BrowserOptions {
    /// The Chromium executable.
    #[must_use]
    pub fn chromium(mut self, path: impl Into<PathBuf>) -> Self {
        self.chromium = path.into();
        self
    }

    /// The chromedriver executable (its version must match Chromium's).
    #[must_use]
    pub fn chromedriver(mut self, path: impl Into<PathBuf>) -> Self {
        self.chromedriver = path.into();
        self
    }

    /// How long to wait for chromedriver to listen (default 20 s).
    #[must_use]
    pub fn startup_timeout(mut self, timeout: Duration) -> Self {
        self.startup_timeout = timeout;
        self
    }

    /// The Chromium executable in use.
    pub fn chromium_path(&self) -> &Path {
        &self.chromium
    }

    /// The chromedriver executable in use.
    pub fn chromedriver_path(&self) -> &Path {
        &self.chromedriver
    }

    /// These options, when both executables exist; else fails the calling test, named `test`,
    /// with what is missing and how to install it. [`require_browser`] is this on the default
    /// options.
    ///
    /// ```should_panic
    /// use cookie_registry_audit::browser::BrowserOptions;
    ///
    /// // Panics: "my_test needs Chromium and chromedriver: /nowhere/chromium not found; install ..."
    /// BrowserOptions::default().chromium("/nowhere/chromium").require("my_test");
    /// ```
    ///
    /// # Panics
    ///
    /// When either executable is missing.
    #[track_caller]
    pub fn require(self, test: &str) -> BrowserOptions {
        if let Err(error) = self.check() {
            panic!("{test} needs Chromium and chromedriver: {error}");
        }
        self
    }

    /// The executables that do not exist, or `Ok` when both do.
    ///
    /// # Errors
    ///
    /// [`LaunchError::Missing`], naming them and the command that installs them.
    pub fn check(&self) -> Result<(), LaunchError> {
        let missing: Vec<PathBuf> = [&self.chromium, &self.chromedriver]
            .into_iter()
            .filter(|path| !path.is_file())
            .cloned()
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(LaunchError::Missing { missing })
        }
    }
}

/// Fails the calling test, saying what to install, when Chromium or chromedriver is missing;
/// else the [`BrowserOptions::default`] it checked, to launch with.
///
/// A test that needs the browser calls it first, so that it never passes without running: on
/// a machine without the browser it fails the same way in CI (`CI=true`) and outside, naming
/// the missing executables and the command that installs them (`.ci/run` does so in CI).
///
/// ```no_run
/// use cookie_registry_audit::browser::{Browser, require_browser};
///
/// #[tokio::test]
/// async fn audit_in_a_real_browser() {
///     let options = require_browser("audit_in_a_real_browser");
///     let browser = Browser::launch(&options).await.unwrap();
///     // ...
/// }
/// ```
///
/// # Panics
///
/// When Chromium or chromedriver is missing (see [`BrowserOptions::require`]).
#[track_caller]
pub fn require_browser(test: &str) -> BrowserOptions {
    BrowserOptions::default().require(test)
}

/// Why the browser could not be started.
#[derive(Debug)]
#[non_exhaustive]
pub enum LaunchError {
    /// Chromium or chromedriver is not installed where expected.
    Missing {
        /// The paths that do not exist.
        missing: Vec<PathBuf>,
    },
    /// chromedriver could not be started, or did not listen in time.
    Driver {
        /// What went wrong.
        reason: String,
        /// The end of chromedriver's log, when it wrote one.
        log: String,
    },
    /// chromedriver refused to start a Chromium session.
    Session(fantoccini::error::NewSessionError),
    /// A temporary directory could not be made.
    Io(std::io::Error),
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::Missing { missing } => {
                let list: Vec<String> = missing.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "{} not found; install Chromium and its driver with `{INSTALL_HINT}` (Debian, \
                     Ubuntu), or point the CHROMIUM and CHROMEDRIVER environment variables at them",
                    list.join(" and ")
                )
            }
            LaunchError::Driver { reason, log } => {
                write!(f, "chromedriver: {reason}")?;
                if !log.trim().is_empty() {
                    write!(f, "\nchromedriver's log ends with:\n{}", log.trim_end())?;
                }
                Ok(())
            }
            LaunchError::Session(error) => write!(
                f,
                "chromedriver could not start Chromium (are the versions of chromium and \
                 chromium-driver the same?): {error}"
            ),
            LaunchError::Io(error) => write!(f, "could not make the browser's directory: {error}"),
        }
    }
}

impl std::error::Error for LaunchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LaunchError::Session(error) => Some(error),
            LaunchError::Io(error) => Some(error),
            _ => None,
        }
    }
}

/// Whether Chromium lets third-party frames keep cookies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ThirdPartyCookies {
    /// Chromium's own default for the profile.
    #[default]
    BrowserDefault,
    /// Allowed, as in Chrome's default settings: the most a visitor's browser may hold.
    Allow,
    /// Blocked (partitioned cookies are still allowed), as in Chrome's incognito windows.
    Block,
}

/// How one Chromium session is set up.
///
/// The defaults suit any test: headless, 1280×900, English, Chromium's own site isolation and
/// third-party cookie settings. An audit changes three things (see
/// [`SessionOptions::for_audit`]).
///
/// ```
/// use cookie_registry_audit::browser::{SessionOptions, ThirdPartyCookies};
///
/// let options = SessionOptions::default()
///     .language("fr-FR")
///     .third_party_cookies(ThirdPartyCookies::Block)
///     .arg("--force-dark-mode");
/// # let _ = options;
/// ```
#[derive(Clone, Debug)]
pub struct SessionOptions {
    language: String,
    window: (u32, u32),
    site_isolation: bool,
    third_party_cookies: ThirdPartyCookies,
    network_log: bool,
    page_load_timeout: Duration,
    args: Vec<String>,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions {
            language: "en-GB".to_string(),
            window: (1280, 900),
            site_isolation: true,
            third_party_cookies: ThirdPartyCookies::BrowserDefault,
            network_log: false,
            page_load_timeout: Duration::from_secs(30),
            args: Vec::new(),
        }
    }
}

impl SessionOptions {
    /// What an audit needs: frames of other sites in the page's own process (so that the hooks
    /// installed through DevTools run in them, and their responses reach the network log),
    /// third-party cookies allowed, and chromedriver's network log on.
    pub fn for_audit() -> Self {
        SessionOptions::default()
            .site_isolation(false)
            .third_party_cookies(ThirdPartyCookies::Allow)
            .network_log(true)
    }

    /// The browser's language (`--lang` and `Accept-Language`), default `en-GB`.
    #[must_use]
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = language.into();
        self
    }

    /// The window size in CSS pixels, default 1280×900.
    #[must_use]
    pub fn window_size(mut self, width: u32, height: u32) -> Self {
        self.window = (width, height);
        self
    }

    /// Whether frames of other sites run in processes of their own (Chromium's default).
    ///
    /// When they do, DevTools commands sent through chromedriver reach the top page's process
    /// only: scripts installed with `Page.addScriptToEvaluateOnNewDocument` do not run in those
    /// frames, and their responses do not reach the network log.
    #[must_use]
    pub fn site_isolation(mut self, on: bool) -> Self {
        self.site_isolation = on;
        self
    }

    /// Whether third-party frames may keep cookies.
    #[must_use]
    pub fn third_party_cookies(mut self, setting: ThirdPartyCookies) -> Self {
        self.third_party_cookies = setting;
        self
    }

    /// Whether chromedriver keeps DevTools' network events (`goog:loggingPrefs` performance
    /// log), read with [`Session::network_events`].
    #[must_use]
    pub fn network_log(mut self, on: bool) -> Self {
        self.network_log = on;
        self
    }

    /// How long a navigation may take before WebDriver gives up (default 30 s).
    #[must_use]
    pub fn page_load_timeout(mut self, timeout: Duration) -> Self {
        self.page_load_timeout = timeout;
        self
    }

    /// One more Chromium command-line argument.
    ///
    /// `--disable-features` may appear once only: with site isolation off, this crate passes
    /// `--disable-features=IsolateOrigins,site-per-process` itself.
    #[must_use]
    pub fn arg(mut self, arg: impl Into<String>) -> Self {
        self.args.push(arg.into());
        self
    }

    fn capabilities(&self, chromium: &Path, profile: &Path) -> serde_json::Map<String, Value> {
        let mut args = vec![
            "--headless=new".to_string(),
            // Needed as root (containers, CI); this browser only visits the sites under test.
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--no-first-run".into(),
            "--no-default-browser-check".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-quic".into(),
            format!("--window-size={},{}", self.window.0, self.window.1),
            format!("--lang={}", self.language),
            format!("--user-data-dir={}", profile.display()),
        ];
        if !self.site_isolation {
            args.push("--disable-site-isolation-trials".into());
            args.push("--disable-features=IsolateOrigins,site-per-process".into());
        }
        args.extend(self.args.iter().cloned());
        let mut prefs = serde_json::Map::new();
        prefs.insert("intl.accept_languages".into(), json!(self.language));
        match self.third_party_cookies {
            ThirdPartyCookies::BrowserDefault => {}
            ThirdPartyCookies::Allow => {
                prefs.insert("profile.cookie_controls_mode".into(), json!(0));
                prefs.insert("profile.block_third_party_cookies".into(), json!(false));
            }
            ThirdPartyCookies::Block => {
                prefs.insert("profile.cookie_controls_mode".into(), json!(2));
                prefs.insert("profile.block_third_party_cookies".into(), json!(true));
            }
        }
        let mut chrome = json!({
            "binary": chromium.display().to_string(),
            "args": args,
            "prefs": prefs,
        });
        let mut capabilities = json!({
            "browserName": "chrome",
            "timeouts": {
                "pageLoad": u64::try_from(self.page_load_timeout.as_millis()).unwrap_or(u64::MAX),
                "script": 15_000,
            },
        });
        if self.network_log {
            chrome["perfLoggingPrefs"] = json!({ "enableNetwork": true, "enablePage": false });
            capabilities["goog:loggingPrefs"] = json!({ "performance": "ALL" });
        }
        capabilities["goog:chromeOptions"] = chrome;
        match capabilities {
            Value::Object(map) => map,
            _ => unreachable!("built as an object"),
        }
    }
}

/// Sends the DevTools command `method` with `params` to the current page of any WebDriver
/// session that chromedriver runs (`POST /session/{id}/goog/cdp/execute`), and returns its
/// result.
///
/// [`Session::devtools`] is this for a session of a [`Browser`]; this function serves a test
/// that opens its session itself, with capabilities of its own (a page-load strategy, a
/// connector without Nagle's delay), on [`Browser::webdriver_url`]. Commands only: DevTools
/// events do not come through WebDriver.
///
/// ```no_run
/// use cookie_registry_audit::browser::{Browser, BrowserOptions, devtools};
/// use fantoccini::ClientBuilder;
/// use hyper_util::client::legacy::connect::HttpConnector;
/// use serde_json::json;
///
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// let browser = Browser::launch(&BrowserOptions::default()).await?;
/// let mut capabilities = serde_json::Map::new();
/// capabilities.insert("pageLoadStrategy".into(), json!("none"));
/// let client = ClientBuilder::new(HttpConnector::new())
///     .capabilities(capabilities)
///     .connect(&browser.webdriver_url())
///     .await?;
/// devtools(&client, "Page.navigate", json!({ "url": "http://127.0.0.1:8080/" })).await?;
/// let all = devtools(&client, "Storage.getCookies", json!({})).await?;
/// println!("{}", all["cookies"]);
/// client.close().await?;
/// # Ok(()) }
/// ```
///
/// # Errors
///
/// [`DevToolsError`] when chromedriver or the browser rejects the command.
pub async fn devtools(
    client: &Client,
    method: &str,
    params: Value,
) -> Result<Value, DevToolsError> {
    Devtools::new(method, params).send(client).await
}

/// A running chromedriver, and the directory of its sessions' profiles.
///
/// Dropping it kills chromedriver by its process id, kills any Chromium still using one of its
/// profiles, and removes the directory.
#[derive(Debug)]
pub struct Browser {
    driver: Option<Child>,
    port: u16,
    root: PathBuf,
    chromium: PathBuf,
    sessions: AtomicU32,
}

static INSTANCES: AtomicU32 = AtomicU32::new(0);

impl Browser {
    /// Starts chromedriver on a free port of 127.0.0.1 and waits until it answers.
    ///
    /// # Errors
    ///
    /// [`LaunchError::Missing`] when Chromium or chromedriver is not installed (the message
    /// names `apt-get install chromium chromium-driver`); [`LaunchError::Driver`] when
    /// chromedriver does not start.
    pub async fn launch(options: &BrowserOptions) -> Result<Browser, LaunchError> {
        options.check()?;
        let root = std::env::temp_dir().join(format!(
            "cookie-registry-audit-{}-{}",
            std::process::id(),
            INSTANCES.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&root).map_err(LaunchError::Io)?;
        let log = root.join("chromedriver.log");
        let mut last_failure = String::new();
        // A free port can be taken between asking for it and chromedriver binding it: retry.
        for _ in 0..3 {
            let port = free_port().map_err(LaunchError::Io)?;
            let child = Command::new(&options.chromedriver)
                .arg(format!("--port={port}"))
                .arg(format!("--log-path={}", log.display()))
                .arg("--log-level=WARNING")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn();
            let child = match child {
                Ok(child) => child,
                Err(error) => {
                    let _ = std::fs::remove_dir_all(&root);
                    return Err(LaunchError::Driver {
                        reason: format!(
                            "could not run {}: {error}",
                            options.chromedriver.display()
                        ),
                        log: String::new(),
                    });
                }
            };
            let mut child = child;
            match wait_until_listening(&mut child, port, options.startup_timeout).await {
                Ok(()) => {
                    return Ok(Browser {
                        driver: Some(child),
                        port,
                        root,
                        chromium: options.chromium.clone(),
                        sessions: AtomicU32::new(0),
                    });
                }
                Err(reason) => {
                    last_failure = reason;
                    let _ = child.kill();
                    let _ = child.wait();
                }
            }
        }
        let log_tail = std::fs::read_to_string(&log)
            .map(|text| tail(&text, 20))
            .unwrap_or_default();
        let _ = std::fs::remove_dir_all(&root);
        Err(LaunchError::Driver {
            reason: last_failure,
            log: log_tail,
        })
    }

    /// chromedriver's address, `http://127.0.0.1:PORT`.
    pub fn webdriver_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// chromedriver's process id.
    pub fn driver_pid(&self) -> Option<u32> {
        self.driver.as_ref().map(Child::id)
    }

    /// Starts a Chromium with a fresh profile and opens a WebDriver session on it.
    ///
    /// # Errors
    ///
    /// [`LaunchError::Session`] when chromedriver cannot start Chromium.
    pub async fn session(&self, options: &SessionOptions) -> Result<Session, LaunchError> {
        let profile = self.root.join(format!(
            "profile-{}",
            self.sessions.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&profile).map_err(LaunchError::Io)?;
        let capabilities = options.capabilities(&self.chromium, &profile);
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&self.webdriver_url())
            .await;
        match client {
            Ok(client) => Ok(Session {
                client: Some(client),
                profile,
            }),
            Err(error) => {
                process::kill_users_and_remove(&profile);
                Err(LaunchError::Session(error))
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(mut child) = self.driver.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // Chromium outlives a killed chromedriver: find each by its profile, kill it by pid.
        process::kill_users_and_remove(&self.root);
    }
}

/// One Chromium, with its own profile, driven over WebDriver.
///
/// [`client`](Session::client) is the fantoccini client for everything WebDriver does;
/// [`devtools`](Session::devtools) sends a Chrome DevTools Protocol command through
/// chromedriver (`goog/cdp/execute`), for what WebDriver cannot see.
#[derive(Debug)]
pub struct Session {
    client: Option<Client>,
    profile: PathBuf,
}

impl Session {
    /// The WebDriver client.
    pub fn client(&self) -> &Client {
        self.client
            .as_ref()
            .expect("the client is only taken by close, which consumes the session")
    }

    /// Sends the DevTools command `method` with `params` to the current page and returns its
    /// result, for instance `Storage.getCookies` (every cookie, HttpOnly and partitioned ones
    /// included).
    ///
    /// Commands only: DevTools events do not come through WebDriver (chromedriver's network log,
    /// [`Session::network_events`], keeps the network ones).
    ///
    /// # Errors
    ///
    /// [`DevToolsError`] when chromedriver or the browser rejects the command.
    pub async fn devtools(&self, method: &str, params: Value) -> Result<Value, DevToolsError> {
        devtools(self.client(), method, params).await
    }

    /// The DevTools network events chromedriver logged since the last call (the log is drained
    /// by reading it), as `(method, params)` pairs. Empty unless the session was started with
    /// [`SessionOptions::network_log`].
    ///
    /// # Errors
    ///
    /// [`DevToolsError`] when chromedriver rejects the request.
    pub async fn network_events(&self) -> Result<Vec<(String, Value)>, DevToolsError> {
        PerformanceLog.read(self.client()).await
    }

    /// The profile directory of this session's Chromium.
    pub fn profile_dir(&self) -> &Path {
        &self.profile
    }

    /// Ends the WebDriver session (chromedriver quits this Chromium) and removes the profile.
    ///
    /// # Errors
    ///
    /// The WebDriver error when the session could not be ended; the browser is killed anyway.
    pub async fn close(mut self) -> Result<(), fantoccini::error::CmdError> {
        let result = match self.client.take() {
            Some(client) => client.close().await,
            None => Ok(()),
        };
        process::kill_users_and_remove(&self.profile);
        result
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.client.is_some() {
            process::kill_users_and_remove(&self.profile);
        }
    }
}

async fn wait_until_listening(
    child: &mut Child,
    port: u16,
    timeout: Duration,
) -> Result<(), String> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("exited with {status} before listening"));
        }
        if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!(
                "did not listen on 127.0.0.1:{port} within {} s",
                timeout.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?
        .local_addr()?
        .port())
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
