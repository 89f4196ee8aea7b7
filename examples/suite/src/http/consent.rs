//! The consent flows: accept all, reject all, save some, withdraw (with the deletion of the
//! withdrawn cookies in the same response, in enforce mode), and a choice the visitor never made.

use cookie_registry::Registry;
use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::assert_cookies_allowed;
use example_site::{Enforcement, consent_cookie_pair};
use http::StatusCode;

use super::consent_of;
use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, Server};

/// "Accept all" records every offered category in the consent cookie, alone on the `303`; the
/// next page has no banner and sets the HttpOnly analytics cookies, as declared.
pub(crate) async fn accept_all_then_pages_set_the_analytics_cookies(server: &Server) {
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let reply = server
        .send(server.post(
            "/consent",
            &cookie,
            &format!("csrf={token}&back=%2Fcookies&choice=accept_all"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/cookies?consent=saved");
    let consent = reply
        .cookie_value(CONSENT_COOKIE)
        .expect("the consent cookie");
    assert!(consent.starts_with("2.sm."), "{consent}");
    assert_eq!(reply.set_cookie_names(), [CONSENT_COOKIE]);

    let reply = server
        .send(server.get("/", &format!("{cookie}; {CONSENT_COOKIE}={consent}")))
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.body.contains("id=\"cookie-banner\""));
    let mut names = reply.set_cookie_names();
    names.sort();
    assert_eq!(names, [CSRF_COOKIE, "_pk_id", "_pk_ses", "django_language"]);
    let pk_id = reply
        .set_cookies()
        .into_iter()
        .find(|(n, _)| n == "_pk_id")
        .unwrap()
        .1;
    assert!(
        pk_id.contains("HttpOnly") && pk_id.contains("Max-Age="),
        "{pk_id}"
    );
    assert_cookies_allowed(
        Registry::global().unwrap(),
        &consent_of(CategorySet::ALL),
        reply.set_cookie_bytes(),
    );
}

/// The route issue 5's benchmark measures: four cookies in one response for a visitor who
/// consented to everything, in every mode.
pub(crate) async fn home_sets_four_cookies_for_a_visitor_who_accepted_everything(server: &Server) {
    let consent = consent_cookie_pair(CategorySet::ALL).unwrap();
    let mode = server.mode;
    let reply = server.send(server.get("/", &consent)).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.set_cookies().len() >= 4,
        "{mode}: {:?}",
        reply.set_cookie_names()
    );
}

/// "Reject all" is a choice too: the banner goes, and no page sets an optional cookie.
pub(crate) async fn reject_all_sets_no_optional_cookie_and_hides_the_banner(server: &Server) {
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let reply = server
        .send(server.post(
            "/consent",
            &cookie,
            &format!("csrf={token}&back=%2F&choice=reject_all"),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let consent = reply.cookie_value(CONSENT_COOKIE).unwrap();
    assert!(consent.starts_with("2.-."), "{consent}");
    for path in ["/", "/cookies", "/cookies/preferences", "/login"] {
        let reply = server
            .send(server.get(path, &format!("{cookie}; {CONSENT_COOKIE}={consent}")))
            .await;
        assert!(!reply.body.contains("id=\"cookie-banner\""), "{path}");
        assert!(
            reply
                .set_cookie_names()
                .iter()
                .all(|n| !n.starts_with("_pk")),
            "{path}"
        );
    }
}

/// "Save my choices" records the ticked boxes and nothing else, and the page gone back to
/// confirms it (`role="status"`); the preferences page shows the choice, ticked and in words.
pub(crate) async fn saving_ticked_categories_records_exactly_them(server: &Server) {
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save&statistics=on");
    let reply = server.send(server.post("/consent", &cookie, &form)).await;
    assert_eq!(reply.location(), "/cookies/preferences?consent=saved");
    let consent = reply.cookie_value(CONSENT_COOKIE).unwrap();
    assert!(consent.starts_with("2.s."), "{consent}");
    // The page gone back to confirms the choice, in words, in a status message; the same page
    // reached otherwise does not, and its forms come back to it without the mark.
    let chosen = format!("{cookie}; {CONSENT_COOKIE}={consent}");
    let confirmed = server.send(server.get(reply.location(), &chosen)).await;
    assert!(
        confirmed.body.contains(
            "role=\"status\" id=\"consent-saved\">Your cookie choices have been saved. \
             Statistics cookies: accepted; Marketing cookies: refused.</p>"
        ),
        "{}",
        confirmed.body
    );
    assert!(
        confirmed
            .body
            .contains("name=\"back\" value=\"/cookies/preferences\">")
    );
    let reply = server
        .send(server.get("/cookies/preferences", &chosen))
        .await;
    assert!(!reply.body.contains("role=\"status\""));
    assert!(
        reply
            .body
            .contains("id=\"prefs-statistics\" name=\"statistics\" value=\"on\" checked")
    );
    assert!(
        reply
            .body
            .contains("id=\"prefs-marketing\" name=\"marketing\" value=\"on\" aria")
    );
    assert!(
        reply
            .body
            .contains("Statistics cookies: accepted; Marketing cookies: refused"),
        "{}",
        reply.body
    );
}

/// Withdrawing statistics records the refusal; in enforce mode the `303` itself deletes the
/// HttpOnly analytics cookies the request carries, and the next page deletes them again; in the
/// other modes nothing does.
pub(crate) async fn withdrawing_statistics_deletes_the_analytics_cookies(server: &Server) {
    let mode = server.mode;
    let token = server.csrf_token().await;
    let granted = consent_cookie_pair(CategorySet::NONE.with(Category::Statistics)).unwrap();
    let carried = format!(
        "{CSRF_COOKIE}={token}; {granted}; _pk_id=0123456789abcdef0123456789abcdef; _pk_ses=1"
    );

    // The withdrawal itself: the 303 records the new choice and, in enforce mode, in the same
    // response, deletes the cookies it withdraws (the enforcer judges a response by the consent
    // it sets).
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save");
    let reply = server.send(server.post("/consent", &carried, &form)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{mode}");
    let consent = reply.cookie_value(CONSENT_COOKIE).unwrap();
    assert!(consent.starts_with("2.-."), "{mode}: {consent}");
    // The withdrawal is recorded under the browser's consent ID, the one of the grant.
    let id = |value: &str| value.rsplit('.').next().unwrap_or_default().to_string();
    assert_eq!(
        id(&consent),
        id(&granted),
        "{mode}: {consent} after {granted}"
    );
    let removals: Vec<String> = reply
        .set_cookies()
        .into_iter()
        .filter(|(name, _)| name.starts_with("_pk"))
        .map(|(_, text)| text)
        .collect();
    // A browser that kept them anyway (or a request sent before the 303 arrived) gets the
    // removals again on the page it is sent back to.
    let after = carried.replace(&granted, &format!("{CONSENT_COOKIE}={consent}"));
    let next_page = server
        .send(server.get("/cookies/preferences", &after))
        .await;
    let removed_again = next_page
        .set_cookie_names()
        .iter()
        .filter(|n| n.starts_with("_pk"))
        .count();

    if mode == Enforcement::Enforce {
        assert_eq!(removals.len(), 2, "{removals:?}");
        for removal in &removals {
            assert!(
                removal.contains("Max-Age=0") && removal.contains("Path=/"),
                "{removal}"
            );
            assert!(removal.contains("HttpOnly"), "{removal}");
        }
        assert_eq!(removed_again, 2);
    } else {
        // Without enforcement, nothing deletes them (audit only reports): the enforcer is what
        // makes withdrawal effective.
        assert_eq!(removals, Vec::<String>::new(), "{mode}");
        assert_eq!(removed_again, 0, "{mode}");
    }
}

/// A choice written for the visitor by another host of the same site (a sibling subdomain's
/// `Domain=` cookie cannot carry the `__Host-` prefix) is not their consent: a visitor who has
/// not chosen still sees the banner and gets no optional cookie.
pub(crate) async fn a_consent_cookie_planted_by_another_host_is_not_consent(server: &Server) {
    let everything = consent_cookie_pair(CategorySet::ALL).unwrap();
    let (_, value) = everything.split_once('=').unwrap();
    let planted = format!("cookies_preferences={value}");
    let mode = server.mode;
    let reply = server.send(server.get("/", &planted)).await;
    assert!(reply.body.contains("id=\"cookie-banner\""), "{mode}");
    assert!(
        reply
            .set_cookie_names()
            .iter()
            .all(|n| !n.starts_with("_pk")),
        "{mode}"
    );
}
