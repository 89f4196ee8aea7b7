//! The per-header cost of the middleware: classifying one `Set-Cookie` (parse, look-up, drift
//! check) against registries of growing size, next to its floor, `cookie::Cookie::parse` of
//! the same header alone; and the reading alone, side by side: `cookie_registry::set_cookie`
//! (as Chromium reads a header), the layer's previous reader (as the `cookie` crate reads it,
//! `set_cookie/old_reader.rs`) and `cookie::Cookie::parse`.
//! `cargo bench -p cookie-registry-benches --bench set_cookie`.

use std::hint::black_box;

use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::check_set_cookie;
use cookie_registry::set_cookie::SetCookie;
use cookie_registry_benches::{exact_registry, family_registry, set_cookie};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

#[path = "set_cookie/old_reader.rs"]
mod old_reader;

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

/// Reading one header, three ways: the header the benchmarks' declarations match (`Max-Age`),
/// and one with an `Expires` date instead.
fn read(c: &mut Criterion) {
    let mut group = c.benchmark_group("set_cookie_read");
    let max_age = set_cookie("cookie_500");
    let expires = max_age.replace("Max-Age=3600", "Expires=Wed, 21 Oct 2037 07:28:00 GMT");
    for (label, header) in [("max_age", &max_age), ("expires", &expires)] {
        // The same reading from each, or the comparison means nothing.
        let new = SetCookie::parse(header.as_bytes()).expect("a cookie");
        let old = old_reader::SetCookie::parse(header).expect("a cookie");
        assert_eq!(new.name(), old.name.as_bytes());
        assert_eq!(new.value(), old.value.as_bytes());
        group.bench_with_input(
            BenchmarkId::new("chromium_reader", label),
            header,
            |b, header| {
                b.iter(|| SetCookie::parse(black_box(header.as_bytes())).map(|c| c.name().len()))
            },
        );
        group.bench_with_input(
            BenchmarkId::new("old_reader", label),
            header,
            |b, header| {
                // As the old check did: the bytes as UTF-8 first.
                b.iter(|| {
                    std::str::from_utf8(black_box(header.as_bytes()))
                        .ok()
                        .and_then(|text| old_reader::SetCookie::parse(text).ok())
                        .map(|c| c.name.len())
                })
            },
        );
        group.bench_with_input(
            BenchmarkId::new("cookie_parse", label),
            header,
            |b, header| {
                b.iter(|| cookie::Cookie::parse(black_box(header.as_str())).map(|c| c.name().len()))
            },
        );
    }
    group.finish();
}

criterion_group!(benches, classify, read);
criterion_main!(benches);
