//! The policy revision: stable (a hard-coded value catches any change of the algorithm or of
//! the canonical form), order-independent, and sensitive to the declaration set. That every
//! field of a declaration changes it is checked field by field in `src/enforce/revision.rs`.

#[path = "common/declared.rs"]
mod declared;

use cookie_registry::declaration::CookieDeclaration;
use cookie_registry::{DeclaredCookie, Registry, Revision};
use declared::{Draft, GoogleAnalytics, Preferences, SessionId};

/// The set whose revision is pinned below: four of the shared declarations.
fn set() -> [&'static CookieDeclaration; 4] {
    [
        SessionId::DECLARATION,
        Preferences::DECLARATION,
        GoogleAnalytics::DECLARATION,
        Draft::DECLARATION,
    ]
}

/// The revision of `set()`, as an independent implementation of the documented canonical form
/// (a Python script written from `Revision`'s docs alone) also computes it. If this test fails,
/// the algorithm or the canonical form changed: every consent recorded under the old one will
/// be asked again. Do that on purpose only, and bump the canonical form's version.
const EXPECTED: &str = "b45ceb95addc7755";

#[test]
fn a_fixed_set_has_a_fixed_revision() {
    assert_eq!(Revision::of(set()).to_string(), EXPECTED);
}

#[test]
fn the_order_of_the_declarations_does_not_count() {
    let expected = Revision::of(set());
    let mut set = set();
    // Every rotation and its reverse.
    for _ in 0..set.len() {
        set.rotate_left(1);
        assert_eq!(Revision::of(set), expected);
        let mut reversed = set;
        reversed.reverse();
        assert_eq!(Revision::of(reversed), expected);
        assert_eq!(Registry::from_declarations(set).revision(), expected);
    }
}

#[test]
fn the_set_counts() {
    let all = Revision::of(set());
    let [a, b, c, d] = set();
    assert_ne!(Revision::of([a, b, c]), all, "a cookie removed");
    assert_ne!(Revision::of([a, b, c, d, d]), Revision::of([a, b, c]));
    assert_eq!(
        Revision::of([a, b, c, d, d, a]),
        all,
        "a declaration written identically twice counts once, as in the registry"
    );
    assert_ne!(Revision::of([]), all);
    assert_ne!(Revision::of([a]), Revision::of([b]));
}

#[test]
fn the_global_registry_has_a_stable_revision() {
    let registry = Registry::global().unwrap();
    assert_eq!(registry.revision(), registry.revision());
    assert_eq!(registry.revision(), Revision::of(registry.iter()));
    // The binary declares nothing but the shared set.
    assert_eq!(registry.len(), declared::all().len());
    assert_eq!(registry.revision(), Revision::of(declared::all()));
}

#[test]
fn revisions_print_and_parse_as_16_hex_digits() {
    let revision = Revision::from_u64(0x00ab_cdef_0123_4567);
    assert_eq!(revision.to_string(), "00abcdef01234567");
    assert_eq!(format!("{revision:?}"), "Revision(00abcdef01234567)");
    assert_eq!(Revision::parse_hex(b"00abcdef01234567"), Some(revision));
    assert_eq!(revision.as_u64(), 0x00ab_cdef_0123_4567);
    for bad in [
        &b"00ABCDEF01234567"[..],
        b"abcdef01234567",
        b"00abcdef012345678",
        b"00abcdef0123456g",
        b"",
        b"+0abcdef01234567",
    ] {
        assert_eq!(Revision::parse_hex(bad), None, "{bad:?}");
    }
}
