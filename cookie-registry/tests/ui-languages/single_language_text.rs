use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication", fr = "Authentification"),
    purpose = "To remember the user from one page to another",
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

fn main() {}
