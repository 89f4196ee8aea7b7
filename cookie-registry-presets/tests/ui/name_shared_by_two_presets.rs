cookie_registry_presets::cloudflare!();
cookie_registry_presets::vimeo!();

fn main() {}
