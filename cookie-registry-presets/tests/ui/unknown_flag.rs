cookie_registry_presets::matomo!(cnil_exemption);

fn main() {}
