//! Where a JSON policy comes from: a file, or a URL fetched by the browser itself.

use std::fmt;
use std::path::PathBuf;

use serde_json::json;

use super::{Declarations, PolicyError};
use crate::browser::{Browser, SessionOptions};

/// A JSON policy's location: a file, or an `http://` or `https://` URL.
///
/// ```
/// use cookie_registry_audit::policy::PolicySource;
///
/// assert!(matches!(PolicySource::parse("policy.json"), PolicySource::File(_)));
/// assert!(matches!(PolicySource::parse("https://example.com/cookies.json"), PolicySource::Url(_)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PolicySource {
    /// A file.
    File(PathBuf),
    /// A URL, fetched by Chromium (so HTTPS needs no TLS stack in this crate).
    Url(String),
}

impl PolicySource {
    /// A URL when `text` starts with `http://` or `https://`, a file path otherwise.
    pub fn parse(text: &str) -> PolicySource {
        let lower = text.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            PolicySource::Url(text.to_string())
        } else {
            PolicySource::File(PathBuf::from(text))
        }
    }

    /// Reads the policy. A URL is fetched in a browser session of its own (a fresh profile,
    /// closed at once), so that whatever the site sets while serving it does not reach the
    /// audit's sessions.
    ///
    /// # Errors
    ///
    /// [`PolicyError::Read`] or [`PolicyError::Fetch`] when it cannot be read, and the errors of
    /// [`Declarations::from_json`].
    pub async fn load(&self, browser: &Browser) -> Result<Declarations, PolicyError> {
        match self {
            PolicySource::File(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| PolicyError::Read {
                    path: path.display().to_string(),
                    source,
                })?;
                Declarations::from_json(&text, &path.display().to_string())
            }
            PolicySource::Url(url) => {
                let text = fetch(browser, url)
                    .await
                    .map_err(|reason| PolicyError::Fetch {
                        url: url.clone(),
                        reason,
                    })?;
                Declarations::from_json(&text, url)
            }
        }
    }
}

impl fmt::Display for PolicySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PolicySource::File(path) => write!(f, "{}", path.display()),
            PolicySource::Url(url) => f.write_str(url),
        }
    }
}

/// The body of `url`, fetched from a page of its own origin (no CORS in the way), whatever
/// the Content-Security-Policy that page is served with.
async fn fetch(browser: &Browser, url: &str) -> Result<String, String> {
    let session = browser
        .session(&SessionOptions::default())
        .await
        .map_err(|e| e.to_string())?;
    let result = async {
        // A site's Content-Security-Policy on the document itself (`default-src 'none'`, with no
        // `connect-src`) would refuse the fetch below: it is the audit's, not the site's.
        session
            .devtools("Page.setBypassCSP", json!({ "enabled": true }))
            .await
            .map_err(|e| e.to_string())?;
        session
            .client()
            .goto(url)
            .await
            .map_err(|e| e.to_string())?;
        let answer = session
            .client()
            .execute(
                "return fetch(arguments[0], {credentials: 'omit', cache: 'no-store'})
                   .then(async r => ({status: r.status, text: await r.text()}))
                   .catch(e => ({status: 0, text: String(e)}));",
                vec![json!(url)],
            )
            .await
            .map_err(|e| e.to_string())?;
        let status = answer["status"].as_u64().unwrap_or(0);
        let text = answer["text"].as_str().unwrap_or_default().to_string();
        match status {
            200..=299 => Ok(text),
            0 => Err(text),
            _ => Err(format!("HTTP status {status}")),
        }
    }
    .await;
    let _ = session.close().await;
    result
}
