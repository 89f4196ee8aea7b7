//! Two chromedriver extensions of WebDriver: the DevTools passthrough and the performance log.

use std::fmt;

use fantoccini::Client;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::{Value, json};

/// A DevTools command sent through chromedriver: `POST /session/{id}/goog/cdp/execute`.
#[derive(Debug)]
pub(crate) struct Devtools {
    method: String,
    params: Value,
}

impl Devtools {
    pub(crate) fn new(method: &str, params: Value) -> Devtools {
        Devtools {
            method: method.to_string(),
            params,
        }
    }

    pub(crate) async fn send(self, client: &Client) -> Result<Value, DevToolsError> {
        let method = self.method.clone();
        client
            .issue_cmd(self)
            .await
            .map_err(|source| DevToolsError { method, source })
    }
}

impl WebDriverCompatibleCommand for Devtools {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let body = json!({ "cmd": self.method, "params": self.params });
        (http::Method::POST, Some(body.to_string()))
    }
}

/// chromedriver's performance log (`POST /session/{id}/se/log`, type `performance`): the
/// DevTools events of the domains named in `perfLoggingPrefs`, drained by each read.
#[derive(Debug)]
pub(crate) struct PerformanceLog;

impl PerformanceLog {
    /// The logged events as `(method, params)`, in the order chromedriver received them.
    pub(crate) async fn read(self, client: &Client) -> Result<Vec<(String, Value)>, DevToolsError> {
        let entries = client
            .issue_cmd(self)
            .await
            .map_err(|source| DevToolsError {
                method: "se/log performance".to_string(),
                source,
            })?;
        let Value::Array(entries) = entries else {
            return Ok(Vec::new());
        };
        Ok(entries
            .iter()
            .filter_map(|entry| entry.get("message")?.as_str())
            .filter_map(|text| serde_json::from_str::<Value>(text).ok())
            .filter_map(|mut message| {
                let inner = message.get_mut("message")?;
                let method = inner.get("method")?.as_str()?.to_string();
                Some((method, inner.get_mut("params")?.take()))
            })
            .collect())
    }
}

impl WebDriverCompatibleCommand for PerformanceLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({ "type": "performance" }).to_string()),
        )
    }
}

/// A DevTools command (or a read of chromedriver's log) that failed.
#[derive(Debug)]
pub struct DevToolsError {
    method: String,
    source: fantoccini::error::CmdError,
}

impl DevToolsError {
    /// The DevTools method that failed (`Storage.getCookies`).
    pub fn method(&self) -> &str {
        &self.method
    }
}

impl fmt::Display for DevToolsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DevTools command {} failed: {}",
            self.method, self.source
        )
    }
}

impl std::error::Error for DevToolsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
