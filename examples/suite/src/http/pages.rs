//! The pages: every route and its status, the banner on a first visit, signing in and out, the
//! language switch and `Accept-Language`, the policy in English and French, the stylesheets.

use cookie_registry::Registry;
use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::assert_cookies_allowed;
use http::header::{ACCEPT_LANGUAGE, CONTENT_TYPE};
use http::{Method, StatusCode};
use http_body_util::Full;

use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, Server};

/// Every page of a first visit answers with its status, shows the banner (both quick buttons,
/// nothing ticked but the disabled "necessary" box, the preferences link in the footer), sets
/// the CSRF token its forms carry and nothing but necessary cookies, all as declared.
pub(crate) async fn first_visit_shows_the_banner_and_sets_only_necessary_cookies(server: &Server) {
    let mode = server.mode;
    for path in [
        "/",
        "/login",
        "/cookies",
        "/cookies/preferences",
        "/no-such-page",
    ] {
        let reply = server.send(server.get(path, "")).await;
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
            reply.set_cookie_bytes(),
        );
    }
}

/// Signing in sets an HttpOnly `sessionid` of the declared lifetime and shows the (escaped)
/// name; signing out deletes it; an empty name gets the form again (`422`).
pub(crate) async fn login_sets_an_http_only_session_and_logout_deletes_it(server: &Server) {
    let token = server.csrf_token().await;
    let cookie = format!("{CSRF_COOKIE}={token}");
    let reply = server
        .send(server.post(
            "/login",
            &cookie,
            &format!("csrf={token}&username=Ann+%3Cb%3E&password=x"),
        ))
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
    let reply = server
        .send(server.get("/", &format!("{cookie}; sessionid={id}")))
        .await;
    assert!(
        reply.body.contains("<strong>Ann &lt;b&gt;</strong>"),
        "escaped user name"
    );
    let reply = server
        .send(server.post(
            "/logout",
            &format!("{cookie}; sessionid={id}"),
            &format!("csrf={token}"),
        ))
        .await;
    let (_, removal) = reply
        .set_cookies()
        .into_iter()
        .find(|(n, _)| n == "sessionid")
        .unwrap();
    assert!(removal.contains("Max-Age=0"), "{removal}");
    let reply = server
        .send(server.post("/login", &cookie, &format!("csrf={token}&username=+")))
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// `/lang/fr` sets `django_language` and goes back, only ever to a path of this site; the pages
/// then speak French; an unknown language is the `404` page.
pub(crate) async fn the_language_switch_sets_django_language_and_goes_back(server: &Server) {
    let reply = server
        .send(server.get("/lang/fr?back=%2Fcookies%3Flang%3Dfr", ""))
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    assert_eq!(reply.location(), "/cookies?lang=fr");
    assert_eq!(reply.cookie_value("django_language").as_deref(), Some("fr"));
    let reply = server.send(server.get("/", "django_language=fr")).await;
    assert!(reply.body.contains("<html lang=\"fr\">"));
    for evil in [
        "//evil.example/",
        "https://evil.example/",
        "/%5Cevil.example",
    ] {
        let reply = server
            .send(server.get(&format!("/lang/en?back={}", evil.replace('/', "%2F")), ""))
            .await;
        assert_eq!(reply.location(), "/", "{evil}");
    }
    assert_eq!(
        server.send(server.get("/lang/de", "")).await.status,
        StatusCode::NOT_FOUND
    );
}

/// `/cookies` speaks `?lang=`, else the language cookie, else `Accept-Language` (q-values
/// honoured), else English; in French it lists every declared cookie with its French texts,
/// inside the site's header, banner and footer.
pub(crate) async fn the_policy_page_speaks_the_visitors_language(server: &Server) {
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
        let mut request = server.request(Method::GET, uri);
        if !accept.is_empty() {
            request = request.header(ACCEPT_LANGUAGE, accept);
        }
        let reply = server.send(request.body(Full::default()).unwrap()).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            reply.body.contains(&format!("<html lang=\"{lang}\">")),
            "{uri} {accept}: not {lang}"
        );
    }
    let reply = server.send(server.get("/cookies?lang=fr", "")).await;
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

/// The pages' stylesheets, which the policy's `style-src 'self'` lets load: served as CSS, the
/// policy page's own rules (moved out of its inline `<style>`) included.
pub(crate) async fn the_stylesheets_are_served_from_the_site(server: &Server) {
    let policy = server.send(server.get("/cookies", "")).await;
    let home = server.send(server.get("/", "")).await;
    for (page, sheets) in [
        (&home, &["/static/site.css"][..]),
        (&policy, &["/static/policy.css", "/static/site.css"][..]),
    ] {
        let mut at = 0;
        for sheet in sheets {
            let link = format!("<link rel=\"stylesheet\" href=\"{sheet}\">");
            let found = page.body[at..].find(&link).expect(&link) + at;
            at = found + link.len();
            let css = server.send(server.get(sheet, "")).await;
            assert_eq!(css.status, StatusCode::OK, "{sheet}");
            assert_eq!(css.headers[CONTENT_TYPE], "text/css; charset=utf-8");
            assert!(
                css.body.contains('{') && css.set_cookies().is_empty(),
                "{sheet}"
            );
        }
    }
    let css = server.send(server.get("/static/policy.css", "")).await;
    assert!(
        css.body.contains("table {") && !css.body.contains("<"),
        "{}",
        css.body
    );
}
