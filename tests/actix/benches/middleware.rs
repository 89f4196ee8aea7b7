//! The actix middleware's cost per request: `scripts/load`'s workload (a visitor who accepted
//! everything, four cookies per response) through the same app with and without
//! `CookiePolicy`, side by side: `cargo bench -p test-actix --bench middleware`.

use std::hint::black_box;

use actix_web::{App, test, web};
use cookie_registry::actix::CookiePolicy;
use cookie_registry::enforce::Mode;
use criterion::{Criterion, criterion_group, criterion_main};
use test_actix::{consent_cookie, registry, workload};

fn middleware(c: &mut Criterion) {
    let system = actix_web::rt::System::new();
    let cookie_header = workload::cookie_header();
    let without = system.block_on(test::init_service(
        App::new().route("/", web::get().to(workload::home)),
    ));
    let with = |mode| {
        system.block_on(test::init_service(
            App::new()
                .route("/", web::get().to(workload::home))
                .wrap(CookiePolicy::new(registry(), consent_cookie()).mode(mode)),
        ))
    };
    let (off, enforce) = (with(Mode::Off), with(Mode::Enforce));

    let mut group = c.benchmark_group("actix_request");
    group.bench_function("without", |b| {
        b.iter(|| {
            let request = workload::request(&cookie_header).to_request();
            black_box(system.block_on(test::call_service(&without, request)))
        })
    });
    group.bench_function("off", |b| {
        b.iter(|| {
            let request = workload::request(&cookie_header).to_request();
            black_box(system.block_on(test::call_service(&off, request)))
        })
    });
    group.bench_function("enforce", |b| {
        b.iter(|| {
            let request = workload::request(&cookie_header).to_request();
            black_box(system.block_on(test::call_service(&enforce, request)))
        })
    });
    group.finish();
}

criterion_group!(benches, middleware);
criterion_main!(benches);
