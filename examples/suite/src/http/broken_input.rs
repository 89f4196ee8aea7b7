//! Cookies the site did not write: broken `Cookie` headers never fail a request, and a pair
//! that is not UTF-8 spoils only itself, so every form keeps working.

use cookie_registry::consent::CategorySet;
use example_site::{Enforcement, consent_cookie_pair};
use http::header::COOKIE;
use http::{HeaderValue, StatusCode};

use crate::client::{CONSENT_COOKIE, CSRF_COOKIE, SAME_ORIGIN, Server};

/// A `Cookie` header, however broken, never turns into an error response.
pub(crate) async fn malformed_cookie_headers_never_fail_a_request(server: &Server) {
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
    let mode = server.mode;
    for value in &garbage {
        for path in ["/", "/cookies", "/cookies/preferences", "/login"] {
            let mut request = server.get(path, "");
            let header = HeaderValue::from_bytes(value).expect("a header value (no CR/LF/NUL)");
            request.headers_mut().append(COOKIE, header);
            request
                .headers_mut()
                .append(COOKIE, HeaderValue::from_static("a=b"));
            let reply = server.send(request).await;
            assert_eq!(
                reply.status,
                StatusCode::OK,
                "{mode} {path} {:?}",
                String::from_utf8_lossy(value)
            );
        }
        let request = server.post("/consent", "", "choice=accept_all");
        let mut request = request;
        request
            .headers_mut()
            .append(COOKIE, HeaderValue::from_bytes(value).unwrap());
        let reply = server.send(request).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{mode} /consent");
    }
}

/// A cookie the site did not write, with bytes that are not ASCII (`other=café`, in UTF-8 or
/// in Latin-1, or plain garbage), spoils only its own pair: every form keeps working.
pub(crate) async fn a_non_ascii_cookie_breaks_no_form(server: &Server) {
    let foreign: [&[u8]; 3] = [
        "other=café".as_bytes(),
        b"other=caf\xe9",
        b"\xff\xfe=\x80; =; other",
    ];
    let mode = server.mode;
    for other in foreign {
        let what = format!("{mode} {:?}", String::from_utf8_lossy(other));
        let token = server.csrf_token().await;
        let with = |pairs: &str| {
            // The foreign pair first and last, around the site's own cookies.
            let mut bytes = other.to_vec();
            bytes.extend_from_slice(format!("; {pairs}; ").as_bytes());
            bytes.extend_from_slice(other);
            bytes
        };
        let post_bytes = |uri: &str, cookie: &[u8], form: &str| {
            server.post_from(uri, cookie, form, &SAME_ORIGIN)
        };
        let token_pair = format!("{CSRF_COOKIE}={token}; django_language=fr");

        // Saving a choice (statistics).
        let reply = server
            .send(post_bytes(
                "/consent",
                &with(&token_pair),
                &format!("csrf={token}&back=%2F&choice=save&statistics=on"),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: save");
        let granted = reply.cookie_value(CONSENT_COOKIE).unwrap();
        assert!(granted.starts_with("2.s."), "{what}: {granted}");

        // The pages read it, and the language, from the same header.
        let consented = format!("{token_pair}; {CONSENT_COOKIE}={granted}");
        let mut request = server.get("/", "");
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_bytes(&with(&consented)).unwrap());
        let reply = server.send(request).await;
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
        let reply = server
            .send(post_bytes(
                "/consent",
                &with(&held),
                &format!("csrf={token}&back=%2F&choice=reject_all"),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: withdraw");
        let refused = reply.cookie_value(CONSENT_COOKIE).unwrap();
        assert!(refused.starts_with("2.-."), "{what}: {refused}");
        // The enforcer deletes the withdrawn cookies in the same response: the foreign pair,
        // UTF-8 or not, spoils only itself.
        if mode == Enforcement::Enforce {
            let mut removed = reply.set_cookie_names();
            removed.retain(|name| name.starts_with("_pk"));
            assert_eq!(removed, ["_pk_id", "_pk_ses"], "{what}");
        }

        // Signing in and out.
        let reply = server
            .send(post_bytes(
                "/login",
                &with(&token_pair),
                &format!("csrf={token}&username=ann"),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: sign in");
        let session = reply.cookie_value("sessionid").expect("a session");
        let signed_in = format!("{token_pair}; sessionid={session}");
        let reply = server
            .send(post_bytes(
                "/logout",
                &with(&signed_in),
                &format!("csrf={token}"),
            ))
            .await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}: sign out");
        assert_eq!(
            reply.cookie_value("sessionid").as_deref(),
            Some(""),
            "{what}"
        );
        let mut request = server.get("/", "");
        request
            .headers_mut()
            .insert(COOKIE, HeaderValue::from_bytes(&with(&signed_in)).unwrap());
        let reply = server.send(request).await;
        assert!(
            !reply.body.contains("<strong>ann</strong>"),
            "{what}: still signed in"
        );
    }
}
