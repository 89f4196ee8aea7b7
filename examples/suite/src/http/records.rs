//! The proof of consent, as the visitor sees it: each choice saved is recorded under the
//! consent ID of their consent cookie, which the preferences page shows, and
//! `/consent/records.json` gives them the records of that ID.

use http::StatusCode;
use serde_json::Value;

use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, Reply, SAME_ORIGIN, Server};

/// The consent ID and the policy revision a consent cookie's value carries
/// (`2.{categories}.{time}.{revision}.{consent ID}`).
pub(crate) fn id_and_revision(consent: &str) -> (String, String) {
    let parts: Vec<&str> = consent.split('.').collect();
    assert_eq!(parts.len(), 5, "a consent cookie with an ID: {consent}");
    (parts[4].to_string(), parts[3].to_string())
}

/// Posts the consent form with `fields` (`choice=…`, ticked boxes) and `cookie`, from the
/// site's own pages with `extra` headers; the consent cookie's value the `303` sets.
pub(crate) async fn choose(
    server: &Server,
    token: &str,
    cookie: &str,
    fields: &str,
    extra: &[(&str, &str)],
) -> String {
    let mut from = SAME_ORIGIN.to_vec();
    from.extend_from_slice(extra);
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&{fields}");
    let reply = server
        .send(server.post_from("/consent", cookie.as_bytes(), &form, &from))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{fields}: {}",
        reply.body
    );
    reply
        .cookie_value(CONSENT_COOKIE)
        .unwrap_or_else(|| panic!("{fields}: the consent cookie"))
}

/// The records `/consent/records.json` gives for `cookie`, checked as a download.
pub(crate) async fn records(server: &Server, cookie: &str) -> (Reply, Value) {
    let reply = server
        .send(server.get("/consent/records.json", cookie))
        .await;
    assert_eq!(reply.header("content-type"), "application/json");
    assert_eq!(reply.header("cache-control"), "no-store");
    let json: Value = serde_json::from_str(&reply.body)
        .unwrap_or_else(|error| panic!("records.json is not JSON ({error}): {}", reply.body));
    (reply, json)
}

/// Whether a record grants `category` (`statistics`, `marketing`, …).
fn grants(record: &Value, category: &str) -> bool {
    record["categories"][category]
        .as_bool()
        .unwrap_or_else(|| panic!("{category} in {record}"))
}

/// A choice saved is recorded once, with its categories (refusals too), its source and its
/// revision, under the consent ID the preferences page shows, in English and in French; a
/// withdrawal adds a second record under the same ID and leaves the first as it was.
pub(crate) async fn each_choice_is_recorded_under_the_consent_id_the_visitor_sees(server: &Server) {
    let mode = server.mode;
    let token = server.csrf_token().await;
    let token_pair = format!("{CSRF_COOKIE}={token}");
    let consent = choose(
        server,
        &token,
        &token_pair,
        "choice=save&statistics=on",
        &[],
    )
    .await;
    let (id, revision) = id_and_revision(&consent);
    let chosen = format!("{token_pair}; {CONSENT_COOKIE}={consent}");

    let page = server
        .send(server.get("/cookies/preferences", &chosen))
        .await;
    assert!(
        page.body.contains(&format!(
            "Your consent ID (quote it if you ask us about your choices): \
             <code class=\"consent-id\">{id}</code>"
        )),
        "{mode}: {}",
        page.body
    );
    assert!(
        page.body.contains(
            "href=\"/consent/records.json\" download>Download the record of your choices (JSON)</a>"
        ),
        "{mode}: {}",
        page.body
    );
    let french = server
        .send(server.get(
            "/cookies/preferences",
            &format!("{chosen}; django_language=fr"),
        ))
        .await;
    assert!(
        french.body.contains(&format!(
            "Votre identifiant de consentement (à citer si vous nous interrogez sur vos choix) : \
             <code class=\"consent-id\">{id}</code>"
        )),
        "{mode}: {}",
        french.body
    );
    assert!(
        french
            .body
            .contains("Télécharger l&#39;historique de vos choix (JSON)"),
        "{mode}"
    );

    let (reply, json) = records(server, &chosen).await;
    assert_eq!(reply.status, StatusCode::OK, "{mode}: {}", reply.body);
    assert!(
        reply
            .header("content-disposition")
            .starts_with("attachment;"),
        "{mode}"
    );
    assert_eq!(json["consent_id"], id.as_str(), "{mode}: {json}");
    let list = json["records"].as_array().expect("records");
    assert_eq!(list.len(), 1, "{mode}: {json}");
    let first = list[0].clone();
    assert_eq!(first["consent_id"], id.as_str());
    assert_eq!(first["revision"], revision.as_str());
    assert_eq!(first["source"], "banner_form");
    assert!(grants(&first, "necessary") && grants(&first, "statistics"));
    assert!(!grants(&first, "marketing"), "{mode}: {first}");
    assert_eq!(first["ip_prefix"], Value::Null, "no IP address is kept");
    assert_eq!(first["user_agent"], Value::Null, "no user agent is kept");

    // The withdrawal: a new record, never an update.
    let withdrawn = choose(server, &token, &chosen, "choice=reject_all", &[]).await;
    assert_eq!(
        id_and_revision(&withdrawn).0,
        id,
        "{mode}: the same browser"
    );
    let (_, json) = records(
        server,
        &format!("{token_pair}; {CONSENT_COOKIE}={withdrawn}"),
    )
    .await;
    let list = json["records"].as_array().expect("records");
    assert_eq!(list.len(), 2, "{mode}: {json}");
    assert_eq!(list[0], first, "{mode}: the first record is unchanged");
    let second = &list[1];
    assert!(
        second["record_id"].as_i64() > first["record_id"].as_i64(),
        "{json}"
    );
    assert!(!grants(second, "statistics") && !grants(second, "marketing"));
    assert!(grants(second, "necessary"));
    assert_eq!(second["source"], "banner_form");
}

/// Without a consent cookie that counts (none, malformed, for another revision, planted by
/// another host), `/consent/records.json` is a `404` with an empty list, never a `500`, and
/// never another visitor's records.
pub(crate) async fn records_without_a_consent_cookie_are_an_empty_404(server: &Server) {
    let mode = server.mode;
    let another_revision = "2.s.1750000000.0123456789abcdef.0123456789abcdef0123456789abcdef";
    for cookie in [
        String::new(),
        format!("{CONSENT_COOKIE}=garbage"),
        format!("{CONSENT_COOKIE}={}", "9".repeat(5000)),
        format!("{CONSENT_COOKIE}={another_revision}"),
        format!("cookies_preferences={another_revision}"),
        ";;;=;==; __Host-cookies_preferences".to_string(),
    ] {
        let (reply, json) = records(server, &cookie).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{mode}: {cookie:?}");
        assert_eq!(json["records"], serde_json::json!([]), "{mode}: {cookie:?}");
        assert_eq!(json["consent_id"], Value::Null, "{mode}: {cookie:?}");
    }
}

/// A choice posted with Global Privacy Control (`Sec-GPC: 1`) is saved without marketing,
/// which the signal refuses, and recorded so (source `global_privacy_control`): the cookie
/// and the record say the same. A choice the signal takes nothing from is the form's.
pub(crate) async fn a_choice_under_global_privacy_control_is_recorded_as_applied(server: &Server) {
    let mode = server.mode;
    let token = server.csrf_token().await;
    let token_pair = format!("{CSRF_COOKIE}={token}");
    let gpc = [("sec-gpc", "1")];
    let consent = choose(server, &token, &token_pair, "choice=accept_all", &gpc).await;
    assert!(consent.starts_with("2.s."), "{mode}: {consent}");
    let chosen = format!("{token_pair}; {CONSENT_COOKIE}={consent}");
    let (_, json) = records(server, &chosen).await;
    let list = json["records"].as_array().expect("records");
    assert_eq!(list.len(), 1, "{mode}: {json}");
    assert_eq!(
        list[0]["source"], "global_privacy_control",
        "{mode}: {json}"
    );
    assert!(grants(&list[0], "statistics") && !grants(&list[0], "marketing"));

    let refused = choose(server, &token, &chosen, "choice=reject_all", &gpc).await;
    let (_, json) = records(server, &format!("{token_pair}; {CONSENT_COOKIE}={refused}")).await;
    let list = json["records"].as_array().expect("records");
    assert_eq!(list.len(), 2, "{mode}: {json}");
    assert_eq!(list[1]["source"], "banner_form", "{mode}: {json}");
}
