use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "_fbp",
    provider = "Meta",
    category = marketing,
    exemption = strictly_necessary,
    party = third,
    function(en = "Advertising"),
    purpose(en = "To measure advertising campaigns"),
    lifetime = "3 months",
)]
pub struct FacebookPixel;

fn main() {}
