// A statistics cookie is built with its proof of consent: leaving it out does not compile.
use cookie_registry::{Cookie, DeclaredCookie};

#[derive(Cookie)]
#[cookie(
    name = "_analytics",
    provider = "Example Analytics",
    category = statistics,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "6 months",
)]
pub struct Analytics;

fn main() {
    let _ = Analytics::cookie("visitor-42");
}
