//! Rendering a policy of 1,000 cookies in each format and language, next to a plain `String`
//! push of the same text (the cost of producing the bytes at all).
//! `cargo bench -p cookie-registry-benches --bench render`.

use std::hint::black_box;

use cookie_registry::render::{Format, PolicyOptions};
use cookie_registry_benches::policy_registry;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn render(c: &mut Criterion) {
    let registry = policy_registry(1_000);
    let mut group = c.benchmark_group("render_1000");
    for lang in ["en", "fr"] {
        let options = PolicyOptions::new(lang).unwrap();
        for format in [
            Format::Markdown,
            Format::Html,
            Format::HtmlPage,
            Format::Json,
        ] {
            let text = registry.policy().render(format, &options).unwrap();
            group.bench_with_input(
                BenchmarkId::new(format!("{format}"), lang),
                &options,
                |b, options| {
                    b.iter(|| {
                        registry
                            .policy()
                            .render(black_box(format), options)
                            .unwrap()
                    })
                },
            );
            group.bench_with_input(
                BenchmarkId::new(format!("string_push_{format}"), lang),
                &text,
                |b, text| {
                    b.iter(|| {
                        let mut out = String::new();
                        out.push_str(black_box(text));
                        out
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
