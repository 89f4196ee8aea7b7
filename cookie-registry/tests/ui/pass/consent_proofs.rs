// The proof each kind of cookie is built with: none for necessary and exempt cookies, the
// user's consent for the others.
use cookie_registry::Revision;
use cookie_registry::consent::{CategorySet, ConsentState, Granted, Marketing, NoConsentNeeded, Statistics};
use cookie_registry::{Cookie, DeclaredCookie};
use cookie_registry::declaration::Category;

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
    let consent = ConsentState::given(CategorySet::ALL, at(1_750_000_000), Revision::from_u64(1));
    let _ = SessionId::cookie("abc", NoConsentNeeded)?;
    let _ = ExemptAnalytics::cookie("1", NoConsentNeeded)?;
    let statistics: Granted<Statistics> = consent.granted::<Statistics>()?;
    let _ = Analytics::cookie("visitor", statistics)?;
    let marketing: Granted<Marketing> = consent.proof_for::<Ads>()?;
    let _ = Ads::cookie_named("ads_1", "42", marketing)?;
    assert!(consent.grants(Category::Marketing));
    Ok(())
}

/// The time `secs` seconds after 1970 (at most 2^40 seconds, some 35,000 years: a
/// `SystemTime` cannot hold `u64::MAX` seconds).
fn at(secs: u64) -> std::time::SystemTime {
    std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs.min(1 << 40))
}
