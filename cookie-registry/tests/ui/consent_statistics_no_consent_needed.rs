// A statistics cookie needs the user's consent: `NoConsentNeeded` does not build it.
use cookie_registry::consent::NoConsentNeeded;
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
    let _ = Analytics::cookie("visitor-42", NoConsentNeeded);
}
