//! Which pages to visit: the site's own links, breadth first from the start pages, in document
//! order, bounded, never the excluded ones.

use std::collections::{HashSet, VecDeque};

use url::Url;

/// A page to visit and how many links away from a start page it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Target {
    pub(crate) url: Url,
    pub(crate) depth: u32,
}

/// The pages waiting to be visited.
#[derive(Debug)]
pub(crate) struct Frontier {
    origin: url::Origin,
    max_depth: u32,
    exclude: Vec<String>,
    queue: VecDeque<Target>,
    seen: HashSet<String>,
}

impl Frontier {
    pub(crate) fn new(start: &[Url], max_depth: u32, exclude: &[String]) -> Frontier {
        let mut frontier = Frontier {
            origin: start
                .first()
                .map_or_else(url::Origin::new_opaque, Url::origin),
            max_depth,
            exclude: exclude.to_vec(),
            queue: VecDeque::new(),
            seen: HashSet::new(),
        };
        for url in start {
            frontier.push(url.as_str(), 0);
        }
        frontier
    }

    /// Queues `link` (absolute) found at `depth`, unless it is another origin's, not HTTP,
    /// excluded, too deep, or queued already. Fragments are dropped.
    pub(crate) fn push(&mut self, link: &str, depth: u32) {
        let Ok(mut url) = Url::parse(link) else {
            return;
        };
        url.set_fragment(None);
        if depth > self.max_depth
            || !matches!(url.scheme(), "http" | "https")
            || url.origin() != self.origin
            || is_excluded(&url, &self.exclude)
        {
            return;
        }
        if self.seen.insert(url.as_str().to_string()) {
            self.queue.push_back(Target { url, depth });
        }
    }

    pub(crate) fn pop(&mut self) -> Option<Target> {
        self.queue.pop_front()
    }
}

/// Whether `url` matches one of the patterns: a pattern with `*` is a glob over the path and
/// query (`*` is any text), one without is a path prefix (`/logout` excludes `/logout` and
/// `/logout/all`).
pub(crate) fn is_excluded(url: &Url, patterns: &[String]) -> bool {
    let path = url.path();
    let path_and_query = match url.query() {
        Some(query) => format!("{path}?{query}"),
        None => path.to_string(),
    };
    patterns.iter().any(|pattern| {
        if pattern.contains('*') {
            glob(pattern, &path_and_query)
        } else {
            path.starts_with(pattern.as_str())
        }
    })
}

/// `*` matches any text, everything else itself.
fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, rest) = parts.split_first().expect("split yields one part at least");
    let Some(mut remaining) = text.strip_prefix(first) else {
        return false;
    };
    let (last, middle) = rest.split_last().expect("the pattern has a `*`");
    for part in middle {
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.len() >= last.len() && remaining.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn exclusions() {
        let patterns = [
            "/logout".to_string(),
            "*.pdf".to_string(),
            "/a/*/edit".to_string(),
        ];
        assert!(is_excluded(&url("http://s/logout"), &patterns));
        assert!(is_excluded(&url("http://s/logout/all?x=1"), &patterns));
        assert!(is_excluded(&url("http://s/docs/x.pdf"), &patterns));
        assert!(is_excluded(&url("http://s/a/1/edit"), &patterns));
        assert!(!is_excluded(&url("http://s/a/1/view"), &patterns));
        assert!(!is_excluded(&url("http://s/login"), &patterns));
        assert!(glob("*", ""));
        assert!(!glob("a*a", "a"));
    }

    #[test]
    fn same_origin_breadth_first_without_duplicates() {
        let start = [url("http://127.0.0.1:8000/")];
        let mut frontier = Frontier::new(&start, 1, &["/logout".to_string()]);
        assert_eq!(
            frontier.pop().unwrap().url.as_str(),
            "http://127.0.0.1:8000/"
        );
        for link in [
            "http://127.0.0.1:8000/a#top",
            "http://127.0.0.1:8000/a",
            "http://127.0.0.1:9000/other-port",
            "http://localhost:8000/other-host",
            "mailto:x@y",
            "http://127.0.0.1:8000/logout",
            "http://127.0.0.1:8000/b",
        ] {
            frontier.push(link, 1);
        }
        frontier.push("http://127.0.0.1:8000/too-deep", 2);
        let order: Vec<String> = std::iter::from_fn(|| frontier.pop())
            .map(|t| t.url.path().to_string())
            .collect();
        assert_eq!(order, ["/a", "/b"]);
    }
}
