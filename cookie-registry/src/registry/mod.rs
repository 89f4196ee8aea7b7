//! The set of every cookie declared by every crate linked into the program.
//!
//! [`Registry::global`] gathers what the `#[cookie]` macros submitted (see
//! [`Registry::BACKEND`]), sorts it so that the order never depends on the linker, and indexes
//! it for look-ups by name. [`Registry::validate`] reports declarations of one name that
//! disagree ([`Conflict`]), and [`Registry::revision`] hashes the whole set into the policy
//! [`Revision`] a consent is given for.

pub(crate) mod collect;
mod conflict;
mod revision;

use std::fmt;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::declaration::{CookieDeclaration, CookieName};
use crate::static_hash::StaticMap;

pub use conflict::{Conflict, ValidationError};
pub use revision::Revision;

/// Why the program's registry could not be built.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RegistryError {
    /// The collection backend gathered nothing, not even this crate's own marker: it does not
    /// work on this platform or with this linker. Rendering would publish an empty policy.
    CollectionFailed {
        /// `"inventory"` or `"linkme"`.
        backend: &'static str,
    },
    /// The backend works but no declaration was linked in. Usually the program declares no
    /// cookie of its own, and the library that declares them is a dependency no code names, so
    /// it was not linked: the macros link a crate's declaring dependencies (with `extern crate
    /// name as _;`) only in crates that declare. Naming the library, `use the_library as _;`,
    /// is the fix; the platform notes in the guide list when it is needed.
    NoDeclarations,
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::CollectionFailed { backend } => write!(
                f,
                "the `{backend}` backend collected nothing on this platform, so the cookie registry \
                 cannot be trusted; see the platform notes in cookie-registry's docs, or switch \
                 backend with the `linkme` feature"
            ),
            RegistryError::NoDeclarations => f.write_str(
                "no cookie declaration was linked into this program; if a library declares them, make \
                 sure the program names that library somewhere (`use the_library as _;` is enough): Rust \
                 does not link a dependency that no code mentions",
            ),
        }
    }
}

crate::errors::debug_as_display!(RegistryError);
impl std::error::Error for RegistryError {}

/// Every declared cookie of the program, sorted by name, with an index for look-ups.
#[derive(Debug, Clone)]
pub struct Registry {
    declarations: Vec<&'static CookieDeclaration>,
    conflicts: Vec<Conflict>,
    exact: StaticMap<&'static [u8], usize>,
    /// Families by prefix, and the distinct prefix lengths, longest first: a look-up tries one
    /// hash probe per length, so its cost does not grow with the number of families.
    families: StaticMap<&'static str, usize>,
    family_lengths: Vec<usize>,
    /// Unique among the registries a program builds (a clone shares it: the same content), so
    /// that what a thread remembers of one registry's verdicts is never taken for another's.
    id: u64,
}

impl Registry {
    /// The name of the collection backend compiled in: `"inventory"`, or `"linkme"` with the
    /// `linkme` feature.
    ///
    /// ```
    /// # let expected = if cfg!(feature = "linkme") { "linkme" } else { "inventory" };
    /// assert_eq!(cookie_registry::Registry::BACKEND, expected);
    /// ```
    pub const BACKEND: &'static str = collect::BACKEND;

    /// The registry of the running program, built on first use from what the backend collected.
    ///
    /// ```
    /// # // This crate's own doctests link no declaration of their own, so declare one here.
    /// #[cookie_registry::cookie(
    ///     provider = "Example", category = necessary, lifetime = "session",
    ///     function(en = "Login", fr = "Connexion"),
    ///     purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
    /// )]
    /// const SESSION: &str = "session";
    ///
    /// let registry = cookie_registry::Registry::global()?;
    /// assert!(registry.find("session").is_some());
    /// # Ok::<(), cookie_registry::RegistryError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`RegistryError::CollectionFailed`] when the backend does not work on this platform,
    /// [`RegistryError::NoDeclarations`] when it works but found no declaration.
    pub fn global() -> Result<&'static Registry, RegistryError> {
        static GLOBAL: OnceLock<Result<Registry, RegistryError>> = OnceLock::new();
        GLOBAL
            .get_or_init(|| Registry::assemble(collect::backend_alive(), collect::collected()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The global registry's checks, apart from the backend so that they can be tested.
    fn assemble<I>(backend_alive: bool, declarations: I) -> Result<Registry, RegistryError>
    where
        I: IntoIterator<Item = &'static CookieDeclaration>,
    {
        if !backend_alive {
            return Err(RegistryError::CollectionFailed {
                backend: Self::BACKEND,
            });
        }
        let registry = Registry::from_declarations(declarations);
        if registry.is_empty() {
            return Err(RegistryError::NoDeclarations);
        }
        Ok(registry)
    }

    /// A registry of the given declarations, sorted and indexed as the global one is.
    ///
    /// Identical declarations of one name (written in two crates, say) are kept once; different
    /// ones are all kept and reported by [`validate`](Registry::validate).
    pub fn from_declarations<I>(declarations: I) -> Registry
    where
        I: IntoIterator<Item = &'static CookieDeclaration>,
    {
        let mut all: Vec<&'static CookieDeclaration> = declarations.into_iter().collect();
        // Sort on content first so that the same set gives the same order whatever the linker did.
        all.sort_by(|a, b| {
            a.name()
                .cmp(&b.name())
                .then_with(|| a.site().cmp(&b.site()))
        });

        let mut kept: Vec<&'static CookieDeclaration> = Vec::with_capacity(all.len());
        let mut conflicts = Vec::new();
        for declaration in all {
            let same_name = kept
                .iter()
                .rev()
                .take_while(|k| k.name() == declaration.name());
            let mut identical = false;
            let mut first_conflicting = None;
            for earlier in same_name {
                let differences = earlier.differences(declaration);
                if differences.is_empty() {
                    identical = true;
                    break;
                }
                first_conflicting.get_or_insert((earlier.site(), differences));
            }
            if identical {
                continue;
            }
            if let Some((first, differences)) = first_conflicting {
                conflicts.push(Conflict {
                    name: declaration.name(),
                    first,
                    second: declaration.site(),
                    differences,
                });
            }
            kept.push(declaration);
        }

        let mut exact = StaticMap::with_capacity_and_hasher(kept.len(), Default::default());
        let mut families = StaticMap::default();
        for (index, declaration) in kept.iter().enumerate() {
            match declaration.name() {
                CookieName::Exact(name) => {
                    exact.entry(name.as_bytes()).or_insert(index);
                }
                CookieName::Prefix(prefix) => {
                    families.entry(prefix).or_insert(index);
                }
            }
        }
        // Longest prefix first, so the most specific family wins a look-up.
        let mut family_lengths: Vec<usize> = families.keys().map(|p| p.len()).collect();
        family_lengths.sort_unstable_by(|a, b| b.cmp(a));
        family_lengths.dedup();

        static BUILT: AtomicU64 = AtomicU64::new(0);
        Registry {
            declarations: kept,
            conflicts,
            exact,
            families,
            family_lengths,
            id: BUILT.fetch_add(1, Ordering::Relaxed),
        }
    }

    /// Every declaration, sorted by name, then by declaration site.
    pub fn declarations(&self) -> &[&'static CookieDeclaration] {
        &self.declarations
    }

    /// Iterates over the declarations in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'static CookieDeclaration> + '_ {
        self.declarations.iter().copied()
    }

    /// How many declarations.
    pub fn len(&self) -> usize {
        self.declarations.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.declarations.is_empty()
    }

    /// The declaration that covers a concrete cookie name: its exact declaration, else the
    /// family with the longest matching prefix.
    pub fn find(&self, cookie_name: &str) -> Option<&'static CookieDeclaration> {
        self.find_bytes(cookie_name.as_bytes())
    }

    /// This registry's identity: see the field.
    pub(crate) fn id(&self) -> u64 {
        self.id
    }

    /// [`Registry::find`] of a name as a `Set-Cookie` header holds it, as bytes: an exact
    /// match needs no UTF-8 check (every declared name is text), and only a name that has
    /// none is checked before its prefixes are tried.
    #[inline]
    pub(crate) fn find_bytes(&self, cookie_name: &[u8]) -> Option<&'static CookieDeclaration> {
        if let Some(&index) = self.exact.get(cookie_name) {
            return Some(self.declarations[index]);
        }
        let cookie_name = std::str::from_utf8(cookie_name).ok()?;
        // A family covers names strictly longer than its prefix.
        self.family_lengths
            .iter()
            .filter(|&&len| len < cookie_name.len())
            .filter_map(|&len| cookie_name.get(..len))
            .find_map(|prefix| self.families.get(prefix))
            .map(|&index| self.declarations[index])
    }

    /// Checks what no single macro invocation can see: the same name declared in two places
    /// (usually two crates) with different data.
    ///
    /// # Errors
    ///
    /// A [`ValidationError`] listing each conflict with both declaration sites.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if self.conflicts.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                conflicts: self.conflicts.clone(),
            })
        }
    }
}

impl<'a> IntoIterator for &'a Registry {
    type Item = &'static CookieDeclaration;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, &'static CookieDeclaration>>;

    fn into_iter(self) -> Self::IntoIter {
        self.declarations.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::{Category, DeclarationParts, Lifetime, TimeUnit};

    fn declaration(
        name: CookieName,
        crate_name: &'static str,
        line: u32,
        weeks: u32,
    ) -> &'static CookieDeclaration {
        Box::leak(Box::new(CookieDeclaration::__from_parts(
            DeclarationParts {
                name,
                lifetime: Lifetime::Persistent {
                    amount: weeks,
                    unit: TimeUnit::Week,
                },
                exemption: Category::Necessary.default_exemption(),
                site: crate::declaration::DeclarationSite::new(
                    crate_name,
                    "m",
                    "src/lib.rs",
                    line,
                    1,
                ),
                ..DeclarationParts::for_test("unused")
            },
        )))
    }

    fn names(registry: &Registry) -> Vec<String> {
        registry.iter().map(|d| d.name().to_string()).collect()
    }

    #[test]
    fn a_dead_backend_or_an_empty_set_is_an_error() {
        let one = [declaration(CookieName::Exact("a"), "x", 1, 1)];
        assert_eq!(
            Registry::assemble(false, one).unwrap_err(),
            RegistryError::CollectionFailed {
                backend: Registry::BACKEND
            }
        );
        assert_eq!(
            Registry::assemble(true, []).unwrap_err(),
            RegistryError::NoDeclarations
        );
        assert_eq!(Registry::assemble(true, one).unwrap().len(), 1);
    }

    #[test]
    fn order_does_not_depend_on_input_order() {
        let set = [
            declaration(CookieName::Exact("b"), "x", 1, 1),
            declaration(CookieName::Prefix("a_"), "x", 2, 1),
            declaration(CookieName::Exact("a_"), "x", 3, 1),
            declaration(CookieName::Exact("C"), "x", 4, 1),
        ];
        let forward = Registry::from_declarations(set);
        let backward = Registry::from_declarations(set.into_iter().rev());
        assert_eq!(names(&forward), ["C", "a_", "a_*", "b"]);
        assert_eq!(names(&forward), names(&backward));
    }

    #[test]
    fn identical_declarations_are_kept_once_and_different_ones_conflict() {
        let set = [
            declaration(CookieName::Exact("sid"), "app", 10, 2),
            declaration(CookieName::Exact("sid"), "lib", 20, 2),
            declaration(CookieName::Exact("sid"), "other", 30, 4),
        ];
        let registry = Registry::from_declarations(set);
        assert_eq!(
            registry.len(),
            2,
            "the identical copy from `lib` is dropped"
        );
        let error = registry.validate().unwrap_err();
        let [conflict] = error.conflicts() else {
            panic!("{error}")
        };
        assert_eq!(conflict.first().crate_name(), "app");
        assert_eq!(conflict.second().crate_name(), "other");
        assert_eq!(conflict.differences(), ["lifetime"]);
        assert!(
            error
                .to_string()
                .contains("app (src/lib.rs:10:1) and in other (src/lib.rs:30:1)"),
            "{error}"
        );
    }

    #[test]
    fn look_ups_prefer_exact_names_then_the_longest_family() {
        let registry = Registry::from_declarations([
            declaration(CookieName::Prefix("_ga"), "x", 1, 1),
            declaration(CookieName::Prefix("_ga_"), "x", 2, 1),
            declaration(CookieName::Exact("_ga_special"), "x", 3, 1),
        ]);
        assert_eq!(registry.find("_ga_special").unwrap().site().line(), 3);
        assert_eq!(registry.find("_ga_other").unwrap().site().line(), 2);
        assert_eq!(registry.find("_gat").unwrap().site().line(), 1);
        assert!(registry.find("_g").is_none());
        assert!(registry.find("sessionid").is_none());
    }
}
