//! Which responses carried which `Set-Cookie`s, from chromedriver's network log.
//!
//! DevTools reports a request with `Network.requestWillBeSent` (its URL, the document it loads
//! for, its initiator), once per hop of a redirect chain under the same `requestId`, and the raw
//! response headers with `Network.responseReceivedExtraInfo`, once per hop, in the same order.
//! The two kinds arrive in either order, and a request may straddle two reads of the log, so
//! the hops seen so far are kept for the whole session.

use std::collections::HashMap;

use serde_json::Value;

/// One response that carried `Set-Cookie` headers.
#[derive(Clone, Debug)]
pub(crate) struct CookieResponse {
    /// The response's URL.
    pub(crate) url: String,
    /// The document the request was made for (the page or frame).
    pub(crate) document: Option<String>,
    /// Who started the request: a script's `url:line:column`, or the document's URL.
    pub(crate) initiator: Option<String>,
    /// Each `Set-Cookie` line.
    pub(crate) cookies: Vec<SetCookieLine>,
}

/// What a `Set-Cookie` line says, as far as attribution needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SetCookieLine {
    pub(crate) name: String,
    pub(crate) value: String,
    /// `Max-Age` zero or negative, or an `Expires` in a past year: the line deletes.
    pub(crate) deletes: bool,
}

#[derive(Clone, Debug)]
struct Hop {
    url: String,
    document: Option<String>,
    initiator: Option<String>,
}

/// The network state of one session.
#[derive(Debug, Default)]
pub(crate) struct NetworkLog {
    hops: HashMap<String, Vec<Hop>>,
    /// Header sets seen per request, matched to hops by position.
    headers_seen: HashMap<String, usize>,
    /// Header sets whose hop is not known yet: `(request, position, Set-Cookie lines)`.
    waiting: Vec<(String, usize, Vec<SetCookieLine>)>,
}

impl NetworkLog {
    /// Takes the events of one read of the log and returns the responses with `Set-Cookie`
    /// headers whose URL is now known.
    pub(crate) fn feed(&mut self, events: Vec<(String, Value)>) -> Vec<CookieResponse> {
        let mut out = Vec::new();
        for (method, params) in events {
            match method.as_str() {
                "Network.requestWillBeSent" => {
                    let Some(id) = params["requestId"].as_str() else {
                        continue;
                    };
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    self.hops.entry(id.to_string()).or_default().push(Hop {
                        url: url.to_string(),
                        document: params["documentURL"].as_str().map(str::to_string),
                        initiator: initiator(&params["initiator"]),
                    });
                }
                "Network.responseReceivedExtraInfo" => {
                    let Some(id) = params["requestId"].as_str() else {
                        continue;
                    };
                    let position = self.headers_seen.entry(id.to_string()).or_default();
                    let index = *position;
                    *position += 1;
                    let cookies = set_cookie_lines(&params["headers"]);
                    if !cookies.is_empty() {
                        self.waiting.push((id.to_string(), index, cookies));
                    }
                }
                _ => {}
            }
        }
        // Resolve the header sets whose hop is known now.
        let hops = &self.hops;
        self.waiting.retain(|(id, index, cookies)| {
            let Some(hop) = hops.get(id).and_then(|hops| hops.get(*index)) else {
                return true;
            };
            out.push(CookieResponse {
                url: hop.url.clone(),
                document: hop.document.clone(),
                initiator: hop.initiator.clone(),
                cookies: cookies.clone(),
            });
            false
        });
        out
    }

    /// Header sets still waiting for their request, resolved as well as can be: the last hop
    /// of their request if any. Called at the end of a snapshot so nothing is lost.
    pub(crate) fn flush_unmatched(&mut self) -> Vec<CookieResponse> {
        let hops = &self.hops;
        self.waiting
            .drain(..)
            .map(|(id, _, cookies)| {
                let hop = hops.get(&id).and_then(|hops| hops.last());
                CookieResponse {
                    url: hop.map_or_else(|| format!("(request {id})"), |h| h.url.clone()),
                    document: hop.and_then(|h| h.document.clone()),
                    initiator: hop.and_then(|h| h.initiator.clone()),
                    cookies,
                }
            })
            .collect()
    }
}

/// `url:line:column` of the script that started a request, or the parser's document URL.
fn initiator(initiator: &Value) -> Option<String> {
    let frames = initiator["stack"]["callFrames"].as_array();
    if let Some(frame) = frames.and_then(|frames| {
        frames
            .iter()
            .find(|f| f["url"].as_str().is_some_and(|u| !u.is_empty()))
    }) {
        return Some(format!(
            "{}:{}:{}",
            frame["url"].as_str().unwrap_or_default(),
            frame["lineNumber"].as_u64().unwrap_or(0) + 1,
            frame["columnNumber"].as_u64().unwrap_or(0) + 1
        ));
    }
    initiator["url"].as_str().map(str::to_string)
}

/// The `Set-Cookie` lines of a raw header object: headers are matched without regard to case,
/// and several lines of one header are joined by `\n`.
pub(crate) fn set_cookie_lines(headers: &Value) -> Vec<SetCookieLine> {
    let Some(headers) = headers.as_object() else {
        return Vec::new();
    };
    headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("set-cookie"))
        .filter_map(|(_, value)| value.as_str())
        .flat_map(|value| value.split('\n'))
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let (name, value) = name_and_value(line);
            SetCookieLine {
                name,
                value,
                deletes: deletes(line),
            }
        })
        .collect()
}

/// Whether a `Set-Cookie` line deletes its cookie: `Max-Age` of zero or less, or (without
/// `Max-Age`, which wins) an `Expires` whose year is before this one.
fn deletes(line: &str) -> bool {
    let mut max_age = None;
    let mut expires_year = None;
    for attribute in line.split(';').skip(1) {
        let (key, value) = attribute.split_once('=').unwrap_or((attribute, ""));
        let (key, value) = (key.trim(), value.trim());
        if key.eq_ignore_ascii_case("max-age") {
            max_age = value.parse::<i64>().ok();
        } else if key.eq_ignore_ascii_case("expires") {
            expires_year = value
                .split(|c: char| !c.is_ascii_digit())
                .filter(|part| part.len() == 4)
                .find_map(|part| part.parse::<u64>().ok());
        }
    }
    match (max_age, expires_year) {
        (Some(seconds), _) => seconds <= 0,
        (None, Some(year)) => year < this_year(),
        (None, None) => false,
    }
}

fn this_year() -> u64 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    1970 + seconds / 31_556_952
}

/// A cookie string's name and value as browsers read them (RFC 6265bis 5.6): the pair is the
/// text before the first `;`, cut at its first `=`; without `=`, the name is empty. Spaces and
/// tabs are trimmed.
pub(crate) fn name_and_value(text: &str) -> (String, String) {
    let pair = text.split(';').next().unwrap_or_default();
    let trim = |s: &str| s.trim_matches([' ', '\t']).to_string();
    match pair.split_once('=') {
        Some((name, value)) => (trim(name), trim(value)),
        None => (String::new(), trim(pair)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sent(id: &str, url: &str) -> (String, Value) {
        (
            "Network.requestWillBeSent".into(),
            json!({"requestId": id, "request": {"url": url}, "documentURL": "http://a/",
                   "initiator": {"type": "script", "stack": {"callFrames": [
                       {"url": "http://a/app.js", "lineNumber": 2, "columnNumber": 4}]}}}),
        )
    }

    fn extra(id: &str, set_cookie: Option<&str>) -> (String, Value) {
        let headers = match set_cookie {
            Some(v) => json!({"Set-Cookie": v, "content-type": "text/html"}),
            None => json!({"content-type": "text/html"}),
        };
        (
            "Network.responseReceivedExtraInfo".into(),
            json!({"requestId": id, "headers": headers}),
        )
    }

    #[test]
    fn pairs_headers_with_the_hop_they_belong_to() {
        let mut log = NetworkLog::default();
        // A redirect: two hops, two header sets; the second header set arrives first.
        let out = log.feed(vec![
            sent("1", "http://a/consent"),
            extra("1", Some("c=1; Path=/")),
        ]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].url, "http://a/consent");
        assert_eq!(
            out[0].cookies,
            vec![SetCookieLine {
                name: "c".into(),
                value: "1".into(),
                deletes: false
            }]
        );
        assert_eq!(out[0].initiator.as_deref(), Some("http://a/app.js:3:5"));
        let out = log.feed(vec![extra("1", Some("d=2\ne=3"))]);
        assert!(out.is_empty(), "the second hop is not known yet");
        let out = log.feed(vec![sent("1", "http://a/")]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].url, "http://a/");
        assert_eq!(out[0].cookies.len(), 2);
        assert!(log.flush_unmatched().is_empty());
    }

    #[test]
    fn unmatched_headers_are_flushed_with_the_last_hop() {
        let mut log = NetworkLog::default();
        assert!(
            log.feed(vec![extra("9", None), extra("9", Some("x=1"))])
                .is_empty()
        );
        let flushed = log.flush_unmatched();
        assert_eq!(flushed.len(), 1);
        assert_eq!(flushed[0].url, "(request 9)");
    }

    #[test]
    fn deletions() {
        assert!(deletes("a=; Max-Age=0"));
        assert!(deletes(
            "a=; max-age=-1; Expires=Thu, 01 Jan 2099 00:00:00 GMT"
        ));
        assert!(deletes("a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"));
        assert!(!deletes(
            "a=1; Max-Age=10; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        ));
        assert!(!deletes("a=1; Path=/"));
        assert!(!deletes("a=1; Max-Age=soon"));
    }

    #[test]
    fn reads_names_as_browsers_do() {
        assert_eq!(name_and_value(" a = 1 ; Path=/"), ("a".into(), "1".into()));
        assert_eq!(name_and_value("novalue"), (String::new(), "novalue".into()));
        assert_eq!(name_and_value("=v"), (String::new(), "v".into()));
        assert_eq!(name_and_value("a=b=c"), ("a".into(), "b=c".into()));
    }
}
