use cookie_registry::cookie;

#[cookie(
    provider = "Google Analytics",
    privacy_policy = "https://policies.google.com/privacy",
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub const GA: &str = "_ga";

fn main() {}
