// `__Host-` done right: Secure (the default), `Path=/`, no `Domain`.
use cookie_registry::{Cookie, cookie};

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "__Host-sessionid";

#[derive(Cookie)]
#[cookie(
    name = "__Host-csrftoken",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Security"),
    purpose(en = "To protect forms against cross-site request forgery"),
    lifetime = "12 months",
    secure,
    path = "/",
    same_site = strict,
)]
pub struct CsrfToken;

fn main() {}
