use cookie_registry::Cookie;

#[derive(Cookie)]
pub struct Session;

fn main() {}
