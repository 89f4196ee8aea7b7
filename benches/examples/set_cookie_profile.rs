//! Classifies or reads one `Set-Cookie` many times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/set_cookie_profile [MODE] [TIMES]`.
//! Run it with 0 times too, to subtract what building the registry costs. Modes: `check` (the
//! layer's check, the default), `floor` (`cookie::Cookie::parse` of the same header), `reader`
//! (`cookie_registry::set_cookie::SetCookie::parse` alone), `old-reader` (the layer's previous
//! reader alone, from `benches/set_cookie/old_reader.rs`).

use std::hint::black_box;

use cookie_registry::consent::ConsentState;
use cookie_registry::enforce::check_set_cookie;
use cookie_registry::set_cookie::SetCookie;

#[path = "../benches/set_cookie/old_reader.rs"]
mod old_reader;

fn main() {
    let registry = cookie_registry_benches::exact_registry(1_000);
    let header = cookie_registry_benches::set_cookie("cookie_500");
    let mode = std::env::args().nth(1).unwrap_or_else(|| "check".into());
    let times: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(10_000);
    let consent = ConsentState::NONE;
    let mut allowed = 0usize;
    for _ in 0..times {
        let header = black_box(header.as_bytes());
        allowed += match mode.as_str() {
            "floor" => {
                let text = std::str::from_utf8(header).unwrap();
                usize::from(cookie::Cookie::parse(text).is_ok())
            }
            "reader" => usize::from(SetCookie::parse(header).is_ok()),
            "old-reader" => {
                let text = std::str::from_utf8(header).unwrap();
                usize::from(old_reader::SetCookie::parse(text).is_ok())
            }
            _ => usize::from(check_set_cookie(registry, &consent, header).is_none()),
        };
    }
    println!("{allowed}");
}
