// Every mistake of one invocation is reported, each at its token.
cookie_registry_presets::matomo!(
    module = "audience",
    cookie_domain,
    crate = "not a path!",
    heatmaps,
    heatmaps,
    cnil_exempt = true,
);

fn main() {}
