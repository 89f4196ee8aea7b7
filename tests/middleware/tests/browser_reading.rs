//! The layer reads a `Set-Cookie` as Chromium stores it (RFC 6265bis), not as a lenient parser
//! would: a header passes unchecked as a deletion only when the browser deletes the cookie or
//! ignores the whole line, and every other header is checked under the name the browser stores.
//!
//! Each header below was served to Chromium 156 (tests/browser-set-cookie holds them in its
//! corpus): the comment says what it stores.

mod common;

use cookie_registry::consent::CategorySet;
use cookie_registry::cookie;
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Mode, ViolationKind};

use common::run_bytes;
use test_middleware::{consent_pair, kinds};

/// Declared here, so that a look-alike name can be shown to be another cookie.
#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Form protection", fr = "Protection des formulaires"),
    purpose(en = "To protect forms against cross-site requests", fr = "Protéger les formulaires contre les requêtes intersites"),
    lifetime = "12 months",
)]
const CSRF: &str = "csrftoken";

/// `Cookie` request header of a visitor who refused every category.
fn refused() -> String {
    consent_pair(CategorySet::NONE)
}

const UNDECLARED: ViolationKind = ViolationKind::Undeclared;
const NO_STATISTICS: ViolationKind = ViolationKind::MissingConsent {
    category: Category::Statistics,
};

/// Headers Chromium stores as a cookie, which the layer must therefore check: `(header, name
/// the browser stores, violation for a visitor without consent)`.
const STORED: [(&[u8], &str, ViolationKind); 9] = [
    // An invalid Max-Age is ignored, not read as zero: a session cookie.
    (b"tracker=1; Max-Age=-", "tracker", UNDECLARED),
    // The last Max-Age is the one, valid or not; an invalid one is ignored.
    (b"tracker=1; Max-Age=0; Max-Age=x", "tracker", UNDECLARED),
    (b"tracker=1; max-age=0; Max-Age=5a", "tracker", UNDECLARED),
    // The last Expires too: a date that does not parse leaves a session cookie.
    (
        b"tracker=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Expires=garbage",
        "tracker",
        UNDECLARED,
    ),
    // `+N` is a valid Max-Age, and Max-Age wins over Expires: kept a year.
    (
        b"tracker=1; Max-Age=+31536000; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
        "tracker",
        UNDECLARED,
    ),
    // A declared cookie that needs consent, read as a session cookie.
    (b"_pk_id=v; Max-Age=0; Max-Age=x", "_pk_id", NO_STATISTICS),
    // U+00A0 is not trimmed: the browser stores `csrftoken\u{a0}`, another cookie.
    (
        "csrftoken\u{a0}=id".as_bytes(),
        "csrftoken\u{a0}",
        UNDECLARED,
    ),
    // A nameless cookie: the empty name, never declared.
    (b"=v", "", UNDECLARED),
    (b"tracker", "", UNDECLARED),
];

/// Fails listing every failure, not only the first.
fn assert_none(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn what_the_browser_stores_is_checked_and_stripped_without_consent() {
    assert_eq!(CSRF, "csrftoken");
    let refused = refused();
    let mut failures = Vec::new();
    for (header, name, kind) in STORED {
        let shown = String::from_utf8_lossy(header);
        for request in [None, Some(refused.as_str())] {
            let (sent, violations) =
                run_bytes(Mode::Enforce, request.map(str::as_bytes), &[header]).await;
            if !sent.is_empty() {
                failures.push(format!(
                    "{shown:?} (consent cookie {}): not stripped",
                    request.is_some()
                ));
            }
            if kinds(&violations) != [(name.to_string(), kind.clone())] {
                failures.push(format!(
                    "{shown:?}: reported {violations:?}, expected {kind:?} for {name:?}"
                ));
            }
        }
    }
    assert_none(failures);
}

#[tokio::test]
async fn what_the_browser_stores_is_reported_in_audit_mode() {
    let mut failures = Vec::new();
    for (header, name, kind) in STORED {
        let shown = String::from_utf8_lossy(header);
        let (sent, violations) = run_bytes(Mode::Audit, None, &[header]).await;
        if sent != [header] {
            failures.push(format!(
                "{shown:?}: audit mode changed the response: {sent:?}"
            ));
        }
        if kinds(&violations) != [(name.to_string(), kind.clone())] {
            failures.push(format!(
                "{shown:?}: reported {violations:?}, expected {kind:?} for {name:?}"
            ));
        }
    }
    assert_none(failures);
}

/// Deletions of the withdrawn statistics cookie that Chromium honours (it deletes the cookie),
/// which a reader of `+0` as invalid or of `UTC` as an unknown zone would strip.
const DELETIONS: [&[u8]; 4] = [
    b"_pk_id=; Max-Age=+0; Path=/shop; Domain=example.org",
    b"_pk_id=; Expires=Thu, 01 Jan 1970 00:00:00 UTC; Path=/shop; Domain=example.org",
    b"_pk_id=; Expires=Thu, 01 Jan 1970 00:00:00 +0000; Path=/shop; Domain=example.org",
    b"_pk_id=; Max-Age=-0; Path=/shop; Domain=example.org",
];

#[tokio::test]
async fn deletions_the_browser_honours_pass_for_a_withdrawn_cookie() {
    // The visitor withdrew consent and still carries the statistics cookie.
    let request = format!("_pk_id=old; {}", refused());
    let mut failures = Vec::new();
    for header in DELETIONS {
        let shown = String::from_utf8_lossy(header);
        for mode in [Mode::Enforce, Mode::Audit] {
            let (sent, violations) = run_bytes(mode, Some(request.as_bytes()), &[header]).await;
            if !violations.is_empty() {
                failures.push(format!("{shown:?} in {mode:?}: reported {violations:?}"));
            }
            // The service's own deletion goes out, and the layer adds no second one.
            if sent != [header] {
                failures.push(format!("{shown:?} in {mode:?}: sent {sent:?}"));
            }
        }
    }
    assert_none(failures);
}

#[tokio::test]
async fn lines_the_browser_ignores_pass_unchecked() {
    // A tab inside the value, an empty name and value, a nameless cookie whose value carries a
    // prefix the browser reserves: Chromium stores nothing.
    let mut failures = Vec::new();
    for header in [
        &b"tracker=a\tb"[..],
        b"=",
        b" ; Secure",
        b"=__Secure-tracker",
    ] {
        let (sent, violations) = run_bytes(Mode::Enforce, None, &[header]).await;
        let shown = String::from_utf8_lossy(header);
        if sent != [header] || !violations.is_empty() {
            failures.push(format!("{shown:?}: sent {sent:?}, reported {violations:?}"));
        }
    }
    assert_none(failures);
}
