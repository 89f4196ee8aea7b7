//! The site on a phone and from a keyboard: the layout measured in Chromium at a phone's size
//! (390 × 844 CSS pixels) and at a desktop's, with a screenshot of each page at each size.
//!
//! On every page: no sideways scrolling of the page itself (the policy's wide tables scroll in
//! their own regions); while the banner shows, it takes at most 60 % of the screen's height
//! with "Save my choices" in sight, and the first tab stop is in it.

use std::path::Path;

use fantoccini::Client;
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use serde_json::Value;

use super::Failure;
use super::scenario::{ensure, screenshot};

/// A phone's screen, in CSS pixels (an iPhone 12 to 15).
pub(super) const PHONE: (u32, u32) = (390, 844);
/// The desktop window the rest of the walk runs in.
pub(super) const DESKTOP: (u32, u32) = (1280, 900);

/// The pages measured, by path, with the name of their screenshots.
const PAGES: [(&str, &str); 5] = [
    ("/", "home"),
    ("/login", "login"),
    ("/cookies", "policy-en"),
    ("/cookies?lang=fr", "policy-fr"),
    ("/cookies/preferences", "preferences"),
];

/// Makes the viewport (not the window) exactly `width` × `height`.
pub(super) async fn viewport(client: &Client, (width, height): (u32, u32)) -> Result<(), Failure> {
    client.set_window_size(width, height).await?;
    let inner = client
        .execute("return [window.innerWidth, window.innerHeight]", vec![])
        .await?;
    let (inner_width, inner_height) = (
        inner[0].as_u64().unwrap_or(u64::from(width)) as u32,
        inner[1].as_u64().unwrap_or(u64::from(height)) as u32,
    );
    if (inner_width, inner_height) != (width, height) {
        client
            .set_window_size(width + width - inner_width, height + height - inner_height)
            .await?;
    }
    Ok(())
}

/// What the page's layout measures, read in one script.
const MEASURE: &str = "
const root = document.documentElement;
const banner = document.getElementById('cookie-banner');
const save = banner && banner.querySelector('button[value=save]');
const box = element => element && element.getBoundingClientRect();
const b = box(banner), s = box(save);
return {
  viewport: [window.innerWidth, window.innerHeight],
  scrollWidth: root.scrollWidth,
  clientWidth: root.clientWidth,
  banner: b ? [b.top, b.height] : null,
  save: s ? [s.top, s.bottom, s.height] : null,
  tables: Array.from(document.querySelectorAll('table')).map(t => !!t.closest('.table-scroll')),
};";

/// Presses Tab once on a freshly loaded page; whether the focus landed inside the banner, and
/// what it landed on.
async fn first_tab_stop(client: &Client) -> Result<(bool, String), Failure> {
    let tab = '\u{e004}';
    let keys = KeyActions::new("keyboard".to_string())
        .then(KeyAction::Down { value: tab })
        .then(KeyAction::Up { value: tab });
    client.perform_actions(keys).await?;
    let focused = client
        .execute(
            "const e = document.activeElement;
             return [!!(e && e.closest('#cookie-banner')), e ? e.outerHTML.slice(0, 120) : 'nothing'];",
            vec![],
        )
        .await?;
    Ok((
        focused[0].as_bool().unwrap_or(false),
        focused[1].as_str().unwrap_or_default().to_string(),
    ))
}

/// Loads each page at `size` and checks its layout, the banner's when `banner` says it shows;
/// saves `{prefix}-{page}.png` in `artifacts`.
pub(super) async fn check_pages(
    client: &Client,
    base: &str,
    size: (u32, u32),
    banner: bool,
    prefix: &str,
    artifacts: &Path,
) -> Result<(), Failure> {
    viewport(client, size).await?;
    for (path, name) in PAGES {
        client.goto(&format!("{base}{path}")).await?;
        let m: Value = client.execute(MEASURE, vec![]).await?;
        let at = format!("{path} at {}x{}", size.0, size.1);
        ensure(m["viewport"] == serde_json::json!([size.0, size.1]), || {
            format!("{at}: the viewport is {}", m["viewport"])
        })?;
        let (scroll, client_width) = (
            m["scrollWidth"].as_f64().unwrap_or(f64::MAX),
            m["clientWidth"].as_f64().unwrap_or(0.0),
        );
        ensure(scroll <= client_width, || {
            format!("{at}: the page scrolls sideways ({scroll} px wide in {client_width} px)")
        })?;
        let tables = m["tables"].as_array().cloned().unwrap_or_default();
        ensure(tables.iter().all(|t| t.as_bool() == Some(true)), || {
            format!("{at}: a table outside a scrolling region: {tables:?}")
        })?;
        ensure(m["banner"].is_null() != banner, || {
            format!(
                "{at}: the banner is {}",
                if banner { "missing" } else { "shown" }
            )
        })?;
        if banner {
            let height = m["banner"][1].as_f64().unwrap_or(f64::MAX);
            let limit = 0.6 * f64::from(size.1);
            ensure(height <= limit, || {
                format!("{at}: the banner is {height} px high, more than 60 % ({limit} px)")
            })?;
            let banner_top = m["banner"][0].as_f64().unwrap_or(0.0);
            let (top, bottom, save_height) = (
                m["save"][0].as_f64().unwrap_or(-1.0),
                m["save"][1].as_f64().unwrap_or(f64::MAX),
                m["save"][2].as_f64().unwrap_or(0.0),
            );
            ensure(
                save_height > 0.0 && top >= banner_top && bottom <= f64::from(size.1),
                || {
                    format!(
                        "{at}: \"Save my choices\" is out of sight ({top}..{bottom} px; the banner \
                         starts at {banner_top} px)"
                    )
                },
            )?;
            let (inside, focused) = first_tab_stop(client).await?;
            ensure(inside, || {
                format!("{at}: the first tab stop is outside the banner: {focused}")
            })?;
        }
        screenshot(client, artifacts, &format!("{prefix}-{name}.png")).await?;
    }
    viewport(client, DESKTOP).await
}
