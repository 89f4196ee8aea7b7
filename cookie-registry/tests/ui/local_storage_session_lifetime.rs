use cookie_registry::cookie;

#[cookie(
    provider = "Opendatasoft",
    category = functionality,
    storage = local_storage,
    function(en = "Display"),
    purpose(en = "To remember the chosen theme"),
    lifetime = "session",
)]
pub const THEME: &str = "theme";

fn main() {}
