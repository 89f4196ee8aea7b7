// The proof each kind of cookie is built with: none for necessary and exempt cookies, the
// user's consent for the others.
use cookie_registry::enforce::{
    Categories, ConsentState, Granted, Marketing, NoConsentNeeded, Revision, Statistics,
};
use cookie_registry::{Category, Cookie, DeclaredCookie};

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

#[derive(Cookie)]
#[cookie(
    name = "_pk_id",
    provider = "Example Analytics",
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement"),
    purpose(en = "To count visits anonymously"),
    lifetime = "13 months",
)]
pub struct ExemptAnalytics;

#[derive(Cookie)]
#[cookie(
    name = "_analytics",
    provider = "Example Analytics",
    category = statistics,
    function(en = "Audience measurement"),
    purpose(en = "To follow visits"),
    lifetime = "6 months",
)]
pub struct Analytics;

#[derive(Cookie)]
#[cookie(
    name = "ads_*",
    provider = "Ad Network",
    category = marketing,
    party = third,
    function(en = "Advertising"),
    purpose(en = "To show relevant ads"),
    lifetime = "3 months",
    same_site = none,
)]
pub struct Ads;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let consent = ConsentState::given(Categories::ALL, 1_750_000_000, Revision::from_u64(1));
    let _ = SessionId::cookie("abc", NoConsentNeeded)?;
    let _ = ExemptAnalytics::cookie("1", NoConsentNeeded)?;
    let statistics: Granted<Statistics> = consent.granted::<Statistics>()?;
    let _ = Analytics::cookie("visitor", statistics)?;
    let marketing: Granted<Marketing> = consent.proof_for::<Ads>()?;
    let _ = Ads::cookie_named("ads_1", "42", marketing)?;
    assert!(consent.grants(Category::Marketing));
    Ok(())
}
