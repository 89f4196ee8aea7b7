//! The two ways declarations reach the registry from every linked crate.
//!
//! The `#[cookie]` macro does not pick one: it expands to [`__register!`](crate::__register),
//! a `macro_rules!` defined here under `cfg(feature = ...)`. Because this crate is compiled
//! once per build, every declaring crate uses the same backend, and switching backends is a
//! feature flag on this crate alone.
//!
//! Both backends depend on the linker keeping what nothing references (inventory: constructor
//! sections; linkme: named link sections). Each backend also registers a *canary* from this
//! crate, so that a platform where the mechanism silently collects nothing is detected rather
//! than rendered as an empty policy.

use crate::declaration::CookieDeclaration;

/// What one `#[cookie]` declaration submits.
#[doc(hidden)]
pub struct Entry(pub &'static CookieDeclaration);

#[cfg(not(feature = "linkme"))]
mod backend {
    use super::Entry;

    /// A marker that this crate submits itself: if it is missing at run time, the backend
    /// does not work on this platform.
    pub struct Canary;

    inventory::collect!(Entry);
    inventory::collect!(Canary);
    inventory::submit!(Canary);

    pub const NAME: &str = "inventory";

    pub fn alive() -> bool {
        inventory::iter::<Canary>.into_iter().next().is_some()
    }

    pub fn entries() -> impl Iterator<Item = &'static Entry> {
        inventory::iter::<Entry>.into_iter()
    }

    /// Registers a declaration static. Expanded by the `#[cookie]` macros, never by hand.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __register {
        ($declaration:path) => {
            $crate::__private::inventory::submit! {
                $crate::__private::Entry(&$declaration)
            }
        };
    }
}

// linkme places statics in named link sections, which the `unsafe_code` lint flags: two
// statics claiming one section name with different types would be undefined behaviour.
// linkme's macro checks the element type against the slice's declaration at compile time,
// which is what makes this sound; nothing here writes to the sections by hand.
#[cfg(feature = "linkme")]
#[allow(unsafe_code)]
mod backend {
    use super::Entry;
    use linkme::distributed_slice;

    #[doc(hidden)]
    #[distributed_slice]
    pub static ENTRIES: [Entry];

    #[doc(hidden)]
    #[distributed_slice]
    pub static CANARIES: [u8];

    #[distributed_slice(CANARIES)]
    static CANARY: u8 = 1;

    pub const NAME: &str = "linkme";

    pub fn alive() -> bool {
        !CANARIES.is_empty()
    }

    pub fn entries() -> impl Iterator<Item = &'static Entry> {
        ENTRIES.iter()
    }

    /// Registers a declaration static. Expanded by the `#[cookie]` macros, never by hand.
    #[doc(hidden)]
    #[macro_export]
    macro_rules! __register {
        ($declaration:path) => {
            #[$crate::__private::linkme::distributed_slice($crate::__private::ENTRIES)]
            #[linkme(crate = $crate::__private::linkme)]
            static __COOKIE_REGISTRY_ENTRY: $crate::__private::Entry =
                $crate::__private::Entry(&$declaration);
        };
    }
}

#[cfg(feature = "linkme")]
pub use backend::ENTRIES;

/// The name of the backend compiled in: `"inventory"` or `"linkme"`.
pub(crate) const BACKEND: &str = backend::NAME;

/// Whether the backend collected this crate's own canary.
pub(crate) fn backend_alive() -> bool {
    backend::alive()
}

/// Every declaration submitted by any linked crate, in link order (unsorted).
pub(crate) fn collected() -> impl Iterator<Item = &'static CookieDeclaration> {
    backend::entries().map(|entry| entry.0)
}
