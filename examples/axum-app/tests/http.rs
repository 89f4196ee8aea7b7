//! The site over HTTP, without a browser: every request goes through the router with
//! `tower::ServiceExt::oneshot`, cookie policy layer included.

use axum::Router;
use axum::body::Body;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Request, StatusCode};
use cookie_registry::enforce::{Categories, ConsentState};
use cookie_registry::middleware::assert_cookies_allowed;
use cookie_registry::{Category, Registry};
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

fn post(uri: &str, cookie: &str, form: &str) -> Request<Body> {
    Request::post(uri)
        .header(COOKIE, cookie)
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .expect("request")
}

fn enforcing() -> Router {
    app(Enforcement::Enforce).expect("app")
}

/// A CSRF token the site issued, from a first visit.
async fn csrf_token(router: &Router) -> String {
    send(router, get("/", ""))
        .await
        .cookie_value("csrftoken")
        .expect("the home page sets csrftoken")
}

fn consent_of(categories: Categories) -> ConsentState {
    ConsentState::given(categories, 0, Registry::global().unwrap().revision())
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
                    ["csrftoken", "django_language"].contains(&name.as_str()),
                    "{mode} {path}: sets {name}"
                );
            }
            assert!(
                reply.set_cookie_names().contains(&"csrftoken".to_string()),
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
    let cookie = format!("csrftoken={token}");
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
        .cookie_value("cookies_preferences")
        .expect("the consent cookie");
    assert!(consent.starts_with("1.sm."), "{consent}");
    assert_eq!(reply.set_cookie_names(), ["cookies_preferences"]);

    let reply = send(
        &router,
        get("/", &format!("{cookie}; cookies_preferences={consent}")),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.body.contains("id=\"cookie-banner\""));
    let mut names = reply.set_cookie_names();
    names.sort();
    assert_eq!(names, ["_pk_id", "_pk_ses", "csrftoken", "django_language"]);
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
        &consent_of(Categories::ALL),
        &reply.headers,
    );
}

/// The route issue 5's benchmark measures: four cookies in one response for a visitor who
/// consented to everything, in every mode.
#[tokio::test]
async fn home_sets_four_cookies_for_a_visitor_who_accepted_everything() {
    let consent = consent_cookie_pair(Categories::ALL).unwrap();
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
    let cookie = format!("csrftoken={token}");
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
    let consent = reply.cookie_value("cookies_preferences").unwrap();
    assert!(consent.starts_with("1.-."), "{consent}");
    for path in ["/", "/cookies", "/cookies/preferences", "/login"] {
        let reply = send(
            &router,
            get(path, &format!("{cookie}; cookies_preferences={consent}")),
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
    let cookie = format!("csrftoken={token}");
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save&statistics=on");
    let reply = send(&router, post("/consent", &cookie, &form)).await;
    assert_eq!(reply.location(), "/cookies/preferences");
    let consent = reply.cookie_value("cookies_preferences").unwrap();
    assert!(consent.starts_with("1.s."), "{consent}");
    let reply = send(
        &router,
        get(
            "/cookies/preferences",
            &format!("{cookie}; cookies_preferences={consent}"),
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
    let granted = consent_cookie_pair(Categories::NONE.with(Category::Statistics)).unwrap();
    let carried =
        format!("csrftoken={token}; {granted}; _pk_id=0123456789abcdef0123456789abcdef; _pk_ses=1");

    // The withdrawal itself: the response records the new choice...
    let form = format!("csrf={token}&back=%2Fcookies%2Fpreferences&choice=save");
    let reply = send(&router, post("/consent", &carried, &form)).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    let consent = reply.cookie_value("cookies_preferences").unwrap();
    assert!(consent.starts_with("1.-."), "{consent}");
    // ...and already deletes the withdrawn cookies, or leaves that to the next request.
    let deleted_at_once = reply.set_cookie_names().iter().any(|n| n == "_pk_id");

    // The page it redirects to: the request shows the withdrawal and still carries the cookies.
    let after = carried.replace(&granted, &format!("cookies_preferences={consent}"));
    let reply = send(&router, get("/cookies/preferences", &after)).await;
    let removals: Vec<String> = reply
        .set_cookies()
        .into_iter()
        .filter(|(name, _)| name.starts_with("_pk"))
        .map(|(_, text)| text)
        .collect();
    if !deleted_at_once {
        assert_eq!(removals.len(), 2, "{removals:?}");
    }
    for removal in &removals {
        assert!(
            removal.contains("Max-Age=0") && removal.contains("Path=/"),
            "{removal}"
        );
        assert!(removal.contains("HttpOnly"), "{removal}");
    }

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
        let reply = send(&router, post(path, &format!("csrftoken={token}"), &wrong)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
        assert!(
            reply.cookie_value("cookies_preferences").is_none()
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
    let cookie = format!("csrftoken={token}");
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
        "csrftoken",
        "django_language",
        "cookies_preferences",
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
        "cookies_preferences={}; _pk_id={}",
        "1".repeat(10_000),
        "a".repeat(20_000)
    );
    let valid = consent_cookie_pair(Categories::ALL).unwrap();
    let garbage: Vec<Vec<u8>> = vec![
        b"\xff\xfe\xfd=\x80\x81; csrftoken=\xc3\x28".to_vec(),
        long.into_bytes(),
        b";;;=;=;==;  ;".to_vec(),
        b"cookies_preferences=1.sm.99999999999999.zzzz".to_vec(),
        b"cookies_preferences=\"1.sm.0.0\"; cookies_preferences=2.s.1.1".to_vec(),
        b"csrftoken; sessionid; _pk_id".to_vec(),
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
