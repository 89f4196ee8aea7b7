//! A consent log outage never blocks a refusal and never turns a choice into an error the site
//! did not decide: a refusal is applied (its record spooled until the log is back), an
//! acceptance the log cannot store is not applied (a `503` page, nothing set), as
//! docs/consent-log.md decides. The outage is real: another connection holds the SQLite write
//! lock, as a backup or a long migration would.

use example_site::forms::ConsentForm;
use example_site::{Enforcement, Outcome, RequestHead, Site};

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

/// The consent form posted from the site's own page, with the token and `cookie`.
async fn post(site: &Site, cookie: &str, choice: &str) -> Outcome {
    let head = RequestHead::new("/consent")
        .header("host", b"127.0.0.1:3000")
        .header("origin", b"http://127.0.0.1:3000")
        .header("sec-fetch-site", b"same-origin")
        .header("cookie", cookie.as_bytes());
    let form = ConsentForm {
        csrf: TOKEN.into(),
        back: "/cookies/preferences".into(),
        choice: choice.into(),
        ..ConsentForm::default()
    };
    site.save_consent(&site.visit(&head), form).await
}

/// The consent cookie's `name=value` an outcome sets, if any.
fn consent_pair(outcome: &Outcome) -> Option<String> {
    outcome
        .set_cookies()
        .find(|c| c.starts_with("__Host-cookies_preferences="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
}

#[tokio::test(flavor = "current_thread")]
async fn a_refusal_is_applied_and_an_acceptance_is_not_during_an_outage() {
    let dir = std::env::temp_dir().join(format!("example-site-outage-{}", std::process::id()));
    let path = dir.join("consent-log.sqlite3");
    let log = example_site::consent_log::open(&path).await.unwrap();
    let site = Site::new(Enforcement::Enforce)
        .unwrap()
        .with_consent_log(log.clone());
    let token = format!("__Host-csrftoken={TOKEN}");

    let holder = rusqlite::Connection::open(&path).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();

    // A refusal: applied at once; its record waits in the spool.
    let refused = post(&site, &token, "reject_all").await;
    assert_eq!(refused.status, 303);
    let refusal = consent_pair(&refused).expect("the refusal is applied");
    assert!(
        refusal.starts_with("__Host-cookies_preferences=2.-."),
        "{refusal}"
    );
    assert!(log.is_unavailable());
    assert_eq!(log.spooled(), 1);

    // An acceptance: not applied; the visitor keeps the refusal and is told.
    let chosen = format!("{token}; {refusal}");
    let accepted = post(&site, &chosen, "accept_all").await;
    assert_eq!(accepted.status, 503);
    assert_eq!(consent_pair(&accepted), None, "nothing is set");
    let page = std::str::from_utf8(&accepted.body).unwrap();
    assert!(page.contains("Your choice could not be saved"), "{page}");
    assert!(page.contains("href=\"/cookies/preferences\""), "{page}");

    // The log is back: the spooled refusal is stored, and an acceptance works again.
    holder.execute_batch("COMMIT").unwrap();
    assert_eq!(log.flush().await.unwrap(), 0);
    let visit = site.visit(&RequestHead::new("/").header("cookie", chosen.as_bytes()));
    let id = visit.consent().consent_id().unwrap();
    let records = log.records_of(id).await.unwrap();
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(records[0].granted.iter().count() == 1, "necessary only");
    let accepted = post(&site, &chosen, "accept_all").await;
    assert_eq!(accepted.status, 303);
    assert_eq!(log.records_of(id).await.unwrap().len(), 2);

    drop((site, log, holder));
    std::fs::remove_dir_all(&dir).unwrap();
}
