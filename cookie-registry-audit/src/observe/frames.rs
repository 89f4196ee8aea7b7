//! Reading every frame of the page: the hooks' records, `localStorage`, `sessionStorage` and
//! IndexedDB names, from inside the frame.
//!
//! WebDriver switches into each frame (cross-origin ones too) and runs one script there. Read
//! from inside, a third-party frame's storage is the partition the browser gives that frame on
//! this site, which is what the visitor's browser keeps.

use fantoccini::Client;
use serde::Deserialize;
use serde_json::{Value, json};

/// How deep frames are followed, and how many are read per page.
const MAX_DEPTH: usize = 4;
const MAX_FRAMES: usize = 40;

/// Runs in each frame; `arguments[0]` asks for the page's links (top frame only).
const READ_FRAME: &str = r#"
const wantLinks = arguments[0];
return (async () => {
  const hash = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h;
  };
  const out = { url: String(location.href), origin: String(location.origin), records: null,
                local: null, session: null, idb: null, errors: [], frames: 0, links: [] };
  try { out.frames = window.frames.length; } catch (e) {}
  try {
    const hooks = window.__cookieRegistryAudit;
    if (hooks) out.records = hooks.take();
  } catch (e) { out.errors.push('hooks: ' + e); }
  const read = (storage) => {
    const items = [];
    for (let i = 0; i < storage.length; i++) {
      const key = storage.key(i);
      const value = String(storage.getItem(key) ?? '');
      items.push([key, value.length, hash(value)]);
    }
    return items;
  };
  try { out.local = read(window.localStorage); } catch (e) { out.errors.push('localStorage: ' + e); }
  try { out.session = read(window.sessionStorage); } catch (e) { out.errors.push('sessionStorage: ' + e); }
  try {
    if (indexedDB.databases) out.idb = (await indexedDB.databases()).map((d) => String(d.name));
  } catch (e) { out.errors.push('indexedDB: ' + e); }
  if (wantLinks) {
    try { out.links = Array.from(document.links, (a) => String(a.href)); } catch (e) {}
  }
  return out;
})();
"#;

/// One record of the hooks.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct HookRecord {
    pub(crate) api: String,
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) value: String,
    #[serde(default)]
    pub(crate) stack: Vec<String>,
    pub(crate) frame: String,
    /// The frame's origin (an `about:blank` or `srcdoc` frame has its parent's).
    #[serde(default)]
    pub(crate) origin: String,
    /// A cookie write that deletes (`max-age=0`, an `expires` in the past).
    #[serde(default)]
    pub(crate) deletes: bool,
}

/// What one frame holds.
#[derive(Clone, Debug, Deserialize)]
pub(crate) struct FrameData {
    pub(crate) url: String,
    pub(crate) origin: String,
    /// `None` when the hooks are not in this frame.
    pub(crate) records: Option<Vec<HookRecord>>,
    /// `(key, length, hash)` of each item; `None` when unreadable.
    pub(crate) local: Option<Vec<(String, u64, u64)>>,
    pub(crate) session: Option<Vec<(String, u64, u64)>>,
    pub(crate) idb: Option<Vec<String>>,
    #[serde(default)]
    pub(crate) errors: Vec<String>,
    #[serde(default)]
    frames: u32,
    #[serde(default)]
    pub(crate) links: Vec<String>,
    /// Index path from the top (`[]` is the top frame).
    #[serde(skip)]
    pub(crate) path: Vec<u16>,
}

/// Reads the top frame and every frame below it, depth first, in document order.
pub(crate) async fn read_all(
    client: &Client,
) -> Result<Vec<FrameData>, fantoccini::error::CmdError> {
    switch_to_top(client).await?;
    let mut out = Vec::new();
    let top = read_one(client, true, Vec::new()).await?;
    let mut pending = std::collections::VecDeque::from([(Vec::<u16>::new(), top.frames)]);
    out.push(top);
    // Breadth first: each frame is entered from the top, down its index path.
    while let Some((parent, count)) = pending.pop_front() {
        if parent.len() >= MAX_DEPTH {
            continue;
        }
        for index in 0..count.min(u32::from(u16::MAX)) {
            if out.len() >= MAX_FRAMES {
                break;
            }
            let mut path = parent.clone();
            path.push(index as u16);
            // A frame that went away between counting and entering has nothing to read.
            if enter(client, &path).await.is_err() {
                continue;
            }
            match read_one(client, false, path.clone()).await {
                Ok(frame) => {
                    pending.push_back((path, frame.frames));
                    out.push(frame);
                }
                Err(error) => out.push(unreadable(path, &error.to_string())),
            }
        }
    }
    switch_to_top(client).await?;
    Ok(out)
}

fn unreadable(path: Vec<u16>, reason: &str) -> FrameData {
    FrameData {
        url: String::new(),
        origin: String::new(),
        records: None,
        local: None,
        session: None,
        idb: None,
        errors: vec![format!("the frame could not be read: {reason}")],
        frames: 0,
        links: Vec::new(),
        path,
    }
}

async fn read_one(
    client: &Client,
    links: bool,
    path: Vec<u16>,
) -> Result<FrameData, fantoccini::error::CmdError> {
    let value = client.execute(READ_FRAME, vec![json!(links)]).await?;
    let mut frame: FrameData = serde_json::from_value(value.clone()).map_err(|_| {
        fantoccini::error::CmdError::NotW3C(Value::String(format!(
            "unexpected frame reading: {value}"
        )))
    })?;
    frame.path = path;
    Ok(frame)
}

async fn enter(client: &Client, path: &[u16]) -> Result<(), fantoccini::error::CmdError> {
    switch_to_top(client).await?;
    for &index in path {
        client.enter_frame(index).await?;
    }
    Ok(())
}

async fn switch_to_top(client: &Client) -> Result<(), fantoccini::error::CmdError> {
    // Switch To Frame with a null id is the top-level browsing context; fantoccini has no
    // method for it, so the command is issued directly.
    client.issue_cmd(TopFrame).await.map(|_| ())
}

#[derive(Debug)]
struct TopFrame;

impl fantoccini::wd::WebDriverCompatibleCommand for TopFrame {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/frame", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "id": null }).to_string()))
    }
}
