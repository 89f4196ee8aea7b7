// Five different mistakes in one declaration: one build reports all five.
use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "session id",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "forever",
    httponly,
    secure = "yes",
    path = "app",
)]
pub struct Session;

fn main() {}
