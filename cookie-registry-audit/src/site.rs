//! Which hosts are the audited site's own: what makes a cookie or a frame "third-party".

/// The site's own hosts: the start URL's host, and any the auditor adds
/// ([`Audit::first_party`](crate::Audit::first_party)).
///
/// A cookie domain or an origin's host is first-party when it domain-matches one of them in
/// either direction: the host itself, a parent domain of it (a cookie for `.example.com` on
/// `www.example.com`), or a subdomain of it. Ports do not count: browsers share cookies across
/// ports, so `127.0.0.1:8080` and `127.0.0.1:9090` are one site for cookies, while `localhost`
/// is another.
///
/// ```
/// use cookie_registry_audit::FirstParty;
///
/// let site = FirstParty::new(["www.example.com"]);
/// assert!(site.contains(".example.com"));
/// assert!(site.contains("static.www.example.com"));
/// assert!(!site.contains("ads.example.net"));
/// assert!(!site.contains("example.com.evil.test"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FirstParty {
    hosts: Vec<String>,
}

impl FirstParty {
    /// The site made of `hosts` (case and a leading dot do not matter).
    pub fn new<I, S>(hosts: I) -> FirstParty
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        FirstParty {
            hosts: hosts
                .into_iter()
                .map(|h| normalise(h.as_ref()))
                .filter(|h| !h.is_empty())
                .collect(),
        }
    }

    /// Adds a host.
    pub fn add(&mut self, host: &str) {
        let host = normalise(host);
        if !host.is_empty() && !self.hosts.contains(&host) {
            self.hosts.push(host);
        }
    }

    /// The hosts.
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    /// Whether a cookie domain or a host belongs to the site.
    pub fn contains(&self, domain_or_host: &str) -> bool {
        let domain = normalise(domain_or_host);
        self.hosts
            .iter()
            .any(|host| domain_matches(host, &domain) || domain_matches(&domain, host))
    }
}

/// Lowercase, without a leading dot or a trailing one.
fn normalise(host: &str) -> String {
    host.trim_start_matches('.')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// RFC 6265 domain-match: `host` is `domain` or a subdomain of it (`a.b.example` of
/// `example`). A leading dot on `domain` is ignored; IP addresses match only themselves.
pub fn domain_matches(host: &str, domain: &str) -> bool {
    let host = normalise(host);
    let domain = normalise(domain);
    if domain.is_empty() {
        return false;
    }
    if host == domain {
        return true;
    }
    let is_ip = host.parse::<std::net::IpAddr>().is_ok()
        || host.starts_with('[')
        || domain.parse::<std::net::IpAddr>().is_ok();
    !is_ip
        && host.len() > domain.len()
        && host.ends_with(&domain)
        && host.as_bytes()[host.len() - domain.len() - 1] == b'.'
}

/// The host of a URL or origin (`http://localhost:8080` → `localhost`), lowercase.
pub(crate) fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url)
        .ok()?
        .host_str()
        .map(|h| h.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_matching() {
        assert!(domain_matches("a.example.com", ".example.com"));
        assert!(domain_matches("example.com", "example.com"));
        assert!(!domain_matches("badexample.com", "example.com"));
        assert!(!domain_matches("example.com", "a.example.com"));
        assert!(domain_matches("127.0.0.1", "127.0.0.1"));
        assert!(!domain_matches("1.0.0.1", "0.0.1"));
        assert!(!domain_matches("x", ""));
    }

    #[test]
    fn ports_do_not_make_another_site() {
        let site = FirstParty::new(["127.0.0.1"]);
        assert!(site.contains(&host_of("http://127.0.0.1:9999/").unwrap()));
        assert!(!site.contains("localhost"));
    }
}
