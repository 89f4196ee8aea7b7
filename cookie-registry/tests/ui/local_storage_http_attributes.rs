use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "theme",
    provider = "Opendatasoft",
    category = functionality,
    storage = local_storage,
    function(en = "Display"),
    purpose(en = "To remember the chosen theme"),
    lifetime = "1 year",
    http_only,
    secure = true,
)]
pub struct Theme;

fn main() {}
