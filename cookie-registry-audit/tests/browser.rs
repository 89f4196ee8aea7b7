//! The browser launcher other test suites share: errors when the browser is missing, and
//! nothing left running afterwards.

use std::path::Path;

use cookie_registry_audit::browser::{
    Browser, BrowserOptions, LaunchError, SessionOptions, require_browser,
};

#[tokio::test]
async fn a_missing_browser_names_the_packages_to_install() {
    let options = BrowserOptions::default()
        .chromium("/nonexistent/chromium")
        .chromedriver("/nonexistent/chromedriver");
    let error = Browser::launch(&options).await.unwrap_err();
    let LaunchError::Missing { missing } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(missing.len(), 2);
    let message = error.to_string();
    assert!(
        message.contains("/nonexistent/chromium and /nonexistent/chromedriver"),
        "{message}"
    );
    assert!(
        message.contains("apt-get install chromium chromium-driver"),
        "{message}"
    );
}

#[test]
fn a_test_without_the_browser_fails_saying_what_to_install() {
    let options = BrowserOptions::default().chromium("/nonexistent/chromium");
    let panic = std::panic::catch_unwind(|| options.require("some_test")).unwrap_err();
    let message = panic.downcast_ref::<String>().expect("a formatted message");
    assert!(
        message.starts_with(
            "some_test needs Chromium and chromedriver: /nonexistent/chromium not found"
        ),
        "{message}"
    );
    assert!(
        message.contains("apt-get install chromium chromium-driver"),
        "{message}"
    );
}

/// The processes whose command line names `dir`, each as `pid (stat fields): command line`,
/// so that a failure says what is left.
#[cfg(target_os = "linux")]
fn processes_using(dir: &Path) -> Vec<String> {
    let needle = dir.display().to_string();
    std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let cmdline = std::fs::read(entry.path().join("cmdline")).ok()?;
            // A zombie has an empty command line: it is gone.
            let cmdline = String::from_utf8_lossy(&cmdline).replace('\0', " ");
            let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
            cmdline
                .contains(&needle)
                .then(|| format!("{pid} ({}): {cmdline}", stat.trim()))
        })
        .collect()
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        out.push(entry.path().display().to_string());
        if entry.path().is_dir() {
            out.extend(walk(&entry.path()));
        }
    }
    out
}

/// The start time of process `pid` (clock ticks after boot), if it runs: with the id, it names
/// one process even after the id is reused.
#[cfg(target_os = "linux")]
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (command) state ... starttime`: the 22nd field, the 20th after the command.
    stat.get(stat.rfind(')')? + 1..)?
        .split_whitespace()
        .nth(19)?
        .parse()
        .ok()
}

/// Dropping a session or the browser returns once everything it started has gone: what is
/// left is checked at once, without waiting.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_keeps_running_after_a_dropped_session() {
    let options = require_browser("nothing_keeps_running_after_a_dropped_session");
    let browser = Browser::launch(&options).await.expect("the browser starts");
    let driver = browser.driver_pid().expect("running");
    let driver_started = start_time(driver).expect("chromedriver runs");
    let session = browser
        .session(&SessionOptions::default())
        .await
        .expect("a session");
    let profile = session.profile_dir().to_path_buf();
    session.client().goto("about:blank").await.expect("a page");
    assert!(!processes_using(&profile).is_empty(), "Chromium runs");
    // Dropped without `close`, as when a test panics.
    drop(session);
    let left = processes_using(&profile);
    assert!(left.is_empty(), "Chromium still runs: {left:?}");
    assert!(!profile.exists(), "the profile is removed");

    // A second session still works, then the browser goes with everything it started.
    let session = browser
        .session(&SessionOptions::default())
        .await
        .expect("another session");
    let profile = session.profile_dir().to_path_buf();
    let root = profile
        .parent()
        .expect("the browser's directory")
        .to_path_buf();
    drop(session);
    drop(browser);
    // The id alone may already name another process: the kernel reuses ids.
    assert_ne!(
        start_time(driver),
        Some(driver_started),
        "chromedriver is gone"
    );
    let running = processes_using(&root);
    assert!(running.is_empty(), "still running: {running:?}");
    let left: Vec<String> = walk(&root);
    assert!(!root.exists(), "the directory is removed: {left:?}");
}
