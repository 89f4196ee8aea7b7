//! The policy `build.rs` wrote is the policy the program renders at run time, byte for byte.

use cookie_registry::Registry;
use cookie_registry::render::{Format, PolicyOptions};
use example_build_script::POLICIES;

#[test]
fn build_time_policy_equals_run_time_policy_in_every_format_and_language() {
    assert_eq!(example_build_script::cart_cookie("1").name(), "cart");
    let registry = Registry::global().expect("declarations linked");
    assert_eq!(registry.len(), 3);
    for (lang, format, built) in POLICIES {
        let format: Format = format.parse().unwrap();
        let options = PolicyOptions::new(lang)
            .unwrap()
            .with_site("https://shop.example.org");
        let run_time = registry.policy().render(format, &options).unwrap();
        assert_eq!(*built, run_time, "{lang} {format}");
    }
}

#[test]
fn the_tracked_copy_is_up_to_date() {
    let tracked =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/cookies.md")).unwrap();
    assert_eq!(tracked, example_build_script::POLICY_EN_MD);
}

#[test]
fn cookies_are_built_from_the_declared_names() {
    assert_eq!(example_build_script::login_cookie("t").name(), "sessionid");
    assert_eq!(example_build_script::language_cookie("fr").name(), "lang");
}
