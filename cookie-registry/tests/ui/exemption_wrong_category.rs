use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub const VISITS: &str = "ods_visits";

fn main() {}
