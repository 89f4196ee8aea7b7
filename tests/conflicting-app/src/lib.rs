//! Declares `csrftoken` again, with another lifetime and purpose than the library's: a
//! conflict that no single macro call can see, and that `Registry::validate` must report.

use cookie_registry::cookie;

/// A second, different declaration of the library's CSRF cookie.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function = "CSRF protection",
    purpose = "To protect forms",
    lifetime = "1 year",
    http_only = false,
)]
pub const CSRF_AGAIN: &str = "csrftoken";

/// Uses the library so that it is linked.
pub fn library_field() -> &'static str {
    test_library_cookies::form_field_name()
}
