cookie_registry_presets::youtube!(cookie_domain = "example.org");

fn main() {}
