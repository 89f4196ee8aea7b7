//! Cookies through Rocket's `CookieJar`, checked like headers: declared cookies keep every
//! attribute (Partitioned included) through `add`; what Rocket's defaults, `add_private` and
//! `remove` change; catchers, flash messages, other fairings and their order.

use cookie_registry::consent::{CategorySet, NoConsentNeeded};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Mode, ViolationKind};
use cookie_registry::{DeclaredCookie, cookie};
use rocket::fairing::AdHoc;
use rocket::http::{Cookie, CookieJar, Header, SameSite, Status};
use rocket::local::asynchronous::Client;
use rocket::response::{Flash, Redirect};
use rocket::{Request, catch, catchers, get, routes};
use test_rocket::{
    Cart, Embed, Script, app, consent_pair, fairing, registry, rocket, run, set_cookies,
};

fn declared(name: &str) -> &'static cookie_registry::declaration::CookieDeclaration {
    registry().find(name).expect("declared")
}

fn everything() -> String {
    consent_pair(CategorySet::ALL)
}

/// Each declared cookie added with `CookieJar::add` goes out with exactly the attributes its
/// declaration gives (`cookie::Cookie` compared field by field), and the fairing has nothing to
/// say.
#[rocket::async_test]
async fn declared_cookies_keep_every_attribute_through_the_jar() {
    let all = CategorySet::ALL;
    let consent = test_rocket::consent_cookie().choose(all, std::time::SystemTime::now());
    let built: Vec<Cookie<'static>> = vec![
        declared(test_rocket::SESSION)
            .cookie("s1", NoConsentNeeded)
            .unwrap()
            .build(),
        Cart::cookie("c1", NoConsentNeeded).unwrap().build(),
        Embed::cookie("e1", consent.granted().unwrap())
            .unwrap()
            .build(),
        declared(test_rocket::ANALYTICS)
            .cookie(
                "a1",
                consent
                    .granted::<cookie_registry::consent::Statistics>()
                    .unwrap(),
            )
            .unwrap()
            .build(),
        declared(test_rocket::GA_FAMILY)
            .cookie_named(
                "_ga_1A2B",
                "g1",
                consent
                    .granted::<cookie_registry::consent::Statistics>()
                    .unwrap(),
            )
            .unwrap()
            .build(),
    ];
    let script = Script {
        jar: built.clone(),
        ..Script::default()
    };
    let sent = run(Mode::Enforce, Some(&everything()), script).await;
    assert!(sent.violations.is_empty(), "{:?}", sent.violations);
    assert_eq!(
        sent.set_cookies.len(),
        built.len(),
        "{:?}",
        sent.set_cookies
    );
    for expected in &built {
        let header = sent
            .set_cookies
            .iter()
            .find(|h| h.starts_with(&format!("{}=", expected.name())))
            .unwrap_or_else(|| panic!("{} missing: {:?}", expected.name(), sent.set_cookies));
        let got = Cookie::parse(header.as_str()).unwrap();
        // An attribute set to false and one left out are the same on the wire.
        let attributes = |c: &Cookie<'_>| {
            (
                c.value().to_string(),
                c.path().map(str::to_string),
                c.domain().map(str::to_string),
                c.secure().unwrap_or(false),
                c.http_only().unwrap_or(false),
                c.same_site(),
                c.partitioned().unwrap_or(false),
                c.max_age(),
                c.expires(),
            )
        };
        assert_eq!(
            attributes(&got),
            attributes(expected),
            "{header} against {expected}"
        );
    }
    let embed = sent
        .set_cookies
        .iter()
        .find(|h| h.starts_with("__Host-embed="))
        .unwrap();
    assert_eq!(
        embed,
        "__Host-embed=e1; HttpOnly; SameSite=None; Partitioned; Secure; Path=/; Max-Age=15778476"
    );
}

/// `CookieJar::add` fills in `Path=/` and `SameSite=Strict` (and, with TLS, `Secure`) when a
/// cookie lacks them: a declared name set without its declaration's attributes goes out, and
/// the fairing reports the drift.
#[rocket::async_test]
async fn rockets_defaults_fill_only_what_a_cookie_lacks() {
    let script = Script {
        jar: vec![Cookie::new("sessionid", "bare")],
        ..Script::default()
    };
    let sent = run(Mode::Enforce, None, script).await;
    assert_eq!(
        sent.set_cookies,
        ["sessionid=bare; SameSite=Strict; Path=/"]
    );
    assert_eq!(
        sent.violations
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>(),
        ["cookie `sessionid` is sent with Secure false, but declared with true"]
    );
}

/// `add_private` encrypts the value and keeps the declared attributes; it adds `Expires` a week
/// ahead to a cookie without one: harmless next to a declared `Max-Age` (which browsers
/// prefer), but a declared session cookie becomes persistent, which the fairing reports.
#[rocket::async_test]
async fn private_cookies_change_the_value_and_give_session_cookies_an_expiry() {
    let session = declared(test_rocket::SESSION)
        .cookie("secret", NoConsentNeeded)
        .unwrap()
        .build();
    let cart = Cart::cookie("secret", NoConsentNeeded).unwrap().build();
    let script = Script {
        private: vec![session.clone(), cart],
        ..Script::default()
    };
    let sent = run(Mode::Enforce, None, script).await;
    assert_eq!(sent.set_cookies.len(), 2, "{:?}", sent.set_cookies);

    // The jar's cookies go out in no fixed order.
    let sent_named = |name: &str| {
        let header = sent
            .set_cookies
            .iter()
            .find(|h| h.starts_with(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name}: {:?}", sent.set_cookies));
        Cookie::parse(header.clone()).unwrap()
    };
    let got = sent_named("sessionid");
    assert_ne!(got.value(), "secret", "encrypted");
    assert_eq!(
        (
            got.path(),
            got.secure(),
            got.http_only(),
            got.same_site(),
            got.max_age()
        ),
        (
            session.path(),
            session.secure(),
            session.http_only(),
            session.same_site(),
            session.max_age()
        )
    );
    assert!(
        got.expires_datetime().is_some(),
        "Rocket adds Expires: {got}"
    );

    let cart = sent_named("cart");
    assert!(cart.expires_datetime().is_some(), "{cart}");
    let [drift] = sent.violations.as_slice() else {
        panic!("{:?}", sent.violations)
    };
    assert_eq!(drift.name(), "cart");
    assert!(
        matches!(
            drift.kind(),
            ViolationKind::Drift {
                attribute: "Max-Age",
                ..
            }
        ),
        "{drift}"
    );
}

/// Undeclared and unconsented cookies added through the jar are stripped like headers.
#[rocket::async_test]
async fn jar_cookies_are_judged_like_headers() {
    let script = Script {
        jar: vec![Cookie::new("tracker", "1"), Cookie::new("_pk_id", "1")],
        headers: vec!["sessionid=abc; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax".into()],
        ..Script::default()
    };
    let sent = run(Mode::Enforce, None, script).await;
    assert_eq!(
        sent.set_cookies,
        ["sessionid=abc; Path=/; Max-Age=60; Secure; HttpOnly; SameSite=Lax"],
        "the handler's own headers come first, then the jar's"
    );
    // Rocket writes the jar's changes in no fixed order (a set keyed by name).
    let mut reported = test_rocket::kinds(&sent.violations);
    reported.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        reported,
        [
            (
                "_pk_id".to_string(),
                ViolationKind::MissingConsent {
                    category: Category::Statistics
                }
            ),
            ("tracker".to_string(), ViolationKind::Undeclared),
        ]
    );
}

#[get("/forget")]
fn forget(jar: &CookieJar<'_>) {
    jar.remove(declared(test_rocket::ANALYTICS).removal().unwrap());
}

/// `CookieJar::remove` with a declaration's removal cookie sends a removal only when the
/// request carries the cookie; the fairing lets removals through.
#[rocket::async_test]
async fn removals_through_the_jar_pass() {
    let (fairing, reported) = fairing(Mode::Enforce);
    let client = Client::untracked(rocket().mount("/", routes![forget]).attach(fairing))
        .await
        .unwrap();
    let response = client
        .get("/forget")
        .header(Header::new("Cookie", "_pk_id=old"))
        .dispatch()
        .await;
    let sent = set_cookies(response.headers());
    let [removal] = sent.as_slice() else {
        panic!("{sent:?}")
    };
    assert!(
        removal.starts_with("_pk_id=;")
            && removal.contains("Path=/shop")
            && removal.contains("Domain=example.org")
            && removal.contains("Max-Age=0"),
        "{removal}"
    );
    let response = client.get("/forget").dispatch().await;
    assert!(set_cookies(response.headers()).is_empty());
    assert!(reported.lock().unwrap().is_empty());
}

#[get("/fails")]
fn fails(jar: &CookieJar<'_>) -> Result<(), Status> {
    jar.add(Cart::cookie("lost", NoConsentNeeded).unwrap());
    Err(Status::InternalServerError)
}

#[catch(500)]
fn server_error(request: &Request<'_>) -> &'static str {
    let jar = request.cookies();
    jar.add(("tracker", "1"));
    jar.add(Cart::cookie("from-catcher", NoConsentNeeded).unwrap());
    "error page"
}

/// A failing handler's jar changes are dropped by Rocket; the catcher's own cookies are judged
/// like a route's.
#[rocket::async_test]
async fn catcher_responses_are_judged() {
    let (fairing, reported) = fairing(Mode::Enforce);
    let app = rocket()
        .mount("/", routes![fails])
        .register("/", catchers![server_error])
        .attach(fairing);
    let client = Client::untracked(app).await.unwrap();
    let response = client.get("/fails").dispatch().await;
    assert_eq!(response.status(), Status::InternalServerError);
    let sent = set_cookies(response.headers());
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].starts_with("cart=from-catcher;"), "{sent:?}");
    assert_eq!(reported.lock().unwrap().len(), 1, "tracker");
}

#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Load balancing", fr = "Répartition de charge"),
    purpose(en = "To keep a visitor on one server", fr = "Garder un visiteur sur un serveur"),
    lifetime = "session",
)]
const STICKY: &str = "sticky";

/// Response fairings run in attach order: the policy fairing sees what the fairings attached
/// before it set, not what those attached after it set. Cookies a fairing adds to the *jar* in
/// `on_response` never go out: Rocket has written the jar before the response fairings run.
#[rocket::async_test]
async fn the_fairing_sees_the_fairings_attached_before_it() {
    let header_cookie = |name: &'static str| {
        AdHoc::on_response(name, move |_, response| {
            Box::pin(async move {
                response.adjoin_raw_header("Set-Cookie", format!("{name}=1"));
            })
        })
    };
    let jar_cookie = AdHoc::on_response("jar", |request, _| {
        Box::pin(async move {
            request.cookies().add((STICKY, "late"));
        })
    });
    let (fairing, reported) = fairing(Mode::Enforce);
    let app = app(Script::default(), None)
        .attach(header_cookie("before"))
        .attach(jar_cookie)
        .attach(fairing)
        .attach(header_cookie("after"));
    let client = Client::untracked(app).await.unwrap();
    let response = client.get("/").dispatch().await;
    assert_eq!(set_cookies(response.headers()), ["after=1"]);
    let names: Vec<String> = reported
        .lock()
        .unwrap()
        .iter()
        .map(|v| v.name().to_string())
        .collect();
    assert_eq!(names, ["before"]);
}

/// The fairing is a singleton: attached twice, the last one judges, once.
#[rocket::async_test]
async fn attaching_twice_keeps_the_last() {
    let (first, first_reported) = fairing(Mode::Enforce);
    let (second, second_reported) = fairing(Mode::Audit);
    let app = app(Script::headers(&["tracker=1"]), None)
        .attach(first)
        .attach(second);
    let client = Client::untracked(app).await.unwrap();
    let response = client.get("/").dispatch().await;
    assert_eq!(
        set_cookies(response.headers()),
        ["tracker=1"],
        "audit: kept"
    );
    assert!(first_reported.lock().unwrap().is_empty());
    assert_eq!(second_reported.lock().unwrap().len(), 1);
}

#[get("/save")]
fn save() -> Flash<Redirect> {
    Flash::success(Redirect::to("/"), "saved")
}

#[get("/show")]
fn show(flash: Option<rocket::request::FlashMessage<'_>>) -> String {
    flash.map(|f| f.message().to_string()).unwrap_or_default()
}

/// Rocket's flash messages use a `_flash` cookie: declared as Rocket sets it (see
/// `test_rocket::FLASH`), it goes out and its removal too, with nothing reported.
#[rocket::async_test]
async fn flash_messages_pass_when_their_cookie_is_declared() {
    let (fairing, reported) = fairing(Mode::Enforce);
    let app = rocket().mount("/", routes![save, show]).attach(fairing);
    let client = Client::tracked(app).await.unwrap();
    let response = client.get("/save").dispatch().await;
    let sent = set_cookies(response.headers());
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].starts_with("_flash="), "{sent:?}");
    drop(response);
    let response = client.get("/show").dispatch().await;
    let sent = set_cookies(response.headers());
    assert!(sent[0].starts_with("_flash=;"), "the removal: {sent:?}");
    assert_eq!(response.into_string().await.unwrap(), "saved");
    assert!(
        reported.lock().unwrap().is_empty(),
        "{:?}",
        reported.lock().unwrap()
    );
    let same_site = Cookie::parse(sent[0].as_str()).unwrap().same_site();
    assert_eq!(same_site, Some(SameSite::Lax), "Rocket's removal default");
}
