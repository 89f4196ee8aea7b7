cookie_registry_presets::stripe!(cookie_domain: "example.org");

fn main() {}
