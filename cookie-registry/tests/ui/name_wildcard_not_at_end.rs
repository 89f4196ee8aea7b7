use cookie_registry::cookie;

#[cookie(
    provider = "Google Analytics",
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub const GA: &str = "_ga_*_id";

fn main() {}
