//! The site over HTTP, without a browser: every request goes through the router with
//! `tower::ServiceExt::oneshot`, cookie policy layer included.

use axum::Router;
use axum::body::Body;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use cookie_registry::Registry;
use cookie_registry::consent::{CategorySet, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry::tower::assert_cookies_allowed;
use example_axum::{Enforcement, app, consent_cookie_pair};
use http_body_util::BodyExt;
use tower::ServiceExt;

const MODES: [Enforcement; 3] = [Enforcement::Off, Enforcement::Audit, Enforcement::Enforce];

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Reply {
    /// `(name, whole Set-Cookie value)` of every `Set-Cookie`.
    fn set_cookies(&self) -> Vec<(String, String)> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .map(|v| {
                let text = v.to_str().expect("ASCII Set-Cookie").to_string();
                (text.split('=').next().unwrap_or_default().to_string(), text)
            })
            .collect()
    }

    fn set_cookie_names(&self) -> Vec<String> {
        self.set_cookies()
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    }

    /// The value this response sets for `name`.
    fn cookie_value(&self, name: &str) -> Option<String> {
        self.set_cookies()
            .into_iter()
            .find(|(n, _)| n == name)
            .map(|(_, text)| {
                let pair = text.split(';').next().unwrap_or_default();
                pair.split_once('=')
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default()
            })
    }

    fn location(&self) -> &str {
        self.headers
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }
}

async fn send(router: &Router, request: Request<Body>) -> Reply {
    let response = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).expect("UTF-8 body"),
    }
}

fn get(uri: &str, cookie: &str) -> Request<Body> {
    let mut request = Request::get(uri);
    if !cookie.is_empty() {
        request = request.header(COOKIE, cookie);
    }
    request.body(Body::empty()).expect("request")
}

/// The site's CSRF token cookie, and its consent cookie.
const CSRF_COOKIE: &str = "__Host-csrftoken";
const CONSENT_COOKIE: &str = "__Host-cookies_preferences";
/// The `Host` a browser sends to the example at `http://127.0.0.1:3000/`, and the `Origin` of
/// the example's own pages there.
const HOST: &str = "127.0.0.1:3000";
const ORIGIN: &str = "http://127.0.0.1:3000";
/// What a browser sends with a form posted from one of the site's own pages.
const SAME_ORIGIN: [(&str, &str); 2] = [("sec-fetch-site", "same-origin"), ("origin", ORIGIN)];

/// A form posted from one of the site's own pages, as a browser sends it.
fn post(uri: &str, cookie: &str, form: &str) -> Request<Body> {
    post_from(uri, cookie.as_bytes(), form, &SAME_ORIGIN)
}

/// A form post with `cookie` as raw bytes (not necessarily UTF-8) and, besides `Host`, exactly
/// the headers `from` (`Sec-Fetch-Site`, `Origin`; a name twice sends it twice).
fn post_from(uri: &str, cookie: &[u8], form: &str, from: &[(&str, &str)]) -> Request<Body> {
    let mut request = Request::post(uri)
        .header("host", HOST)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded");
    if !cookie.is_empty() {
        request = request.header(
            COOKIE,
            HeaderValue::from_bytes(cookie).expect("no CR, LF, NUL"),
        );
    }
    for (name, value) in from {
        request = request.header(*name, *value);
    }
    request.body(Body::from(form.to_string())).expect("request")
}

fn enforcing() -> Router {
    app(Enforcement::Enforce).expect("app")
}

/// A CSRF token the site issued, from a first visit.
async fn csrf_token(router: &Router) -> String {
    send(router, get("/", ""))
        .await
        .cookie_value(CSRF_COOKIE)
        .expect("the home page sets the CSRF token")
}

fn consent_of(categories: CategorySet) -> ConsentState {
    ConsentState::given(
        categories,
        std::time::UNIX_EPOCH,
        Registry::global().unwrap().revision(),
    )
}

#[tokio::test]
async fn first_visit_shows_the_banner_and_sets_only_necessary_cookies() {
    for mode in MODES {
        let router = app(mode).unwrap();
        for path in [
            "/",
            "/login",
            "/cookies",
            "/cookies/preferences",
            "/no-such-page",
        ] {
            let reply = send(&router, get(path, "")).await;
            let expected = if path == "/no-such-page" {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::OK
            };
            assert_eq!(reply.status, expected, "{mode} {path}");
            assert!(
                reply.body.contains("id=\"cookie-banner\""),
                "{mode} {path}: no banner"
            );
            assert!(
                reply.body.contains("value=\"accept_all\"")
                    && reply.body.contains("value=\"reject_all\"")
            );
            // No box is ticked in advance (Planet49); only the disabled "necessary" one is.
            let banner = &reply.body[reply.body.find("id=\"cookie-banner\"").unwrap()..];
            let banner = &banner[..banner.find("</section>").unwrap()];
            assert_eq!(banner.matches(" checked").count(), 1, "{path}: {banner}");
            assert!(
                reply.body.contains("href=\"/cookies/preferences\""),
                "{path}: footer link"
            );
            for name in reply.set_cookie_names() {
                assert!(
                    [CSRF_COOKIE, "django_language"].contains(&name.as_str()),
                    "{mode} {path}: sets {name}"
                );
            }
            assert!(
                reply.set_cookie_names().iter().any(|n| n == CSRF_COOKIE),
                "the banner is a form: {path}"
            );
            assert_cookies_allowed(
                Registry::global().unwrap(),
                &ConsentState::NONE,
                &reply.headers,
            );
        }
    }
}

#[tokio::test]
async fn accept_all_then_pages_set_the_analytics_cookies() {
    let router = enforcing();
    let token = csrf_token(&router).await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let reply = send(
        &router,
        post(
            "/consent",
            &cookie,
            &format!("csrf={token}&back=%2Fcookies&choice=accept_all"),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/cookies");
    let consent = reply
        .cookie_value(CONSENT_COOKIE)
        .expect("the consent cookie");
    assert!(consent.starts_with("2.sm."), "{consent}");
    assert_eq!(reply.set_cookie_names(), [CONSENT_COOKIE]);

    let reply = send(
        &router,
        get("/", &format!("{cookie}; {CONSENT_COOKIE}={consent}")),
    )
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
        &reply.headers,
    );
}

/// The route issue 5's benchmark measures: four cookies in one response for a visitor who
/// consented to everything, in every mode.
#[tokio::test]
async fn home_sets_four_cookies_for_a_visitor_who_accepted_everything() {
    let consent = consent_cookie_pair(CategorySet::ALL).unwrap();
    for mode in MODES {
        let router = app(mode).unwrap();
        let reply = send(&router, get("/", &consent)).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            reply.set_cookies().len() >= 4,
            "{mode}: {:?}",
            reply.set_cookie_names()
        );
    }
}

#[tokio::test]
async fn reject_all_sets_no_optional_cookie_and_hides_the_banner() {
    let router = enforcing();
    let token = csrf_token(&router).await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let reply = send(
        &router,
        post(
            "/consent",
            &cookie,
            &format!("csrf={token}&back=%2F&choice=reject_all"),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let consent = reply.cookie_value(CONSENT_COOKIE).unwrap();
    assert!(consent.starts_with("2.-."), "{consent}");
    for path in ["/", "/cookies", "/cookies/preferences", "/login"] {
        let reply = send(
            &router,
            get(path, &format!("{cookie}; {CONSENT_COOKIE}={consent}")),
        )
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

#[tokio::test]
async fn saving_ticked_categories_records_exactly_them() {
    let router = enforcing();
    let token = csrf_token(&router).await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save&statistics=on");
    let reply = send(&router, post("/consent", &cookie, &form)).await;
    assert_eq!(reply.location(), "/cookies/preferences");
    let consent = reply.cookie_value(CONSENT_COOKIE).unwrap();
    assert!(consent.starts_with("2.s."), "{consent}");
    let reply = send(
        &router,
        get(
            "/cookies/preferences",
            &format!("{cookie}; {CONSENT_COOKIE}={consent}"),
        ),
    )
    .await;
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

#[tokio::test]
async fn withdrawing_statistics_deletes_the_analytics_cookies() {
    let router = enforcing();
    let token = csrf_token(&router).await;
    let granted = consent_cookie_pair(CategorySet::NONE.with(Category::Statistics)).unwrap();
    let carried = format!(
        "{CSRF_COOKIE}={token}; {granted}; _pk_id=0123456789abcdef0123456789abcdef; _pk_ses=1"
    );

    // The withdrawal itself: the 303 records the new choice and, in the same response, deletes
    // the cookies it withdraws (the layer judges a response by the consent it sets).
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save");
    let reply = send(&router, post("/consent", &carried, &form)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let consent = reply.cookie_value(CONSENT_COOKIE).unwrap();
    assert!(consent.starts_with("2.-."), "{consent}");
    // The withdrawal is recorded under the browser's consent ID, the one of the grant.
    let id = |value: &str| value.rsplit('.').next().unwrap().to_string();
    assert_eq!(id(&consent), id(&granted), "{consent} after {granted}");
    let removals: Vec<String> = reply
        .set_cookies()
        .into_iter()
        .filter(|(name, _)| name.starts_with("_pk"))
        .map(|(_, text)| text)
        .collect();
    assert_eq!(removals.len(), 2, "{removals:?}");
    for removal in &removals {
        assert!(
            removal.contains("Max-Age=0") && removal.contains("Path=/"),
            "{removal}"
        );
        assert!(removal.contains("HttpOnly"), "{removal}");
    }

    // A browser that kept them anyway (or a request sent before the 303 arrived) gets the
    // removals again on the page it is sent back to.
    let after = carried.replace(&granted, &format!("{CONSENT_COOKIE}={consent}"));
    let reply = send(&router, get("/cookies/preferences", &after)).await;
    assert_eq!(
        reply
            .set_cookie_names()
            .iter()
            .filter(|n| n.starts_with("_pk"))
            .count(),
        2
    );

    // Without the layer, nothing deletes them: the layer is what makes withdrawal effective.
    let off = app(Enforcement::Off).unwrap();
    let reply = send(&off, get("/cookies/preferences", &after)).await;
    assert!(
        reply
            .set_cookie_names()
            .iter()
            .all(|n| !n.starts_with("_pk"))
    );
}

#[tokio::test]
async fn forms_without_the_csrf_token_are_refused() {
    let router = enforcing();
    let token = csrf_token(&router).await;
    for (path, form) in [
        ("/consent", "choice=accept_all"),
        ("/login", "username=ann"),
        ("/logout", ""),
    ] {
        let wrong = format!("csrf=ffffffffffffffffffffffffffffffff&{form}");
        let reply = send(
            &router,
            post(path, &format!("{CSRF_COOKIE}={token}"), &wrong),
        )
        .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            reply.cookie_value(CONSENT_COOKIE).is_none()
                && reply.cookie_value("sessionid").is_none()
        );
        let reply = send(&router, post(path, "", &format!("csrf={token}&{form}"))).await;
        assert_eq!(
            reply.status,
            StatusCode::FORBIDDEN,
            "{path} without the cookie"
        );
    }
}

#[tokio::test]
async fn login_sets_an_http_only_session_and_logout_deletes_it() {
    let router = enforcing();
    let token = csrf_token(&router).await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let reply = send(
        &router,
        post(
            "/login",
            &cookie,
            &format!("csrf={token}&username=Ann+%3Cb%3E&password=x"),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let (_, session) = reply
        .set_cookies()
        .into_iter()
        .find(|(n, _)| n == "sessionid")
        .expect("sessionid");
    assert!(
        session.contains("HttpOnly") && session.contains("Max-Age=1209600"),
        "{session}"
    );
    let id = reply.cookie_value("sessionid").unwrap();
    let reply = send(&router, get("/", &format!("{cookie}; sessionid={id}"))).await;
    assert!(
        reply.body.contains("<strong>Ann &lt;b&gt;</strong>"),
        "escaped user name"
    );
    let reply = send(
        &router,
        post(
            "/logout",
            &format!("{cookie}; sessionid={id}"),
            &format!("csrf={token}"),
        ),
    )
    .await;
    let (_, removal) = reply
        .set_cookies()
        .into_iter()
        .find(|(n, _)| n == "sessionid")
        .unwrap();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    let reply = send(
        &router,
        post("/login", &cookie, &format!("csrf={token}&username=+")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_language_switch_sets_django_language_and_goes_back() {
    let router = enforcing();
    let reply = send(&router, get("/lang/fr?back=%2Fcookies%3Flang%3Dfr", "")).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/cookies?lang=fr");
    assert_eq!(reply.cookie_value("django_language").as_deref(), Some("fr"));
    let reply = send(&router, get("/", "django_language=fr")).await;
    assert!(reply.body.contains("<html lang=\"fr\">"));
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/%5Cevil.example",
    ] {
        let reply = send(
            &router,
            get(&format!("/lang/en?back={}", evil.replace('/', "%2F")), ""),
        )
        .await;
        assert_eq!(reply.location(), "/", "{evil}");
    }
    assert_eq!(
        send(&router, get("/lang/de", "")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_policy_page_speaks_the_visitors_language() {
    let router = enforcing();
    let cases: [(&str, &str, &str); 7] = [
        ("/cookies?lang=fr", "", "fr"),
        ("/cookies?lang=en", "fr", "en"),
        ("/cookies", "fr-CH, fr;q=0.9, en;q=0.8", "fr"),
        ("/cookies", "de, en;q=0.1, fr;q=0.5", "fr"),
        ("/cookies", "fr;q=0, en", "en"),
        ("/cookies", "de", "en"),
        ("/cookies?lang=zz", "", "en"),
    ];
    for (uri, accept, lang) in cases {
        let mut request = Request::get(uri);
        if !accept.is_empty() {
            request = request.header(ACCEPT_LANGUAGE, accept);
        }
        let reply = send(&router, request.body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            reply.body.contains(&format!("<html lang=\"{lang}\">")),
            "{uri} {accept}: not {lang}"
        );
    }
    let reply = send(&router, get("/cookies?lang=fr", "")).await;
    for text in [
        "Nom du prestataire",
        "_pk_id",
        "_pk_ses",
        "VISITOR_INFO1_LIVE",
        "sessionid",
        CSRF_COOKIE,
        "django_language",
        CONSENT_COOKIE,
        "Mesure d&#39;audience (toutes les pages)",
    ] {
        assert!(reply.body.contains(text), "missing {text}");
    }
    // The site's chrome is around the rendered page: header, banner, footer, one <h1>.
    assert!(
        reply.body.contains("class=\"site-header\"")
            && reply.body.contains("class=\"site-footer\"")
    );
    assert!(reply.body.contains("<main id=\"content\">"));
    assert_eq!(reply.body.matches("<h1").count(), 1);
}

/// A `Cookie` header, however broken, never turns into an error response.
#[tokio::test]
async fn malformed_cookie_headers_never_fail_a_request() {
    let long = format!(
        "{CONSENT_COOKIE}={}; _pk_id={}",
        "1".repeat(10_000),
        "a".repeat(20_000)
    );
    let valid = consent_cookie_pair(CategorySet::ALL).unwrap();
    let garbage: Vec<Vec<u8>> = vec![
        b"\xff\xfe\xfd=\x80\x81; __Host-csrftoken=\xc3\x28".to_vec(),
        long.into_bytes(),
        b";;;=;=;==;  ;".to_vec(),
        b"__Host-cookies_preferences=1.sm.99999999999999.zzzz".to_vec(),
        b"__Host-cookies_preferences=\"1.sm.0.0\"; __Host-cookies_preferences=2.s.1.1".to_vec(),
        b"__Host-csrftoken; sessionid; _pk_id".to_vec(),
        b"django_language=xx-\xe9; sessionid==== ".to_vec(),
        format!("{valid}; {valid}x; _pk_id=\t").into_bytes(),
        "django_language=fr; _pk_id=é".as_bytes().to_vec(),
    ];
    for mode in MODES {
        let router = app(mode).unwrap();
        for value in &garbage {
            for path in ["/", "/cookies", "/cookies/preferences", "/login"] {
                let mut request = get(path, "");
                let header = HeaderValue::from_bytes(value).expect("a header value (no CR/LF/NUL)");
                request.headers_mut().append(COOKIE, header);
                request
                    .headers_mut()
                    .append(COOKIE, HeaderValue::from_static("a=b"));
                let reply = send(&router, request).await;
                assert_eq!(
                    reply.status,
                    StatusCode::OK,
                    "{mode} {path} {:?}",
                    String::from_utf8_lossy(value)
                );
            }
            let request = post("/consent", "", "choice=accept_all");
            let mut request = request;
            request
                .headers_mut()
                .append(COOKIE, HeaderValue::from_bytes(value).unwrap());
            let reply = send(&router, request).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{mode} /consent");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Keeping the consent endpoint safe: forged posts, framing, and cookies the site did not write.
// ---------------------------------------------------------------------------------------------

/// A visitor who rejected everything and is signed in: their `Cookie` header and CSRF token.
async fn signed_in_visitor_who_rejected_all(router: &Router) -> (String, String) {
    let token = csrf_token(router).await;
    let rejected = consent_cookie_pair(CategorySet::NONE).unwrap();
    let cookie = format!("{CSRF_COOKIE}={token}; {rejected}");
    let reply = send(
        router,
        post("/login", &cookie, &format!("csrf={token}&username=ann")),
    )
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
async fn assert_refused(router: &Router, reply: &Reply, cookie: &str, what: &str) {
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "{what}");
    assert!(
        reply.body.contains("<h1>") && reply.headers[CONTENT_TYPE] == "text/html; charset=utf-8",
        "{what}: a page"
    );
    for name in [CONSENT_COOKIE, "sessionid"] {
        assert_eq!(reply.cookie_value(name), None, "{what}: sets {name}");
    }
    let home = send(router, get("/", cookie)).await;
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
#[tokio::test]
async fn a_cross_site_post_is_refused_even_with_the_right_token() {
    for mode in MODES {
        let router = app(mode).unwrap();
        let (cookie, token) = signed_in_visitor_who_rejected_all(&router).await;
        for (path, form) in forms(&token) {
            let reply = send(
                &router,
                post_from(
                    path,
                    cookie.as_bytes(),
                    &form,
                    &[
                        ("sec-fetch-site", "cross-site"),
                        ("origin", "http://evil.example"),
                    ],
                ),
            )
            .await;
            assert_refused(&router, &reply, &cookie, &format!("{mode} {path}")).await;
            assert!(
                reply.body.contains("This form did not come from this site"),
                "{mode} {path}: {}",
                reply.body
            );
        }
    }
}

/// An `Origin` that is not the site's own is refused, whatever `Sec-Fetch-Site` says: other
/// hosts, another port of the same host (same site, other origin: cookies do not isolate
/// ports), another scheme, and the opaque `null` of sandboxed frames and `data:` pages.
#[tokio::test]
async fn a_post_with_a_wrong_origin_is_refused() {
    let router = enforcing();
    let (cookie, token) = signed_in_visitor_who_rejected_all(&router).await;
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
                let reply = send(&router, post_from(path, cookie.as_bytes(), &form, &from)).await;
                assert_refused(&router, &reply, &cookie, &format!("{path} {from:?}")).await;
            }
        }
    }
}

/// A same-site attacker (a sibling subdomain, or another port of the same host) plants a token
/// it knows, with a narrower path so that the browser sends it first: `csrftoken=…;
/// Path=/consent`, or a second token cookie. The request then carries two tokens, and which one
/// the site wrote cannot be told: refused, even with headers that pass the origin check.
#[tokio::test]
async fn a_planted_token_is_refused() {
    let router = enforcing();
    let real = csrf_token(&router).await;
    let planted = "0123456789abcdef0123456789abcdef";
    let accept = |token: &str| format!("csrf={token}&back=%2F&choice=accept_all");

    // The site's own token alone: accepted.
    let reply = send(
        &router,
        post("/consent", &format!("{CSRF_COOKIE}={real}"), &accept(&real)),
    )
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
            let reply = send(&router, post("/consent", &cookie, &accept(token))).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{cookie} / {token}");
            assert_eq!(reply.cookie_value(CONSENT_COOKIE), None, "{cookie}");
        }
    }
    // Split over two headers (HTTP/2 sends one per cookie): still two tokens.
    let mut request = post("/consent", &format!("{CSRF_COOKIE}={real}"), &accept(&real));
    request.headers_mut().append(
        COOKIE,
        HeaderValue::from_str(&format!("{CSRF_COOKIE}={planted}")).unwrap(),
    );
    assert_eq!(send(&router, request).await.status, StatusCode::FORBIDDEN);

    // The old, unprefixed name is not the token: planting it does nothing.
    let reply = send(
        &router,
        post(
            "/consent",
            &format!("csrftoken={planted}; {CSRF_COOKIE}={real}"),
            &accept(planted),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = send(
        &router,
        post(
            "/consent",
            &format!("csrftoken={planted}; {CSRF_COOKIE}={real}"),
            &accept(&real),
        ),
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
}

/// The decision table of `src/csrf.rs`: `Sec-Fetch-Site` and `Origin` as browsers send them
/// from the site's own pages are accepted (303); a request with neither, or with either sent
/// twice, or a `Sec-Fetch-Site` other than `same-origin`, is refused (403).
#[tokio::test]
async fn the_provenance_headers_follow_the_decision_table() {
    let router = enforcing();
    let token = csrf_token(&router).await;
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
        let reply = send(
            &router,
            post_from("/consent", cookie.as_bytes(), &form, from),
        )
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
        let mut request = post_from(
            "/consent",
            cookie.as_bytes(),
            &form,
            &[("sec-fetch-site", "same-origin"), ("origin", origin)],
        );
        request
            .headers_mut()
            .insert("host", HeaderValue::from_static(host));
        assert_eq!(
            send(&router, request).await.status,
            StatusCode::SEE_OTHER,
            "{host}"
        );
    }
    // A body that is not a form at all (`enctype="text/plain"`) from another site: refused
    // before the body is read, with the site's 403 page.
    let mut request = post_from(
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
    let reply = send(&router, request).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(reply.body.contains("<h1>"));
}

/// The two cookies the consent endpoint relies on, the CSRF token and the consent itself, are
/// `__Host-` cookies: `Secure`, `Path=/`, no `Domain`, so that no other host can write them;
/// declared so, and sent so.
#[tokio::test]
async fn the_token_and_consent_cookies_are_host_prefixed() {
    let registry = Registry::global().unwrap();
    for name in [CSRF_COOKIE, CONSENT_COOKIE] {
        let attributes = registry.find(name).expect("declared").attributes();
        assert!(attributes.secure() && attributes.path() == "/" && attributes.domain().is_none());
    }
    for old in ["csrftoken", "cookies_preferences"] {
        assert!(registry.find(old).is_none(), "{old}");
    }
    let router = enforcing();
    let token = csrf_token(&router).await;
    let consent = send(
        &router,
        post(
            "/consent",
            &format!("{CSRF_COOKIE}={token}"),
            &format!("csrf={token}&choice=reject_all"),
        ),
    )
    .await;
    let mut sent = vec![consent];
    for path in ["/", "/login", "/cookies/preferences"] {
        sent.push(send(&router, get(path, "")).await);
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

/// A choice written for the visitor by another host of the same site (a sibling subdomain's
/// `Domain=` cookie cannot carry the `__Host-` prefix) is not their consent: a visitor who has
/// not chosen still sees the banner and gets no optional cookie.
#[tokio::test]
async fn a_consent_cookie_planted_by_another_host_is_not_consent() {
    let everything = consent_cookie_pair(CategorySet::ALL).unwrap();
    let (_, value) = everything.split_once('=').unwrap();
    let planted = format!("cookies_preferences={value}");
    for mode in MODES {
        let reply = send(&app(mode).unwrap(), get("/", &planted)).await;
        assert!(reply.body.contains("id=\"cookie-banner\""), "{mode}");
        assert!(
            reply
                .set_cookie_names()
                .iter()
                .all(|n| !n.starts_with("_pk")),
            "{mode}"
        );
    }
}

/// Every response, of every kind and in every mode, carries the four security headers.
#[tokio::test]
async fn every_response_carries_the_security_headers() {
    const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
                       form-action 'self'; frame-ancestors 'none'; base-uri 'none'; \
                       object-src 'none'";
    for mode in MODES {
        let router = app(mode).unwrap();
        let token = csrf_token(&router).await;
        let cookie = format!("{CSRF_COOKIE}={token}");
        let consent = format!("csrf={token}&back=%2F&choice=accept_all");
        let mut wrong_type = post("/consent", &cookie, &consent);
        wrong_type
            .headers_mut()
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let requests: Vec<(&str, Request<Body>)> = vec![
            ("home", get("/", "")),
            (
                "home, consented",
                get("/", &consent_cookie_pair(CategorySet::ALL).unwrap()),
            ),
            ("sign-in page", get("/login", "")),
            ("policy", get("/cookies?lang=fr", "")),
            ("preferences", get("/cookies/preferences", "")),
            ("404", get("/no-such-page", "")),
            ("language switch (303)", get("/lang/fr?back=%2F", "")),
            ("stylesheet", get("/static/site.css", "")),
            ("policy stylesheet", get("/static/policy.css", "")),
            ("consent (303)", post("/consent", &cookie, &consent)),
            (
                "sign-in (303)",
                post("/login", &cookie, &format!("csrf={token}&username=ann")),
            ),
            (
                "sign-in (422)",
                post("/login", &cookie, &format!("csrf={token}&username=")),
            ),
            (
                "wrong token (403)",
                post("/consent", &cookie, "csrf=0&choice=accept_all"),
            ),
            (
                "cross-site (403)",
                post_from(
                    "/consent",
                    cookie.as_bytes(),
                    &consent,
                    &[
                        ("sec-fetch-site", "cross-site"),
                        ("origin", "http://evil.example"),
                    ],
                ),
            ),
            ("not a form (415)", wrong_type),
            (
                "wrong method (405)",
                Request::delete("/consent").body(Body::empty()).unwrap(),
            ),
        ];
        for (what, request) in requests {
            let reply = send(&router, request).await;
            let header = |name: &str| {
                reply
                    .headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("(missing)")
                    .to_string()
            };
            assert_eq!(header("content-security-policy"), CSP, "{mode} {what}");
            assert_eq!(header("x-frame-options"), "DENY", "{mode} {what}");
            assert_eq!(header("referrer-policy"), "same-origin", "{mode} {what}");
            assert_eq!(header("x-content-type-options"), "nosniff", "{mode} {what}");
            // What the policy allows is all the pages need: no script, no inline style.
            if header("content-type").starts_with("text/html") {
                for forbidden in ["<script", "<style", " style=", "javascript:", "<iframe"] {
                    assert!(
                        !reply.body.contains(forbidden),
                        "{mode} {what}: {forbidden}"
                    );
                }
            }
        }
    }
}

/// The pages' stylesheets, which the policy's `style-src 'self'` lets load: served as CSS, the
/// policy page's own rules (moved out of its inline `<style>`) included.
#[tokio::test]
async fn the_stylesheets_are_served_from_the_site() {
    let router = enforcing();
    let policy = send(&router, get("/cookies", "")).await;
    let home = send(&router, get("/", "")).await;
    for (page, sheets) in [
        (&home, &["/static/site.css"][..]),
        (&policy, &["/static/policy.css", "/static/site.css"][..]),
    ] {
        let mut at = 0;
        for sheet in sheets {
            let link = format!("<link rel=\"stylesheet\" href=\"{sheet}\">");
            let found = page.body[at..].find(&link).expect(&link) + at;
            at = found + link.len();
            let css = send(&router, get(sheet, "")).await;
            assert_eq!(css.status, StatusCode::OK, "{sheet}");
            assert_eq!(css.headers[CONTENT_TYPE], "text/css; charset=utf-8");
            assert!(
                css.body.contains('{') && css.set_cookies().is_empty(),
                "{sheet}"
            );
        }
    }
    let css = send(&router, get("/static/policy.css", "")).await;
    assert!(
        css.body.contains("table {") && !css.body.contains("<"),
        "{}",
        css.body
    );
}

/// A cookie the site did not write, with bytes that are not ASCII (`other=café`, in UTF-8 or
/// in Latin-1, or plain garbage), spoils only its own pair: every form keeps working.
#[tokio::test]
async fn a_non_ascii_cookie_breaks_no_form() {
    let foreign: [&[u8]; 3] = [
        "other=café".as_bytes(),
        b"other=caf\xe9",
        b"\xff\xfe=\x80; =; other",
    ];
    for mode in MODES {
        let router = app(mode).unwrap();
        for other in foreign {
            let what = format!("{mode} {:?}", String::from_utf8_lossy(other));
            let token = csrf_token(&router).await;
            let with = |pairs: &str| {
                // The foreign pair first and last, around the site's own cookies.
                let mut bytes = other.to_vec();
                bytes.extend_from_slice(format!("; {pairs}; ").as_bytes());
                bytes.extend_from_slice(other);
                bytes
            };
            let post_bytes =
                |uri: &str, cookie: &[u8], form: &str| post_from(uri, cookie, form, &SAME_ORIGIN);
            let token_pair = format!("{CSRF_COOKIE}={token}; django_language=fr");

            // Saving a choice (statistics).
            let reply = send(
                &router,
                post_bytes(
                    "/consent",
                    &with(&token_pair),
                    &format!("csrf={token}&back=%2F&choice=save&statistics=on"),
                ),
            )
            .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: save");
            let granted = reply.cookie_value(CONSENT_COOKIE).unwrap();
            assert!(granted.starts_with("2.s."), "{what}: {granted}");

            // The pages read it, and the language, from the same header.
            let consented = format!("{token_pair}; {CONSENT_COOKIE}={granted}");
            let mut request = get("/", "");
            request
                .headers_mut()
                .insert(COOKIE, HeaderValue::from_bytes(&with(&consented)).unwrap());
            let reply = send(&router, request).await;
            assert!(
                !reply.body.contains("id=\"cookie-banner\""),
                "{what}: banner"
            );
            assert!(
                reply.body.contains("<html lang=\"fr\">"),
                "{what}: language"
            );
            assert!(
                reply.body.contains(&format!("value=\"{token}\"")),
                "{what}: token"
            );

            // Withdrawing it, with the analytics cookies still held.
            let held = format!("{consented}; _pk_id=0123456789abcdef0123456789abcdef; _pk_ses=1");
            let reply = send(
                &router,
                post_bytes(
                    "/consent",
                    &with(&held),
                    &format!("csrf={token}&back=%2F&choice=reject_all"),
                ),
            )
            .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: withdraw");
            let refused = reply.cookie_value(CONSENT_COOKIE).unwrap();
            assert!(refused.starts_with("2.-."), "{what}: {refused}");
            // The layer deletes the withdrawn cookies in the same response: the foreign pair,
            // UTF-8 or not, spoils only itself.
            if mode == Enforcement::Enforce {
                let mut removed = reply.set_cookie_names();
                removed.retain(|name| name.starts_with("_pk"));
                assert_eq!(removed, ["_pk_id", "_pk_ses"], "{what}");
            }

            // Signing in and out.
            let reply = send(
                &router,
                post_bytes(
                    "/login",
                    &with(&token_pair),
                    &format!("csrf={token}&username=ann"),
                ),
            )
            .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: sign in");
            let session = reply.cookie_value("sessionid").expect("a session");
            let signed_in = format!("{token_pair}; sessionid={session}");
            let reply = send(
                &router,
                post_bytes("/logout", &with(&signed_in), &format!("csrf={token}")),
            )
            .await;
            assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: sign out");
            assert_eq!(
                reply.cookie_value("sessionid").as_deref(),
                Some(""),
                "{what}"
            );
            let mut request = get("/", "");
            request
                .headers_mut()
                .insert(COOKIE, HeaderValue::from_bytes(&with(&signed_in)).unwrap());
            let reply = send(&router, request).await;
            assert!(
                !reply.body.contains("<strong>ann</strong>"),
                "{what}: still signed in"
            );
        }
    }
}
