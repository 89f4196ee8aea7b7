//! Audits of the fixture site in real headless Chromium, with the policy from a JSON file.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (`apt-get install chromium
//! chromium-driver`); without them the tests are skipped, except with `CI=true`, where they
//! fail.

mod fixture;

use std::time::Instant;

use cookie_registry_audit::browser::{Browser, BrowserOptions, require_browser};
use cookie_registry_audit::observe::Source;
use cookie_registry_audit::policy::{Declarations, PolicySource};
use cookie_registry_audit::{
    Audit, AuditReport, ConsentChoice, ConsentMethod, Finding, FindingKind, ReportFormat, Severity,
};
use fixture::{Behaviour, Fixture};

/// One browser test at a time: two Chromiums on two cores make timings meaningless.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The policy written to a file, read back through [`PolicySource`] (the command line's path).
async fn file_policy(browser: &Browser, behaviour: Behaviour, name: &str) -> Declarations {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{name}-{}.json", std::process::id()));
    std::fs::write(&path, fixture::policy_json(behaviour)).expect("write the policy");
    let declarations = PolicySource::parse(path.to_str().expect("UTF-8 path"))
        .load(browser)
        .await
        .expect("the fixture's policy is valid");
    let _ = std::fs::remove_file(&path);
    declarations
}

async fn audit(behaviour: Behaviour, method: ConsentMethod, name: &str) -> AuditReport {
    let fixture = Fixture::start(behaviour).await;
    let browser = Browser::launch(&BrowserOptions::default())
        .await
        .expect("the browser starts");
    let declarations = file_policy(&browser, behaviour, name).await;
    let started = Instant::now();
    let audit = Audit::new(&fixture.url(), declarations)
        .expect("a valid start URL")
        .consent_method(method);
    let report = audit.run(&browser).await.expect("the audit runs");
    eprintln!(
        "{name}: {} states, {} page visits in {:.1} s",
        report.states.len(),
        report.summary.page_visits,
        started.elapsed().as_secs_f64()
    );
    for run in &report.states {
        assert!(run.error.is_none(), "{}: {:?}", run.state, run.error);
    }
    // The reports, to read after a run: target/audit-reports/ of the workspace.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/audit-reports");
    std::fs::create_dir_all(&dir).expect("a report directory");
    for (format, extension) in [
        (ReportFormat::Markdown, "md"),
        (ReportFormat::Html, "html"),
        (ReportFormat::Json, "json"),
    ] {
        std::fs::write(
            dir.join(format!("{name}.{extension}")),
            report.render(format),
        )
        .expect("write the report");
    }
    report
}

fn find<'r>(report: &'r AuditReport, kind: FindingKind, name: &str) -> &'r Finding {
    report
        .findings
        .iter()
        .find(|f| f.kind == kind && f.name == name)
        .unwrap_or_else(|| panic!("no `{kind}` finding for {name} in\n{report}"))
}

fn scripts(finding: &Finding) -> Vec<(String, String)> {
    finding
        .occurrences
        .iter()
        .flat_map(|o| &o.sources)
        .filter_map(|s| match s {
            Source::Script { script, frame, .. } => Some((script.clone(), frame.clone())),
            _ => None,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clean_site_has_no_finding() {
    require_browser("a_clean_site_has_no_finding");
    let _one = BROWSER.lock().await;
    let report = audit(Behaviour::default(), ConsentMethod::Cookie, "clean").await;
    assert!(report.findings.is_empty(), "{report}");
    assert_eq!(report.exit_code(), 0);
    assert_eq!(
        report
            .states
            .iter()
            .map(|r| r.state.to_string())
            .collect::<Vec<_>>(),
        ["none", "reject", "statistics", "accept", "withdraw"]
    );
    // Every page of the site, the excluded /logout and the other origin left out.
    let pages: Vec<&str> = report.states[0]
        .pages
        .iter()
        .map(|p| p.url.as_str())
        .collect();
    let base = report.start[0].trim_end_matches('/');
    assert_eq!(
        pages,
        [
            format!("{base}/"),
            format!("{base}/about"),
            format!("{base}/cookies/preferences")
        ]
    );
    // The statistics script ran with consent, and its writes were attributed to it.
    let stats = report
        .inventory
        .iter()
        .find(|i| i.name == "_stats_id")
        .expect("seen with consent");
    assert_eq!(stats.declared_as.as_deref(), Some("_stats_*"));
    assert!(
        matches!(
            stats.sources.first(),
            Some(Source::Script { script, api, .. }) if script.contains("/stats.js:1:") && api == "document.cookie"
        ),
        "{stats:?}"
    );
    let session = report
        .inventory
        .iter()
        .find(|i| i.name == "fixture_session")
        .expect("seen");
    assert!(
        matches!(session.sources.first(), Some(Source::Response { url, .. }) if url.starts_with(base)),
        "{session:?}"
    );
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Json,
    ] {
        assert!(report.render(format).contains("PASS") || format == ReportFormat::Json);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undeclared_script_and_frame_cookies_fail_the_audit() {
    require_browser("undeclared_script_and_frame_cookies_fail_the_audit");
    let _one = BROWSER.lock().await;
    let behaviour = Behaviour {
        trackers: true,
        ignores_consent: true,
        drift: true,
        ..Behaviour::default()
    };
    let report = audit(behaviour, ConsentMethod::Banner, "dirty").await;
    assert_eq!(report.exit_code(), 1, "{report}");
    let site = report.site.clone();
    let home = format!("{site}/");
    let third = report
        .inventory
        .iter()
        .find(|i| i.third_party)
        .map(|i| i.location.clone())
        .expect("a third-party item");
    assert_eq!(third, "localhost");

    // The first-party tracker: script URL and page.
    let tracker = find(&report, FindingKind::Undeclared, "_tracker");
    assert_eq!(tracker.severity, Severity::Serious);
    assert_eq!(tracker.occurrences[0].page, home);
    assert!(
        scripts(tracker)
            .iter()
            .any(|(script, _)| script.starts_with(&format!("{site}/tracker.js:1:"))),
        "{tracker:?}"
    );
    // Its property write to localStorage, which bypasses setItem.
    let item = find(&report, FindingKind::Undeclared, "tracker_id");
    assert!(
        scripts(item)
            .iter()
            .any(|(script, _)| script.starts_with(&format!("{site}/tracker.js:2:"))),
        "{item:?}"
    );

    // The third-party frame: its script's cookie, with the frame's origin...
    let embed_js = find(&report, FindingKind::Undeclared, "embed_js");
    assert!(embed_js.third_party);
    assert_eq!(embed_js.occurrences[0].page, home);
    assert!(
        scripts(embed_js)
            .iter()
            .any(|(script, frame)| script.starts_with("http://localhost:")
                && frame.starts_with("http://localhost:")
                && frame.ends_with("/embed")),
        "{embed_js:?}"
    );
    // ...its response's cookie, with the response URL...
    let embed_http = find(&report, FindingKind::Undeclared, "embed_http");
    assert!(
        embed_http.first_sources().iter().any(|s| matches!(
            s,
            Source::Response { url, document, .. }
                if url.starts_with("http://localhost:") && url.ends_with("/embed")
                    && document.as_deref() == Some(url.as_str())
        )),
        "{embed_http:?}"
    );
    // ...and its storage, in its own origin.
    let embed_ls = find(&report, FindingKind::Undeclared, "embed_ls");
    assert!(
        embed_ls
            .location
            .as_deref()
            .unwrap()
            .starts_with("http://localhost:")
    );

    // The statistics script ignores consent.
    find(&report, FindingKind::SetBeforeConsent, "_stats_id");
    let refused = find(&report, FindingKind::SetAfterRefusal, "stats_last_visit");
    assert!(
        refused
            .occurrences
            .iter()
            .any(|o| o.state == ConsentChoice::RejectAll)
    );

    // Every format names the cookie, the page and the script or frame.
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Json,
    ] {
        let text = report.render(format);
        for needle in [
            "_tracker",
            "embed_js",
            "embed_http",
            "/tracker.js:1:",
            "/embed",
        ] {
            assert!(text.contains(needle), "{format:?} lacks {needle}");
        }
        assert!(text.contains(&home), "{format:?} lacks the page");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_stays_after_withdrawal_is_found() {
    require_browser("what_stays_after_withdrawal_is_found");
    let _one = BROWSER.lock().await;
    let behaviour = Behaviour {
        keeps_after_withdrawal: true,
        video: true,
        ..Behaviour::default()
    };
    let report = audit(behaviour, ConsentMethod::Banner, "withdrawal").await;
    assert_eq!(report.exit_code(), 1, "{report}");
    for name in ["_stats_id", "stats_last_visit"] {
        let finding = find(&report, FindingKind::StillAfterWithdrawal, name);
        assert_eq!(finding.severity, Severity::Serious);
        assert!(
            finding
                .occurrences
                .iter()
                .all(|o| o.state == ConsentChoice::Withdrawal)
        );
    }
    // The declared third-party cookie matched its declaration; the site cannot delete it,
    // which is a warning, not a failure.
    let video = report
        .inventory
        .iter()
        .find(|i| i.name == "video_pref")
        .expect("the video player ran with marketing consent");
    assert!(video.third_party);
    assert_eq!(video.declared_as.as_deref(), Some("video_pref"));
    let kept = find(&report, FindingKind::StillAfterWithdrawal, "video_pref");
    assert_eq!(kept.severity, Severity::Warning);
    assert!(
        !report
            .findings
            .iter()
            .any(|f| f.kind == FindingKind::Undeclared),
        "{report}"
    );
    // The banner was used: the refusal and the choice of statistics alone went through it.
    let reject = &report.states[1];
    assert_eq!(reject.method, "banner");
    assert!(
        reject
            .pages
            .iter()
            .any(|p| p.action.as_deref() == Some("clicked \"reject all\""))
    );
}

/// Why the audit turns site isolation off: with it on, a cross-site frame runs in a process of
/// its own, which DevTools commands sent through chromedriver do not reach, so the hooks do not
/// run there and the frame's script writes cannot be attributed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_site_isolation_a_frames_scripts_go_unseen() {
    require_browser("with_site_isolation_a_frames_scripts_go_unseen");
    let _one = BROWSER.lock().await;
    let behaviour = Behaviour {
        trackers: true,
        ..Behaviour::default()
    };
    let fixture = Fixture::start(behaviour).await;
    let browser = Browser::launch(&BrowserOptions::default())
        .await
        .expect("the browser starts");
    let declarations = file_policy(&browser, behaviour, "isolation").await;
    let run = |isolation: bool| {
        Audit::new(&fixture.url(), declarations.clone())
            .expect("a valid URL")
            .states([ConsentChoice::NoChoice])
            .max_pages(1)
            .session_options(
                cookie_registry_audit::browser::SessionOptions::for_audit()
                    .site_isolation(isolation),
            )
    };
    let frame_of = |report: &AuditReport| {
        report.states[0].pages[0]
            .frames
            .iter()
            .find(|f| f.url.ends_with("/embed"))
            .cloned()
            .expect("the embed frame")
    };
    let isolated = run(true).run(&browser).await.expect("the audit runs");
    assert!(!frame_of(&isolated).hooked);
    let unseen = find(&isolated, FindingKind::Undeclared, "embed_js");
    assert!(
        matches!(unseen.first_sources(), [Source::Unknown { reason }] if reason.contains("no hooks")),
        "{unseen:?}"
    );
    // The same page with site isolation off, as audits run.
    let shared = run(false).run(&browser).await.expect("the audit runs");
    assert!(frame_of(&shared).hooked);
    assert!(!scripts(find(&shared, FindingKind::Undeclared, "embed_js")).is_empty());
}

/// A consent cookie the site does not take would make every state look like "no choice":
/// the audit checks that the banner went away, and says why it stopped.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consent_cookie_the_site_ignores_is_an_error() {
    require_browser("a_consent_cookie_the_site_ignores_is_an_error");
    let _one = BROWSER.lock().await;
    // The site's policy changed since the JSON was published: another revision.
    let fixture = Fixture::start_with_revision(Behaviour::default(), fixture::REVISION + 1).await;
    let browser = Browser::launch(&BrowserOptions::default())
        .await
        .expect("the browser starts");
    let declarations = file_policy(&browser, Behaviour::default(), "outdated").await;
    let report = Audit::new(&fixture.url(), declarations)
        .expect("a valid URL")
        .states([ConsentChoice::NoChoice, ConsentChoice::AcceptAll])
        .run(&browser)
        .await
        .expect("the audit runs");
    assert!(report.states[0].error.is_none());
    let error = report.states[1].error.as_deref().expect("an error");
    assert!(error.contains("still shows its banner"), "{error}");
    assert_eq!(
        report.states[1].pages.len(),
        1,
        "stopped after the first page"
    );
    assert_eq!(report.exit_code(), 2, "{report}");
    assert!(report.render(ReportFormat::Markdown).contains("INCOMPLETE"));
}
