use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "forever",
)]
pub const SESSION: &str = "sessionid";

fn main() {}
