// A handle whose declaration has an error reports that error only: building its cookie, with
// whatever proof, adds none.
use cookie_registry::consent::{ConsentState, NoConsentNeeded, Statistics};
use cookie_registry::{Cookie, DeclaredCookie};

#[derive(Cookie)]
#[cookie(
    name = "_analytics",
    provider = "Example Analytics",
    category = statistics,
    function(en = "Audience measurement"),
    purpose(en = "To count visits"),
    lifetime = "forever",
)]
pub struct Analytics;

fn use_consent(consent: &ConsentState) -> Result<(), Box<dyn std::error::Error>> {
    let _ = Analytics::cookie("a", consent.granted::<Statistics>()?)?;
    let _ = Analytics::cookie("b", NoConsentNeeded)?;
    Ok(())
}

fn main() {
    let _ = use_consent(&ConsentState::NONE);
}
