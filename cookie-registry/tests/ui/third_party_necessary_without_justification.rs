use cookie_registry::cookie;

#[cookie(
    provider = "Mapbox",
    category = necessary,
    party = third,
    function(en = "Maps"),
    purpose(en = "To balance the load of map tiles"),
    lifetime = "1 day",
)]
pub const MAP_LB: &str = "map_lb";

fn main() {}
