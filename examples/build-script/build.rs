//! Renders this crate's cookie policy from its sources, and fails the build if the code sets a
//! cookie that no `#[cookie]` declares.

use cookie_registry::build::Config;
use cookie_registry::render::Format;

fn main() {
    Config::new()
        .output(Format::Markdown, "en")
        .output(Format::Markdown, "fr")
        .output(Format::Html, "en")
        .output(Format::Html, "fr")
        .output(Format::HtmlPage, "en")
        .output(Format::HtmlPage, "fr")
        .output(Format::Json, "en")
        .output(Format::Json, "fr")
        // A copy under version control: a change of the policy shows in code review.
        .output_to(Format::Markdown, "en", "cookies.md")
        .site("https://shop.example.org")
        .run();
}
