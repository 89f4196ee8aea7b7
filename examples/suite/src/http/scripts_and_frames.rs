//! What a browser runs beyond the server's own cookies: the analytics script, sent only after
//! consent to statistics; the video host's player, framed only after consent to marketing, from
//! another site, which sets its own cookie; the Content-Security-Policy that allows exactly
//! these; and the policy as JSON at `/cookies.json`, for tools that audit the site from outside.

use std::net::SocketAddr;

use cookie_registry::Registry;
use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::{Category, Party};
use cookie_registry::render::{Format, PolicyOptions};
use example_site::consent_cookie_pair;
use example_site::i18n::Lang;
use http::StatusCode;
use http::header::CONTENT_TYPE;

use crate::client::{Reply, Server};
use crate::http::interop::page_policy;

/// The Content-Security-Policy of every response; the home page adds `frame-src` the video host,
/// and an HTML page its own script nonce (`interop::page_policy`).
pub(crate) const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
                              img-src 'self'; form-action 'self'; frame-ancestors 'none'; \
                              base-uri 'none'; object-src 'none'";

/// The pages every state is checked on.
const PAGES: [&str; 5] = [
    "/",
    "/login",
    "/cookies",
    "/cookies/preferences",
    "/no-such-page",
];

/// The consent states: none yet, and each choice the banner offers.
fn states() -> [(&'static str, Option<CategorySet>); 5] {
    [
        ("no choice", None),
        ("reject all", Some(CategorySet::NONE)),
        (
            "statistics only",
            Some(CategorySet::NONE.with(Category::Statistics)),
        ),
        (
            "marketing only",
            Some(CategorySet::NONE.with(Category::Marketing)),
        ),
        ("accept all", Some(CategorySet::ALL)),
    ]
}

fn cookie_of(choice: Option<CategorySet>) -> String {
    choice
        .map(|c| consent_cookie_pair(c).expect("the declarations of example-site"))
        .unwrap_or_default()
}

/// The `src` of every `<script>` of a page; a script without one (inline) is `None`.
fn script_sources(body: &str) -> Vec<Option<&str>> {
    body.match_indices("<script")
        .map(|(at, _)| {
            let tag = &body[at..at + body[at..].find('>').unwrap_or(0)];
            tag.split_once(" src=\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(src, _)| src)
        })
        .collect()
}

/// The value of `attribute` on the first element of `body` that starts with `element`.
fn attribute<'b>(body: &'b str, element: &str, attribute: &str) -> Option<&'b str> {
    let at = body.find(element)?;
    let tag = &body[at..at + body[at..].find('>')?];
    let (_, rest) = tag.split_once(&format!(" {attribute}=\""))?;
    rest.split_once('"').map(|(value, _)| value)
}

/// The `src` of the home page's `<iframe>`, for a visitor who accepted everything: the video
/// host's player.
pub(crate) async fn player_source(server: &Server) -> String {
    let reply = server
        .send(server.get("/", &cookie_of(Some(CategorySet::ALL))))
        .await;
    attribute(&reply.body, "<iframe", "src")
        .expect("the home page frames the video player once marketing is accepted")
        .to_string()
}

/// `http://host:port` of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |at| at + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |at| after_scheme + at);
    &url[..end]
}

/// Pages send `/static/analytics.js` to a visitor who consented to statistics and to nobody
/// else, who gets `/static/forget-analytics.js` instead; no page has an inline script. The
/// script writes `_pk_ref` with the attributes the page hands it, which are the declaration's;
/// both scripts are JavaScript, from the site, and set no cookie.
pub(crate) async fn the_analytics_script_only_after_consent_to_statistics(server: &Server) {
    let mode = server.mode;
    let referrer = Registry::global()
        .expect("collected")
        .find("_pk_ref")
        .expect("_pk_ref is declared");
    let max_age = format!(
        "; Max-Age={}",
        referrer.max_age_seconds().expect("not a session cookie")
    );
    for (state, choice) in states() {
        let statistics = choice.is_some_and(|c| c.contains(Category::Statistics));
        let cookie = cookie_of(choice);
        for path in PAGES {
            let reply = server.send(server.get(path, &cookie)).await;
            let sources = script_sources(&reply.body);
            let expected = if statistics {
                "/static/analytics.js"
            } else {
                "/static/forget-analytics.js"
            };
            // The Consent Mode block (inline, `interop`), then the site's one script file.
            assert_eq!(
                sources,
                [None, Some(expected)],
                "{mode} {state} {path}: the page's scripts"
            );
            if statistics {
                let attributes =
                    attribute(&reply.body, "<script src=", "data-cookie-attributes").unwrap_or("");
                assert!(
                    attributes.starts_with("; Path=/")
                        && attributes.contains(&max_age)
                        && attributes.contains("Secure")
                        && !attributes.contains("HttpOnly"),
                    "{mode} {state} {path}: {attributes}"
                );
                assert_eq!(
                    attribute(&reply.body, "<script src=", "data-referrer-cookie"),
                    Some("_pk_ref")
                );
            }
            assert_eq!(
                attribute(&reply.body, "<script src=", "data-pages-key"),
                Some("_pk_pages"),
                "{mode} {state} {path}"
            );
        }
    }
    for script in ["/static/analytics.js", "/static/forget-analytics.js"] {
        let reply = server.send(server.get(script, "")).await;
        assert_eq!(reply.status, StatusCode::OK, "{mode} {script}");
        assert_eq!(
            reply.header(CONTENT_TYPE.as_str()),
            "text/javascript; charset=utf-8",
            "{mode} {script}"
        );
        assert!(reply.set_cookies().is_empty(), "{mode} {script}");
        assert!(reply.body.contains("_pk") || reply.body.contains("dataset"));
    }
}

/// The home page frames the video host's player to a visitor who accepted marketing cookies,
/// and to nobody else; no other page frames anything. The player is on another site
/// (`localhost`, another port), and the home page's Content-Security-Policy lets exactly that
/// origin be framed, while every other response keeps the strict policy.
pub(crate) async fn the_video_player_only_after_consent_to_marketing(server: &Server) {
    let mode = server.mode;
    let player = player_source(server).await;
    let origin = origin_of(&player).to_string();
    assert!(
        origin.starts_with("http://localhost:") && player.ends_with("/embed/portal-tour"),
        "{mode}: the player is at {player}"
    );
    for (state, choice) in states() {
        let marketing = choice.is_some_and(|c| c.contains(Category::Marketing));
        let cookie = cookie_of(choice);
        for path in PAGES {
            let reply = server.send(server.get(path, &cookie)).await;
            let frames = reply.body.matches("<iframe").count();
            let expected = usize::from(marketing && path == "/");
            assert_eq!(frames, expected, "{mode} {state} {path}: frames");
            if expected == 1 {
                assert_eq!(
                    attribute(&reply.body, "<iframe", "src"),
                    Some(player.as_str())
                );
            }
            let (_, csp) = page_policy(&reply, &format!("{mode} {state} {path}"));
            if path == "/" {
                assert_eq!(csp, format!("{CSP}; frame-src {origin}"), "{mode} {state}");
            } else {
                assert_eq!(csp, CSP, "{mode} {state} {path}");
            }
        }
    }
}

/// The video host's player, asked for as the browser asks the frame's address: it sets its own
/// cookie, as declared (a third party's, for marketing, `SameSite=None`), and its script is
/// JavaScript.
pub(crate) async fn the_video_host_sets_its_declared_cookie(server: &Server) {
    let mode = server.mode;
    let player = player_source(server).await;
    let origin = origin_of(&player);
    let port: u16 = origin
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("the player's port");
    // `localhost` is 127.0.0.1 here: the example listens there only.
    let host = SocketAddr::from(([127, 0, 0, 1], port));
    let path = &player[origin.len()..];
    let reply = server.send(server.get_from(host, origin, path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{mode} {player}");
    let declared = Registry::global()
        .expect("collected")
        .find("VISITOR_INFO1_LIVE")
        .expect("declared");
    assert_eq!(declared.party(), Party::Third);
    assert_eq!(declared.consent_category(), Some(Category::Marketing));
    let (_, set) = reply
        .set_cookies()
        .into_iter()
        .find(|(name, _)| name == "VISITOR_INFO1_LIVE")
        .expect("the player sets VISITOR_INFO1_LIVE");
    let max_age = format!(
        "Max-Age={}",
        declared.max_age_seconds().expect("not a session cookie")
    );
    for attribute in ["Path=/", &max_age, "Secure", "HttpOnly", "SameSite=None"] {
        assert!(set.contains(attribute), "{mode}: {set} lacks {attribute}");
    }
    assert!(!set.contains("Domain"), "{mode}: {set}");
    let script = server
        .send(server.get_from(host, origin, "/player.js"))
        .await;
    assert_eq!(
        script.header(CONTENT_TYPE.as_str()),
        "text/javascript; charset=utf-8"
    );
    assert!(script.body.contains("yt-remote-device-id"));
    let elsewhere = server.send(server.get_from(host, origin, "/")).await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "{mode}");
}

/// `/cookies.json` is the library's JSON rendering of the declarations, revision included, in
/// English unless `?lang=` says otherwise; it lists every declared cookie and storage item, the
/// scripts' and the video host's included, and sets no cookie.
pub(crate) async fn the_policy_is_served_as_json(server: &Server) {
    let mode = server.mode;
    let registry = Registry::global().expect("collected");
    for (query, lang) in [
        ("", Lang::En),
        ("?lang=fr", Lang::Fr),
        ("?lang=zz", Lang::En),
    ] {
        let reply: Reply = server
            .send(server.get(&format!("/cookies.json{query}"), ""))
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{mode} {query}");
        assert_eq!(reply.header(CONTENT_TYPE.as_str()), "application/json");
        assert!(reply.set_cookies().is_empty(), "{mode} {query}");
        let options = PolicyOptions::new(lang.code())
            .expect("a language of the site")
            .with_site(lang.texts().site_name);
        let expected = registry
            .policy()
            .render(Format::Json, &options)
            .expect("the policy renders");
        assert!(
            reply.body == expected,
            "{mode} {query}: not the library's rendering"
        );
    }
    let reply = server.send(server.get("/cookies.json", "")).await;
    let document: serde_json::Value =
        serde_json::from_str(&reply.body).expect("/cookies.json is JSON");
    assert_eq!(document["schema_version"], 1);
    assert_eq!(
        document["revision"].as_str(),
        Some(registry.revision().to_string().as_str())
    );
    let mut listed: Vec<(String, String, String)> = Vec::new();
    for table in document["categories"].as_array().expect("categories") {
        for row in table["rows"].as_array().expect("rows") {
            for cookie in row["cookies"].as_array().expect("cookies") {
                listed.push((
                    cookie["name"].as_str().unwrap_or_default().to_string(),
                    cookie["storage"].as_str().unwrap_or_default().to_string(),
                    row["party"].as_str().unwrap_or_default().to_string(),
                ));
            }
        }
    }
    for declaration in registry.iter() {
        let name = declaration.name().to_string();
        assert!(
            listed.iter().any(|(n, _, _)| *n == name),
            "{mode}: /cookies.json lacks {name}"
        );
    }
    for expected in [
        ("_pk_ref", "http_cookie", "first"),
        ("_pk_pages", "local_storage", "first"),
        ("VISITOR_INFO1_LIVE", "http_cookie", "third"),
        ("yt-remote-device-id", "local_storage", "third"),
    ] {
        assert!(
            listed
                .iter()
                .any(|(n, s, p)| (n.as_str(), s.as_str(), p.as_str()) == expected),
            "{mode}: {expected:?} not in {listed:?}"
        );
    }
}
