//! What Chromium ends up holding on an example server, in every consent state, audited by
//! `cookie-registry-audit` against the site's own declarations (the calling test program's
//! registry): the analytics script's cookie and storage, the video host's cookie and storage in
//! its frame, the server's cookies. Every example runs it from its `tests/audit.rs`.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver`: without them the audit fails, saying
//! so. The reports are written to `target/audit-reports/<example>.{md,html,json}`.

use std::net::SocketAddr;
use std::path::Path;

use cookie_registry_audit::browser::{Browser, BrowserOptions};
use cookie_registry_audit::observe::Source;
use cookie_registry_audit::policy::{Declarations, StorageKind};
use cookie_registry_audit::{
    Audit, AuditReport, ConsentChoice, FindingKind, ReportFormat, Severity,
};

/// Audits the example server at `site` (in enforce mode), whose home page frames the video
/// host at `video_host`, in the audit's default consent states, and panics on anything it
/// should not find: a serious finding, a warning other than the two the example cannot avoid,
/// or an item written by another script or frame than the one that should write it. `example`
/// names the reports.
pub async fn every_consent_state_holds_only_what_is_declared(
    site: SocketAddr,
    video_host: SocketAddr,
    example: &str,
) {
    let site = format!("http://{site}");
    let video_host = format!("http://localhost:{}", video_host.port());
    let browser = browser().await;
    let report = Audit::new(
        &format!("{site}/"),
        Declarations::global().expect("declared"),
    )
    .expect("a valid start URL")
    .run(&browser)
    .await
    .expect("the audit runs");
    write_reports(&report, example);

    assert_eq!(
        report
            .states
            .iter()
            .map(|run| run.state.to_string())
            .collect::<Vec<_>>(),
        [
            "none",
            "reject",
            "statistics",
            "marketing",
            "accept",
            "withdraw"
        ]
    );
    for run in &report.states {
        assert!(run.error.is_none(), "{}: {:?}", run.state, run.error);
        assert!(
            run.truncated.is_none(),
            "{}: {:?}",
            run.state,
            run.truncated
        );
    }
    assert!(!report.has_serious_findings(), "{report}");
    // The two warnings the example cannot avoid, and no other: `sessionid` needs a sign-in,
    // which the crawl never submits; the video host's cookie stays after withdrawal, as another
    // site's cookie does (the site stops framing the player, but cannot delete it).
    let warnings: Vec<(FindingKind, &str)> = report
        .findings_of(Severity::Warning)
        .map(|f| (f.kind, f.name.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (FindingKind::StillAfterWithdrawal, "VISITOR_INFO1_LIVE"),
            (FindingKind::NeverSeen, "sessionid"),
        ],
        "{report}"
    );

    // The audit saw what makes the example real, each written where and by whom it should be.
    let held = |name: &str| {
        report
            .inventory
            .iter()
            .find(|item| item.name == name)
            .unwrap_or_else(|| panic!("the browser never held {name}:\n{report}"))
    };
    for (name, kind, script) in [
        ("_pk_ref", StorageKind::HttpCookie, "/static/analytics.js:"),
        (
            "_pk_pages",
            StorageKind::LocalStorage,
            "/static/analytics.js:",
        ),
    ] {
        let item = held(name);
        assert_eq!((item.storage, item.third_party), (kind, false), "{item:?}");
        assert!(
            scripts(&item.sources)
                .iter()
                .any(|(at, _)| at.starts_with(&format!("{site}{script}"))),
            "{item:?}"
        );
        assert!(
            item.states.iter().all(|state| matches!(
                state,
                ConsentChoice::Only(cookie_registry::declaration::Category::Statistics)
                    | ConsentChoice::AcceptAll
                    | ConsentChoice::Withdrawal
            )),
            "{item:?}"
        );
    }
    let visitor = held("VISITOR_INFO1_LIVE");
    assert!(
        visitor.third_party && visitor.location == "localhost",
        "{visitor:?}"
    );
    assert!(
        visitor.sources.iter().any(|source| matches!(
            source,
            Source::Response { url, .. } if url.starts_with(&format!("{video_host}/embed/"))
        )),
        "{visitor:?}"
    );
    let device = held("yt-remote-device-id");
    assert_eq!(device.location, video_host);
    assert!(
        scripts(&device.sources).iter().any(|(at, frame)| at
            .starts_with(&format!("{video_host}/player.js:"))
            && frame.starts_with(&format!("{video_host}/embed/"))),
        "{device:?}"
    );
    for item in [visitor, device] {
        assert!(
            !item.states.contains(&ConsentChoice::NoChoice)
                && !item.states.contains(&ConsentChoice::RejectAll)
                && !item.states.contains(&ConsentChoice::Only(
                    cookie_registry::declaration::Category::Statistics
                )),
            "{item:?}"
        );
    }
}

/// Headless Chromium for an audit; panics, saying why, when it cannot start.
pub async fn browser() -> Browser {
    Browser::launch(&BrowserOptions::default())
        .await
        .unwrap_or_else(|error| panic!("the audit needs headless Chromium: {error}"))
}

/// Writes `report` to `target/audit-reports/{name}.{md,html,json}`.
pub fn write_reports(report: &AuditReport, name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/audit-reports");
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
}

/// The scripts that wrote an item (`url:line:column`) and the frames they ran in.
pub fn scripts(sources: &[Source]) -> Vec<(&str, &str)> {
    sources
        .iter()
        .filter_map(|source| match source {
            Source::Script { script, frame, .. } => Some((script.as_str(), frame.as_str())),
            _ => None,
        })
        .collect()
}
