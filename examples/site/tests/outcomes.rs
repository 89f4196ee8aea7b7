//! What every handler's `Outcome` promises a glue, checked without any server: lowercase header
//! names and values any framework's header type takes, for every route, including the ones a
//! visitor's input reaches (`?back=`, `/lang/{code}`, the forms).

use example_site::forms::{ConsentForm, LoginForm, LogoutForm};
use example_site::video_host::VideoHost;
use example_site::{Enforcement, Outcome, RequestHead, Site};

fn assert_sendable(what: &str, outcome: &Outcome) {
    for (name, value) in &outcome.headers {
        assert!(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
            "{what}: header name {name:?}"
        );
        assert!(
            value.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
            "{what}: {name}: {value:?}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn every_outcome_is_sendable_by_any_framework() {
    let dir = std::env::temp_dir().join(format!("example-site-outcomes-{}", std::process::id()));
    let log = example_site::consent_log::open(&dir.join("consent-log.sqlite3"))
        .await
        .unwrap();
    let site = Site::new(Enforcement::Enforce)
        .unwrap()
        .with_video_host(VideoHost::on_port(4001))
        .with_consent_log(log);
    let plain = site.visit(&RequestHead::new("/"));
    let hostile = site.visit(
        &RequestHead::new("/lang/fr?back=%2Fcaf%C3%A9%20x%0A")
            .header("cookie", b"django_language=\xff; _pk_id=\x80")
            .header("accept-language", b"fr;q=\xff"),
    );
    let posted = |target: &str| {
        site.visit(
            &RequestHead::new(target)
                .header("sec-fetch-site", b"same-origin")
                .header(
                    "cookie",
                    b"__Host-csrftoken=0123456789abcdef0123456789abcdef",
                ),
        )
    };
    let token = "0123456789abcdef0123456789abcdef".to_string();
    let outcomes = [
        ("home", site.home(&plain)),
        ("login page", site.login_page(&hostile)),
        ("policy", site.policy(&hostile)),
        ("preferences", site.preferences(&plain)),
        ("language", site.set_language(&hostile, "fr")),
        ("unknown language", site.set_language(&plain, "de")),
        ("site.css", site.site_css()),
        ("policy.css", site.policy_css()),
        ("policy.json", site.policy_json(&hostile)),
        ("analytics.js", site.analytics_js()),
        ("forget-analytics.js", site.forget_analytics_js()),
        ("not found", site.not_found(&hostile)),
        (
            "consent",
            site.save_consent(
                &posted("/consent"),
                ConsentForm {
                    csrf: token.clone(),
                    back: "/ü x".into(),
                    choice: "accept_all".into(),
                    ..ConsentForm::default()
                },
            )
            .await,
        ),
        (
            "login",
            site.login(
                &posted("/login"),
                LoginForm {
                    csrf: token.clone(),
                    username: "ann".into(),
                },
            ),
        ),
        (
            "logout",
            site.logout(&posted("/logout"), LogoutForm { csrf: token }),
        ),
        ("refused", site.logout(&plain, LogoutForm::default())),
        ("no records", site.consent_records(&hostile).await),
    ];
    for (what, outcome) in &outcomes {
        assert_sendable(what, outcome);
    }
    let host = VideoHost::on_port(4001);
    for path in [
        "/embed/portal-tour",
        "/player.js",
        "/player.css",
        "/embed/x\u{0}",
    ] {
        assert_sendable(path, &host.respond(path));
    }
    for path in ["/", "/cookies", "/\u{7f}"] {
        for (name, value) in site.security_headers(path) {
            assert_sendable(
                path,
                &Outcome {
                    status: 200,
                    headers: vec![(name, value.clone())],
                    body: Default::default(),
                },
            );
        }
    }
    let status = |what: &str| outcomes.iter().find(|(w, _)| *w == what).unwrap().1.status;
    assert_eq!(
        [
            status("consent"),
            status("login"),
            status("logout"),
            status("refused")
        ],
        [303, 303, 303, 403]
    );
    // A path back with a control character is not a path of this site: home instead.
    assert_eq!(outcomes[4].1.header("location"), Some("/"));
    // One that is not ASCII is sent percent-encoded, not dropped; a saved choice is confirmed.
    assert_eq!(
        outcomes[12].1.header("location"),
        Some("/%C3%BC%20x?consent=saved")
    );
    let cafe = site.visit(&RequestHead::new("/lang/en?back=%2Fcaf%C3%A9%20x"));
    let back = site.set_language(&cafe, "en");
    assert_eq!(back.header("location"), Some("/caf%C3%A9%20x"));

    // The choice saved above, downloaded with the consent cookie it set.
    let consent = outcomes[12].1.set_cookies().next().unwrap();
    let pair = consent.split(';').next().unwrap();
    let visit =
        site.visit(&RequestHead::new("/consent/records.json").header("cookie", pair.as_bytes()));
    let records = site.consent_records(&visit).await;
    assert_sendable("records", &records);
    assert_eq!(records.status, 200);
    let id = visit.consent().consent_id().unwrap().to_string();
    let body = std::str::from_utf8(&records.body).unwrap();
    assert!(
        body.contains(&id) && body.contains("\"banner_form\""),
        "{body}"
    );
    assert_eq!(outcomes.last().unwrap().1.status, 404);
    std::fs::remove_dir_all(&dir).unwrap();
}
