use cookie_registry::Cookie;

#[derive(Cookie)]
#[cookie(
    name = "embed_session",
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Embedded map"),
    purpose(en = "To keep the embedded map's state"),
    lifetime = "session",
    partitioned,
    secure = false,
)]
pub struct EmbedSession;

fn main() {}
