// Replays the committed fuzz corpora of the run-time targets (issue 5, reliability target 1):
// every file of `fuzz/corpus/{consent_cookie,set_cookie,cookie_header}/` goes through the same
// function and oracle as the fuzz target of that name.
//
// The oracles below are the fuzz targets' own: `fuzz/fuzz_targets/*.rs` `include!` this file
// and call them, so the corpus is judged the same way here and under libFuzzer. (Plain `//`
// comments on purpose: an inner `//!` doc comment cannot be `include!`d.) A test fails when its
// corpus directory is missing or empty, so a lost corpus cannot pass for a green replay.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use cookie_registry::consent::{CategorySet, ConsentCookie, ConsentState};
use cookie_registry::declaration::Category;
use cookie_registry::enforce::{Mode, violations};
use cookie_registry::tower::CookiePolicyLayer;
use cookie_registry::{Registry, Revision};
use http::header::{COOKIE, SET_COOKIE};
use http::{HeaderMap, HeaderValue, Request, Response};
use tower::{Layer, Service, service_fn};

use test_middleware::PREFERENCES;

// The model of `Set-Cookie` reading (`cookie-registry/src/set_cookie/model.rs`), which names the
// fast reader `reader`.
use cookie_registry::set_cookie as reader;
#[path = "../../../cookie-registry/src/set_cookie/model.rs"]
mod set_cookie_model;

/// A fixed "now" (2025-06-15), so that a replay decides as the fuzz run did.
const NOW: u64 = 1_750_000_000;

fn fuzz_registry() -> &'static Registry {
    Registry::global().expect("declarations linked")
}

fn fuzz_consent_cookie(revision: Revision) -> ConsentCookie {
    let declaration = fuzz_registry()
        .find(PREFERENCES)
        .expect("consent cookie declared");
    ConsentCookie::new(declaration, revision).expect("a valid consent cookie")
}

/// The consent-cookie parser: `decode`, `try_decode` and `from_cookie_header`.
///
/// Oracle: no panic; `decode` is `try_decode` or NONE; a value that decodes to a state re-encodes
/// to exactly that value; a `Cookie` header carrying the value once decodes the same way.
/// Besides the registry's revision and [`NOW`], the value is also decoded with the revision and
/// time it names itself (when it names any), so the fuzzer reaches the accepting paths without
/// guessing a 64-bit hash.
pub fn consent_cookie_oracle(data: &[u8]) {
    let mut fields = data.split(|&b| b == b'.').skip(2);
    let time = fields
        .next()
        .and_then(|t| std::str::from_utf8(t).ok())
        .and_then(|t| t.parse::<u64>().ok());
    let revision = fields.next().and_then(Revision::parse_hex);

    let mut cookies = vec![fuzz_consent_cookie(fuzz_registry().revision())];
    if let Some(revision) = revision {
        cookies.push(fuzz_consent_cookie(revision));
    }
    let mut nows = vec![NOW, 0, u64::MAX];
    if let Some(time) = time {
        nows.extend([time, time.saturating_add(1), time.saturating_sub(1)]);
    }
    for cookie in &cookies {
        for &now in &nows {
            let tried = cookie.try_decode(data, at(now));
            let decoded = cookie.decode(data, at(now));
            match tried {
                Ok(state) => {
                    assert_eq!(decoded, state, "decode disagrees with try_decode");
                    assert!(state.is_given(), "an accepted value records a choice");
                    assert!(state.grants(Category::Necessary));
                    let encoded = state.cookie_value().expect("a given state encodes");
                    assert_eq!(
                        encoded.as_bytes(),
                        data,
                        "a decoded value must re-encode to itself"
                    );
                }
                Err(_) => assert_eq!(decoded, ConsentState::NONE, "a rejected value is NONE"),
            }

            // The value as a whole header, and inside a header among other cookies.
            let _ = cookie.from_cookie_header(data, at(now));
            let mut header = b"a=1; ".to_vec();
            header.extend_from_slice(cookie.name().as_bytes());
            header.push(b'=');
            header.extend_from_slice(data);
            header.extend_from_slice(b"; b=2");
            let single = !data.contains(&b';')
                && data.first().is_none_or(|b| !matches!(b, b' ' | b'\t'))
                && data.last().is_none_or(|b| !matches!(b, b' ' | b'\t'));
            if single {
                assert_eq!(
                    cookie.try_from_cookie_headers([&header], at(now)),
                    tried,
                    "the value read from a Cookie header decodes as the value alone"
                );
            }
            let _ = cookie.from_cookie_headers([&header[..], data], at(now));
        }
    }
}

/// The consent a fuzz input's first byte selects: no choice, or a choice granting some of the
/// three categories that need consent.
fn fuzz_consent(selector: u8) -> ConsentState {
    if selector & 0x80 == 0 {
        return ConsentState::NONE;
    }
    let categories: CategorySet = [
        (1, Category::Functionality),
        (2, Category::Statistics),
        (4, Category::Marketing),
    ]
    .into_iter()
    .filter(|&(bit, _)| selector & bit != 0)
    .map(|(_, category)| category)
    .collect();
    fuzz_consent_cookie(fuzz_registry().revision()).choose(categories, at(NOW))
}

/// Set-Cookie classification: byte 0 selects the consent, the rest is split at `\n` into
/// `Set-Cookie` values (those that are not valid header bytes are not given to the layer).
///
/// Oracle: no panic, and every value (header bytes or not) is read by the layer's reader
/// exactly as the model reads it (`cookie-registry/src/set_cookie/model.rs`): the same cookie,
/// the same deletion verdict at [`NOW`], the same verdict for each of the model's requests.
pub fn set_cookie_oracle(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    for value in rest.split(|&b| b == b'\n') {
        if let Err(difference) = set_cookie_model::differential(value, NOW as i64) {
            panic!("{difference}");
        }
    }
    let consent = fuzz_consent(selector);
    let mut headers = HeaderMap::new();
    for value in rest.split(|&b| b == b'\n') {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            headers.append(SET_COOKIE, value);
        }
    }
    let found = violations(
        fuzz_registry(),
        &consent,
        headers
            .get_all(SET_COOKIE)
            .iter()
            .map(HeaderValue::as_bytes),
    );
    for violation in &found {
        let _ = violation.to_string();
    }
}

/// The `Set-Cookie`s the service behind the layer sets: declared and correct, declared with
/// drift, needing consent, undeclared, and a removal.
const SERVICE_SET_COOKIES: [&str; 5] = [
    "sessionid=abc; Path=/; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax",
    "_pk_id=xyz; Path=/shop; Domain=example.org; Max-Age=3600; Secure; HttpOnly; SameSite=Lax",
    "cart=1; Path=/; Max-Age=60",
    "tracker=1",
    "cookies_preferences=; Path=/; Max-Age=0",
];

/// Runs a future that never waits on I/O to completion (the layer's and `service_fn`'s futures
/// are ready at once), without an executor dependency.
fn fuzz_block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("the layer's future did not complete")
}

/// Request `Cookie` handling by the tower layer: byte 0 selects the mode, the rest is split at
/// `\n` into `Cookie` headers (invalid header bytes skipped).
///
/// Oracle: no panic, and a response always comes back, whose `Set-Cookie`s are valid headers.
pub fn cookie_header_oracle(data: &[u8]) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let mode = if selector & 1 == 0 {
        Mode::Enforce
    } else {
        Mode::Audit
    };
    let layer = CookiePolicyLayer::new(
        fuzz_registry(),
        fuzz_consent_cookie(fuzz_registry().revision()),
    )
    .mode(mode)
    .on_violation(|violation| {
        let _ = violation.to_string();
    });
    let mut service = layer.layer(service_fn(|_request: Request<()>| async {
        let mut response = Response::new(());
        for value in SERVICE_SET_COOKIES {
            response
                .headers_mut()
                .append(SET_COOKIE, HeaderValue::from_static(value));
        }
        Ok::<_, Infallible>(response)
    }));
    let mut request = Request::new(());
    for value in rest.split(|&b| b == b'\n') {
        if let Ok(value) = HeaderValue::from_bytes(value) {
            request.headers_mut().append(COOKIE, value);
        }
    }
    let response = fuzz_block_on(async {
        std::future::poll_fn(|cx| service.poll_ready(cx))
            .await
            .expect("infallible");
        service.call(request).await
    })
    .expect("the layer always returns the service's response");
    for value in response.headers().get_all(SET_COOKIE) {
        assert!(!value.as_bytes().is_empty(), "an empty Set-Cookie");
    }
}

#[cfg(test)]
#[path = "../../../fuzz/replay.rs"]
mod fuzz_replay;

#[cfg(test)]
fn replay(target: &str, oracle: fn(&[u8])) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus");
    fuzz_replay::replay(&root, target, oracle);
}

#[test]
fn consent_cookie_corpus_replays() {
    replay("consent_cookie", consent_cookie_oracle);
}

#[test]
fn set_cookie_corpus_replays() {
    replay("set_cookie", set_cookie_oracle);
}

#[test]
fn cookie_header_corpus_replays() {
    replay("cookie_header", cookie_header_oracle);
}

/// The time `secs` seconds after 1970 (at most 2^40 seconds, some 35,000 years: a
/// `SystemTime` cannot hold `u64::MAX` seconds).
fn at(secs: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs.min(1 << 40))
}
