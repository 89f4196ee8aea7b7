//! What happens to a line: the verdicts of the reader and the model ([`model::Verdict`]), what
//! Chromium stored ([`Observed`]), and how they are compared.

use crate::corpus::Page;
use crate::model::{self, Kept};

/// The reader's verdict for `header` served from `page` at `now`: kept (and how), deleted, or
/// the reason it is ignored.
pub fn reader_verdict(header: &[u8], page: &Page, now: i64) -> model::Verdict {
    model::fast_verdict(header, &page.origin(), now)
}

/// The model's verdict.
pub fn model_verdict(header: &[u8], page: &Page, now: i64) -> model::Verdict {
    model::store(&model::read(header)?, &page.request(), now)
}

/// A cookie as the DevTools protocol reports it (`Storage.getCookies`).
#[derive(Clone, Debug, PartialEq)]
pub struct Observed {
    /// Bytes that are not UTF-8 are dropped by the protocol: see [`Observed::echo`].
    pub name: String,
    pub value: String,
    pub domain: String,
    pub path: String,
    /// `None` for a session cookie, else Unix seconds.
    pub expires: Option<f64>,
    pub secure: bool,
    pub http_only: bool,
    /// `Strict`, `Lax`, `None`; absent when unspecified.
    pub same_site: Option<String>,
    /// Whether the cookie has a partition key.
    pub partitioned: bool,
    /// For a line that is not UTF-8: the `Cookie` header the browser sent back to the page,
    /// which holds the stored name and value as bytes.
    pub echo: Option<Vec<u8>>,
}

impl Observed {
    /// The cookie in one line.
    pub fn show(&self) -> String {
        format!(
            "{:?}={:?} domain={} path={:?} expires={:?}{}{}{}{}{}",
            self.name,
            self.value,
            self.domain,
            self.path,
            self.expires,
            if self.secure { " Secure" } else { "" },
            if self.http_only { " HttpOnly" } else { "" },
            self.same_site
                .as_deref()
                .map(|s| format!(" SameSite={s}"))
                .unwrap_or_default(),
            if self.partitioned { " Partitioned" } else { "" },
            self.echo
                .as_ref()
                .map(|e| format!(" (sent back as \"{}\")", e.escape_ascii()))
                .unwrap_or_default(),
        )
    }
}

/// What the DevTools protocol shows of bytes: the UTF-8 they hold, invalid sequences dropped.
fn as_protocol_shows(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).replace('\u{fffd}', "")
}

/// How `expected` and what Chromium stored differ: empty when they agree. Expiry times may
/// differ by `tolerance` seconds (the browser's clock reads later than the test's).
pub fn differences(
    expected: &model::Verdict,
    observed: Option<&Observed>,
    tolerance: f64,
) -> Vec<String> {
    let kept = match expected {
        Ok(Some(kept)) => kept,
        Ok(None) => {
            return observed
                .map(|o| vec![format!("deleted, but Chromium stored {}", o.show())])
                .unwrap_or_default();
        }
        Err(reason) => {
            return observed
                .map(|o| {
                    vec![format!(
                        "ignored ({reason}), but Chromium stored {}",
                        o.show()
                    )]
                })
                .unwrap_or_default();
        }
    };
    let Some(observed) = observed else {
        return vec![format!(
            "stored as {}, but Chromium stored nothing",
            show(kept)
        )];
    };
    let mut found = Vec::new();
    let mut differ = |what: &str, expected: String, observed: String| {
        if expected != observed {
            found.push(format!(
                "{what}: {expected:?} expected, Chromium {observed:?}"
            ));
        }
    };
    differ("name", as_protocol_shows(&kept.name), observed.name.clone());
    differ(
        "value",
        as_protocol_shows(&kept.value),
        observed.value.clone(),
    );
    differ("domain", kept.domain.clone(), observed.domain.clone());
    differ("path", as_protocol_shows(&kept.path), observed.path.clone());
    differ(
        "secure",
        kept.secure.to_string(),
        observed.secure.to_string(),
    );
    differ(
        "httpOnly",
        kept.http_only.to_string(),
        observed.http_only.to_string(),
    );
    differ(
        "sameSite",
        format!("{:?}", kept.same_site),
        format!("{:?}", observed.same_site.as_deref()),
    );
    differ(
        "partitioned",
        kept.partitioned.to_string(),
        observed.partitioned.to_string(),
    );
    if let Some(echo) = &observed.echo {
        let mut sent = kept.name.clone();
        if !sent.is_empty() {
            sent.push(b'=');
        }
        sent.extend_from_slice(&kept.value);
        differ(
            "bytes sent back",
            sent.escape_ascii().to_string(),
            echo.escape_ascii().to_string(),
        );
    }
    match (kept.expires, observed.expires) {
        (None, None) => {}
        (Some(expected), Some(observed)) if (observed - expected as f64).abs() <= tolerance => {}
        (expected, observed) => found.push(format!(
            "expires: {expected:?} expected, Chromium {observed:?}"
        )),
    }
    found
}

/// A kept cookie in one line.
pub fn show(kept: &Kept) -> String {
    format!(
        "\"{}\"=\"{}\" domain={} path=\"{}\" expires={:?}{}{}{}{}",
        kept.name.escape_ascii(),
        kept.value.escape_ascii(),
        kept.domain,
        kept.path.escape_ascii(),
        kept.expires,
        if kept.secure { " Secure" } else { "" },
        if kept.http_only { " HttpOnly" } else { "" },
        kept.same_site
            .map(|s| format!(" SameSite={s}"))
            .unwrap_or_default(),
        if kept.partitioned { " Partitioned" } else { "" },
    )
}

/// A verdict in one line.
pub fn show_verdict(verdict: &model::Verdict) -> String {
    match verdict {
        Ok(Some(kept)) => format!("stored {}", show(kept)),
        Ok(None) => "deleted".into(),
        Err(reason) => format!("ignored ({reason})"),
    }
}
