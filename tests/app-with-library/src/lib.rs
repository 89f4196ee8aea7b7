//! An application crate: it declares its own cookies and uses a library that declares others.

use cookie_registry::cookie;

/// The application's session.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
    purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

/// Uses the library, as an application does.
pub fn csrf_field() -> &'static str {
    test_library_cookies::form_field_name()
}
