// A necessary cookie takes `NoConsentNeeded`; a proof of consent to something else is a
// sign that the wrong cookie is being built.
use cookie_registry::consent::{ConsentState, Statistics};
use cookie_registry::{Cookie, DeclaredCookie};

#[derive(Cookie)]
#[cookie(
    name = "sessionid",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication"),
    purpose(en = "To remember the user from one page to another"),
    lifetime = "2 weeks",
)]
pub struct SessionId;

fn use_consent(consent: &ConsentState) -> Result<(), Box<dyn std::error::Error>> {
    let _ = SessionId::cookie("abc", consent.granted::<Statistics>()?)?;
    Ok(())
}

fn main() {
    let _ = use_consent(&ConsentState::NONE);
}
