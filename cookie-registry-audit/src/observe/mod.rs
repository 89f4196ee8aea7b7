//! What the browser holds after a page, and who put it there.
//!
//! After each page the audit reads:
//!
//! * every cookie of every site the browser holds (DevTools `Storage.getCookies`: HttpOnly,
//!   third-party and partitioned cookies included), with domain, path, expiry and flags;
//! * in every frame: `localStorage` and `sessionStorage` keys, IndexedDB database names, and the
//!   records of the hooks ([`HOOKS`]) that ran before the page's own scripts;
//! * chromedriver's network log: the raw `Set-Cookie` headers of every response.
//!
//! Each item new or changed since the previous page is attributed: to the responses whose
//! `Set-Cookie` named it (on a host that may set that cookie), and to the scripts whose writes
//! the hooks recorded (with their stack). Candidates whose value matches the browser's are
//! preferred. An item neither explains is [`Source::Unknown`].

mod frames;
mod network;

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::Serialize;
use serde_json::{Value, json};

use crate::browser::{DevToolsError, Session};
use crate::policy::StorageKind;
use crate::site::{FirstParty, domain_matches, host_of};
use frames::{FrameData, HookRecord};
use network::{CookieResponse, NetworkLog};

/// The script installed in every frame before the page's own scripts
/// (`Page.addScriptToEvaluateOnNewDocument`): it records `document.cookie`, `CookieStore.set`,
/// `Storage.setItem`, property writes to `localStorage`/`sessionStorage` and `indexedDB.open`,
/// each with the writer's stack.
pub const HOOKS: &str = include_str!("hooks.js");

/// Who wrote an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Source {
    /// A response's `Set-Cookie` header.
    Response {
        /// The response's URL.
        url: String,
        /// The page or frame the request was made for.
        document: Option<String>,
        /// The script (`url:line:column`) or document that started the request.
        initiator: Option<String>,
    },
    /// A script, caught by the hooks.
    Script {
        /// The API: `document.cookie`, `cookieStore.set`, `localStorage.setItem`,
        /// `sessionStorage.setItem`, `indexedDB.open`.
        api: String,
        /// The innermost place of the page's code that made the write, `url:line:column` (for
        /// an inline script, the document's URL).
        script: String,
        /// The stack, innermost first, as the browser wrote it.
        stack: Vec<String>,
        /// The URL of the frame the script ran in.
        frame: String,
    },
    /// The audit itself (the consent cookie it writes to play a visitor's choice).
    Audit {
        /// What it wrote.
        what: String,
    },
    /// Neither a logged response nor a hooked script explains it.
    Unknown {
        /// The likely reasons.
        reason: String,
    },
}

impl Source {
    /// One line for reports: `script http://a/app.js:1:17 in frame http://a/`.
    pub fn summary(&self) -> String {
        match self {
            Source::Response {
                url,
                document,
                initiator,
            } => {
                let mut text = format!("response {url}");
                if let Some(document) = document.as_deref().filter(|d| *d != url) {
                    text.push_str(&format!(" (for {document})"));
                }
                if let Some(initiator) = initiator
                    .as_deref()
                    .filter(|i| Some(*i) != document.as_deref())
                {
                    text.push_str(&format!(", requested by {initiator}"));
                }
                text
            }
            Source::Script {
                api, script, frame, ..
            } => format!("script {script} ({api}) in frame {frame}"),
            Source::Audit { what } => format!("the audit ({what})"),
            Source::Unknown { reason } => format!("unknown: {reason}"),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.summary())
    }
}

/// The HTTP details of a cookie, as the browser keeps it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CookieDetails {
    /// `Path`.
    pub path: String,
    /// When it expires, in Unix seconds; `None` for a session cookie.
    pub expires: Option<f64>,
    /// Seconds from this page's reading to its expiry, for a cookie written during this page:
    /// its lifetime as set (within the page's load time). `None` otherwise.
    pub lifetime_seconds: Option<f64>,
    /// `HttpOnly`.
    pub http_only: bool,
    /// `Secure`.
    pub secure: bool,
    /// `SameSite` as the browser reports it (`Strict`, `Lax`, `None`), or `None` when unset.
    pub same_site: Option<String>,
    /// The partition's top-level site of a partitioned (CHIPS) cookie.
    pub partition: Option<String>,
    /// Name and value length in bytes.
    pub size: u64,
}

/// One item the browser held after a page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Seen {
    /// Cookie, `localStorage`, `sessionStorage` or IndexedDB.
    pub kind: StorageKind,
    /// The cookie's name, the storage key or the database name.
    pub name: String,
    /// A cookie's domain as the browser keeps it (a leading dot for a `Domain` cookie), or the
    /// storage's origin.
    pub location: String,
    /// Whether `location` is not the audited site's.
    pub third_party: bool,
    /// The cookie's details (cookies only).
    pub cookie: Option<CookieDetails>,
    /// Whether it was written (set, changed or refreshed) during this page.
    pub written: bool,
    /// The page during which it was last written in this session.
    pub set_on: Option<String>,
    /// Who wrote it last (empty when it was there before the first reading).
    pub sources: Vec<Source>,
}

impl Seen {
    /// Where it lives, in words: `cookie _ga on .example.com`, `localStorage item k of
    /// http://a:1`.
    pub fn describe(&self) -> String {
        let mut text = match self.kind {
            StorageKind::HttpCookie => format!("cookie `{}` on {}", self.name, self.location),
            kind => format!("{} `{}` of {}", kind.noun(), self.name, self.location),
        };
        if let Some(partition) = self.cookie.as_ref().and_then(|c| c.partition.as_deref()) {
            text.push_str(&format!(" (partitioned under {partition})"));
        }
        text
    }

    /// The identity of the item: kind, name, location, and for cookies path and partition.
    pub(crate) fn key(&self) -> ItemKey {
        ItemKey {
            kind: self.kind,
            name: self.name.clone(),
            location: self.location.clone(),
            path: self.cookie.as_ref().map(|c| c.path.clone()),
            partition: self.cookie.as_ref().and_then(|c| c.partition.clone()),
        }
    }
}

/// The identity of a stored item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct ItemKey {
    pub(crate) kind: StorageKind,
    pub(crate) name: String,
    pub(crate) location: String,
    pub(crate) path: Option<String>,
    pub(crate) partition: Option<String>,
}

/// A frame of a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FrameVisit {
    /// Its URL.
    pub url: String,
    /// Its origin.
    pub origin: String,
    /// Whether the hooks ran in it (when not, its script writes cannot be attributed).
    pub hooked: bool,
    /// What could not be read in it.
    pub errors: Vec<String>,
}

/// Everything read after one page.
#[derive(Debug)]
pub(crate) struct Snapshot {
    pub(crate) items: Vec<Seen>,
    /// Items held after the previous page and gone now: `describe()` of each.
    pub(crate) removed: Vec<String>,
    pub(crate) frames: Vec<FrameVisit>,
    /// The top document's links, absolute.
    pub(crate) links: Vec<String>,
}

/// Why a page could not be read.
#[derive(Debug)]
pub(crate) enum ObserveError {
    DevTools(DevToolsError),
    WebDriver(fantoccini::error::CmdError),
}

impl fmt::Display for ObserveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObserveError::DevTools(error) => error.fmt(f),
            ObserveError::WebDriver(error) => write!(f, "WebDriver: {error}"),
        }
    }
}

impl std::error::Error for ObserveError {}

struct Entry {
    fingerprint: String,
    set_on: Option<String>,
    sources: Vec<Source>,
    described: String,
}

/// The observer of one browser session: what it held after the previous page.
pub(crate) struct Observer {
    site: FirstParty,
    network: NetworkLog,
    ledger: HashMap<ItemKey, Entry>,
    audit_writes: HashSet<String>,
    /// The previous page's responses and hooked writes.
    previous: (Vec<CookieResponse>, Vec<HookRecord>),
}

impl Observer {
    pub(crate) fn new(site: FirstParty) -> Observer {
        Observer {
            site,
            network: NetworkLog::default(),
            ledger: HashMap::new(),
            audit_writes: HashSet::new(),
            previous: (Vec::new(), Vec::new()),
        }
    }

    /// Installs the hooks in the session: every document loaded from now on runs them first.
    pub(crate) async fn install(session: &Session) -> Result<(), DevToolsError> {
        session
            .devtools(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": HOOKS }),
            )
            .await
            .map(|_| ())
    }

    /// Notes that the audit itself is about to write the cookie `name`.
    pub(crate) fn note_audit_write(&mut self, name: &str) {
        self.audit_writes.insert(name.to_string());
    }

    /// Reads the browser after the page `page` has loaded.
    pub(crate) async fn snapshot(
        &mut self,
        session: &Session,
        page: &str,
    ) -> Result<Snapshot, ObserveError> {
        let frames = frames::read_all(session.client())
            .await
            .map_err(ObserveError::WebDriver)?;
        let observed_at = unix_seconds();
        let cookies = session
            .devtools("Storage.getCookies", json!({}))
            .await
            .map_err(ObserveError::DevTools)?;
        let events = session
            .network_events()
            .await
            .map_err(ObserveError::DevTools)?;
        let mut responses = self.network.feed(events);
        responses.extend(self.network.flush_unmatched());
        let records: Vec<HookRecord> = frames
            .iter()
            .filter_map(|f| f.records.as_ref())
            .flatten()
            .cloned()
            .collect();

        // (item, fingerprint of its content, a cookie's value for attribution only)
        let mut current: Vec<(Seen, String, Option<String>)> = Vec::new();
        for cookie in cookies["cookies"].as_array().into_iter().flatten() {
            current.push(self.cookie_seen(cookie, observed_at));
        }
        current.extend(self.storage_seen(&frames));

        let mut items = Vec::with_capacity(current.len());
        let mut present = HashSet::new();
        for (mut seen, fingerprint, value) in current {
            let key = seen.key();
            if !present.insert(key.clone()) {
                continue; // one storage origin read in two frames
            }
            // Written during this page: changed, or named by a write of this page (a rewrite
            // with the same value and expiry changes nothing else).
            let mut writers = self.writers(&seen, value.as_deref(), &responses, &records);
            let known = self.ledger.get(&key);
            let changed = known.is_none_or(|entry| entry.fingerprint != fingerprint);
            if changed && writers.is_empty() {
                // A write made while the previous page was being read shows up now.
                let (responses, records) = &self.previous;
                writers = self.writers(&seen, value.as_deref(), responses, records);
            }
            if !changed && writers.is_empty() {
                let entry = known.expect("unchanged, so known");
                seen.set_on = entry.set_on.clone();
                seen.sources = entry.sources.clone();
                if let Some(cookie) = seen.cookie.as_mut() {
                    cookie.lifetime_seconds = None;
                }
            } else {
                seen.written = true;
                seen.set_on = Some(page.to_string());
                seen.sources = if writers.is_empty() {
                    vec![self.unexplained(&seen, &frames)]
                } else {
                    writers
                };
                self.ledger.insert(
                    key,
                    Entry {
                        fingerprint,
                        set_on: seen.set_on.clone(),
                        sources: seen.sources.clone(),
                        described: seen.describe(),
                    },
                );
            }
            items.push(seen);
        }
        let mut removed: Vec<String> = Vec::new();
        self.ledger.retain(|key, entry| {
            let keep = present.contains(key);
            if !keep {
                removed.push(entry.described.clone());
            }
            keep
        });
        removed.sort();
        items.sort_by_key(Seen::key);
        self.audit_writes.clear();
        self.previous = (responses, records);
        let links = frames.first().map(|f| f.links.clone()).unwrap_or_default();
        Ok(Snapshot {
            items,
            removed,
            frames: frames
                .iter()
                .map(|f| FrameVisit {
                    url: f.url.clone(),
                    origin: f.origin.clone(),
                    hooked: f.records.is_some(),
                    errors: f.errors.clone(),
                })
                .collect(),
            links,
        })
    }

    fn cookie_seen(&self, cookie: &Value, observed_at: f64) -> (Seen, String, Option<String>) {
        let text = |key: &str| cookie[key].as_str().unwrap_or_default().to_string();
        let session = cookie["session"].as_bool().unwrap_or(false);
        let expires = cookie["expires"].as_f64().filter(|&e| !session && e > 0.0);
        // `partitionKey` is an object in current Chromium, a string in older ones.
        let partition = match &cookie["partitionKey"] {
            Value::Object(key) => key
                .get("topLevelSite")
                .and_then(Value::as_str)
                .map(str::to_string),
            Value::String(site) => Some(site.clone()),
            _ => None,
        };
        let domain = text("domain");
        let details = CookieDetails {
            path: text("path"),
            expires,
            lifetime_seconds: expires.map(|e| e - observed_at),
            http_only: cookie["httpOnly"].as_bool().unwrap_or(false),
            secure: cookie["secure"].as_bool().unwrap_or(false),
            same_site: cookie["sameSite"].as_str().map(str::to_string),
            partition,
            size: cookie["size"].as_u64().unwrap_or(0),
        };
        let fingerprint = format!(
            "{}\u{0}{}\u{0}{}{}{:?}",
            text("value"),
            expires.map_or(-1, |e| e.round() as i64),
            details.http_only,
            details.secure,
            details.same_site
        );
        let seen = Seen {
            kind: StorageKind::HttpCookie,
            name: text("name"),
            third_party: !self.site.contains(&domain),
            location: domain,
            cookie: Some(details),
            written: false,
            set_on: None,
            sources: Vec::new(),
        };
        // The value is kept for attribution only, never reported.
        (seen, fingerprint, Some(text("value")))
    }

    fn storage_seen(&self, frames: &[FrameData]) -> Vec<(Seen, String, Option<String>)> {
        let mut out = Vec::new();
        for frame in frames {
            let third_party = host_of(&frame.origin).is_none_or(|host| !self.site.contains(&host));
            let lists = [
                (StorageKind::LocalStorage, &frame.local),
                (StorageKind::SessionStorage, &frame.session),
            ];
            for (kind, list) in lists {
                for (key, length, hash) in list.iter().flatten() {
                    out.push((
                        storage_item(kind, key, &frame.origin, third_party),
                        format!("{length}:{hash}"),
                        None,
                    ));
                }
            }
            for name in frame.idb.iter().flatten() {
                out.push((
                    storage_item(StorageKind::IndexedDb, name, &frame.origin, third_party),
                    String::new(),
                    None,
                ));
            }
        }
        out
    }

    /// Who wrote `seen` (whose current value is `value`, for a cookie) during this page.
    ///
    /// Candidates are the responses whose `Set-Cookie` named it, from a host that may set a
    /// cookie on its domain, and the hooked script writes of that name from such a frame (for
    /// storage: from a frame of its origin); deletions are not writes. Those whose value is the
    /// browser's are kept when there are any.
    fn writers(
        &self,
        seen: &Seen,
        value: Option<&str>,
        responses: &[CookieResponse],
        records: &[HookRecord],
    ) -> Vec<Source> {
        // (source, whether its value is the browser's)
        let mut candidates: Vec<(Source, bool)> = Vec::new();
        if seen.kind == StorageKind::HttpCookie {
            let may_set =
                |url: &str| host_of(url).is_some_and(|host| domain_matches(&host, &seen.location));
            for response in responses.iter().filter(|r| may_set(&r.url)) {
                for line in response
                    .cookies
                    .iter()
                    .filter(|line| line.name == seen.name && !line.deletes)
                {
                    let source = Source::Response {
                        url: response.url.clone(),
                        document: response.document.clone(),
                        initiator: response.initiator.clone(),
                    };
                    candidates.push((source, Some(line.value.as_str()) == value));
                }
            }
            for record in records.iter().filter(|r| {
                (r.api == "document.cookie" || r.api == "cookieStore.set")
                    && r.name == seen.name
                    && !r.deletes
                    && may_set(record_origin(r))
            }) {
                candidates.push((script_source(record), Some(record.value.as_str()) == value));
            }
        } else {
            let api = match seen.kind {
                StorageKind::LocalStorage => "localStorage.setItem",
                StorageKind::SessionStorage => "sessionStorage.setItem",
                _ => "indexedDB.open",
            };
            for record in records.iter().filter(|r| {
                r.api == api
                    && r.name == seen.name
                    && origin_of(record_origin(r)).as_deref() == Some(seen.location.as_str())
            }) {
                candidates.push((script_source(record), true));
            }
        }
        let any_exact = candidates.iter().any(|(_, exact)| *exact);
        let mut sources: Vec<Source> = Vec::new();
        for (source, exact) in candidates {
            if (exact || !any_exact) && !sources.contains(&source) {
                sources.push(source);
            }
        }
        sources
    }

    /// The source of an item that changed with no write to explain it.
    fn unexplained(&self, seen: &Seen, frames: &[FrameData]) -> Source {
        if seen.kind == StorageKind::HttpCookie && self.audit_writes.contains(&seen.name) {
            return Source::Audit {
                what: "the consent cookie".to_string(),
            };
        }
        let mut reason = match seen.kind {
            StorageKind::HttpCookie => "no logged response set it and no hooked script wrote it \
                 (a service worker, a worker's CookieStore, or a write the hooks missed)"
                .to_string(),
            _ => "no hooked script wrote it (a worker, or a write the hooks missed)".to_string(),
        };
        if frames.iter().any(|f| f.records.is_none()) {
            reason.push_str("; some frames of this page had no hooks");
        }
        Source::Unknown { reason }
    }
}

fn storage_item(kind: StorageKind, name: &str, origin: &str, third_party: bool) -> Seen {
    Seen {
        kind,
        name: name.to_string(),
        location: origin.to_string(),
        third_party,
        cookie: None,
        written: false,
        set_on: None,
        sources: Vec::new(),
    }
}

fn script_source(record: &HookRecord) -> Source {
    let script = record
        .stack
        .first()
        .map_or_else(|| "(no stack)".to_string(), |line| stack_location(line));
    Source::Script {
        api: record.api.clone(),
        script,
        stack: record.stack.clone(),
        frame: record.frame.clone(),
    }
}

/// `url:line:column` of a V8 stack line (`at f (http://a/x.js:1:2)` or `at http://a/x.js:1:2`).
fn stack_location(line: &str) -> String {
    let line = line.trim().strip_prefix("at ").unwrap_or(line.trim());
    match (line.rfind('('), line.ends_with(')')) {
        (Some(open), true) => line[open + 1..line.len() - 1].to_string(),
        _ => line.trim_start_matches("async ").to_string(),
    }
}

/// The origin a hooked write was made from: the frame's origin, or its URL for records
/// without one.
fn record_origin(record: &HookRecord) -> &str {
    if record.origin.is_empty() || record.origin == "null" {
        &record.frame
    } else {
        &record.origin
    }
}

fn origin_of(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    Some(url.origin().ascii_serialization())
}

fn unix_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stack_lines() {
        assert_eq!(
            stack_location("at http://127.0.0.1:1/app.js:1:17"),
            "http://127.0.0.1:1/app.js:1:17"
        );
        assert_eq!(
            stack_location("at track (http://a/x.js:3:9)"),
            "http://a/x.js:3:9"
        );
        assert_eq!(
            stack_location("at async load (http://a/x.js:3:9)"),
            "http://a/x.js:3:9"
        );
    }
}
