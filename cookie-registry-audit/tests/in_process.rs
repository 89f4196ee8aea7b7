//! The in-process mode: the declarations are this test program's own registry, as in an
//! application's test suite, and the consent cookie is written with the registry's revision.

mod fixture;

use cookie_registry::{Registry, cookie};
use cookie_registry_audit::browser::{Browser, require_browser};
use cookie_registry_audit::policy::Declarations;
use cookie_registry_audit::{Audit, ConsentChoice, ConsentMethod, FindingKind};
use fixture::{Behaviour, Fixture};

// The fixture site's cookies, declared as its application would.
#[cookie(
    provider = "Fixture",
    category = necessary,
    function(en = "Session"),
    purpose(en = "Testing"),
    lifetime = "session",
    secure = false,
)]
const SESSION: &str = "fixture_session";

#[cookie(
    provider = "Fixture",
    category = necessary,
    exemption = consent_storage,
    function(en = "Cookie banner"),
    purpose(en = "To remember your choices"),
    lifetime = "6 months",
    secure = false,
)]
const PREFERENCES: &str = "cookies_preferences";

#[cookie(
    provider = "Fixture",
    category = statistics,
    function(en = "Statistics"),
    purpose(en = "To count visits"),
    lifetime = "6 months",
    secure = false,
    http_only = false,
)]
const STATISTICS: &str = "_stats_*";

#[cookie(
    provider = "Fixture",
    category = statistics,
    storage = local_storage,
    function(en = "Statistics"),
    purpose(en = "To remember the last visit"),
    lifetime = "6 months",
)]
const LAST_VISIT: &str = "stats_last_visit";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registry_is_the_policy() {
    let options = require_browser("the_registry_is_the_policy");
    let _ = (SESSION, PREFERENCES, STATISTICS, LAST_VISIT);
    let declarations = Declarations::global().expect("this program declares cookies");
    assert_eq!(declarations.len(), 4);
    assert_eq!(
        declarations.revision(),
        Some(Registry::global().expect("collected").revision())
    );
    assert_eq!(
        declarations.consent_cookie().map(|c| c.name.as_str()),
        Some(PREFERENCES)
    );

    let revision = Registry::global().expect("collected").revision().as_u64();
    let fixture = Fixture::start_with_revision(Behaviour::default(), revision).await;
    let browser = Browser::launch(&options).await.expect("the browser starts");
    let report = Audit::new(&fixture.url(), declarations.clone())
        .expect("a valid URL")
        .consent_method(ConsentMethod::Cookie)
        .run(&browser)
        .await
        .expect("the audit runs");
    assert!(report.findings.is_empty(), "{report}");
    assert_eq!(report.policy.source, "registry");
    // The consent cookie the audit wrote is recorded as the audit's.
    let consent = report
        .inventory
        .iter()
        .find(|i| i.name == PREFERENCES)
        .expect("written");
    assert!(
        consent
            .sources
            .iter()
            .any(|s| matches!(s, cookie_registry_audit::observe::Source::Audit { .. })),
        "{consent:?}"
    );

    // The same site, with trackers: the in-process mode finds them too.
    drop(fixture);
    let dirty = Fixture::start_with_revision(
        Behaviour {
            trackers: true,
            ..Behaviour::default()
        },
        revision,
    )
    .await;
    let report = Audit::new(&dirty.url(), declarations)
        .expect("a valid URL")
        .states([ConsentChoice::NoChoice])
        .max_pages(1)
        .run(&browser)
        .await
        .expect("the audit runs");
    assert_eq!(report.exit_code(), 1);
    assert_eq!(report.states[0].pages.len(), 1);
    assert!(
        report.states[0]
            .truncated
            .as_deref()
            .is_some_and(|t| t.contains("limit of 1 page per state")),
        "{:?}",
        report.states[0].truncated
    );
    for name in ["_tracker", "tracker_id", "embed_js", "embed_http"] {
        let finding = report
            .findings
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name} in\n{report}"));
        assert_eq!(finding.kind, FindingKind::Undeclared);
    }
    // The time limit stops a crawl before its first page, and says so.
    let stopped = Audit::new(&dirty.url(), Declarations::global().expect("declared"))
        .expect("a valid URL")
        .states([ConsentChoice::NoChoice])
        .timeout(std::time::Duration::ZERO)
        .run(&browser)
        .await
        .expect("the audit runs");
    assert!(stopped.states[0].pages.is_empty());
    assert!(
        stopped.states[0]
            .truncated
            .as_deref()
            .is_some_and(|t| t.contains("time limit"))
    );
    // A registry cannot declare an IndexedDB database: a warning, not a failure.
    let database = report
        .findings
        .iter()
        .find(|f| f.name == "tracker_db")
        .expect("the tracker's database");
    assert_eq!(database.severity, cookie_registry_audit::Severity::Warning);
}
