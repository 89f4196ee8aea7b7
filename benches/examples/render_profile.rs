//! Renders the 1,000-cookie policy a few times, for a profiler:
//! `valgrind --tool=callgrind target/release/examples/render_profile [md|html|json] [RENDERS]`.
//! Run it with 0 renders too, to subtract what building the registry costs.

use cookie_registry::{Format, PolicyOptions};

fn main() {
    let registry = cookie_registry_benches::policy_registry(1_000);
    let format = match std::env::args().nth(1).as_deref() {
        Some("json") => Format::Json,
        Some("html") => Format::Html,
        _ => Format::Markdown,
    };
    let options = PolicyOptions::new("en").unwrap();
    let mut total = 0;
    let renders: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5);
    for _ in 0..renders {
        total += registry.policy().render(format, &options).unwrap().len();
    }
    println!("{total}");
}
