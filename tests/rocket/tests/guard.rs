//! The visitor's consent as a request guard: read from the `Cookie` header or from the local
//! client's jar, the same for the handler and the fairing, across a tracked client's visit;
//! without the fairing, through a managed `Enforcer`; with neither, no launch.

use cookie_registry::consent::{CategorySet, ConsentState, Statistics};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Enforcer, Mode};
use rocket::error::ErrorKind;
use rocket::http::{CookieJar, Header, Status};
use rocket::local::asynchronous::Client;
use rocket::{Request, State, catch, catchers, get, post, routes};
use test_rocket::{consent_cookie, consent_pair, fairing, registry, rocket};

/// `_pk_id` built from its declaration, with the proof of consent.
fn analytics(consent: ConsentState) -> Option<rocket::http::Cookie<'static>> {
    let granted = consent.granted::<Statistics>().ok()?;
    let declaration = registry().find(test_rocket::ANALYTICS).unwrap();
    Some(declaration.cookie("visitor", granted).unwrap().build())
}

#[get("/")]
fn page(consent: ConsentState, jar: &CookieJar<'_>) -> String {
    if let Some(cookie) = analytics(consent) {
        jar.add(cookie);
    }
    format!("statistics: {}", consent.grants(Category::Statistics))
}

/// A consent endpoint: records the choice the query gives (`?statistics=true`).
#[post("/consent?<statistics>")]
fn choose(statistics: bool, jar: &CookieJar<'_>) {
    let consent = consent_cookie();
    let granted = if statistics {
        CategorySet::NONE.with(Category::Statistics)
    } else {
        CategorySet::NONE
    };
    let choice = consent.choose(granted, std::time::SystemTime::now());
    jar.add(consent.cookie(&choice).unwrap());
}

/// A page that takes the guard and sets an undeclared cookie, for an app without the fairing.
#[get("/")]
fn page_without_fairing(
    consent: ConsentState,
    jar: &CookieJar<'_>,
    enforcer: &State<Enforcer>,
) -> String {
    jar.add(("tracker", "1"));
    format!(
        "statistics: {}, consent cookie: {}",
        consent.grants(Category::Statistics),
        enforcer.consent_cookie().name()
    )
}

#[catch(404)]
async fn not_found(request: &Request<'_>) -> String {
    let consent = request.guard::<ConsentState>().await.unwrap();
    format!("statistics: {}", consent.grants(Category::Statistics))
}

#[rocket::async_test]
async fn the_guard_reads_the_consent_of_the_cookie_header() {
    let (fairing, _) = fairing(Mode::Enforce);
    let client = Client::untracked(rocket().mount("/", routes![page]).attach(fairing))
        .await
        .unwrap();

    let response = client.get("/").dispatch().await;
    assert_eq!(response.into_string().await.unwrap(), "statistics: false");

    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let response = client
        .get("/")
        .header(Header::new("Cookie", format!("a=1; {granted}")))
        .dispatch()
        .await;
    assert_eq!(
        response.headers().get("Set-Cookie").count(),
        1,
        "the fairing reads the same consent: `_pk_id` goes out"
    );
    assert_eq!(response.into_string().await.unwrap(), "statistics: true");

    // Tampered with: no consent.
    let tampered = granted.replace(".s.", ".m.");
    let response = client
        .get("/")
        .header(Header::new("Cookie", tampered))
        .dispatch()
        .await;
    assert_eq!(response.into_string().await.unwrap(), "statistics: false");
}

/// The consent is read from the request the handler gets: after every request fairing, even
/// one attached after the policy's that rewrites the `Cookie` header.
#[rocket::async_test]
async fn the_consent_is_read_after_every_request_fairing() {
    let (fairing, _) = fairing(Mode::Enforce);
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let rewrite = rocket::fairing::AdHoc::on_request("grant", move |request, _| {
        let granted = granted.clone();
        Box::pin(async move { request.replace_header(Header::new("Cookie", granted)) })
    });
    let app = rocket()
        .mount("/", routes![page])
        .attach(fairing)
        .attach(rewrite);
    let client = Client::untracked(app).await.unwrap();

    let response = client.get("/").dispatch().await;
    assert_eq!(
        response.headers().get("Set-Cookie").count(),
        1,
        "the fairing judges by the rewritten header too: `_pk_id` goes out"
    );
    assert_eq!(response.into_string().await.unwrap(), "statistics: true");
}

/// Whatever the request's `Cookie` headers (one, several, more than the fairing finds in one
/// walk, longer than a thread keeps a reading of), the handler and the fairing read the same
/// consent, and the fairing finds the carried cookies that consent does not allow.
#[rocket::async_test]
async fn the_guard_and_the_fairing_agree_whatever_the_cookie_headers() {
    let (fairing, reported) = fairing(Mode::Enforce);
    let client = Client::untracked(rocket().mount("/", routes![page]).attach(fairing))
        .await
        .unwrap();
    let long = format!("padding={}", "x".repeat(3000));
    let many: Vec<String> = (0..10).map(|i| format!("a{i}=1")).collect();
    for statistics in [true, false] {
        let granted = if statistics {
            CategorySet::NONE.with(Category::Statistics)
        } else {
            CategorySet::NONE
        };
        let consent = consent_pair(granted);
        let shapes: [(&str, Vec<String>); 4] = [
            ("one header", vec![format!("_pk_id=old; {consent}")]),
            ("two headers", vec!["_pk_id=old".into(), consent.clone()]),
            (
                "more headers than one walk keeps",
                many.iter()
                    .cloned()
                    .chain(["_pk_id=old".into(), consent.clone()])
                    .collect(),
            ),
            (
                "longer than a kept reading",
                vec![long.clone(), format!("_pk_id=old; {consent}")],
            ),
        ];
        for (shape, headers) in shapes {
            let mut request = client.get("/");
            for header in headers {
                request = request.header(Header::new("Cookie", header));
            }
            let response = request.dispatch().await;
            let set_cookies: Vec<String> = response
                .headers()
                .get("Set-Cookie")
                .map(str::to_owned)
                .collect();
            assert_eq!(
                response.into_string().await.unwrap(),
                format!("statistics: {statistics}"),
                "{shape}"
            );
            // Granted: the handler's `_pk_id` goes out; refused: the carried one is deleted.
            assert_eq!(set_cookies.len(), 1, "{shape}: {set_cookies:?}");
            assert_eq!(
                set_cookies[0].starts_with("_pk_id=;"),
                !statistics,
                "{shape}: {set_cookies:?}"
            );
        }
    }
    assert!(
        reported.lock().unwrap().is_empty(),
        "{:?}",
        reported.lock().unwrap()
    );
}

/// Rocket's local client puts `.cookie(...)` cookies in the request's jar, without a `Cookie`
/// header: the guard and the fairing read them there.
#[rocket::async_test]
async fn the_local_clients_cookies_count_as_the_requests() {
    let (fairing, _) = fairing(Mode::Enforce);
    let client = Client::untracked(rocket().mount("/", routes![page]).attach(fairing))
        .await
        .unwrap();
    let consent = consent_cookie();
    let choice = consent.choose(
        CategorySet::NONE.with(Category::Statistics),
        std::time::SystemTime::now(),
    );
    let response = client
        .get("/")
        .cookie(consent.cookie(&choice).unwrap())
        .dispatch()
        .await;
    assert_eq!(response.headers().get("Set-Cookie").count(), 1);
    assert_eq!(response.into_string().await.unwrap(), "statistics: true");

    // Withdrawn: the `_pk_id` the jar carries is deleted, with its declared path and domain.
    let refused = consent.choose(CategorySet::NONE, std::time::SystemTime::now());
    let response = client
        .get("/")
        .cookie(consent.cookie(&refused).unwrap())
        .cookie(("_pk_id", "visitor"))
        .dispatch()
        .await;
    let set_cookies: Vec<&str> = response.headers().get("Set-Cookie").collect();
    let [removal] = set_cookies.as_slice() else {
        panic!("one removal: {set_cookies:?}")
    };
    assert!(
        removal.starts_with("_pk_id=;")
            && removal.contains("Path=/shop")
            && removal.contains("Domain=example.org")
            && removal.contains("Max-Age=0"),
        "{removal}"
    );
}

/// A tracked client keeps what the responses set, like a browser: give consent, get the
/// analytics cookie, withdraw, and the withdrawal's own response deletes it.
#[rocket::async_test]
async fn a_visit_gives_and_withdraws_consent() {
    let (fairing, reported) = fairing(Mode::Enforce);
    let app = rocket().mount("/", routes![page, choose]).attach(fairing);
    let client = Client::tracked(app).await.unwrap();

    assert_eq!(
        client
            .get("/")
            .dispatch()
            .await
            .into_string()
            .await
            .unwrap(),
        "statistics: false"
    );
    assert!(client.cookies().get("_pk_id").is_none());

    client.post("/consent?statistics=true").dispatch().await;
    assert!(client.cookies().get(consent_cookie().name()).is_some());
    assert_eq!(
        client
            .get("/")
            .dispatch()
            .await
            .into_string()
            .await
            .unwrap(),
        "statistics: true"
    );
    // `Domain=example.org`: the local client keeps it whatever the host.
    assert!(
        client.cookies().get("_pk_id").is_some(),
        "{:?}",
        client.cookies()
    );

    let response = client.post("/consent?statistics=false").dispatch().await;
    let set_cookies: Vec<&str> = response.headers().get("Set-Cookie").collect();
    assert_eq!(
        set_cookies.len(),
        2,
        "the new choice and the removal: {set_cookies:?}"
    );
    assert!(set_cookies[1].starts_with("_pk_id=;"), "{set_cookies:?}");
    drop(response);
    assert!(
        client.cookies().get("_pk_id").is_none(),
        "{:?}",
        client.cookies()
    );
    assert_eq!(
        client
            .get("/")
            .dispatch()
            .await
            .into_string()
            .await
            .unwrap(),
        "statistics: false"
    );
    assert!(
        reported.lock().unwrap().is_empty(),
        "{:?}",
        reported.lock().unwrap()
    );
}

#[rocket::async_test]
async fn catchers_read_the_consent_too() {
    let (fairing, _) = fairing(Mode::Enforce);
    let app = rocket().register("/", catchers![not_found]).attach(fairing);
    let client = Client::untracked(app).await.unwrap();
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let response = client
        .get("/nowhere")
        .header(Header::new("Cookie", granted))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::NotFound);
    assert_eq!(response.into_string().await.unwrap(), "statistics: true");
}

#[rocket::async_test]
async fn off_mode_still_reads_consent_for_the_guard() {
    let (fairing, _) = fairing(Mode::Off);
    let client = Client::untracked(rocket().mount("/", routes![page]).attach(fairing))
        .await
        .unwrap();
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let response = client
        .get("/")
        .header(Header::new("Cookie", granted))
        .dispatch()
        .await;
    assert_eq!(response.into_string().await.unwrap(), "statistics: true");
}

/// Without the fairing, the guard reads consent through the `Enforcer` the application
/// manages, and nothing is judged.
#[rocket::async_test]
async fn without_the_fairing_the_guard_uses_a_managed_enforcer() {
    let enforcer = Enforcer::new(registry(), consent_cookie());
    let app = rocket()
        .mount("/", routes![page_without_fairing])
        .manage(enforcer);
    let client = Client::untracked(app).await.unwrap();
    let granted = consent_pair(CategorySet::NONE.with(Category::Statistics));
    let response = client
        .get("/")
        .header(Header::new("Cookie", granted))
        .dispatch()
        .await;
    assert_eq!(
        response.headers().get_one("Set-Cookie"),
        Some("tracker=1; SameSite=Strict; Path=/"),
        "no fairing: nothing judged"
    );
    assert_eq!(
        response.into_string().await.unwrap(),
        "statistics: true, consent cookie: cookies_preferences"
    );
}

/// With neither the fairing nor a managed `Enforcer`, a route that takes the guard stops the
/// launch (Rocket's sentinels), instead of serving every visitor as one who never chose.
#[rocket::async_test]
async fn without_the_fairing_or_an_enforcer_the_app_does_not_launch() {
    let error = Client::untracked(rocket().mount("/", routes![page]))
        .await
        .unwrap_err();
    match error.kind() {
        ErrorKind::SentinelAborts(sentinels) => {
            assert!(
                sentinels
                    .iter()
                    .any(|s| s.type_name.ends_with("ConsentState")),
                "{sentinels:?}"
            );
        }
        other => panic!("expected a sentinel abort, got {other:?}"),
    }
}

/// What a page sees of Global Privacy Control: the consent with marketing refused, and the
/// signal to record.
#[get("/gpc")]
fn gpc_page(
    consent: ConsentState,
    signal: Option<cookie_registry::interop::gpc::GpcSignal>,
) -> String {
    format!(
        "statistics: {}, marketing: {}, signal: {}",
        consent.grants(Category::Statistics),
        consent.grants(Category::Marketing),
        signal.is_some()
    )
}

#[rocket::async_test]
async fn global_privacy_control_refuses_marketing_and_is_never_a_consent() {
    let (fairing, _) = fairing(Mode::Enforce);
    let client = Client::untracked(rocket().mount("/", routes![gpc_page]).attach(fairing))
        .await
        .unwrap();
    let accepted_all = consent_pair(CategorySet::ALL);
    let page = |gpc: Option<&'static str>, cookie: Option<String>| {
        let mut request = client.get("/gpc");
        if let Some(value) = gpc {
            request = request.header(Header::new("Sec-GPC", value));
        }
        if let Some(cookie) = cookie {
            request = request.header(Header::new("Cookie", cookie));
        }
        async move { request.dispatch().await.into_string().await.unwrap() }
    };
    assert_eq!(
        page(Some("1"), Some(accepted_all.clone())).await,
        "statistics: true, marketing: false, signal: true"
    );
    assert_eq!(
        page(None, Some(accepted_all)).await,
        "statistics: true, marketing: true, signal: false"
    );
    // The signal alone grants nothing.
    assert_eq!(
        page(Some("1"), None).await,
        "statistics: false, marketing: false, signal: true"
    );
}
