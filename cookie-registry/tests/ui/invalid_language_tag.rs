use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication", français = "Authentification"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub struct Session;

fn main() {}
