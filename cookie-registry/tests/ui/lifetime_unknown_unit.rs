use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "3 fortnights",
)]
pub struct Session;

fn main() {}
