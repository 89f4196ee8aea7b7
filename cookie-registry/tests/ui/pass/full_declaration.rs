// Every key `#[cookie(...)]` accepts, in both forms.
use cookie_registry::{Cookie, DeclaredCookie, cookie};

#[cookie(
    provider(name = "Opendatasoft", privacy_policy = "https://www.opendatasoft.com/en/privacy-policy"),
    category = necessary,
    party = third,
    exemption = strictly_necessary,
    function(en = "Embedded map", fr-CA = "Carte intégrée"),
    purpose(en = "To balance the load of map tiles", "zh-Hant" = "負載平衡"),
    justification(en = "The map the user opened cannot load its tiles without it"),
    lifetime = "1 day",
    storage = http_cookie,
    domain = "maps.example.com",
    path = "/tiles",
    secure,
    http_only = true,
    same_site = none,
    partitioned,
)]
pub const MAP_LB: &str = "map_lb";

#[derive(Cookie)]
#[cookie(
    name = "cookies_preferences",
    provider = "Opendatasoft",
    category = necessary,
    exemption = consent_storage,
    party = first,
    function(en = "Cookie banner"),
    purpose(en = "To remember the user's cookie choices"),
    lifetime = "6 months",
    domain = ".example.com",
    path = "/",
    secure = true,
    http_only = false,
    same_site = strict,
    partitioned = false,
)]
pub struct CookiesPreferences;

fn main() {
    assert_eq!(MAP_LB, "map_lb");
    assert_eq!(
        CookiesPreferences::DECLARATION.name().to_string(),
        "cookies_preferences"
    );
}
