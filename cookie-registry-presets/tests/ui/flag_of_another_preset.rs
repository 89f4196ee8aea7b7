// `cnil_exempt` is Matomo's: YouTube's cookies are third-party and never exempt.
cookie_registry_presets::youtube!(cnil_exempt);

fn main() {}
