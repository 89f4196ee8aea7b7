//! Declarations through both macros land in the registry with the declared data.

#[path = "common/declared.rs"]
mod declared;

use cookie_registry::declaration::{
    Category, CookieName, Exemption, Lifetime, Party, SameSite, Storage, TimeUnit,
};
use cookie_registry::{Cookie, DeclaredCookie, Registry, cookie};
use declared::GoogleAnalytics;

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "API (CSRF) (front and back office)", fr = "API (CSRF) (front et back office)"),
    purpose(en = "To retrieve data via API calls", fr = "Récupérer des données via des appels API"),
    lifetime = "12 months",
    http_only = false,
)]
pub const CSRF: &str = "csrftoken";

#[derive(Cookie)]
#[cookie(name = "theme", provider = "Example", category = functionality, storage = local_storage, lifetime = "1 year")]
#[cookie(
    function(en = "Display", fr = "Affichage"),
    purpose(en = "Remember the theme", fr = "Retenir le thème")
)]
struct Theme;

#[test]
fn the_constant_stays_a_str() {
    let s: &'static str = CSRF;
    assert_eq!(s, "csrftoken");
}

#[test]
fn attribute_declaration_is_registered_with_its_data() {
    let registry = Registry::global().expect("registry");
    let d = registry.find("csrftoken").expect("csrftoken is declared");
    assert_eq!(d.name(), CookieName::Exact("csrftoken"));
    assert_eq!(d.provider().name(), "Opendatasoft");
    assert_eq!(d.category(), Category::Necessary);
    assert_eq!(d.party(), Party::First);
    assert_eq!(d.exemption(), Some(Exemption::StrictlyNecessary));
    assert!(!d.requires_consent());
    assert_eq!(
        d.lifetime(),
        Lifetime::Persistent {
            amount: 12,
            unit: TimeUnit::Month
        }
    );
    assert_eq!(
        d.function().get("fr"),
        Some("API (CSRF) (front et back office)")
    );
    assert_eq!(d.purpose().resolve("en"), "To retrieve data via API calls");
    let a = d.attributes();
    assert!(a.secure() && !a.http_only() && !a.partitioned());
    assert_eq!(
        (a.path(), a.domain(), a.same_site()),
        ("/", None, SameSite::Lax)
    );
    let site = d.site();
    assert_eq!(site.crate_name(), "cookie-registry");
    assert!(site.file().ends_with("declare.rs"), "{}", site.file());
    assert_eq!(site.line(), 20, "the site is the constant's line");
}

#[test]
fn derive_exposes_the_declaration_and_registers_it() {
    let d = GoogleAnalytics::DECLARATION;
    assert_eq!(d.name(), CookieName::Prefix("_ga_"));
    assert_eq!(
        d.provider().privacy_policy(),
        Some("https://policies.google.com/privacy")
    );
    assert_eq!(d.party(), Party::Third);
    assert!(d.requires_consent());
    assert_eq!(d.attributes().same_site(), SameSite::None);
    assert_eq!(d.attributes().domain(), Some("example.org"));
    assert!(d.attributes().http_only());
    assert!(
        d.site().file().ends_with("declared.rs"),
        "{}",
        d.site().file()
    );
    let registry = Registry::global().unwrap();
    let found = registry.find("_ga_XYZ").expect("family matches");
    assert!(
        std::ptr::eq(found, d),
        "the registry holds the derive's own static"
    );
    assert!(registry.find("_ga_").is_none());
}

#[test]
fn several_cookie_attributes_add_up() {
    let d = Theme::DECLARATION;
    assert_eq!(d.storage(), Storage::LocalStorage);
    assert_eq!(d.category(), Category::Functionality);
    assert!(d.requires_consent());
    assert_eq!(d.function().get("en"), Some("Display"));
}

#[test]
fn registry_holds_every_declaration_of_the_binary_sorted_and_valid() {
    let registry = Registry::global().unwrap();
    let names: Vec<String> = registry.iter().map(|d| d.name().to_string()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert_eq!(registry.len(), declared::all().len() + 2, "{names:?}");
    assert!(names.contains(&"theme".to_string()));
    assert!(names.contains(&"csrftoken".to_string()));
    registry.validate().expect("no conflicts");
}
