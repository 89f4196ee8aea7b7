// A family of names: every cookie whose name starts with `_ga_`.
use cookie_registry::{Cookie, DeclaredCookie, Registry};

#[derive(Cookie)]
#[cookie(
    name = "_ga_*",
    provider(name = "Google Analytics", privacy_policy = "https://policies.google.com/privacy"),
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub struct Analytics;

fn main() {
    let registry = Registry::global().unwrap();
    let found = registry.find("_ga_ABC123").expect("the family matches");
    assert!(std::ptr::eq(found, Analytics::DECLARATION));
}
