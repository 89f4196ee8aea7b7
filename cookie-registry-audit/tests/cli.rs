//! The command line: exit status, options, reports, the policy from a file and from a URL.

mod fixture;

use std::process::{Command, Output};

use cookie_registry_audit::browser::require_browser;
use fixture::{Behaviour, Fixture};

const BIN: &str = env!("CARGO_BIN_EXE_cookie-registry-audit");

/// Runs the tool without blocking the fixture's runtime.
async fn run(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(BIN)
            .args(&args)
            .env_remove("CHROMIUM")
            .env_remove("CHROMEDRIVER")
            .output()
            .expect("the tool runs")
    })
    .await
    .expect("joined")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test]
async fn usage_errors_exit_with_2_and_say_why() {
    let output = run(vec![]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--policy"),
        "{}",
        text(&output.stderr)
    );

    let output = run(vec!["--help".into()]).await;
    assert_eq!(output.status.code(), Some(0));
    assert!(text(&output.stdout).contains("EXIT STATUS"));

    let output = run(vec![
        "--policy".into(),
        "p.json".into(),
        "--states".into(),
        "all".into(),
        "http://127.0.0.1:1/".into(),
    ])
    .await;
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("`all` is not a consent state"));

    // A missing browser names the packages to install.
    let output = run(vec![
        "--chromium".into(),
        "/nonexistent/chromium".into(),
        "--policy".into(),
        "p.json".into(),
        "http://127.0.0.1:1/".into(),
    ])
    .await;
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(stderr.contains("/nonexistent/chromium"), "{stderr}");
    assert!(
        stderr.contains("apt-get install chromium chromium-driver"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tool_fails_ci_on_undeclared_cookies_and_passes_a_clean_site() {
    require_browser("the_tool_fails_ci_on_undeclared_cookies_and_passes_a_clean_site");
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a directory");

    // The dirty site, its policy fetched from the site itself, a JSON report.
    let dirty = Fixture::start(Behaviour {
        trackers: true,
        ..Behaviour::default()
    })
    .await;
    let report_path = dir.join("report.json");
    let output = run(vec![
        "--policy".into(),
        format!("{}cookies.json", dirty.url()),
        "--states".into(),
        "none,reject".into(),
        "--max-pages".into(),
        "2".into(),
        "--output".into(),
        report_path.display().to_string(),
        dirty.url(),
    ])
    .await;
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("report written to"), "{stderr}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report_path).expect("the report"))
            .expect("JSON");
    assert_eq!(
        report["policy"]["source"],
        format!("{}cookies.json", dirty.url())
    );
    let findings = report["findings"].as_array().expect("findings");
    let tracker = findings
        .iter()
        .find(|f| f["name"] == "_tracker")
        .expect("the tracker's cookie");
    assert_eq!(tracker["kind"], "undeclared");
    assert_eq!(tracker["severity"], "serious");
    let occurrence = &tracker["occurrences"][0];
    assert_eq!(occurrence["page"], dirty.url());
    assert_eq!(occurrence["sources"][0]["type"], "script");
    assert!(
        occurrence["sources"][0]["script"]
            .as_str()
            .is_some_and(|s| s.starts_with(&format!("{}tracker.js:1:", dirty.url()))),
        "{occurrence}"
    );
    let frame_cookie = findings
        .iter()
        .find(|f| f["name"] == "embed_js")
        .expect("the frame's cookie");
    assert_eq!(
        frame_cookie["occurrences"][0]["sources"][0]["frame"],
        format!("{}/embed", dirty.third_party_origin())
    );

    // The clean site, its policy from a file, Markdown on standard output.
    drop(dirty);
    let clean = Fixture::start(Behaviour::default()).await;
    let policy = dir.join("policy.json");
    std::fs::write(&policy, fixture::policy_json(Behaviour::default())).expect("write");
    let output = run(vec![
        "-p".into(),
        policy.display().to_string(),
        "--states".into(),
        "none,statistics,withdraw".into(),
        "--consent".into(),
        "banner".into(),
        clean.url(),
    ])
    .await;
    let stdout = text(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}{}",
        text(&output.stderr)
    );
    assert!(
        stdout.contains("**PASS: no serious finding, 0 warnings**"),
        "{stdout}"
    );
    assert!(stdout.contains("| cookie | `_stats_id` |"), "{stdout}");

    // A policy that is not one: exit 2, with the reason.
    std::fs::write(
        &policy,
        r#"{"schema_version": 1, "categories": [{"category": "ads", "rows": []}]}"#,
    )
    .expect("write");
    let output = run(vec!["-p".into(), policy.display().to_string(), clean.url()]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("categories[0].category: \"ads\" is not a category"),
        "{}",
        text(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
