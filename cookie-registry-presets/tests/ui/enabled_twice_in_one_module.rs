cookie_registry_presets::google_analytics_4!();
cookie_registry_presets::google_analytics_4!();

fn main() {}
