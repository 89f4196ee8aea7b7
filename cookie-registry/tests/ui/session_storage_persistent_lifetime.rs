use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "draft",
    provider = "Opendatasoft",
    category = necessary,
    storage = session_storage,
    function(en = "Editor"),
    purpose(en = "To keep the draft being typed"),
    lifetime = "7 days",
)]
pub struct Draft;

fn main() {}
