//! The consent flow, step by step, as a visitor goes through it in Chromium: the banner, "Reject
//! all", statistics chosen on the preferences page, withdrawal, the policy in French, and the two
//! attacks from another port of the same host (a forged "accept all" with a planted token, and
//! the preferences page framed).

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};

use super::Failure;
use super::attacker::PLANTED;
use super::layout::{self, DESKTOP, PHONE};

const NECESSARY: [&str; 4] = [
    "__Host-csrftoken",
    "django_language",
    "sessionid",
    "__Host-cookies_preferences",
];

/// The cookies the browser holds for the site, HttpOnly ones included: `(name, value, http_only)`.
async fn browser_cookies(client: &Client) -> Result<Vec<(String, String, bool)>, Failure> {
    let cookies = client.get_all_cookies().await?;
    Ok(cookies
        .iter()
        .map(|c| {
            (
                c.name().to_string(),
                c.value().to_string(),
                c.http_only().unwrap_or(false),
            )
        })
        .collect())
}

fn names(cookies: &[(String, String, bool)]) -> Vec<&str> {
    cookies.iter().map(|(name, _, _)| name.as_str()).collect()
}

/// Polls `check` until it holds, for at most five seconds.
pub(super) async fn eventually<F, Fut>(what: &str, mut check: F) -> Result<(), Failure>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<bool, Failure>>,
{
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if check().await? {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("timed out waiting for: {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn has_banner(client: &Client) -> Result<bool, Failure> {
    Ok(!client
        .find_all(Locator::Id("cookie-banner"))
        .await?
        .is_empty())
}

pub(super) async fn screenshot(
    client: &Client,
    artifacts: &Path,
    file: &str,
) -> Result<(), Failure> {
    std::fs::create_dir_all(artifacts)?;
    std::fs::write(artifacts.join(file), client.screenshot().await?)?;
    Ok(())
}

pub(super) fn ensure(condition: bool, message: impl FnOnce() -> String) -> Result<(), Failure> {
    if condition {
        Ok(())
    } else {
        Err(message().into())
    }
}

/// On the preferences page: ticks or unticks the box `id` and saves the choice.
async fn toggle_and_save(client: &Client, id: &str) -> Result<(), Failure> {
    client.find(Locator::Id(id)).await?.click().await?;
    client
        .find(Locator::Css("form button[value=save]"))
        .await?
        .click()
        .await?;
    Ok(())
}

/// Whether the analytics script's cookie (`_pk_ref`, readable by scripts) and localStorage item
/// (`_pk_pages`) are held by the current page's origin.
async fn analytics_storage(client: &Client) -> Result<(bool, bool), Failure> {
    let held = client
        .execute(
            "return [document.cookie.split('; ').some(p => p.startsWith('_pk_ref=')),
                     localStorage.getItem('_pk_pages') !== null]",
            vec![],
        )
        .await?;
    Ok((
        held[0].as_bool().unwrap_or(false),
        held[1].as_bool().unwrap_or(false),
    ))
}

/// The page the browser went back to after saving a choice confirms it in a `role="status"`
/// message, which says `what` among the choice's categories.
pub(super) async fn confirmed(client: &Client, what: &str) -> Result<(), Failure> {
    eventually("the confirmation of the choice", || async {
        Ok(!client
            .find_all(Locator::Css("[role=status]"))
            .await?
            .is_empty())
    })
    .await?;
    let status = client
        .find(Locator::Css("[role=status]"))
        .await?
        .text()
        .await?;
    ensure(
        status.starts_with("Your cookie choices have been saved.") && status.contains(what),
        || format!("the confirmation does not say {what:?}: {status:?}"),
    )
}

/// The walk, step by step: `base` is the site (`http://127.0.0.1:PORT`), `attacker` the
/// attacker's pages on another port of the same host; screenshots go to `artifacts`.
pub(super) async fn scenario(
    client: &Client,
    base: &str,
    attacker: &str,
    artifacts: &Path,
) -> Result<(), Failure> {
    // 0. Before any choice, on a desktop and on a phone: no page scrolls sideways, the banner
    //    leaves most of a phone's screen free with "Save my choices" in sight, and the first
    //    tab stop is in it.
    layout::check_pages(client, base, DESKTOP, true, "desktop-banner", artifacts).await?;
    layout::check_pages(client, base, PHONE, true, "phone-banner", artifacts).await?;

    // 1. First visit: the banner, and nothing but necessary cookies.
    client.goto(&format!("{base}/")).await?;
    let banner = client.find(Locator::Id("cookie-banner")).await?;
    ensure(banner.is_displayed().await?, || {
        "the banner is not displayed".into()
    })?;
    let accept = client
        .find(Locator::Css("#cookie-banner button[value=accept_all]"))
        .await?;
    let reject = client
        .find(Locator::Css("#cookie-banner button[value=reject_all]"))
        .await?;
    let (_, _, accept_w, accept_h) = accept.rectangle().await?;
    let (_, _, reject_w, reject_h) = reject.rectangle().await?;
    ensure(accept_w == reject_w && accept_h == reject_h, || {
        format!("accept ({accept_w}x{accept_h}) and reject ({reject_w}x{reject_h}) differ in size")
    })?;
    for property in [
        "background-color",
        "color",
        "font-size",
        "font-weight",
        "border-top-color",
    ] {
        let (a, r) = (
            accept.css_value(property).await?,
            reject.css_value(property).await?,
        );
        ensure(a == r, || {
            format!("accept and reject differ in {property}: {a} / {r}")
        })?;
    }
    // The site's stylesheet loaded under its Content-Security-Policy (no inline style): the
    // buttons have its colours, not the browser's.
    let background = accept.css_value("background-color").await?;
    ensure(background == "rgba(18, 53, 91, 1)", || {
        format!("the site's stylesheet did not apply: the button's background is {background}")
    })?;
    let cookies = browser_cookies(client).await?;
    ensure(names(&cookies).contains(&"__Host-csrftoken"), || {
        format!("the browser did not keep __Host-csrftoken: {cookies:?}")
    })?;
    ensure(
        names(&cookies).iter().all(|n| NECESSARY.contains(n)),
        || format!("a non-necessary cookie on first visit: {cookies:?}"),
    )?;

    // 2. "Reject all": the banner goes, and no optional cookie comes, on any page.
    reject.click().await?;
    eventually("the banner to go after reject all", || async {
        Ok(!has_banner(client).await?)
    })
    .await?;
    // The page gone back to confirms the choice, in a status message read out as it appears.
    confirmed(client, "Marketing cookies: refused").await?;
    // Without the banner, on a desktop and on a phone.
    layout::check_pages(client, base, DESKTOP, false, "desktop", artifacts).await?;
    layout::check_pages(client, base, PHONE, false, "phone", artifacts).await?;
    client.goto(&format!("{base}/cookies")).await?;
    ensure(!has_banner(client).await?, || {
        "the banner is back after reject all".into()
    })?;
    let cookies = browser_cookies(client).await?;
    ensure(
        names(&cookies).iter().all(|n| NECESSARY.contains(n)),
        || format!("an optional cookie after reject all: {cookies:?}"),
    )?;
    let consent = cookies
        .iter()
        .find(|(n, _, _)| n == "__Host-cookies_preferences")
        .map(|(_, v, _)| v.clone());
    ensure(
        consent.as_deref().is_some_and(|v| v.starts_with("2.-.")),
        || format!("the refusal was not recorded: {consent:?}"),
    )?;

    // 3. Choosing statistics on the preferences page, reached from the footer.
    client
        .find(Locator::Css("footer a[href='/cookies/preferences']"))
        .await?
        .click()
        .await?;
    eventually("the preferences page", || async {
        Ok(client.current_url().await?.path() == "/cookies/preferences")
    })
    .await?;
    let statistics = client.find(Locator::Id("prefs-statistics")).await?;
    ensure(!statistics.is_selected().await?, || {
        "statistics ticked before any consent".into()
    })?;
    statistics.click().await?;
    client
        .find(Locator::Css("form button[value=save]"))
        .await?
        .click()
        .await?;
    eventually("the analytics cookie", || async {
        Ok(names(&browser_cookies(client).await?).contains(&"_pk_id"))
    })
    .await?;
    let cookies = browser_cookies(client).await?;
    let analytics = cookies
        .iter()
        .find(|(n, _, _)| n == "_pk_id")
        .expect("just seen");
    ensure(analytics.2, || "_pk_id is not HttpOnly".into())?;
    ensure(names(&cookies).contains(&"_pk_ses"), || {
        format!("no _pk_ses: {cookies:?}")
    })?;
    ensure(!names(&cookies).contains(&"VISITOR_INFO1_LIVE"), || {
        "a third-party cookie was set".into()
    })?;
    // Scripts cannot see it, so no JavaScript banner could delete it.
    let script_view = client.execute("return document.cookie", vec![]).await?;
    let script_view = script_view.as_str().unwrap_or_default().to_string();
    ensure(!script_view.contains("_pk_id"), || {
        format!("document.cookie shows _pk_id: {script_view}")
    })?;
    // The analytics script ran, under the Content-Security-Policy: its cookie and its
    // localStorage item.
    eventually("the analytics script's cookie and storage", || async {
        let held = analytics_storage(client).await?;
        Ok(held.0 && held.1)
    })
    .await?;
    ensure(
        client
            .find(Locator::Id("prefs-statistics"))
            .await?
            .is_selected()
            .await?,
        || "the choice is not shown as saved".into(),
    )?;

    // 4. Withdrawing: untick and save; the server deletes the HttpOnly cookies.
    toggle_and_save(client, "prefs-statistics").await?;
    eventually("the analytics cookies to be deleted", || async {
        let cookies = browser_cookies(client).await?;
        Ok(!names(&cookies).iter().any(|n| n.starts_with("_pk")))
    })
    .await?;
    // The withdrawal is confirmed, and what the script kept in localStorage is gone too.
    confirmed(client, "Statistics cookies: refused").await?;
    eventually("the analytics script's storage to be removed", || async {
        Ok(analytics_storage(client).await? == (false, false))
    })
    .await?;

    // 4b. Marketing: the home page frames the video host's player, which runs in its frame.
    client.goto(&format!("{base}/cookies/preferences")).await?;
    toggle_and_save(client, "prefs-marketing").await?;
    confirmed(client, "Marketing cookies: accepted").await?;
    client.goto(&format!("{base}/")).await?;
    let player = client.find(Locator::Css("iframe.video")).await?;
    let src = player.attr("src").await?.unwrap_or_default();
    ensure(src.starts_with("http://localhost:"), || {
        format!("the player is not on the video host: {src}")
    })?;
    player.enter_frame().await?;
    let rendered = client.find_all(Locator::Id("play")).await?.len();
    client.enter_parent_frame().await?;
    ensure(rendered == 1, || {
        "the video host's player did not render in its frame".into()
    })?;
    screenshot(client, artifacts, "desktop-home-video.png").await?;
    // And back to refusing everything, as the attacks below expect.
    client.goto(&format!("{base}/cookies/preferences")).await?;
    client
        .find(Locator::Css("form.actions button[value=reject_all]"))
        .await?
        .click()
        .await?;
    confirmed(client, "Marketing cookies: refused").await?;
    client.goto(&format!("{base}/")).await?;
    let cookies = browser_cookies(client).await?;
    ensure(
        names(&cookies).iter().all(|n| NECESSARY.contains(n)),
        || format!("an optional cookie after withdrawal: {cookies:?}"),
    )?;

    // 5. The policy in French, with the declared rows.
    client.goto(&format!("{base}/cookies?lang=fr")).await?;
    let lang = client
        .find(Locator::Css("html"))
        .await?
        .attr("lang")
        .await?;
    ensure(lang.as_deref() == Some("fr"), || {
        format!("html lang is {lang:?}")
    })?;
    let headers: Vec<String> = {
        let mut texts = Vec::new();
        for cell in client.find_all(Locator::Css("table thead th")).await? {
            texts.push(cell.text().await?);
        }
        texts
    };
    ensure(headers.iter().any(|h| h == "Nom du prestataire"), || {
        format!("no French column headers: {headers:?}")
    })?;
    let mut rows = Vec::new();
    for row in client.find_all(Locator::Css("table tbody tr")).await? {
        let mut cells = Vec::new();
        for cell in row.find_all(Locator::Css("td")).await? {
            cells.push(cell.text().await?);
        }
        rows.push(cells);
    }
    let row_of = |name: &str| {
        rows.iter()
            .find(|cells| cells.iter().any(|c| c == name))
            .cloned()
    };
    let expected: [(&str, &[&str]); 7] = [
        (
            "sessionid",
            &["Authentification (toutes les pages)", "2 semaines"],
        ),
        (
            "django_language",
            &["Sélection de la langue (toutes les pages)", "12 mois"],
        ),
        ("__Host-csrftoken", &["Sécurité (tous les formulaires)"]),
        (
            "__Host-cookies_preferences",
            &["Bandeau cookies (toutes les pages)", "6 mois"],
        ),
        (
            "_pk_id",
            &["Mesure d'audience (toutes les pages)", "13 mois"],
        ),
        (
            "_pk_ses",
            &[
                "Regrouper les pages vues au cours d'une même visite",
                "30 minutes",
            ],
        ),
        ("VISITOR_INFO1_LIVE", &["Vidéos intégrées (page d'accueil)"]),
    ];
    for (name, texts) in expected {
        let row = row_of(name).ok_or_else(|| format!("no row for {name} in {rows:?}"))?;
        for text in texts {
            ensure(row.iter().any(|cell| cell.contains(text)), || {
                format!("row {name} lacks {text:?}: {row:?}")
            })?;
        }
    }
    // The policy's own stylesheet, moved out of the page to /static/policy.css, applies too.
    let header_background = client
        .find(Locator::Css("table thead th"))
        .await?
        .css_value("background-color")
        .await?;
    ensure(header_background == "rgba(236, 236, 236, 1)", || {
        format!("the policy's stylesheet did not apply: {header_background}")
    })?;
    // The whole page, tables included: a window as tall as the document.
    let height = client
        .execute("return document.documentElement.scrollHeight", vec![])
        .await?;
    let height = height.as_u64().unwrap_or(900).clamp(900, 6000) as u32;
    client.set_window_size(1280, height + 140).await?;
    screenshot(client, artifacts, "policy-fr.png").await?;
    client.set_window_size(1280, 900).await?;

    // The preferences page, in French, as an extra artefact.
    client
        .goto(&format!("{base}/lang/fr?back=%2Fcookies%2Fpreferences"))
        .await?;
    screenshot(client, artifacts, "preferences-fr.png").await?;

    // 6. The forged consent: a page of the same site (another port) plants a token it
    //    knows and posts "accept all" with it. The browser says `Sec-Fetch-Site: same-site`
    //    and the attacker's `Origin`: refused, and the visitor's refusal stands.
    let consent_of = |cookies: &[(String, String, bool)]| {
        cookies
            .iter()
            .find(|(n, _, _)| n == "__Host-cookies_preferences")
            .map(|(_, v, _)| v.clone())
    };
    let before = consent_of(&browser_cookies(client).await?);
    ensure(
        before.as_deref().is_some_and(|v| v.starts_with("2.-.")),
        || format!("no refusal on record before the attack: {before:?}"),
    )?;
    client.goto(&format!("{attacker}/plant")).await?;
    let cookies = browser_cookies(client).await?;
    ensure(
        cookies
            .iter()
            .any(|(n, v, _)| n == "__Host-csrftoken" && v == PLANTED),
        || format!("the browser did not take the planted token: {cookies:?}"),
    )?;
    client.goto(&format!("{attacker}/attack")).await?;
    client.find(Locator::Id("go")).await?.click().await?;
    eventually("the site's answer to the forged form", || async {
        Ok(client.current_url().await?.as_str().starts_with(base))
    })
    .await?;
    screenshot(client, artifacts, "forged-consent.png").await?;
    let cookies = browser_cookies(client).await?;
    let after = consent_of(&cookies);
    ensure(after == before, || {
        format!("the forged form changed the consent: {before:?} -> {after:?}")
    })?;
    let title = client.find(Locator::Css("h1")).await?.text().await?;
    // In French: the visitor switched languages above.
    ensure(title == "Ce formulaire ne vient pas de ce site", || {
        format!("the forged form was not refused: {title:?}")
    })?;
    ensure(
        !names(&cookies).iter().any(|n| n.starts_with("_pk")),
        || format!("analytics cookies after the forged form: {cookies:?}"),
    )?;

    // 7. Framing: the attacker's page frames the preferences page (a click there would be a
    //    choice the visitor did not know they made). The browser refuses to render it; the
    //    attacker's own page, framed alongside, shows the check can see a framed page.
    client.goto(&format!("{attacker}/frame")).await?;
    client
        .find(Locator::Id("control"))
        .await?
        .enter_frame()
        .await?;
    let control = client.find_all(Locator::Id("hello")).await?.len();
    client.enter_parent_frame().await?;
    ensure(control == 1, || "the control frame did not render".into())?;
    client
        .find(Locator::Id("victim"))
        .await?
        .enter_frame()
        .await?;
    let framed = client.find_all(Locator::Css("form")).await?.len();
    client.enter_parent_frame().await?;
    ensure(framed == 0, || {
        format!("the site rendered inside another site's frame ({framed} forms)")
    })?;
    Ok(())
}
