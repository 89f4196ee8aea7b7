use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Back office"),
    purpose(en = "To keep the administrator logged in"),
    lifetime = "1 day",
)]
pub const ADMIN_SESSION: &str = "sessionid";

fn main() {}
