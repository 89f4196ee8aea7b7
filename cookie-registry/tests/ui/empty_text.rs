use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "  "),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

fn main() {}
