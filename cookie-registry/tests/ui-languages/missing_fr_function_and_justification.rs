use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "map_lb",
    provider = "Mapbox",
    category = necessary,
    party = third,
    function(en = "Embedded map"),
    purpose(en = "To balance the load of map tiles", fr = "Répartir la charge des tuiles de la carte"),
    justification(en = "The map the user opened cannot load its tiles without it"),
    lifetime = "1 day",
)]
pub struct MapLoadBalancer;

fn main() {}
