use cookie_registry::cookie;

#[cookie(
    provider = "Google Analytics",
    category = statistics,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "13 months",
)]
pub const GA: &str = "_ga";

cookie_registry_presets::google_analytics_4!();

fn main() {}
