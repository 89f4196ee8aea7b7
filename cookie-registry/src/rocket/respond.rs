//! The crate's errors as Rocket responses, so that `?` works in a handler.

use ::rocket::Request;
use ::rocket::http::Status;
use ::rocket::response::{self, Responder};

use crate::enforce::SetCookieError;

/// `500 Internal Server Error` (Rocket's 500 catcher): a declared cookie could not be built, a
/// mistake in the application (a value that needs encoding, a proof of the wrong category, a
/// family's name that the declaration does not cover). The error goes to `tracing` (target
/// `cookie_registry`, level ERROR). So that `Session::cookie(value, proof)?` works in a handler
/// that returns `Result<_, SetCookieError>`.
///
/// ```
/// use cookie_registry::consent::NoConsentNeeded;
/// use cookie_registry::enforce::SetCookieError;
/// use cookie_registry::{Cookie, DeclaredCookie};
/// use rocket::http::{CookieJar, Status};
/// use rocket::local::blocking::Client;
/// use rocket::{get, routes};
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "sessionid", provider = "Example", category = necessary, lifetime = "2 weeks",
///     function(en = "Login", fr = "Connexion"),
///     purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// struct Session;
///
/// #[get("/login?<name>")]
/// fn login(name: &str, jar: &CookieJar<'_>) -> Result<&'static str, SetCookieError> {
///     // A value with a space is not a valid cookie value: an error, not a broken header.
///     jar.add(Session::cookie(name.to_owned(), NoConsentNeeded)?);
///     Ok("signed in")
/// }
///
/// let client = Client::untracked(rocket::build().mount("/", routes![login]))?;
/// assert_eq!(client.get("/login?name=ann").dispatch().status(), Status::Ok);
/// assert_eq!(client.get("/login?name=a%20b").dispatch().status(), Status::InternalServerError);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl<'r> Responder<'r, 'static> for SetCookieError {
    fn respond_to(self, _: &'r Request<'_>) -> response::Result<'static> {
        tracing::error!(target: "cookie_registry", "{self}");
        Err(Status::InternalServerError)
    }
}
