//! Prints the cookie policy of the cookies declared in `cookies.rs`.
//!
//! ```text
//! cargo run -p example-opendatasoft                               # Markdown, English
//! cargo run -p example-opendatasoft -- --lang fr --format html --site https://data.example.org
//! ```

use std::process::ExitCode;

// The declarations live in this package's library. Naming it is what links it into the binary,
// and so what puts its declarations in the registry.
use example_opendatasoft as _;

use cookie_registry::Registry;
use cookie_registry::render::{Format, PolicyOptions};

const USAGE: &str = "\
usage: example-opendatasoft [--lang TAG] [--format md|html|html-page|json] [--site URL]

  --lang TAG      language of the policy: en (default), fr, or any BCP 47 tag (falls back to English)
  --format FMT    md (default), html (a fragment to embed), html-page (a standalone page), json
  --site URL      the site named in the policy's heading";

struct Args {
    lang: String,
    format: Format,
    site: Option<String>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Option<Args>, String> {
    let mut parsed = Args {
        lang: "en".into(),
        format: Format::Markdown,
        site: None,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_string(), Some(value.to_string()))
            }
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(None);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--lang" => parsed.lang = value()?,
            "--site" => parsed.site = Some(value()?),
            "--format" => {
                parsed.format = match value()?.as_str() {
                    "md" | "markdown" => Format::Markdown,
                    "html" => Format::Html,
                    "html-page" => Format::HtmlPage,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "unknown format `{other}`: expected md, html, html-page or json"
                        ));
                    }
                }
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(Some(parsed))
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match render(&args) {
        Ok(policy) => {
            print!("{policy}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn render(args: &Args) -> Result<String, Box<dyn std::error::Error>> {
    let registry = Registry::global()?;
    registry.validate()?;
    let mut options = PolicyOptions::new(&args.lang)?;
    if let Some(site) = &args.site {
        options = options.with_site(site.clone());
    }
    Ok(registry.policy().render(args.format, &options)?)
}
