//! Prints the policy that `build.rs` rendered: `cargo run -p example-build-script -- [LANG] [FORMAT]`
//! (`en` or `fr`; `md`, `html`, `html-page` or `json`).

use std::process::ExitCode;

use example_build_script::POLICIES;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let lang = args.next().unwrap_or_else(|| "en".into());
    let format = args.next().unwrap_or_else(|| "md".into());
    match POLICIES.iter().find(|(l, f, _)| *l == lang && *f == format) {
        Some((_, _, policy)) => {
            print!("{policy}");
            ExitCode::SUCCESS
        }
        None => {
            let known: Vec<String> = POLICIES
                .iter()
                .map(|(l, f, _)| format!("{l} {f}"))
                .collect();
            eprintln!(
                "error: no policy rendered for `{lang} {format}`; build.rs renders: {}",
                known.join(", ")
            );
            ExitCode::from(2)
        }
    }
}
