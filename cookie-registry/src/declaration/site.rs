//! Where a declaration was written.

use core::fmt;

/// Where a declaration was written, for error messages that must name both sides of a conflict.
///
/// ```
/// use cookie_registry::declaration::DeclarationSite;
/// let site = DeclarationSite::new("my-app", "my_app::cookies", "src/cookies.rs", 12, 1);
/// assert_eq!(site.to_string(), "my-app (src/cookies.rs:12:1)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeclarationSite {
    crate_name: &'static str,
    module_path: &'static str,
    file: &'static str,
    line: u32,
    column: u32,
}

impl DeclarationSite {
    /// A site from the values of `env!("CARGO_PKG_NAME")`, `module_path!()`, `file!()`,
    /// `line!()` and `column!()`.
    pub const fn new(
        crate_name: &'static str,
        module_path: &'static str,
        file: &'static str,
        line: u32,
        column: u32,
    ) -> DeclarationSite {
        DeclarationSite {
            crate_name,
            module_path,
            file,
            line,
            column,
        }
    }
    /// The package that declares the cookie.
    pub const fn crate_name(&self) -> &'static str {
        self.crate_name
    }
    /// The module path of the declaration.
    pub const fn module_path(&self) -> &'static str {
        self.module_path
    }
    /// The source file, relative to the package root as `file!()` gives it.
    pub const fn file(&self) -> &'static str {
        self.file
    }
    /// 1-based line.
    pub const fn line(&self) -> u32 {
        self.line
    }
    /// 1-based column.
    pub const fn column(&self) -> u32 {
        self.column
    }
}

impl fmt::Display for DeclarationSite {
    /// `crate-name (src/lib.rs:12:1)`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}:{}:{})",
            self.crate_name, self.file, self.line, self.column
        )
    }
}
