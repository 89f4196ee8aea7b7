// A crate that re-exports cookie-registry points the macros at its own path.
use cookie_registry::{Cookie, cookie};

mod reexport {
    pub use cookie_registry;
}

#[cookie(
    crate = "crate::reexport::cookie_registry",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

#[derive(Cookie)]
#[cookie(
    crate = "crate::reexport::cookie_registry",
    name = "csrftoken",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Security"),
    purpose(en = "To protect forms against cross-site request forgery"),
    lifetime = "12 months",
)]
pub struct CsrfToken;

fn main() {
    let registry = cookie_registry::Registry::global().unwrap();
    assert!(registry.find(SESSION).is_some());
    assert!(registry.find("csrftoken").is_some());
}
