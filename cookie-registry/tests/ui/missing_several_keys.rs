use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(name = "sessionid", category = necessary)]
pub struct Session;

fn main() {}
