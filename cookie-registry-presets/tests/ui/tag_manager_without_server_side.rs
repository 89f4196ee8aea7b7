cookie_registry_presets::google_tag_manager!();

fn main() {}
