//! Global Privacy Control in a real browser: Chromium started with its own GPC switch sends
//! `Sec-GPC: 1` with every request (and says `navigator.globalPrivacyControl === true`), and
//! the site refuses marketing without asking: "Accept all" grants the rest, the video host's
//! player is never framed, no marketing cookie lands in the browser, and the page says why.

use cookie_registry::Registry;
use cookie_registry::declaration::Category;
use cookie_registry_audit::browser::{
    Browser, BrowserOptions, Session, SessionOptions, ThirdPartyCookies,
};
use fantoccini::Locator;
use serde_json::{Value, json};

use super::Failure;
use super::scenario::{confirmed, ensure, eventually};

/// Chromium's switch that turns Global Privacy Control on, as a visitor's setting does: the
/// `Sec-GPC: 1` request header and `navigator.globalPrivacyControl`.
const GPC_SWITCH: &str = "--enable-features=GlobalPrivacyControlForce";

/// The walk with the signal on, against the site at `base` (`http://127.0.0.1:PORT`).
pub(super) async fn refuses_marketing(options: &BrowserOptions, base: &str) -> Result<(), Failure> {
    let browser = Browser::launch(options).await?;
    // Third-party cookies allowed: had the player been framed, its cookie would land.
    let session = browser
        .session(
            &SessionOptions::default()
                .third_party_cookies(ThirdPartyCookies::Allow)
                .arg(GPC_SWITCH),
        )
        .await?;
    let outcome = steps(&session, base).await;
    let closed = session.close().await;
    outcome?;
    Ok(closed?)
}

async fn steps(session: &Session, base: &str) -> Result<(), Failure> {
    let client = session.client();
    let cookies = || session.devtools("Storage.getCookies", json!({}));
    client.goto(&format!("{base}/")).await?;
    let sends = client
        .execute("return navigator.globalPrivacyControl === true", vec![])
        .await?;
    ensure(sends == Value::Bool(true), || {
        format!("Chromium with {GPC_SWITCH} does not turn Global Privacy Control on")
    })?;

    // A first visit: the banner asks for statistics, not for marketing, and says why.
    let asks = |id: &'static str| async move {
        Ok::<_, Failure>(!client.find_all(Locator::Id(id)).await?.is_empty())
    };
    ensure(asks("banner-statistics").await?, || {
        "the banner does not ask for statistics".into()
    })?;
    ensure(!asks("banner-marketing").await?, || {
        "the banner asks for marketing despite Sec-GPC: 1".into()
    })?;
    let notice = client
        .find(Locator::Id("gpc-honoured"))
        .await?
        .text()
        .await?;
    ensure(notice.contains("Global Privacy Control"), || {
        format!("the page does not say the signal is honoured: {notice:?}")
    })?;

    // "Accept all": everything but what the signal refuses.
    client
        .find(Locator::Css("#cookie-banner button[value=accept_all]"))
        .await?
        .click()
        .await?;
    confirmed(client, "Marketing cookies: refused").await?;
    let url = client.current_url().await?;
    ensure(url.query() == Some("consent=saved"), || {
        format!("the choice went back to {url}")
    })?;
    ensure(
        client.find_all(Locator::Css("iframe")).await?.is_empty(),
        || "the home page frames the video player".into(),
    )?;

    // The Consent Mode calls ran: inline, allowed by the page's nonce, advertising denied.
    let calls = client
        .execute(
            "return (window.dataLayer || []).map(call => Array.from(call))",
            vec![],
        )
        .await?;
    let calls = calls.as_array().cloned().unwrap_or_default();
    ensure(calls.len() == 2, || {
        format!("the Consent Mode default and update calls did not both run: {calls:?}")
    })?;
    for (call, command) in calls.iter().zip(["default", "update"]) {
        ensure(
            call[0] == "consent"
                && call[1] == command
                && call[2]["ad_storage"] == "denied"
                && call[2]["ad_user_data"] == "denied"
                && call[2]["analytics_storage"] == "granted",
            || format!("the {command} call: {call}"),
        )?;
    }

    // What the browser holds, every site's cookies included: the analytics ones, and no
    // marketing cookie, the site's or the video host's.
    let registry = Registry::global()?;
    eventually("the analytics cookie", || async {
        Ok(names(&cookies().await?)
            .iter()
            .any(|(name, _)| name == "_pk_id"))
    })
    .await?;
    let held = names(&cookies().await?);
    for (name, domain) in &held {
        let marketing = registry
            .find(name)
            .is_some_and(|d| d.consent_category() == Some(Category::Marketing));
        ensure(!marketing && domain != "localhost", || {
            format!("a marketing cookie landed: {name} on {domain} (all: {held:?})")
        })?;
    }
    Ok(())
}

/// `(name, domain)` of every cookie in a `Storage.getCookies` result.
fn names(result: &Value) -> Vec<(String, String)> {
    result["cookies"]
        .as_array()
        .map(|cookies| {
            cookies
                .iter()
                .map(|c| {
                    let text = |key: &str| c[key].as_str().unwrap_or_default().to_string();
                    (text("name"), text("domain"))
                })
                .collect()
        })
        .unwrap_or_default()
}
