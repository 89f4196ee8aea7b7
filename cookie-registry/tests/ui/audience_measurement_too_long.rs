use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "_pk_id.*",
    provider = "Matomo",
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "2 years",
)]
pub struct Visitor;

fn main() {}
