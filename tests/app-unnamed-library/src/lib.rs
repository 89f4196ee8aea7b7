//! An application crate that declares its own cookie and depends on two libraries that declare
//! others, without ever naming them: nothing here mentions `test_library_cookies` or
//! `optional_cookies`. The declaration below is what gets them linked.

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
