use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub struct Session;

fn main() {}
