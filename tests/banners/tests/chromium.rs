//! The generated configurations run by the real vanilla-cookieconsent 3 and Klaro 0.7 (from
//! npm, `scripts/npm-banners`) in headless Chromium, on a server behind the tower layer that
//! reads the banner's cookie: the banner shows the declared categories and cookie tables,
//! accepting and refusing write the banner's cookie, and the server follows it, deleting on
//! withdrawal the `HttpOnly` cookie the banner's script cannot reach.

use std::net::Ipv4Addr;
use std::path::PathBuf;

use axum::Router;
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use cookie_registry::Registry;
use cookie_registry::consent::{ConsentCookie, ConsentSource, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::Enforcer;
use cookie_registry::interop::cookieconsent::{self, CcCookie};
use cookie_registry::interop::klaro::{self, KlaroCookie};
use cookie_registry::tower::CookiePolicyLayer;
use cookie_registry_audit::browser::{
    Browser, BrowserOptions, Session, SessionOptions, require_browser,
};
use fantoccini::Locator;

use test_banners::CC_COOKIE;

fn registry() -> &'static Registry {
    Registry::global().expect("declarations linked")
}

/// A file of an npm package the test serves; fails, saying how to install it, when missing.
fn npm_file(path: &str) -> String {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("node_modules")
        .join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|error| {
        panic!(
            "{} is missing ({error}): install the banners this test runs with `scripts/npm-banners` \
             (npm ci in tests/banners; .ci/run does it)",
            file.display()
        )
    })
}

/// The statistics cookie the server sets on every page, `HttpOnly`: kept by the layer only
/// with consent.
const STATS: &str = "_stats_1=v; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax";

/// Serves the page of one banner on 127.0.0.1 behind the layer reading `source`; returns the
/// address and the server's task, aborted at the end.
async fn serve(page: String, source: impl ConsentSource) -> (String, tokio::task::JoinHandle<()>) {
    let own =
        ConsentCookie::new(registry().find(CC_COOKIE).unwrap(), registry().revision()).unwrap();
    let layer =
        CookiePolicyLayer::from_enforcer(Enforcer::new(registry(), own).consent_source(source));
    let files = [
        (
            "/npm/cookieconsent.umd.js",
            "vanilla-cookieconsent/dist/cookieconsent.umd.js",
            "text/javascript",
        ),
        (
            "/npm/cookieconsent.css",
            "vanilla-cookieconsent/dist/cookieconsent.css",
            "text/css",
        ),
        ("/npm/klaro.js", "klaro/dist/klaro.js", "text/javascript"),
    ];
    let cc_json = cookieconsent::Config::new(registry().policy())
        .to_json()
        .expect("the cookieconsent configuration");
    let mut router = Router::new()
        .route(
            "/",
            get(move || {
                let page = page.clone();
                async move { ([(SET_COOKIE, STATS)], Html(page)) }
            }),
        )
        .route(
            "/banner/cookieconsent.json",
            get(move || {
                let json = cc_json.clone();
                async move { ([(CONTENT_TYPE, "application/json")], json) }
            }),
        );
    for (route, file, kind) in files {
        let body = npm_file(file);
        router = router.route(
            route,
            get(move || {
                let body = body.clone();
                async move { ([(CONTENT_TYPE, kind)], body).into_response() }
            }),
        );
    }
    let router = router.layer(layer);
    let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
        .await
        .expect("a port on 127.0.0.1");
    let address = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    (address, server)
}

/// The value of the cookie `name` the browser holds (HttpOnly ones included).
async fn cookie(session: &Session, name: &str) -> Option<String> {
    session
        .client()
        .get_all_cookies()
        .await
        .expect("the cookies")
        .into_iter()
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

/// Clicks the element as a visitor would; retried while a modal's opening transition keeps it
/// from being clickable.
async fn click(session: &Session, selector: &str) {
    let element = session
        .client()
        .wait()
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    let mut attempts = 0;
    loop {
        match element.clone().click().await {
            Ok(_) => return,
            Err(error) if attempts < 500 && error.to_string().contains("not interactable") => {
                attempts += 1;
                tokio::task::yield_now().await;
            }
            Err(error) => panic!("click {selector}: {error}"),
        }
    }
}

/// Clicks an element the banner hides behind a styled label (a switch's checkbox).
async fn click_hidden(session: &Session, selector: &str) {
    let script = format!("document.querySelector({selector:?}).click();");
    session
        .client()
        .execute(&script, vec![])
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
}

async fn text(session: &Session, selector: &str) -> String {
    session
        .client()
        .wait()
        .for_element(Locator::Css(selector))
        .await
        .unwrap_or_else(|e| panic!("{selector}: {e}"));
    // All the text, collapsed sections included (WebDriver's text is only what is visible).
    let script = format!("return document.querySelector({selector:?}).textContent;");
    let text = session
        .client()
        .execute(&script, vec![])
        .await
        .expect("the script runs");
    text.as_str().expect("a text").to_string()
}

/// Waits until the page's `condition` (a JavaScript expression) is true.
async fn until(session: &Session, condition: &str) {
    let script = format!("return !!({condition});");
    session
        .client()
        .wait()
        .for_element(Locator::Css("html"))
        .await
        .expect("a page");
    loop {
        let done = session
            .client()
            .execute(&script, vec![])
            .await
            .expect("the script runs");
        if done.as_bool() == Some(true) {
            return;
        }
        tokio::task::yield_now().await;
    }
}

fn consent(source: &impl ConsentSource, value: &str) -> ConsentState {
    source
        .decode(value.as_bytes(), std::time::SystemTime::now())
        .unwrap_or_else(|why| panic!("the banner's cookie {value:?} reads as no consent: {why}"))
}

/// Checks the banner shows the declared providers and texts (and, with `tables`, the cookie
/// tables: Klaro has none): the same as the policy.
fn assert_shows_the_policy(shown: &str, tables: bool) {
    let texts = [
        "Example Analytics",
        "Audience measurement (all pages)",
        "To count visits",
        // A provider's name is text, never markup.
        "Example Ads <b>Network</b>",
    ];
    let table_cells = ["_stats_*", "13 months", "sessionid", "_ads", "2 weeks"];
    let table_cells = if tables { &table_cells[..] } else { &[] };
    for expected in texts.iter().chain(table_cells) {
        assert!(
            shown.contains(expected),
            "{expected:?} not shown in:\n{shown}"
        );
    }
}

/// The banners under test, and how a visitor uses each.
#[derive(Clone, Copy)]
enum Banner {
    CookieConsent,
    Klaro,
}

impl Banner {
    fn page(self) -> String {
        match self {
            Banner::CookieConsent => CC_PAGE.to_string(),
            Banner::Klaro => {
                let config = klaro::Config::new(registry().policy())
                    .to_json()
                    .expect("the Klaro configuration");
                // JSON in a script element: `</` must not close it.
                format!(
                    r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script>window.klaroConfig = {};</script>
<script defer src="/npm/klaro.js"></script></head><body><p>Shop</p></body></html>"#,
                    config.replace("</", "<\\/")
                )
            }
        }
    }

    /// True once the banner has run.
    fn ready(self) -> &'static str {
        match self {
            Banner::CookieConsent => "document.body.dataset.ready === 'yes'",
            Banner::Klaro => "window.klaro && document.querySelector('.klaro')",
        }
    }

    /// Opens the preferences; the selector of the element that lists the categories.
    async fn show_preferences(self, session: &Session) -> &'static str {
        let (script, shown) = match self {
            Banner::CookieConsent => ("CookieConsent.showPreferences()", "#cc-main .pm"),
            Banner::Klaro => ("klaro.show(undefined, true)", ".klaro .cookie-modal"),
        };
        session
            .client()
            .execute(script, vec![])
            .await
            .expect(script);
        shown
    }

    async fn accept_all(self, session: &Session) {
        match self {
            Banner::CookieConsent => click(session, r#"#cc-main .pm__btn[data-role="all"]"#).await,
            Banner::Klaro => click(session, ".klaro .cookie-modal .cm-btn-accept-all").await,
        }
    }

    async fn refuse_all(self, session: &Session) {
        match self {
            Banner::CookieConsent => {
                click(session, r#"#cc-main .pm__btn[data-role="necessary"]"#).await
            }
            // Once a choice is made, Klaro's modal withdraws with its switches and "save".
            Banner::Klaro => {
                until(
                    session,
                    "document.querySelector('.klaro .cm-toggle-all input')",
                )
                .await;
                click_hidden(session, ".klaro .cm-toggle-all input").await;
                click(session, ".klaro .cookie-modal .cm-btn-accept").await;
            }
        }
    }
}

/// The page of vanilla-cookieconsent: the configuration fetched, its families made `RegExp`s.
const CC_PAGE: &str = r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<link rel="stylesheet" href="/npm/cookieconsent.css">
<script src="/npm/cookieconsent.umd.js"></script></head>
<body><p>Shop</p><script>
(async () => {
  const config = await (await fetch("/banner/cookieconsent.json")).json();
  const revive = (c) => ({...c, name: c.name.startsWith("^") ? new RegExp(c.name) : c.name});
  for (const category of Object.values(config.categories)) {
    if (category.autoClear) category.autoClear.cookies = category.autoClear.cookies.map(revive);
    for (const service of Object.values(category.services ?? {})) service.cookies = service.cookies?.map(revive);
  }
  config.hideFromBots = false; // chromedriver sets navigator.webdriver
  await CookieConsent.run(config);
  document.body.dataset.ready = "yes";
})();
</script></body></html>"#;

/// A visitor's walk through `banner` on a site whose layer reads `source`, in the browser
/// `options` name (checked present by `require_browser`).
async fn walk(banner: Banner, source: impl ConsentSource + Clone, options: &BrowserOptions) {
    let (address, server) = serve(banner.page(), source.clone()).await;
    let browser = Browser::launch(options).await.expect("the browser starts");
    let session = browser
        .session(&SessionOptions::default())
        .await
        .expect("a session");
    let visit = async |why: &str| {
        session.client().goto(&address).await.expect(why);
        until(&session, banner.ready()).await;
        cookie(&session, "_stats_1").await
    };

    assert_eq!(visit("the page").await, None, "no consent yet: stripped");

    // The preferences list the categories, with the policy's tables and texts.
    let shown = text(&session, banner.show_preferences(&session).await).await;
    assert_shows_the_policy(&shown, matches!(banner, Banner::CookieConsent));
    let options = cookie_registry::render::PolicyOptions::new("en").unwrap();
    for table in registry()
        .policy()
        .json_document(&options)
        .unwrap()
        .categories
    {
        assert!(
            shown.contains(&table.title),
            "{:?} not shown in:\n{shown}",
            table.title
        );
    }

    // Accepting writes the banner's cookie; the server follows it.
    banner.accept_all(&session).await;
    let value = cookie(&session, source.cookie_name())
        .await
        .expect("the banner's cookie written on accepting");
    let accepted = consent(&source, &value);
    assert!(accepted.grants(Category::Statistics) && accepted.grants(Category::Marketing));
    assert_eq!(
        visit("the page again").await.as_deref(),
        Some("v"),
        "set with consent"
    );

    // Refusing rewrites it; the banner's script cannot delete the HttpOnly cookie, the server
    // does on the next response.
    banner.show_preferences(&session).await;
    banner.refuse_all(&session).await;
    let value = cookie(&session, source.cookie_name())
        .await
        .expect("the banner's cookie rewritten on refusing");
    let refused = consent(&source, &value);
    assert!(!refused.grants(Category::Statistics) && !refused.grants(Category::Marketing));
    assert_eq!(visit("the page again").await, None, "deleted by the server");

    session.close().await.expect("the session closes");
    drop(browser);
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vanilla_cookieconsent_runs_the_generated_configuration() {
    let options = require_browser("vanilla_cookieconsent_runs_the_generated_configuration");
    walk(Banner::CookieConsent, CcCookie::new(registry()), &options).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn klaro_runs_the_generated_configuration() {
    let options = require_browser("klaro_runs_the_generated_configuration");
    walk(Banner::Klaro, KlaroCookie::new(registry()), &options).await;
}
