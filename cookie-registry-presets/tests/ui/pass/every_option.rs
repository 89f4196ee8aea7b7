// Every option together, and a framework that re-exports cookie-registry (`crate = "..."`).
mod framework {
    pub use cookie_registry;
}

cookie_registry_presets::matomo!(
    module = audience,
    cookie_domain = "example.org",
    crate = "crate::framework::cookie_registry",
    cnil_exempt,
    heatmaps,
);
cookie_registry_presets::cloudflare!(load_balancing);
cookie_registry_presets::vimeo!(do_not_track);

fn main() {
    use cookie_registry::DeclaredCookie;
    assert!(!audience::VisitorId::DECLARATION.requires_consent());
    assert_eq!(audience::Visit::DECLARATION.attributes().domain(), Some("example.org"));
    assert_eq!(cloudflare::LoadBalancer::DECLARATION.name().to_string(), "__cflb");
    let registry = cookie_registry::Registry::global().unwrap();
    assert!(registry.find("vuid").is_none(), "dnt=1: Vimeo sets none of its own");
    // What a dnt=1 player still carries: Cloudflare's cookies, on vimeo.com.
    let bot = registry.find("__cf_bm").unwrap();
    assert_eq!(bot.provider().name(), "Vimeo");
    assert_eq!(bot.party(), cookie_registry::declaration::Party::Third);
}
