//! The operator's side of the consent log: an example's `consent-log export` and
//! `consent-log purge` commands, run as the operator runs them (the example's binary, another
//! process), on the log of a server that visitors just used.
//!
//! An example runs [`check_operator_commands`] from its own tests, with a server of its own
//! started in process on a fresh log ([`fresh_path`]); `examples/axum-app/tests/consent_log.rs`:
//!
//! ```ignore
//! #[tokio::test]
//! async fn export_and_purge() {
//!     let (address, log) = serve::serve_logged(Enforcement::Enforce).await;
//!     let binary = Path::new(env!("CARGO_BIN_EXE_example-axum"));
//!     example_suite::consent_log::check_operator_commands(address, binary, &log).await;
//! }
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use cookie_registry::Registry;
use cookie_registry::consent::{CategorySet, ConsentId};
use cookie_registry_consent_log::export::CSV_COLUMNS;
use cookie_registry_consent_log::{NewRecord, Receipt, Source};
use example_site::Enforcement;
use example_site::consent_log::ConsentLog;
use serde_json::Value;

use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, Server};
use crate::http::records::{choose, id_and_revision, records};

/// A consent log file of its own for a server under test, in `dir` (an integration test's
/// `env!("CARGO_TARGET_TMPDIR")`): `consent-logs/{test binary}-{n}.sqlite3`, what a previous
/// run left there removed first, so that reruns do not pile files up.
///
/// # Panics
///
/// When the directory cannot be created, or an old file cannot be removed.
pub fn fresh_path(dir: &Path) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let binary = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.file_stem()?.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "test".into());
    let dir = dir.join("consent-logs");
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|error| panic!("cannot create {}: {error}", dir.display()));
    let name = format!("{binary}-{}.sqlite3", NEXT.fetch_add(1, Ordering::Relaxed));
    for suffix in ["", "-wal", "-shm"] {
        let old = dir.join(format!("{name}{suffix}"));
        match std::fs::remove_file(&old) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => panic!("cannot remove {}: {error}", old.display()),
        }
    }
    dir.join(name)
}

/// A consent log of its own for a server under test: [`fresh_path`] in `dir`, opened with the
/// site's policy registered ([`example_site::consent_log::open`]); the log and its path.
///
/// # Panics
///
/// As [`fresh_path`], and when the log cannot be opened.
pub async fn fresh_log(dir: &Path) -> (ConsentLog, PathBuf) {
    let path = fresh_path(dir);
    let log = example_site::consent_log::open(&path)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    (log, path)
}

/// Runs `binary consent-log ARGS --consent-log LOG` and returns its stdout.
///
/// # Panics
///
/// When it does not start or does not succeed (its stderr in the message).
async fn operator(binary: &Path, log: &Path, args: &[&str]) -> String {
    let mut command = std::process::Command::new(binary);
    command
        .arg("consent-log")
        .args(args)
        .arg("--consent-log")
        .arg(log);
    let what = format!("{} consent-log {}", binary.display(), args.join(" "));
    // A child process, waited for off the runtime's thread.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the waiting thread")
        .unwrap_or_else(|error| panic!("{what}: does not start: {error}"));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{what}: {}\n{stderr}",
        output.status
    );
    String::from_utf8(output.stdout).unwrap_or_else(|_| panic!("{what}: stdout is not UTF-8"))
}

/// The CSV rows of `csv` (after its header, which must be [`CSV_COLUMNS`]) whose consent ID is
/// `id`, split into fields (no field of the site's records is quoted).
fn csv_rows(csv: &str, id: &str) -> Vec<Vec<String>> {
    let mut lines = csv.split("\r\n").filter(|line| !line.is_empty());
    assert_eq!(lines.next(), Some(CSV_COLUMNS.join(",").as_str()), "{csv}");
    lines
        .map(|line| line.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|fields| fields[1] == id)
        .collect()
}

/// The JSON records of `json` whose consent ID is `id`.
fn json_records(json: &str, id: &str) -> Vec<Value> {
    let all: Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    all.as_array()
        .unwrap_or_else(|| panic!("an array: {json}"))
        .iter()
        .filter(|record| record["consent_id"] == id)
        .cloned()
        .collect()
}

/// A visitor chooses statistics, then withdraws, on the server at `address` (which records in
/// `log`); the operator's commands, run with the example's `binary`:
///
/// * `consent-log export --format csv` and `--format json` over a period that holds the two
///   choices list both records, with their categories and source; a period before them lists
///   none;
/// * `consent-log purge` (the default retention, 13 months) deletes a record older than that
///   (written into the same log with the crate's API, dated 400 days ago) and keeps the
///   visitor's; `consent-log purge --older-than-days 0` deletes the visitor's, whose download
///   is then empty.
///
/// # Panics
///
/// When any of that does not hold, the message says which.
pub async fn check_operator_commands(address: SocketAddr, binary: &Path, log: &Path) {
    let server = Server::new(address, Enforcement::Enforce);
    let token = server.csrf_token().await;
    let token_pair = format!("{CSRF_COOKIE}={token}");
    let granted = choose(
        &server,
        &token,
        &token_pair,
        "choice=save&statistics=on",
        &[],
    )
    .await;
    let chosen = format!("{token_pair}; {CONSENT_COOKIE}={granted}");
    let withdrawn = choose(&server, &token, &chosen, "choice=reject_all", &[]).await;
    let (id, revision) = id_and_revision(&withdrawn);

    // The export: every record of the period, in CSV and JSON.
    let period = ["--from", "2000-01-01", "--to", "2999-12-31"];
    let csv = operator(binary, log, &[&["export"][..], &period].concat()).await;
    let rows = csv_rows(&csv, &id);
    assert_eq!(rows.len(), 2, "{csv}");
    let column = |name: &str| CSV_COLUMNS.iter().position(|c| *c == name).unwrap();
    for (row, statistics) in rows.iter().zip(["true", "false"]) {
        assert_eq!(row[column("source")], "banner_form", "{csv}");
        assert_eq!(row[column("revision")], revision, "{csv}");
        assert_eq!(row[column("statistics")], statistics, "{csv}");
        assert_eq!(row[column("marketing")], "false", "{csv}");
    }
    let json = operator(
        binary,
        log,
        &[&["export", "--format", "json"][..], &period].concat(),
    )
    .await;
    let exported = json_records(&json, &id);
    assert_eq!(exported.len(), 2, "{json}");
    let cookie = format!("{token_pair}; {CONSENT_COOKIE}={withdrawn}");
    let (_, download) = records(&server, &cookie).await;
    assert_eq!(
        download["records"],
        Value::Array(exported),
        "the operator's export and the visitor's download"
    );
    let before = ["--from", "2000-01-01", "--to", "2000-12-31"];
    let csv = operator(binary, log, &[&["export"][..], &before].concat()).await;
    assert_eq!(csv_rows(&csv, &id).len(), 0, "{csv}");
    let json = operator(
        binary,
        log,
        &[&["export", "--format=json"][..], &before].concat(),
    )
    .await;
    assert_eq!(json.trim(), "[]", "{json}");

    // The purge at the default retention: a record of 400 days ago goes, the visitor's stay.
    let old_id = ConsentId::random().expect("random bytes");
    let writer = example_site::consent_log::open(log)
        .await
        .unwrap_or_else(|error| panic!("a second writer on {}: {error}", log.display()));
    let registry = Registry::global().expect("the declarations of example-site");
    let long_ago = SystemTime::now() - Duration::from_secs(400 * 86_400);
    let old = NewRecord::new(
        old_id,
        long_ago,
        registry.revision(),
        CategorySet::ALL,
        Source::BannerForm,
    );
    let receipt = writer.record(old).await.expect("an old record");
    assert!(matches!(receipt, Receipt::Stored(_)), "{receipt:?}");
    drop(writer);
    let all = ["--from", "1970-01-01"];
    let csv = operator(binary, log, &[&["export"][..], &all].concat()).await;
    assert_eq!(csv_rows(&csv, &old_id.to_string()).len(), 1, "{csv}");
    let purged = operator(binary, log, &["purge"]).await;
    assert_eq!(
        purged.trim(),
        "consent records older than 395 days deleted: 1"
    );
    let csv = operator(binary, log, &[&["export"][..], &all].concat()).await;
    assert_eq!(csv_rows(&csv, &old_id.to_string()).len(), 0, "{csv}");
    assert_eq!(csv_rows(&csv, &id).len(), 2, "{csv}");

    // A shorter window: everything chosen before now goes.
    let purged = operator(binary, log, &["purge", "--older-than-days", "0"]).await;
    assert_eq!(
        purged.trim(),
        "consent records older than 0 days deleted: 2"
    );
    let (reply, download) = records(&server, &cookie).await;
    assert_eq!(reply.status, http::StatusCode::OK);
    assert_eq!(download["records"], serde_json::json!([]), "{download}");
}
