//! Declarations through both macros land in the registry with the declared data.

use cookie_registry::declaration::{
    Category, CookieName, Exemption, Lifetime, Party, SameSite, Storage, TimeUnit,
};
use cookie_registry::{Cookie, DeclaredCookie, Registry, cookie};

#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "Authentication (front and back office)", fr = "Authentification (front et back office)"),
    purpose(en = "To remember the user from one page to another", fr = "Se souvenir de l'utilisateur d'une page à une autre"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

/// The analytics family of cookies.
#[derive(Cookie)]
#[cookie(
    name = "_ga_*",
    provider(name = "Google Analytics", privacy_policy = "https://policies.google.com/privacy"),
    category = statistics,
    party = third,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits", fr = "Compter les visites"),
    lifetime = "13 months",
    same_site = none,
    http_only = false,
)]
pub struct Analytics;

#[derive(Cookie)]
#[cookie(name = "theme", provider = "Example", category = functionality, storage = local_storage, lifetime = "1 year")]
#[cookie(
    function(en = "Display", fr = "Affichage"),
    purpose(en = "Remember the theme", fr = "Retenir le thème")
)]
struct Theme;

#[test]
fn the_constant_stays_a_str() {
    let s: &'static str = SESSION;
    assert_eq!(s, "sessionid");
}

#[test]
fn attribute_declaration_is_registered_with_its_data() {
    let registry = Registry::global().expect("registry");
    let d = registry.find("sessionid").expect("sessionid is declared");
    assert_eq!(d.name(), CookieName::Exact("sessionid"));
    assert_eq!(d.provider().name(), "Opendatasoft");
    assert_eq!(d.category(), Category::Necessary);
    assert_eq!(d.party(), Party::First);
    assert_eq!(d.exemption(), Some(Exemption::StrictlyNecessary));
    assert!(!d.requires_consent());
    assert_eq!(
        d.lifetime(),
        Lifetime::Persistent {
            amount: 2,
            unit: TimeUnit::Week
        }
    );
    assert_eq!(
        d.function().get("fr"),
        Some("Authentification (front et back office)")
    );
    assert_eq!(
        d.purpose().resolve("en"),
        "To remember the user from one page to another"
    );
    let a = d.attributes();
    assert!(a.secure() && a.http_only() && !a.partitioned());
    assert_eq!(
        (a.path(), a.domain(), a.same_site()),
        ("/", None, SameSite::Lax)
    );
    let site = d.site();
    assert_eq!(site.crate_name(), "cookie-registry");
    assert!(site.file().ends_with("declare.rs"), "{}", site.file());
    assert_eq!(site.line(), 15, "the site is the constant's line");
}

#[test]
fn derive_exposes_the_declaration_and_registers_it() {
    let d = Analytics::DECLARATION;
    assert_eq!(d.name(), CookieName::Prefix("_ga_"));
    assert_eq!(
        d.provider().privacy_policy(),
        Some("https://policies.google.com/privacy")
    );
    assert!(d.requires_consent());
    assert_eq!(d.attributes().same_site(), SameSite::None);
    assert!(!d.attributes().http_only());
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
}

#[test]
fn registry_is_sorted_and_validates() {
    let registry = Registry::global().unwrap();
    let names: Vec<String> = registry.iter().map(|d| d.name().to_string()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted);
    assert!(names.contains(&"theme".to_string()));
    registry.validate().expect("no conflicts");
}
