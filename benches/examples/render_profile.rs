//! Renders the 1,000-cookie policy a number of times, for a profiler, and prints the CPU time
//! per render next to the CPU time of a plain `String` push of the same text:
//!
//! ```text
//! PUSHES=0 valgrind --tool=callgrind target/release/examples/render_profile [md|html|page|json] [RENDERS] [LANG]
//! target/release/examples/render_profile md 500 fr
//! ```
//!
//! Run it with 0 renders under callgrind too, to subtract what building the registry costs.
//! The CPU time is the thread's own (`/proc/thread-self/schedstat`), not wall-clock time: on a
//! shared machine, time slices given to other processes do not count.

use std::hint::black_box;

use cookie_registry::render::{Format, PolicyOptions};

/// Nanoseconds this thread has run on a CPU, or `None` where Linux's schedstat is missing.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let registry = cookie_registry_benches::policy_registry(1_000);
    let mut args = std::env::args().skip(1);
    let format = match args.next().as_deref() {
        Some("json") => Format::Json,
        Some("html") => Format::Html,
        Some("page") => Format::HtmlPage,
        _ => Format::Markdown,
    };
    let renders: u64 = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let options = PolicyOptions::new(args.next().as_deref().unwrap_or("en")).unwrap();

    let start = cpu_ns();
    let mut total = 0;
    let mut text = String::new();
    for _ in 0..renders {
        text = registry
            .policy()
            .render(black_box(format), &options)
            .unwrap();
        total += text.len();
    }
    let rendering = cpu_ns().zip(start).map(|(end, start)| end - start);

    // Pushes are short: many more of them, so that the CPU clock (updated at scheduler ticks)
    // sees them. `PUSHES=0` under callgrind, to count the renders alone.
    let pushes: u64 = std::env::var("PUSHES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(renders * 100);
    let start = cpu_ns();
    for _ in 0..pushes {
        let mut out = String::new();
        out.push_str(black_box(&text));
        total += black_box(out).len();
    }
    let pushing = cpu_ns().zip(start).map(|(end, start)| end - start);

    println!("{total} bytes written");
    if let (Some(rendering), Some(pushing)) = (rendering, pushing)
        && renders > 0
    {
        let per = |ns: u64| ns as f64 / renders as f64 / 1_000.0;
        let pushing = pushing * renders / pushes.max(1);
        println!(
            "{format} {}: {:.1} µs CPU per render, {:.1} µs per string push of the {} bytes, ratio {:.0}",
            options.language(),
            per(rendering),
            per(pushing),
            text.len(),
            rendering as f64 / pushing.max(1) as f64
        );
    }
}
