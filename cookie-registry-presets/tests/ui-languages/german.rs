// The crate publishes en and de (COOKIE_REGISTRY_LANGUAGES=en,de): one error per preset, and the
// app's own declaration, which has its German text, compiles.
use cookie_registry::cookie;

cookie_registry_presets::google_analytics_4!();
cookie_registry_presets::stripe!();

#[cookie(
    provider = "Example",
    category = necessary,
    function(en = "Login", de = "Anmeldung"),
    purpose(en = "Keeps you logged in", de = "Hält Sie angemeldet"),
    lifetime = "session",
)]
const SESSION: &str = "session";

fn main() {
    let _ = SESSION;
}
