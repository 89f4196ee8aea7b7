//! The per-header cost of the middleware: classifying one `Set-Cookie` (parse, look-up, drift
//! check) against registries of growing size, next to its floor, `cookie::Cookie::parse` of
//! the same header alone. `cargo bench -p cookie-registry-benches --bench set_cookie`.

use std::hint::black_box;

use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::check_set_cookie;
use cookie_registry_benches::{exact_registry, family_registry, set_cookie};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn classify(c: &mut Criterion) {
    let consent = ConsentState::NONE;
    let mut group = c.benchmark_group("set_cookie");
    for n in [10usize, 1_000, 10_000] {
        let registry = exact_registry(n);
        let header = set_cookie(&format!("cookie_{}", n / 2));
        assert_eq!(
            check_set_cookie(registry, &consent, header.as_bytes()),
            None,
            "the header must be allowed"
        );
        group.bench_with_input(
            BenchmarkId::new("classify_exact", n),
            &header,
            |b, header| {
                b.iter(|| check_set_cookie(registry, &consent, black_box(header.as_bytes())))
            },
        );
    }
    let families = family_registry(1_000);
    let header = set_cookie("prefix_500_a1b2c3");
    assert_eq!(
        check_set_cookie(families, &consent, header.as_bytes()),
        None,
        "the header must be allowed"
    );
    group.bench_with_input(
        BenchmarkId::new("classify_family", 1_000),
        &header,
        |b, header| b.iter(|| check_set_cookie(families, &consent, black_box(header.as_bytes()))),
    );
    let header = set_cookie("cookie_5");
    group.bench_with_input(
        BenchmarkId::new("floor_cookie_parse", 0),
        &header,
        |b, header| {
            b.iter(|| cookie::Cookie::parse(black_box(header.as_str())).map(|c| c.name().len()))
        },
    );
    group.finish();
}

criterion_group!(benches, classify);
criterion_main!(benches);
