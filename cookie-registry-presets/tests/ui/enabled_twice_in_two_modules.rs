mod analytics {
    cookie_registry_presets::google_analytics_4!();
}

mod tracking {
    cookie_registry_presets::google_analytics_4!(module = ga);
}

fn main() {}
