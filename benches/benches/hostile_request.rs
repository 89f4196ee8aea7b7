//! A hostile request (issue 9, hole 3): a visitor without consent sends thousands of cookies of
//! a declared family that needs consent. The judgment of the response must cost linear work and
//! answer with at most `Enforcer::MAX_REMOVALS_PER_RESPONSE` removals.
//!
//! Side by side, for 3,000 and 30,000 carried `_ga_N=1` cookies (30,000 is 379 KB, under
//! hyper's header limit): `judge` (read every pair, look each name up, build the capped
//! removals) and its floor, `request_consent` on the same header (one pass over the pairs to
//! find the consent cookie). `cargo bench -p cookie-registry-benches --bench hostile_request`.

use std::hint::black_box;

use cookie_registry::Registry;
use cookie_registry::consent::{ConsentCookie, ConsentState};
use cookie_registry::declaration::CookieDeclaration;
use cookie_registry::enforce::{Enforcer, Mode};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn declare(text: &str) -> &'static CookieDeclaration {
    CookieDeclaration::parse(text, &["en"]).expect("a valid declaration")
}

fn enforcer() -> Enforcer {
    let preferences = declare(
        r#"name = "prefs", provider = "Example", category = necessary, exemption = consent_storage,
           lifetime = "6 months", function(en = "Cookie banner"), purpose(en = "To remember your choices")"#,
    );
    let analytics = declare(
        r#"name = "_ga_*", provider = "Example", category = statistics, lifetime = "13 months",
           function(en = "Audience measurement"), purpose(en = "To count visits")"#,
    );
    let registry: &'static Registry = Box::leak(Box::new(Registry::from_declarations([
        preferences,
        analytics,
    ])));
    let consent = ConsentCookie::new(preferences, registry.revision()).expect("a consent cookie");
    Enforcer::new(registry, consent).mode(Mode::Enforce)
}

fn hostile_request(c: &mut Criterion) {
    let enforcer = enforcer();
    let mut group = c.benchmark_group("hostile_request");
    group.sample_size(20);
    for n in [3_000usize, 30_000] {
        let header = (0..n)
            .map(|i| format!("_ga_{i}=1"))
            .collect::<Vec<_>>()
            .join("; ");
        let judgment = enforcer.judge(&ConsentState::NONE, [header.as_bytes()], || {
            std::iter::empty::<&[u8]>()
        });
        assert_eq!(
            judgment.removals().len(),
            Enforcer::MAX_REMOVALS_PER_RESPONSE,
            "the removals must be capped"
        );
        group.bench_with_input(BenchmarkId::new("judge", n), &header, |b, header| {
            b.iter(|| {
                enforcer
                    .judge(&ConsentState::NONE, [black_box(header.as_bytes())], || {
                        std::iter::empty::<&[u8]>()
                    })
                    .removals()
                    .len()
            })
        });
        group.bench_with_input(
            BenchmarkId::new("floor_request_consent", n),
            &header,
            |b, header| b.iter(|| enforcer.request_consent([black_box(header.as_bytes())])),
        );
    }
    group.finish();
}

criterion_group!(benches, hostile_request);
criterion_main!(benches);
