//! The consent states an audit visits the site in, and the two ways of putting the browser in
//! one: clicking through the site's banner, or writing the consent cookie.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, Instant};

use cookie_registry::Revision;
use cookie_registry::consent::{CategorySet, ConsentState};
use cookie_registry::declaration::Category;
use fantoccini::Locator;
use serde::Serialize;
use serde_json::json;

use crate::browser::Session;
use crate::policy::ConsentCookieSpec;

/// One consent state of the audit: what the visitor chose before browsing.
///
/// Keywords (for `--states` and [`FromStr`]): `none`, `reject`, a category (`statistics`: that
/// category alone), `accept`, `withdraw` (accept everything, browse, then reject everything and
/// browse again).
///
/// ```
/// use cookie_registry::declaration::Category;
/// use cookie_registry_audit::ConsentChoice;
///
/// let states: Vec<ConsentChoice> = "none,reject,statistics,accept,withdraw"
///     .split(',')
///     .map(str::parse)
///     .collect::<Result<_, _>>()?;
/// assert_eq!(states[2], ConsentChoice::Only(Category::Statistics));
/// assert_eq!(states[2].to_string(), "statistics");
/// # Ok::<(), String>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConsentChoice {
    /// No choice yet: the banner is shown; only exempt cookies may be set.
    NoChoice,
    /// Every category refused.
    RejectAll,
    /// One category granted, every other refused.
    Only(Category),
    /// Every category the site asks about granted.
    AcceptAll,
    /// Everything granted, then everything refused: what stays is "still there after
    /// withdrawal".
    Withdrawal,
}

impl ConsentChoice {
    /// The default states for a policy that asks about `categories`: no choice, reject all, each
    /// category alone, accept all, withdrawal.
    pub fn defaults(categories: &[Category]) -> Vec<ConsentChoice> {
        let mut states = vec![ConsentChoice::NoChoice, ConsentChoice::RejectAll];
        states.extend(categories.iter().map(|&c| ConsentChoice::Only(c)));
        states.push(ConsentChoice::AcceptAll);
        states.push(ConsentChoice::Withdrawal);
        states
    }

    /// In words, for reports: `no choice`, `reject all`, `statistics only`, ...
    pub fn label(&self) -> String {
        match self {
            ConsentChoice::NoChoice => "no choice yet".into(),
            ConsentChoice::RejectAll => "reject all".into(),
            ConsentChoice::Only(category) => format!("{category} only"),
            ConsentChoice::AcceptAll => "accept all".into(),
            ConsentChoice::Withdrawal => "accept all, then withdraw".into(),
        }
    }

    /// The categories granted in `phase`, out of `offered` (what "accept all" grants).
    pub fn granted(&self, phase: Phase, offered: &[Category]) -> CategorySet {
        let all: CategorySet = offered.iter().copied().collect();
        match (self, phase) {
            (_, Phase::Initial) | (ConsentChoice::NoChoice | ConsentChoice::RejectAll, _) => {
                CategorySet::NONE
            }
            (ConsentChoice::Only(category), _) => CategorySet::NONE.with(*category),
            (ConsentChoice::AcceptAll, _) => all,
            (ConsentChoice::Withdrawal, Phase::Consented) => all,
            (ConsentChoice::Withdrawal, Phase::Withdrawn) => CategorySet::NONE,
        }
    }
}

impl fmt::Display for ConsentChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConsentChoice::NoChoice => f.write_str("none"),
            ConsentChoice::RejectAll => f.write_str("reject"),
            ConsentChoice::Only(category) => f.write_str(category.as_str()),
            ConsentChoice::AcceptAll => f.write_str("accept"),
            ConsentChoice::Withdrawal => f.write_str("withdraw"),
        }
    }
}

impl FromStr for ConsentChoice {
    type Err = String;

    fn from_str(text: &str) -> Result<ConsentChoice, String> {
        match text.trim() {
            "none" | "no-choice" => Ok(ConsentChoice::NoChoice),
            "reject" | "reject-all" => Ok(ConsentChoice::RejectAll),
            "accept" | "accept-all" => Ok(ConsentChoice::AcceptAll),
            "withdraw" | "withdrawal" => Ok(ConsentChoice::Withdrawal),
            other => match Category::from_keyword(other) {
                Some(Category::Necessary) => {
                    Err("`necessary` is always granted; name a category that needs consent".into())
                }
                Some(category) => Ok(ConsentChoice::Only(category)),
                None => Err(format!(
                    "`{other}` is not a consent state: use none, reject, accept, withdraw, or a \
                     category (functionality, statistics, marketing)"
                )),
            },
        }
    }
}

impl Phase {
    /// In words: `before the choice`, `with the choice`, `after withdrawal`.
    pub const fn label(self) -> &'static str {
        match self {
            Phase::Initial => "before the choice",
            Phase::Consented => "with the choice",
            Phase::Withdrawn => "after withdrawal",
        }
    }
}

impl Serialize for ConsentChoice {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Where a page visit falls within its consent state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Before the audit made the state's choice in the banner: nothing is granted yet.
    Initial,
    /// With the state's choice in force (for [`ConsentChoice::NoChoice`], no choice).
    Consented,
    /// After withdrawal ([`ConsentChoice::Withdrawal`] only).
    Withdrawn,
}

/// How the audit makes a choice.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentMethod {
    /// The consent cookie when the policy names one and has a revision, else the banner.
    #[default]
    Auto,
    /// Click the site's banner (see [`BannerSelectors`]), as a visitor would.
    Banner,
    /// Write the consent cookie (a cookie-registry site), with the library's own encoding.
    Cookie,
}

impl FromStr for ConsentMethod {
    type Err = String;

    fn from_str(text: &str) -> Result<ConsentMethod, String> {
        match text {
            "auto" => Ok(ConsentMethod::Auto),
            "banner" => Ok(ConsentMethod::Banner),
            "cookie" => Ok(ConsentMethod::Cookie),
            other => Err(format!(
                "`{other}` is not a consent method: use auto, banner or cookie"
            )),
        }
    }
}

/// Where the banner's controls are: CSS selectors, and the page to withdraw from.
///
/// The defaults fit a cookie-registry site whose banner is plain HTML forms posting to
/// `/consent` (the example site): `choice=accept_all`, `choice=reject_all`, one checkbox per
/// category named after it, and `choice=save`. In `category`, `{category}` stands for the
/// category's keyword.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BannerSelectors {
    /// "Accept all".
    pub accept_all: String,
    /// "Reject all".
    pub reject_all: String,
    /// A category's checkbox, with `{category}` in place of its keyword.
    pub category: String,
    /// "Save my choices", after ticking.
    pub save: String,
    /// The page (path or URL) where a visitor changes or withdraws a choice once the banner is
    /// gone.
    pub preferences: String,
}

impl Default for BannerSelectors {
    fn default() -> Self {
        BannerSelectors {
            accept_all: r#"form[action$="/consent"] [name="choice"][value="accept_all"]"#.into(),
            reject_all: r#"form[action$="/consent"] [name="choice"][value="reject_all"]"#.into(),
            category: r#"form[action$="/consent"] input[type="checkbox"][name="{category}"]"#
                .into(),
            save: r#"form[action$="/consent"] [name="choice"][value="save"]"#.into(),
            preferences: "/cookies/preferences".into(),
        }
    }
}

/// What the banner is asked to do.
#[derive(Clone, Copy, Debug)]
pub(crate) enum BannerAction {
    AcceptAll,
    RejectAll,
    Only(Category),
}

impl BannerAction {
    pub(crate) fn describe(self) -> String {
        match self {
            BannerAction::AcceptAll => "clicked \"accept all\"".into(),
            BannerAction::RejectAll => "clicked \"reject all\"".into(),
            BannerAction::Only(category) => format!("ticked {category} alone and saved"),
        }
    }
}

/// Clicks through the banner on the current page and waits for the next page to load.
pub(crate) async fn click_banner(
    session: &Session,
    selectors: &BannerSelectors,
    action: BannerAction,
    offered: &[Category],
) -> Result<(), String> {
    let client = session.client();
    let find = |css: String| async move {
        match client.find(Locator::Css(&css)).await {
            Ok(element) => Ok(element),
            Err(e) => Err(format!(
                "no element matches `{css}` on {}: {e}",
                current(client).await
            )),
        }
    };
    let button = match action {
        BannerAction::AcceptAll => find(selectors.accept_all.clone()).await?,
        BannerAction::RejectAll => find(selectors.reject_all.clone()).await?,
        BannerAction::Only(chosen) => {
            for &category in offered {
                let css = selectors.category.replace("{category}", category.as_str());
                let checkbox = find(css).await?;
                let ticked = checkbox.is_selected().await.map_err(|e| e.to_string())?;
                if ticked != (category == chosen) {
                    checkbox.click().await.map_err(|e| e.to_string())?;
                }
            }
            find(selectors.save.clone()).await?
        }
    };
    button
        .click()
        .await
        .map_err(|e| format!("could not click the banner: {e}"))?;
    // The old page is gone when its elements are stale; then wait for the new one to load.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match button.is_displayed().await {
            Err(error) if error.is_stale_element_reference() => break,
            Err(_) => break,
            Ok(_) if Instant::now() > deadline => {
                return Err(format!(
                    "the banner did not lead to a new page within 15 s ({})",
                    action.describe()
                ));
            }
            Ok(_) => tokio::time::sleep(Duration::from_millis(30)).await,
        }
    }
    loop {
        let state = client
            .execute("return document.readyState", vec![])
            .await
            .map_err(|e| e.to_string())?;
        if state.as_str() == Some("complete") {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err("the page after the banner did not finish loading within 15 s".into());
        }
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
}

async fn current(client: &fantoccini::Client) -> String {
    client
        .current_url()
        .await
        .map_or_else(|_| "the current page".to_string(), |u| u.to_string())
}

/// Writes the consent cookie recording `granted` for `revision`, as the site's own server
/// would (the library's encoding, [`ConsentState::cookie_value`]), for the site at `site_url`.
pub(crate) async fn write_consent_cookie(
    session: &Session,
    spec: &ConsentCookieSpec,
    revision: Revision,
    granted: CategorySet,
    site_url: &url::Url,
) -> Result<(), String> {
    let now = std::time::SystemTime::now();
    let value = ConsentState::given(granted, now, revision)
        .cookie_value()
        .ok_or("a choice always has a value")?;
    let attributes = &spec.attributes;
    let loopback = site_url.host_str().is_some_and(|h| {
        h == "localhost"
            || h.parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    });
    // A `Secure` cookie cannot be set for a plain-HTTP site other than a loopback one.
    let secure = attributes.secure && (site_url.scheme() == "https" || loopback);
    let mut url = site_url.clone();
    url.set_path(&attributes.path);
    url.set_query(None);
    url.set_fragment(None);
    let mut cookie = json!({
        "name": spec.name,
        "value": value,
        "url": url.as_str(),
        "path": attributes.path,
        "secure": secure,
        "httpOnly": attributes.http_only,
        "sameSite": match attributes.same_site.as_str() {
            "strict" => "Strict",
            "none" => "None",
            _ => "Lax",
        },
    });
    if let Some(domain) = &attributes.domain {
        cookie["domain"] = json!(format!(".{}", domain.trim_start_matches('.')));
    }
    if let Some(seconds) = spec.lifetime_seconds {
        let now = now
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        cookie["expires"] = json!(now + seconds.min(400 * 86_400));
    }
    session
        .devtools("Storage.setCookies", json!({ "cookies": [cookie] }))
        .await
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn granted_per_phase() {
        let offered = [Category::Statistics, Category::Marketing];
        let only = ConsentChoice::Only(Category::Statistics);
        assert!(
            only.granted(Phase::Consented, &offered)
                .contains(Category::Statistics)
        );
        assert!(
            !only
                .granted(Phase::Consented, &offered)
                .contains(Category::Marketing)
        );
        assert!(only.granted(Phase::Initial, &offered).is_empty());
        let withdraw = ConsentChoice::Withdrawal;
        assert!(
            withdraw
                .granted(Phase::Consented, &offered)
                .contains(Category::Marketing)
        );
        assert!(withdraw.granted(Phase::Withdrawn, &offered).is_empty());
        assert!(
            ConsentChoice::NoChoice
                .granted(Phase::Consented, &offered)
                .is_empty()
        );
    }

    #[test]
    fn keywords() {
        assert_eq!("reject".parse(), Ok(ConsentChoice::RejectAll));
        assert!("necessary".parse::<ConsentChoice>().is_err());
        assert!(
            "everything"
                .parse::<ConsentChoice>()
                .unwrap_err()
                .contains("everything")
        );
        assert_eq!(
            ConsentChoice::defaults(&[Category::Marketing])
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
            ["none", "reject", "marketing", "accept", "withdraw"]
        );
    }
}
