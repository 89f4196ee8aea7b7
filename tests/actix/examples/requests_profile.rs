//! `scripts/load`'s workload through an actix-web app, N times, for callgrind:
//! `valgrind --tool=callgrind target/release/examples/requests_profile MODE [TIMES]`.
//! Run it with two counts and take the difference, to subtract building the app. MODE is
//! `without` (the app alone), `off` or `enforce` (the same app wrapped in `CookiePolicy` in that
//! mode).

use actix_web::{App, test, web};
use cookie_registry::actix::CookiePolicy;
use cookie_registry::enforce::Mode;
use test_actix::{consent_cookie, registry, workload};

fn main() {
    let mode = match std::env::args().nth(1).as_deref() {
        Some("without") => None,
        Some("off") => Some(Mode::Off),
        Some("enforce") => Some(Mode::Enforce),
        _ => {
            eprintln!("usage: requests_profile without|off|enforce [TIMES]");
            std::process::exit(2);
        }
    };
    let times: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let cookie_header = workload::cookie_header();
    let sent = actix_web::rt::System::new().block_on(async {
        let mut sent = 0;
        if let Some(mode) = mode {
            let policy = CookiePolicy::new(registry(), consent_cookie()).mode(mode);
            let app = test::init_service(
                App::new()
                    .route("/", web::get().to(workload::home))
                    .wrap(policy),
            )
            .await;
            for _ in 0..times {
                let response =
                    test::call_service(&app, workload::request(&cookie_header).to_request()).await;
                sent += response.headers().get_all("set-cookie").count();
            }
        } else {
            let app =
                test::init_service(App::new().route("/", web::get().to(workload::home))).await;
            for _ in 0..times {
                let response =
                    test::call_service(&app, workload::request(&cookie_header).to_request()).await;
                sent += response.headers().get_all("set-cookie").count();
            }
        }
        sent
    });
    // Four cookies per response, in both: the same work, with or without the middleware.
    assert_eq!(sent, 4 * times);
    println!("{sent}");
}
