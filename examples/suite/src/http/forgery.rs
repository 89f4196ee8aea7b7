//! Keeping the consent endpoint safe: forged posts (no token, another site, a wrong `Origin`, a
//! planted token, the provenance decision table), the `__Host-` cookies, and the security headers
//! that forbid framing on every response.

use cookie_registry::Registry;
use cookie_registry::consent::CategorySet;
use example_site::consent_cookie_pair;
use http::header::{CONTENT_TYPE, COOKIE};
use http::{HeaderValue, Method, StatusCode};
use http_body_util::Full;

use super::interop;
use super::scripts_and_frames::{self, CSP};
use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, ORIGIN, Outgoing, Reply, SAME_ORIGIN, Server};

/// The three forms with a wrong token, or without the token cookie: `403`, nothing recorded.
pub(crate) async fn forms_without_the_csrf_token_are_refused(server: &Server) {
    let token = server.csrf_token().await;
    for (path, form) in [
        ("/consent", "choice=accept_all"),
        ("/login", "username=ann"),
        ("/logout", ""),
    ] {
        let wrong = format!("csrf=ffffffffffffffffffffffffffffffff&{form}");
        let reply = server
            .send(server.post(path, &format!("{CSRF_COOKIE}={token}"), &wrong))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            reply.cookie_value(CONSENT_COOKIE).is_none()
                && reply.cookie_value("sessionid").is_none()
        );
        let reply = server
            .send(server.post(path, "", &format!("csrf={token}&{form}")))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} without the cookie"
        );
    }
}

/// A visitor who rejected everything and is signed in: their `Cookie` header and CSRF token.
async fn signed_in_visitor_who_rejected_all(server: &Server) -> (String, String) {
    let token = server.csrf_token().await;
    let rejected = consent_cookie_pair(CategorySet::NONE).unwrap();
    let cookie = format!("{CSRF_COOKIE}={token}; {rejected}");
    let reply = server
        .send(server.post("/login", &cookie, &format!("csrf={token}&username=ann")))
        .await;
    let session = reply.cookie_value("sessionid").expect("signed in");
    (format!("{cookie}; sessionid={session}"), token)
}

/// The three forms, each with the right token: what a forger would post.
fn forms(token: &str) -> [(&'static str, String); 3] {
    [
        (
            "/consent",
            format!("csrf={token}&back=%2F&choice=accept_all"),
        ),
        ("/login", format!("csrf={token}&username=mallory")),
        ("/logout", format!("csrf={token}")),
    ]
}

/// Nothing of a refused form happened: a 403 page, no consent, no session cookie; and the
/// visitor is still signed in as `ann`, with every category still refused.
async fn assert_refused(server: &Server, reply: &Reply, cookie: &str, what: &str) {
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{what}");
    assert!(
        reply.body.contains("<h1>") && reply.headers[CONTENT_TYPE] == "text/html; charset=utf-8",
        "{what}: a page"
    );
    for name in [CONSENT_COOKIE, "sessionid"] {
        assert_eq!(reply.cookie_value(name), None, "{what}: sets {name}");
    }
    let home = server.send(server.get("/", cookie)).await;
    assert!(
        home.body.contains("<strong>ann</strong>"),
        "{what}: signed out"
    );
    assert!(
        home.set_cookie_names()
            .iter()
            .all(|n| !n.starts_with("_pk")),
        "{what}: consent changed"
    );
}

/// The auto-submitted form of another site: the browser says `cross-site` and sends the other
/// site's `Origin`. Refused even when it carries the visitor's own token (a forger that planted
/// the token cookie knows it).
pub(crate) async fn a_cross_site_post_is_refused_even_with_the_right_token(server: &Server) {
    let mode = server.mode;
    let (cookie, token) = signed_in_visitor_who_rejected_all(server).await;
    for (path, form) in forms(&token) {
        let reply = server
            .send(server.post_from(
                path,
                cookie.as_bytes(),
                &form,
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "http://evil.example"),
                ],
            ))
            .await;
        assert_refused(server, &reply, &cookie, &format!("{mode} {path}")).await;
        assert!(
            reply.body.contains("This form did not come from this site"),
            "{mode} {path}: {}",
            reply.body
        );
    }
}

/// An `Origin` that is not the site's own is refused, whatever `Sec-Fetch-Site` says: other
/// hosts, another port of the same host (same site, other origin: cookies do not isolate
/// ports), another scheme, and the opaque `null` of sandboxed frames and `data:` pages.
pub(crate) async fn a_post_with_a_wrong_origin_is_refused(server: &Server) {
    let (cookie, token) = signed_in_visitor_who_rejected_all(server).await;
    for origin in [
        "http://evil.example",
        "http://127.0.0.1:3001",
        "http://127.0.0.1",
        "https://127.0.0.1:3000",
        "http://localhost:3000",
        "http://127.0.0.1.evil.example:3000",
        "null",
    ] {
        for fetch_site in [None, Some("same-origin"), Some("same-site")] {
            let mut from = vec![("origin", origin)];
            from.extend(fetch_site.map(|value| ("sec-fetch-site", value)));
            for (path, form) in forms(&token) {
                let reply = server
                    .send(server.post_from(path, cookie.as_bytes(), &form, &from))
                    .await;
                assert_refused(server, &reply, &cookie, &format!("{path} {from:?}")).await;
            }
        }
    }
}

/// A same-site attacker (a sibling subdomain, or another port of the same host) plants a token
/// it knows, with a narrower path so that the browser sends it first: `csrftoken=…;
/// Path=/consent`, or a second token cookie. The request then carries two tokens, and which one
/// the site wrote cannot be told: refused, even with headers that pass the origin check.
pub(crate) async fn a_planted_token_is_refused(server: &Server) {
    let real = server.csrf_token().await;
    let planted = "0123456789abcdef0123456789abcdef";
    let accept = |token: &str| format!("csrf={token}&back=%2F&choice=accept_all");

    // The site's own token alone: accepted.
    let reply = server
        .send(server.post("/consent", &format!("{CSRF_COOKIE}={real}"), &accept(&real)))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);

    for cookie in [
        format!("{CSRF_COOKIE}={planted}; {CSRF_COOKIE}={real}"),
        format!("{CSRF_COOKIE}={real}; {CSRF_COOKIE}={planted}"),
        format!("csrftoken={planted}; {CSRF_COOKIE}={planted}; {CSRF_COOKIE}={real}"),
        // Same value twice is no better: two cookies, one of them not the site's.
        format!("{CSRF_COOKIE}={planted}; {CSRF_COOKIE}={planted}"),
    ] {
        for token in [planted, real.as_str()] {
            let reply = server
                .send(server.post("/consent", &cookie, &accept(token)))
                .await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{cookie} / {token}");
            assert_eq!(reply.cookie_value(CONSENT_COOKIE), None, "{cookie}");
        }
    }
    // Split over two headers (HTTP/2 sends one per cookie): still two tokens.
    let mut request = server.post("/consent", &format!("{CSRF_COOKIE}={real}"), &accept(&real));
    request.headers_mut().append(
        COOKIE,
        HeaderValue::from_str(&format!("{CSRF_COOKIE}={planted}")).unwrap(),
    );
    assert_eq!(server.send(request).await.status, StatusCode::FORBIDDEN);

    // The old, unprefixed name is not the token: planting it does nothing.
    let reply = server
        .send(server.post(
            "/consent",
            &format!("csrftoken={planted}; {CSRF_COOKIE}={real}"),
            &accept(planted),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = server
        .send(server.post(
            "/consent",
            &format!("csrftoken={planted}; {CSRF_COOKIE}={real}"),
            &accept(&real),
        ))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

/// The decision table of `example_site::csrf::provenance`: `Sec-Fetch-Site` and `Origin` as browsers send them
/// from the site's own pages are accepted (303); a request with neither, or with either sent
/// twice, or a `Sec-Fetch-Site` other than `same-origin`, is refused (403).
pub(crate) async fn the_provenance_headers_follow_the_decision_table(server: &Server) {
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let form = format!("csrf={token}&back=%2F&choice=reject_all");
    let rows: [(&[(&str, &str)], StatusCode); 10] = [
        (&SAME_ORIGIN, StatusCode::SEE_OTHER),
        (&[("sec-fetch-site", "same-origin")], StatusCode::SEE_OTHER),
        // A browser without Fetch Metadata (Safari before 16.4): Origin alone.
        (&[("origin", ORIGIN)], StatusCode::SEE_OTHER),
        (&[], StatusCode::FORBIDDEN),
        (&[("sec-fetch-site", "none")], StatusCode::FORBIDDEN),
        (
            &[("sec-fetch-site", "same-site"), ("origin", ORIGIN)],
            StatusCode::FORBIDDEN,
        ),
        (
            &[("sec-fetch-site", "SAME-ORIGIN"), ("origin", ORIGIN)],
            StatusCode::FORBIDDEN,
        ),
        (
            &[
                ("sec-fetch-site", "same-origin"),
                ("sec-fetch-site", "cross-site"),
                ("origin", ORIGIN),
            ],
            StatusCode::FORBIDDEN,
        ),
        (
            &[
                ("sec-fetch-site", "same-origin"),
                ("origin", ORIGIN),
                ("origin", ORIGIN),
            ],
            StatusCode::FORBIDDEN,
        ),
        (
            &[("sec-fetch-site", "same-origin"), ("origin", "null")],
            StatusCode::FORBIDDEN,
        ),
    ];
    for (from, expected) in rows {
        let reply = server
            .send(server.post_from("/consent", cookie.as_bytes(), &form, from))
            .await;
        assert_eq!(reply.status, expected, "{from:?}");
        assert_eq!(
            reply.cookie_value(CONSENT_COOKIE).is_some(),
            expected == StatusCode::SEE_OTHER,
            "{from:?}"
        );
    }
    // The site's origin is whatever host the browser reached it by, port included.
    for (host, origin) in [
        ("localhost:8080", "http://localhost:8080"),
        ("127.0.0.1", "http://127.0.0.1"),
        ("EXAMPLE.org", "http://example.org"),
    ] {
        let mut request = server.post_from(
            "/consent",
            cookie.as_bytes(),
            &form,
            &[("sec-fetch-site", "same-origin"), ("origin", origin)],
        );
        request
            .headers_mut()
            .insert("host", HeaderValue::from_static(host));
        assert_eq!(
            server.send(request).await.status,
            StatusCode::SEE_OTHER,
            "{host}"
        );
    }
    // A body that is not a form at all (`enctype="text/plain"`) from another site: refused
    // before the body is read, with the site's 403 page.
    let mut request = server.post_from(
        "/consent",
        cookie.as_bytes(),
        "csrf=x&choice=accept_all",
        &[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://evil.example"),
        ],
    );
    request
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("text/plain"));
    let reply = server.send(request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("<h1>"));
}

/// The two cookies the consent endpoint relies on, the CSRF token and the consent itself, are
/// `__Host-` cookies: `Secure`, `Path=/`, no `Domain`, so that no other host can write them;
/// declared so, and sent so.
pub(crate) async fn the_token_and_consent_cookies_are_host_prefixed(server: &Server) {
    let registry = Registry::global().unwrap();
    for name in [CSRF_COOKIE, CONSENT_COOKIE] {
        let attributes = registry.find(name).expect("declared").attributes();
        assert!(attributes.secure() && attributes.path() == "/" && attributes.domain().is_none());
    }
    for old in ["csrftoken", "cookies_preferences"] {
        assert!(registry.find(old).is_none(), "{old}");
    }
    let token = server.csrf_token().await;
    let consent = server
        .send(server.post(
            "/consent",
            &format!("{CSRF_COOKIE}={token}"),
            &format!("csrf={token}&choice=reject_all"),
        ))
        .await;
    let mut sent = vec![consent];
    for path in ["/", "/login", "/cookies/preferences"] {
        sent.push(server.send(server.get(path, "")).await);
    }
    for reply in &sent {
        for (name, header) in reply.set_cookies() {
            if name.starts_with("__Host-") {
                assert!(
                    header.contains("; Secure") && header.contains("; Path=/"),
                    "{header}"
                );
                assert!(!header.to_ascii_lowercase().contains("domain"), "{header}");
            }
        }
    }
    let names: Vec<String> = sent.iter().flat_map(Reply::set_cookie_names).collect();
    assert!(names.iter().any(|n| n == CSRF_COOKIE) && names.iter().any(|n| n == CONSENT_COOKIE));
}

/// Every response, of every kind and in every mode, carries the four security headers.
pub(crate) async fn every_response_carries_the_security_headers(server: &Server) {
    let mode = server.mode;
    let player = scripts_and_frames::player_source(server).await;
    let frame_src = player
        .rfind("/embed/")
        .map_or(player.as_str(), |at| &player[..at]);
    let home_csp = format!("{CSP}; frame-src {frame_src}");
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let consent = format!("csrf={token}&back=%2F&choice=accept_all");
    let mut wrong_type = server.post("/consent", &cookie, &consent);
    wrong_type
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // The status each request gets; `None` for the framework's own refusal (a body that is not
    // a form, a method the route does not take), which each framework words its own way: a 4xx.
    let requests: Vec<(&str, Outgoing, Option<StatusCode>)> = vec![
        ("home", server.get("/", ""), Some(StatusCode::OK)),
        (
            "home, consented",
            server.get("/", &consent_cookie_pair(CategorySet::ALL).unwrap()),
            Some(StatusCode::OK),
        ),
        (
            "sign-in page",
            server.get("/login", ""),
            Some(StatusCode::OK),
        ),
        (
            "policy",
            server.get("/cookies?lang=fr", ""),
            Some(StatusCode::OK),
        ),
        (
            "preferences",
            server.get("/cookies/preferences", ""),
            Some(StatusCode::OK),
        ),
        (
            "404",
            server.get("/no-such-page", ""),
            Some(StatusCode::NOT_FOUND),
        ),
        (
            "language switch (303)",
            server.get("/lang/fr?back=%2F", ""),
            Some(StatusCode::SEE_OTHER),
        ),
        (
            "stylesheet",
            server.get("/static/site.css", ""),
            Some(StatusCode::OK),
        ),
        (
            "policy stylesheet",
            server.get("/static/policy.css", ""),
            Some(StatusCode::OK),
        ),
        (
            "consent (303)",
            server.post("/consent", &cookie, &consent),
            Some(StatusCode::SEE_OTHER),
        ),
        (
            "sign-in (303)",
            server.post("/login", &cookie, &format!("csrf={token}&username=ann")),
            Some(StatusCode::SEE_OTHER),
        ),
        (
            "sign-in (422)",
            server.post("/login", &cookie, &format!("csrf={token}&username=")),
            Some(StatusCode::UNPROCESSABLE_ENTITY),
        ),
        (
            "wrong token (403)",
            server.post("/consent", &cookie, "csrf=0&choice=accept_all"),
            Some(StatusCode::FORBIDDEN),
        ),
        (
            "cross-site (403)",
            server.post_from(
                "/consent",
                cookie.as_bytes(),
                &consent,
                &[
                    ("sec-fetch-site", "cross-site"),
                    ("origin", "http://evil.example"),
                ],
            ),
            Some(StatusCode::FORBIDDEN),
        ),
        ("not a form (415)", wrong_type, None),
        (
            "wrong method (405)",
            server
                .request(Method::DELETE, "/consent")
                .body(Full::default())
                .unwrap(),
            None,
        ),
    ];
    for (what, request, status) in requests {
        let reply = server.send(request).await;
        match status {
            Some(status) => assert_eq!(reply.status, status, "{mode} {what}"),
            None => assert!(
                reply.status.is_client_error(),
                "{mode} {what}: {}",
                reply.status
            ),
        }
        let header = |name: &str| reply.header(name);
        let csp = if what.starts_with("home") {
            home_csp.as_str()
        } else {
            CSP
        };
        let html = header("content-type").starts_with("text/html");
        // A page with inline scripts (the Consent Mode block) allows their nonce, which they
        // all carry; no other response allows one.
        let (nonce, policy) = if html && !interop::inline_scripts(&reply.body).is_empty() {
            let (nonce, policy) = interop::page_policy(&reply, &format!("{mode} {what}"));
            (Some(nonce), policy)
        } else {
            (None, header("content-security-policy"))
        };
        assert_eq!(policy, csp, "{mode} {what}");
        assert_eq!(header("x-frame-options"), "DENY", "{mode} {what}");
        assert_eq!(header("referrer-policy"), "same-origin", "{mode} {what}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{mode} {what}");
        // What the policy allows is all the pages need: the site's own scripts, no inline
        // script or style, a frame only on the home page of a visitor who accepted marketing.
        if html {
            for forbidden in ["<style", " style=", "javascript:"] {
                assert!(
                    !reply.body.contains(forbidden),
                    "{mode} {what}: {forbidden}"
                );
            }
            let inline = nonce.map_or(0, |nonce| {
                reply
                    .body
                    .matches(&format!("<script nonce=\"{nonce}\">"))
                    .count()
            });
            assert_eq!(
                reply.body.matches("<script").count(),
                reply.body.matches("<script src=\"/static/").count() + inline,
                "{mode} {what}: a script not from /static/, nor allowed by the page's nonce"
            );
            assert_eq!(
                reply.body.contains("<iframe"),
                what == "home, consented",
                "{mode} {what}: frames"
            );
        }
    }
}
