//! What Chromium ends up holding on this server, in every consent state, audited by
//! `cookie-registry-audit` against the site's own declarations (this test program's registry):
//! the analytics script's cookie and storage, the video host's cookie and storage in its
//! frame, the server's cookies. Then the audit must fail when a script and a third-party frame
//! write cookies nobody declared.
//!
//! Needs `/usr/bin/chromium` and `/usr/bin/chromedriver` (`apt-get install chromium
//! chromium-driver`): without them the tests fail, saying so. The reports are written to
//! `target/audit-reports/example-axum*.{md,html,json}`.

mod serve;

use std::net::{Ipv4Addr, SocketAddr};

use axum::Router;
use axum::http::header::CONTENT_TYPE;
use axum::routing::get;
use cookie_registry_audit::policy::Declarations;
use cookie_registry_audit::{Audit, ConsentChoice, Finding, FindingKind, ReportFormat, Severity};
use example_axum::{Enforcement, serve_with, site_app};
use example_site::Site;
use example_suite::audit;
use serve::start;
use tower::util::Either;

/// One browser at a time: two Chromiums on two cores would each take twice as long.
static BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_browser_holds_only_what_is_declared_in_every_consent_state() {
    let _one = BROWSER.lock().await;
    let running = start(Enforcement::Enforce).await;
    example_suite::audit::every_consent_state_holds_only_what_is_declared(
        running.site,
        running.video_host,
        "example-axum",
    )
    .await;
}

/// A page of the test's own, served by the example's server: its script writes a cookie, and
/// it frames a page of another site whose script writes another. Neither is declared.
const PLANTED_JS: &str = "document.cookie = '_planted_tracker=1; Path=/; Max-Age=3600';\n";
const FRAME_JS: &str =
    "document.cookie = '_planted_frame=1; Path=/; Max-Age=3600; SameSite=None; Secure';\n";

fn planted_page(frame_origin: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<title>Planted</title>\n<script src=\"/planted.js\"></script>\n\
         <iframe src=\"{frame_origin}/frame\"></iframe>\n"
    )
}

fn html(body: String) -> ([(axum::http::HeaderName, &'static str); 1], String) {
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], body)
}

fn js(body: &'static str) -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undeclared_cookies_of_a_script_and_a_third_party_frame_fail_the_audit() {
    let _one = BROWSER.lock().await;
    // The other site: another host name (`localhost`) on a port of 127.0.0.1.
    let tracker = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a free port");
    let tracker_origin = format!(
        "http://localhost:{}",
        tracker.local_addr().expect("its address").port()
    );
    let frame = Router::new()
        .route(
            "/frame",
            get(|| async { html("<!DOCTYPE html><script src=\"/frame.js\"></script>".into()) }),
        )
        .route("/frame.js", get(|| async { js(FRAME_JS) }));
    tokio::spawn(async move { axum::serve(tracker, frame).await });
    // The example, with the planted page and its script beside the site's routes.
    let page = planted_page(&tracker_origin);
    let running = serve_with(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)), move |host| {
        let site = Site::new(Enforcement::Enforce)?.with_video_host(host);
        let routes = Router::new()
            .route("/planted", get(move || async move { html(page) }))
            .route("/planted.js", get(|| async { js(PLANTED_JS) }));
        // Served as a router (the right side): the site's service is its fallback.
        Ok(Either::<Router, _>::Right(
            routes.fallback_service(site_app(site)),
        ))
    })
    .await
    .expect("the example listens");
    let site = format!("http://{}", running.site);
    let planted = format!("{site}/planted");

    let browser = audit::browser().await;
    let report = Audit::new(&planted, Declarations::global().expect("declared"))
        .expect("a valid start URL")
        .states([ConsentChoice::NoChoice])
        .run(&browser)
        .await
        .expect("the audit runs");
    audit::write_reports(&report, "example-axum-planted");
    assert_eq!(report.exit_code(), 1, "{report}");

    let undeclared = |name: &str| -> &Finding {
        report
            .findings
            .iter()
            .find(|f| f.kind == FindingKind::Undeclared && f.name == name)
            .unwrap_or_else(|| panic!("no undeclared {name} in\n{report}"))
    };
    // The script's cookie: the page, and the script's URL.
    let tracker_cookie = undeclared("_planted_tracker");
    assert_eq!(tracker_cookie.severity, Severity::Serious);
    assert!(!tracker_cookie.third_party);
    assert_eq!(tracker_cookie.occurrences[0].page, planted);
    assert!(
        audit::scripts(tracker_cookie.first_sources())
            .iter()
            .any(
                |(script, frame)| script.starts_with(&format!("{site}/planted.js:1:"))
                    && *frame == planted
            ),
        "{tracker_cookie:?}"
    );
    // The frame's cookie: the page that framed it, the frame's origin and its script.
    let frame_cookie = undeclared("_planted_frame");
    assert_eq!(frame_cookie.severity, Severity::Serious);
    assert!(frame_cookie.third_party);
    assert_eq!(frame_cookie.location.as_deref(), Some("localhost"));
    assert_eq!(frame_cookie.occurrences[0].page, planted);
    assert!(
        audit::scripts(frame_cookie.first_sources())
            .iter()
            .any(
                |(script, frame)| script.starts_with(&format!("{tracker_origin}/frame.js:1:"))
                    && *frame == format!("{tracker_origin}/frame")
            ),
        "{frame_cookie:?}"
    );
    // Every report names them, the page, the script and the frame.
    for format in [
        ReportFormat::Markdown,
        ReportFormat::Html,
        ReportFormat::Json,
    ] {
        let text = report.render(format);
        for needle in [
            "_planted_tracker",
            "_planted_frame",
            planted.as_str(),
            &format!("{site}/planted.js:1:"),
            &format!("{tracker_origin}/frame"),
        ] {
            assert!(
                text.contains(needle),
                "the {format:?} report lacks {needle}"
            );
        }
    }
}
