//! Classifies one `Set-Cookie` many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/set_cookie_profile [check|floor] [TIMES]`.
//! Run it with 0 times too, to subtract what building the registry costs; `floor` runs
//! `cookie::Cookie::parse` of the same header instead of the layer's check.

use std::hint::black_box;

use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::check_set_cookie;

fn main() {
    let registry = cookie_registry_benches::exact_registry(1_000);
    let header = cookie_registry_benches::set_cookie("cookie_500");
    let floor = std::env::args().nth(1).as_deref() == Some("floor");
    let times: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let consent = ConsentState::NONE;
    let mut allowed = 0usize;
    for _ in 0..times {
        let header = black_box(header.as_bytes());
        allowed += if floor {
            let text = std::str::from_utf8(header).unwrap();
            usize::from(cookie::Cookie::parse(text).is_ok())
        } else {
            usize::from(check_set_cookie(registry, &consent, header).is_none())
        };
    }
    println!("{allowed}");
}
