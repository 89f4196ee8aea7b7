use cookie_registry::cookie;

#[cookie(
    provider(name = "Google Analytics", privacy_policy = "javascript:alert(1)"),
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub const GA: &str = "_ga";

fn main() {}
