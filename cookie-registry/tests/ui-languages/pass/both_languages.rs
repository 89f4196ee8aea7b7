use cookie_registry::{Cookie, cookie};

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
    purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

// A regional tag covers its language: `fr-CA` gives the French text.
#[derive(Cookie)]
#[cookie(
    name = "map_lb",
    provider = "Mapbox",
    category = necessary,
    party = third,
    function(en = "Embedded map", fr-CA = "Carte intégrée"),
    purpose(en = "To balance the load of map tiles", fr = "Répartir la charge des tuiles de la carte"),
    justification(
        en = "The map the user opened cannot load its tiles without it",
        fr = "La carte ouverte par l'utilisateur ne peut pas charger ses tuiles sans lui",
    ),
    lifetime = "1 day",
)]
pub struct MapLoadBalancer;

fn main() {}
