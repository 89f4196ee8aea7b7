//! Declarations of one name that say different things.

use std::fmt;

use crate::declaration::{CookieName, DeclarationSite};

/// Two declarations of the same name that say different things.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    pub(super) name: CookieName,
    pub(super) first: DeclarationSite,
    pub(super) second: DeclarationSite,
    pub(super) differences: Vec<&'static str>,
}

impl Conflict {
    /// The name both declarations use.
    pub fn name(&self) -> CookieName {
        self.name
    }
    /// The site that sorts first.
    pub fn first(&self) -> DeclarationSite {
        self.first
    }
    /// The other site.
    pub fn second(&self) -> DeclarationSite {
        self.second
    }
    /// The fields that differ (`"lifetime"`, `"purpose"`, ...).
    pub fn differences(&self) -> &[&'static str] {
        &self.differences
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cookie `{}` is declared twice with different {}: in {} and in {}; keep one declaration \
             (a library's cookie can be reused by the application instead of declared again)",
            self.name,
            self.differences.join(", "),
            self.first,
            self.second,
        )
    }
}

/// The conflicts found by [`Registry::validate`](crate::Registry::validate).
#[derive(Clone, PartialEq, Eq)]
pub struct ValidationError {
    pub(super) conflicts: Vec<Conflict>,
}

impl ValidationError {
    /// Every conflict, sorted by cookie name.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.conflicts.len();
        write!(
            f,
            "{n} conflicting cookie declaration{}",
            if n == 1 { "" } else { "s" }
        )?;
        for conflict in &self.conflicts {
            write!(f, "\n- {conflict}")?;
        }
        Ok(())
    }
}

crate::errors::debug_as_display!(ValidationError);
impl std::error::Error for ValidationError {}
