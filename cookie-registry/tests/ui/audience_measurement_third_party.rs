use cookie_registry::cookie;

#[cookie(
    provider = "Google Analytics",
    category = statistics,
    exemption = audience_measurement,
    party = third,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub const GA: &str = "_ga";

fn main() {}
