cookie_registry_presets::google_analytics_4!(cookie_domian = "example.org");

fn main() {}
