// The name constant may spell `&str` in any of its usual ways.
use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub const SESSION: &'static str = "sessionid";

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Security"),
    purpose(en = "To protect forms against cross-site request forgery"),
    lifetime = "12 months",
)]
const CSRF: &::core::primitive::str = r"csrftoken";

fn main() {
    assert_eq!((SESSION, CSRF), ("sessionid", "csrftoken"));
}
