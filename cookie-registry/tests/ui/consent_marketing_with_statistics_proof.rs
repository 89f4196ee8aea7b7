// Consent to statistics is not consent to marketing.
use cookie_registry::consent::{ConsentState, Statistics};
use cookie_registry::{Cookie, DeclaredCookie};

#[derive(Cookie)]
#[cookie(
    name = "ads_id",
    provider = "Ad Network",
    category = marketing,
    party = third,
    function(en = "Advertising"),
    purpose(en = "To show relevant ads"),
    lifetime = "3 months",
    same_site = none,
)]
pub struct AdsId;

fn use_consent(consent: &ConsentState) -> Result<(), Box<dyn std::error::Error>> {
    let _ = AdsId::cookie("42", consent.granted::<Statistics>()?)?;
    Ok(())
}

fn main() {
    let _ = use_consent(&ConsentState::NONE);
}
