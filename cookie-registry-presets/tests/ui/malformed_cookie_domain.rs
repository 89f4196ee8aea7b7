// The domain is checked by `#[cookie]`'s own rule, at the literal written here.
cookie_registry_presets::hubspot!(cookie_domain = "https://example.org");

fn main() {}
