//! What the site says in other tools' languages: the JavaScript banners' configurations and
//! `/.well-known/gpc.json`; the Google Consent Mode v2 block at the top of every page, rendered
//! from the visitor's consent and allowed by that response's own CSP nonce; `Sec-GPC: 1`.

use std::collections::HashSet;

use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use example_site::consent_cookie_pair;
use http::StatusCode;
use http::header::CONTENT_TYPE;
use serde_json::Value;

use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, Reply, Server};

/// The pages every consent state is checked on.
const PAGES: [&str; 5] = [
    "/",
    "/login",
    "/cookies?lang=fr",
    "/cookies/preferences",
    "/no-such-page",
];

/// The Consent Mode v2 signals, in the order the calls list them.
const SIGNALS: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// The inline scripts of a page: `(nonce, text)` of each `<script>` without `src`.
pub(crate) fn inline_scripts(body: &str) -> Vec<(Option<&str>, &str)> {
    body.match_indices("<script")
        .filter_map(|(at, _)| {
            let rest = &body[at..];
            let tag = &rest[..rest.find('>')?];
            if tag.contains(" src=") {
                return None;
            }
            let nonce = tag
                .split_once(" nonce=\"")
                .and_then(|(_, value)| value.split_once('"'))
                .map(|(nonce, _)| nonce);
            let text = &rest[tag.len() + 1..];
            Some((nonce, &text[..text.find("</script>")?]))
        })
        .collect()
}

/// The nonce a page's Content-Security-Policy allows in `script-src`, checked to be the one
/// every inline script of the page carries, and that policy without it: what the path's policy
/// is for every other response. Panics, saying why, when the page has no inline script, one
/// without that nonce, or a policy that allows another.
pub(crate) fn page_policy(reply: &Reply, what: &str) -> (String, String) {
    let csp = reply.header("content-security-policy");
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|directive| directive.starts_with("script-src "))
        .unwrap_or_else(|| panic!("{what}: no script-src in {csp}"));
    let nonces: Vec<&str> = script_src
        .split(' ')
        .filter_map(|source| source.strip_prefix("'nonce-")?.strip_suffix('\''))
        .collect();
    let [nonce] = nonces[..] else {
        panic!("{what}: script-src allows {} nonces: {csp}", nonces.len());
    };
    // 128 bits at least (hexadecimal: 32 digits), as the CSP specification asks.
    assert!(
        nonce.len() >= 32 && nonce.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{what}: nonce {nonce}"
    );
    let scripts = inline_scripts(&reply.body);
    assert!(!scripts.is_empty(), "{what}: no inline script");
    for (carried, _) in &scripts {
        assert_eq!(*carried, Some(nonce), "{what}: an inline script's nonce");
    }
    (
        nonce.to_string(),
        csp.replacen(&format!(" 'nonce-{nonce}'"), "", 1),
    )
}

/// The states of the seven signals in the `gtag("consent", command, {…})` call of `script`;
/// `None` when it makes no such call.
fn signals<'s>(script: &'s str, command: &str) -> Option<Vec<(&'s str, &'s str)>> {
    let start = format!("gtag(\"consent\", \"{command}\", {{");
    let at = script.find(&start)? + start.len();
    let arguments = &script[at..at + script[at..].find('}')?];
    Some(
        arguments
            .split(", ")
            .filter_map(|pair| {
                let (name, state) = pair.split_once(": ")?;
                Some((name.trim_matches('"'), state.trim_matches('"')))
            })
            .collect(),
    )
}

/// What a choice of `granted` grants, signal by signal, as Google documents the mapping
/// (written out here, not taken from the library under test).
fn expected(granted: CategorySet) -> Vec<(&'static str, &'static str)> {
    SIGNALS
        .into_iter()
        .map(|signal| {
            let category = match signal {
                "analytics_storage" => Some(Category::Statistics),
                "functionality_storage" | "personalization_storage" => {
                    Some(Category::Functionality)
                }
                "security_storage" => None,
                _ => Some(Category::Marketing),
            };
            let on = category.is_none_or(|category| granted.contains(category));
            (signal, if on { "granted" } else { "denied" })
        })
        .collect()
}

/// The three interop routes answer `200` with JSON (`application/json`): the vanilla-cookieconsent
/// and Klaro configurations list the categories the site asks consent for, and gpc.json says
/// the site honours Global Privacy Control. Each carries the security headers, with the strict
/// policy.
pub(crate) async fn the_interop_routes_answer_in_json(server: &Server) {
    let mode = server.mode;
    for path in [
        "/banner/cookieconsent.json",
        "/banner/klaro.json",
        "/.well-known/gpc.json",
    ] {
        let reply = server.send(server.get(path, "")).await;
        assert_eq!(reply.status, StatusCode::OK, "{mode} {path}");
        assert_eq!(
            reply.header(CONTENT_TYPE.as_str()),
            "application/json",
            "{mode} {path}"
        );
        assert_eq!(reply.header("x-content-type-options"), "nosniff");
        assert!(
            !reply.header("content-security-policy").contains("'nonce-"),
            "{mode} {path}: a nonce in a response that runs no script"
        );
        assert!(reply.set_cookies().is_empty(), "{mode} {path}");
        let json: Value = serde_json::from_str(&reply.body)
            .unwrap_or_else(|error| panic!("{mode} {path}: not JSON ({error}): {}", reply.body));
        match path {
            "/banner/cookieconsent.json" => {
                for category in ["necessary", "statistics", "marketing"] {
                    assert!(
                        json["categories"][category].is_object(),
                        "{mode} {path}: no category {category}: {json}"
                    );
                }
                assert_eq!(json["categories"]["necessary"]["readOnly"], true);
                assert!(json["language"]["translations"]["fr"].is_object(), "{json}");
            }
            "/banner/klaro.json" => {
                let purposes: HashSet<&str> = json["services"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{mode} {path}: no services: {json}"))
                    .iter()
                    .filter_map(|service| service["purposes"][0].as_str())
                    .collect();
                assert!(
                    purposes.contains("statistics") && purposes.contains("marketing"),
                    "{mode} {path}: {purposes:?}"
                );
            }
            _ => {
                assert_eq!(json["gpc"], true, "{mode} {path}");
                assert!(json["lastUpdate"].is_string(), "{mode} {path}");
            }
        }
    }
}

/// Every page's `<head>` runs the Consent Mode `default` call before any other script, with the
/// signals the visitor's consent grants (all denied but `security_storage` on a first visit),
/// inline, with the nonce the response's Content-Security-Policy allows and no other, a nonce
/// new to each response; `Sec-GPC: 1` denies the advertising signals whatever the cookie says.
pub(crate) async fn the_consent_mode_block_follows_the_visitors_consent(server: &Server) {
    let mode = server.mode;
    let statistics = CategorySet::NONE.with(Category::Statistics);
    let states = [
        ("no choice", None),
        ("reject all", Some(CategorySet::NONE)),
        ("statistics only", Some(statistics)),
        (
            "marketing only",
            Some(CategorySet::NONE.with(Category::Marketing)),
        ),
        ("accept all", Some(CategorySet::ALL)),
    ];
    let mut nonces = HashSet::new();
    let mut pages = 0;
    for (state, choice) in states {
        let cookie = choice
            .map(|c| consent_cookie_pair(c).expect("the declarations of example-site"))
            .unwrap_or_default();
        let granted = choice.unwrap_or(CategorySet::NONE);
        for path in PAGES {
            let what = format!("{mode} {state} {path}");
            let reply = server.send(server.get(path, &cookie)).await;
            let (nonce, _) = page_policy(&reply, &what);
            nonces.insert(nonce);
            pages += 1;
            let head = &reply.body[..reply.body.find("</head>").expect("a head")];
            let first = head.find("<script").expect("a script in the head");
            assert!(
                head[first..].starts_with("<script nonce=\""),
                "{what}: the first script is not the Consent Mode block"
            );
            let scripts = inline_scripts(head);
            assert_eq!(scripts.len(), 1, "{what}: no update call without a choice");
            assert_eq!(
                signals(scripts[0].1, "default"),
                Some(expected(granted)),
                "{what}: {}",
                scripts[0].1
            );
        }
    }
    assert_eq!(nonces.len(), pages, "{mode}: a nonce served twice");

    // The signal refuses marketing without asking, whatever the cookie says.
    let everything = consent_cookie_pair(CategorySet::ALL).expect("declared");
    let mut request = server.get("/", &everything);
    request
        .headers_mut()
        .insert("sec-gpc", http::HeaderValue::from_static("1"));
    let reply = server.send(request).await;
    let (_, _) = page_policy(&reply, "Sec-GPC: 1");
    let scripts = inline_scripts(&reply.body);
    assert_eq!(
        signals(scripts[0].1, "default"),
        Some(expected(CategorySet::ALL.without(Category::Marketing))),
        "{mode} Sec-GPC: 1"
    );
    assert!(
        reply.body.contains("id=\"gpc-honoured\"") && !reply.body.contains("<iframe"),
        "{mode} Sec-GPC: 1: {}",
        reply.body
    );
}

/// The page a saved choice goes back to (`?consent=saved`) runs the Consent Mode `update` call
/// with that choice, after the `default` call, both with the response's nonce; the same page
/// reached otherwise makes no update call. With `Sec-GPC: 1`, "accept all" records marketing
/// refused, and the banner does not ask for it.
pub(crate) async fn the_update_call_follows_a_saved_choice(server: &Server) {
    let mode = server.mode;
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save&statistics=on");
    let saved = server.send(server.post("/consent", &cookie, &form)).await;
    assert_eq!(saved.location(), "/cookies/preferences?consent=saved");
    let consent = saved
        .cookie_value(CONSENT_COOKIE)
        .expect("a consent cookie");
    let chosen = format!("{cookie}; {CONSENT_COOKIE}={consent}");
    let statistics = CategorySet::NONE.with(Category::Statistics);

    let reply = server.send(server.get(saved.location(), &chosen)).await;
    let what = format!("{mode} after saving statistics");
    page_policy(&reply, &what);
    let scripts = inline_scripts(&reply.body);
    assert_eq!(scripts.len(), 2, "{what}: {scripts:?}");
    assert_eq!(signals(scripts[0].1, "default"), Some(expected(statistics)));
    assert_eq!(signals(scripts[1].1, "update"), Some(expected(statistics)));

    let later = server
        .send(server.get("/cookies/preferences", &chosen))
        .await;
    let scripts = inline_scripts(&later.body);
    assert_eq!(scripts.len(), 1, "{mode}: an update call without a choice");
    assert_eq!(signals(scripts[0].1, "update"), None);

    // With the signal: no marketing box to tick, and "accept all" grants all but marketing.
    let with_gpc = |mut request: crate::client::Outgoing| {
        request
            .headers_mut()
            .insert("sec-gpc", http::HeaderValue::from_static("1"));
        request
    };
    let banner = server.send(with_gpc(server.get("/", &cookie))).await;
    assert!(
        banner.body.contains("id=\"banner-statistics\"")
            && !banner.body.contains("id=\"banner-marketing\""),
        "{mode} Sec-GPC: 1: the banner asks for marketing"
    );
    let form = format!("csrf={token}&back=%2F&choice=accept_all");
    let saved = server
        .send(with_gpc(server.post("/consent", &cookie, &form)))
        .await;
    let consent = saved
        .cookie_value(CONSENT_COOKIE)
        .expect("a consent cookie");
    let chosen = format!("{cookie}; {CONSENT_COOKIE}={consent}");
    // Read without the signal: what the cookie itself records.
    let reply = server.send(server.get("/?consent=saved", &chosen)).await;
    let scripts = inline_scripts(&reply.body);
    assert_eq!(
        signals(scripts[1].1, "update"),
        Some(expected(statistics)),
        "{mode}: accept all under Sec-GPC: 1 recorded {consent}"
    );
}
