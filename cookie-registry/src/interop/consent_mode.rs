//! Google Consent Mode v2: the `gtag('consent', 'default', …)` block a page runs before any
//! Google tag, and the `gtag('consent', 'update', …)` call after a choice, rendered on the
//! server from the visitor's [`ConsentState`], so that a returning visitor's state is right
//! before any tag loads.
//!
//! The categories map to the seven signals as Google documents:
//!
//! | category | signals |
//! |---|---|
//! | statistics | `analytics_storage` |
//! | marketing | `ad_storage`, `ad_user_data`, `ad_personalization` |
//! | functionality (preferences) | `functionality_storage`, `personalization_storage` |
//! | necessary | `security_storage` (always granted) |
//!
//! ```
//! use cookie_registry::consent::{CategorySet, ConsentState};
//! use cookie_registry::declaration::Category;
//! use cookie_registry::interop::consent_mode::ConsentMode;
//! use cookie_registry::Revision;
//!
//! let mode = ConsentMode::new().wait_for_update(500).nonce("rAnd0m+n0nce==")?;
//!
//! // A first visit: everything denied but security.
//! let head = mode.default_script(&ConsentState::NONE);
//! assert!(head.starts_with("<script nonce=\"rAnd0m+n0nce==\">"));
//! assert!(head.contains(r#"gtag("consent", "default", {"ad_storage": "denied", "#));
//! assert!(head.contains(r#""security_storage": "granted", "wait_for_update": 500}"#));
//!
//! // After the visitor accepts statistics.
//! let state = ConsentState::given(CategorySet::NONE.with(Category::Statistics), std::time::SystemTime::now(), Revision::from_u64(1));
//! assert!(mode.update_call(&state).contains(r#""analytics_storage": "granted""#));
//! # Ok::<(), cookie_registry::interop::consent_mode::InvalidNonce>(())
//! ```
//!
//! The text is safe to put inline in a page: every word of it is one of this module's own
//! constants, and the only input, the CSP nonce, is checked to be a `base64-value`
//! ([`InvalidNonce`] otherwise).

use core::fmt;

use crate::consent::ConsentState;
use crate::declaration::Category;

/// One Consent Mode v2 signal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Signal {
    /// `ad_storage`: cookies for advertising.
    AdStorage,
    /// `ad_user_data`: sending user data to Google for advertising.
    AdUserData,
    /// `ad_personalization`: personalised advertising.
    AdPersonalization,
    /// `analytics_storage`: cookies for analytics.
    AnalyticsStorage,
    /// `functionality_storage`: cookies for the site's functions (language, settings).
    FunctionalityStorage,
    /// `personalization_storage`: cookies for personalisation (recommendations).
    PersonalizationStorage,
    /// `security_storage`: cookies for security (authentication, fraud prevention).
    SecurityStorage,
}

impl Signal {
    /// Every signal, in the order the calls list them.
    pub const ALL: [Signal; 7] = [
        Signal::AdStorage,
        Signal::AdUserData,
        Signal::AdPersonalization,
        Signal::AnalyticsStorage,
        Signal::FunctionalityStorage,
        Signal::PersonalizationStorage,
        Signal::SecurityStorage,
    ];

    /// The signal's name in `gtag` calls (`"ad_storage"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Signal::AdStorage => "ad_storage",
            Signal::AdUserData => "ad_user_data",
            Signal::AdPersonalization => "ad_personalization",
            Signal::AnalyticsStorage => "analytics_storage",
            Signal::FunctionalityStorage => "functionality_storage",
            Signal::PersonalizationStorage => "personalization_storage",
            Signal::SecurityStorage => "security_storage",
        }
    }

    /// The category whose consent grants the signal.
    ///
    /// ```
    /// use cookie_registry::declaration::Category;
    /// use cookie_registry::interop::consent_mode::Signal;
    /// assert_eq!(Signal::AdUserData.category(), Category::Marketing);
    /// assert_eq!(Signal::PersonalizationStorage.category(), Category::Functionality);
    /// ```
    pub const fn category(self) -> Category {
        match self {
            Signal::AdStorage | Signal::AdUserData | Signal::AdPersonalization => {
                Category::Marketing
            }
            Signal::AnalyticsStorage => Category::Statistics,
            Signal::FunctionalityStorage | Signal::PersonalizationStorage => {
                Category::Functionality
            }
            Signal::SecurityStorage => Category::Necessary,
        }
    }

    /// Whether `consent` grants the signal.
    pub const fn granted_by(self, consent: &ConsentState) -> bool {
        consent.grants(self.category())
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How the Consent Mode calls are written: the `wait_for_update` of the default call and the
/// CSP nonce of the `<script>` elements.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConsentMode {
    wait_for_update: Option<u32>,
    nonce: Option<String>,
}

impl ConsentMode {
    /// No `wait_for_update`, no nonce.
    pub fn new() -> ConsentMode {
        ConsentMode::default()
    }

    /// The default call with `wait_for_update`: how many milliseconds the tags wait for an
    /// update call before they run with the default (for a banner that answers in the page).
    #[must_use]
    pub fn wait_for_update(mut self, milliseconds: u32) -> ConsentMode {
        self.wait_for_update = Some(milliseconds);
        self
    }

    /// The `<script>` elements with `nonce="…"`, for a Content Security Policy `script-src
    /// 'nonce-…'`.
    ///
    /// # Errors
    ///
    /// [`InvalidNonce`] unless `nonce` is a CSP `base64-value`: letters, digits, `+`, `/`, `-`,
    /// `_`, then at most two `=`; nothing else could be put in the attribute without escaping.
    pub fn nonce(mut self, nonce: impl Into<String>) -> Result<ConsentMode, InvalidNonce> {
        let nonce = nonce.into();
        let body = nonce.trim_end_matches('=');
        let valid = !body.is_empty()
            && nonce.len() - body.len() <= 2
            && body
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'));
        if !valid {
            return Err(InvalidNonce { given: nonce });
        }
        self.nonce = Some(nonce);
        Ok(self)
    }

    /// The statement `gtag("consent", "default", {…});` for `consent` (with `wait_for_update`
    /// when set).
    pub fn default_call(&self, consent: &ConsentState) -> String {
        call("default", consent, self.wait_for_update)
    }

    /// The statement `gtag("consent", "update", {…});` for the `consent` a visitor just chose.
    pub fn update_call(&self, consent: &ConsentState) -> String {
        call("update", consent, None)
    }

    /// The `<script>` element for the page's `<head>`, before any Google tag: defines
    /// `dataLayer` and `gtag` as Google's snippet does, then makes the default call.
    pub fn default_script(&self, consent: &ConsentState) -> String {
        self.script(&format!(
            "window.dataLayer = window.dataLayer || [];\n\
             function gtag(){{dataLayer.push(arguments);}}\n{}\n",
            self.default_call(consent)
        ))
    }

    /// The `<script>` element that makes the update call, for the page answered after a
    /// choice.
    pub fn update_script(&self, consent: &ConsentState) -> String {
        self.script(&format!("{}\n", self.update_call(consent)))
    }

    fn script(&self, body: &str) -> String {
        match &self.nonce {
            // The nonce is a checked base64-value: nothing in it needs escaping.
            Some(nonce) => format!("<script nonce=\"{nonce}\">\n{body}</script>\n"),
            None => format!("<script>\n{body}</script>\n"),
        }
    }
}

/// The states of every signal under `consent`, in [`Signal::ALL`] order.
///
/// ```
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::interop::consent_mode::{Signal, signals};
/// let states = signals(&ConsentState::NONE);
/// assert_eq!(states[6], (Signal::SecurityStorage, true));
/// assert!(states[..6].iter().all(|(_, granted)| !granted));
/// ```
pub fn signals(consent: &ConsentState) -> [(Signal, bool); 7] {
    Signal::ALL.map(|signal| (signal, signal.granted_by(consent)))
}

fn call(command: &str, consent: &ConsentState, wait_for_update: Option<u32>) -> String {
    let mut out = format!("gtag(\"consent\", \"{command}\", {{");
    for (index, (signal, granted)) in signals(consent).into_iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        let state = if granted { "granted" } else { "denied" };
        out.push_str(&format!("\"{signal}\": \"{state}\""));
    }
    if let Some(milliseconds) = wait_for_update {
        out.push_str(&format!(", \"wait_for_update\": {milliseconds}"));
    }
    out.push_str("});");
    out
}

/// A CSP nonce that is not a `base64-value` ([`ConsentMode::nonce`]).
#[derive(Clone, PartialEq, Eq)]
pub struct InvalidNonce {
    given: String,
}

impl fmt::Display for InvalidNonce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a CSP nonce: use letters, digits, `+`, `/`, `-` and `_`, then at most two `=`",
            self.given
        )
    }
}

crate::errors::debug_as_display!(InvalidNonce);
impl std::error::Error for InvalidNonce {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Revision;
    use crate::consent::CategorySet;

    #[test]
    fn the_documented_mapping() {
        let at = std::time::SystemTime::now();
        let revision = Revision::from_u64(1);
        for category in Category::ALL {
            let state = ConsentState::given(CategorySet::NONE.with(*category), at, revision);
            let granted: Vec<&str> = signals(&state)
                .into_iter()
                .filter(|(_, g)| *g)
                .map(|(s, _)| s.as_str())
                .collect();
            let expected: &[&str] = match category {
                Category::Necessary => &["security_storage"],
                Category::Statistics => &["analytics_storage", "security_storage"],
                Category::Marketing => &[
                    "ad_storage",
                    "ad_user_data",
                    "ad_personalization",
                    "security_storage",
                ],
                Category::Functionality => &[
                    "functionality_storage",
                    "personalization_storage",
                    "security_storage",
                ],
            };
            assert_eq!(granted, expected, "{category:?}");
        }
    }

    #[test]
    fn nonces_that_could_break_out_are_refused() {
        for bad in ["", "a\"b", "a b", "</script>", "ab===", "=", "a'b", "abc\n"] {
            assert!(ConsentMode::new().nonce(bad).is_err(), "{bad:?}");
        }
        for good in ["abc", "a+/-_b==", "Zm9v="] {
            assert!(ConsentMode::new().nonce(good).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn the_script_is_exactly_this() {
        let script = ConsentMode::new().default_script(&ConsentState::NONE);
        assert_eq!(
            script,
            "<script>\nwindow.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push(arguments);}\n\
             gtag(\"consent\", \"default\", {\"ad_storage\": \"denied\", \"ad_user_data\": \"denied\", \
             \"ad_personalization\": \"denied\", \"analytics_storage\": \"denied\", \
             \"functionality_storage\": \"denied\", \"personalization_storage\": \"denied\", \
             \"security_storage\": \"granted\"});\n</script>\n"
        );
    }
}
