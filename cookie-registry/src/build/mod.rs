//! The build-time mode: render the cookie policy from `build.rs`, and fail the build when the
//! code sets a cookie that nothing declares.
//!
//! ```no_run
//! // build.rs (with `cookie-registry = { version = "0.1", features = ["build"] }`
//! // under [build-dependencies])
//! use cookie_registry::render::Format;
//! use cookie_registry::build::{Config, Level};
//!
//! fn main() {
//!     Config::new()
//!         .output(Format::Markdown, "en")               // OUT_DIR/cookie-policy.en.md
//!         .output(Format::Html, "fr")                   // OUT_DIR/cookie-policy.fr.html
//!         .output_to(Format::Markdown, "en", "docs/cookies.md") // reviewed with the code
//!         .site("https://data.example.org")
//!         .allow("legacy_tracker", "set by the old proxy until it is removed")
//!         .unverifiable(Level::Warn)
//!         .run();
//! }
//! ```
//!
//! and in the crate, `include_str!(concat!(env!("OUT_DIR"), "/cookie-policy.en.md"))`.
//!
//! The sources are read with the macros' own grammar and rules
//! (`cookie_registry_syntax::scan`), so a declaration means here exactly what it means to the
//! compiler, and the rendered policy is byte for byte the one [`Registry::global`] renders at
//! run time for the same declarations. What the scanner can and cannot see is listed in
//! `docs/build-mode.md`; whatever it misses, the middleware sees at run time.
//!
//! [`Registry::global`]: crate::Registry::global

mod check;
mod sources;

use std::fmt;
use std::path::{Path, PathBuf};

pub use cookie_registry_syntax::scan::Location;

use crate::declaration::CookieDeclaration;
use crate::registry::Registry;
use crate::render::{Format, PolicyOptions, RenderError};

/// What a kind of finding does to the build.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Ignored.
    Allow,
    /// Reported as a cargo warning; the build goes on.
    Warn,
    /// Reported as an error; the build fails.
    Deny,
}

#[derive(Clone, Copy, Debug)]
struct Levels {
    undeclared: Level,
    unverifiable: Level,
    unused: Level,
}

/// What a finding is about.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FindingKind {
    /// The code sets a cookie no declaration covers.
    Undeclared {
        /// The cookie's name: empty for a `Set-Cookie` text without `=`, which browsers keep
        /// as a cookie with no name.
        name: String,
    },
    /// The code sets a cookie whose name is computed at run time.
    Unverifiable {
        /// The name's expression, as written (shortened).
        expression: String,
    },
    /// A declared first-party HTTP cookie that nothing in the scanned sources sets.
    Unused {
        /// The declared name or family.
        name: String,
    },
    /// A declaration that breaks a rule, or a file that is not valid Rust.
    InvalidDeclaration,
}

/// One problem found in the sources, with where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// What it does to the build.
    pub level: Level,
    /// What it is about.
    pub kind: FindingKind,
    /// The file, as an absolute path.
    pub file: PathBuf,
    /// The file relative to the crate root (`src/main.rs`), as messages show it.
    pub display_path: String,
    /// Line and column.
    pub location: Location,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl fmt::Display for Finding {
    /// `src/main.rs:12:29: cookie `tracker` is set here ...`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.display_path, self.location.line, self.location.column, self.message
        )
    }
}

/// Why the build step itself could not run (as opposed to what it found).
#[non_exhaustive]
pub enum BuildError {
    /// `CARGO_MANIFEST_DIR` is not set and no folder was given: not running under cargo.
    NoManifestDir,
    /// `OUT_DIR` is not set but an output was asked for there: not running as a build script.
    NoOutDir,
    /// A file or folder could not be read or written.
    Io {
        /// The path.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// A `Cargo.toml` could not be read.
    Manifest(cookie_registry_syntax::manifest::ManifestError),
    /// No dependency of that name was found: not a path dependency, not in `Cargo.lock` with a
    /// registry source on disk. Name its folder with [`Config::dependency_dir`] instead.
    DependencyNotFound(String),
    /// The policy could not be rendered.
    Render(RenderError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoManifestDir => f.write_str("CARGO_MANIFEST_DIR is not set: run this from a build script, or give `manifest_dir`"),
            BuildError::NoOutDir => f.write_str("OUT_DIR is not set: `output` writes there, so it only works in a build script"),
            BuildError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            BuildError::Manifest(e) => e.fmt(f),
            BuildError::DependencyNotFound(name) => write!(
                f,
                "dependency `{name}` not found: it is neither a path dependency nor a registry package pinned in \
                 Cargo.lock; name its folder with `.dependency_dir(\"...\")`"
            ),
            BuildError::Render(e) => write!(f, "cannot render the policy: {e}"),
        }
    }
}

crate::errors::debug_as_display!(BuildError);
impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            BuildError::Manifest(e) => Some(e),
            BuildError::Render(e) => Some(e),
            _ => None,
        }
    }
}

#[derive(Clone, Debug)]
enum Destination {
    OutDir,
    Path(PathBuf),
}

#[derive(Clone, Debug)]
struct Output {
    format: Format,
    language: String,
    destination: Destination,
}

#[derive(Clone, Debug)]
enum Dependency {
    Name(String),
    Dir(PathBuf),
}

/// A rendered output: where it goes and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The file it is (or will be) written to.
    pub path: PathBuf,
    /// The document.
    pub contents: String,
}

/// What [`Config::check`] found.
#[derive(Debug)]
pub struct Outcome {
    /// The declarations in force: the crate's own and its scanned dependencies', as the registry
    /// of a program made of them would hold them.
    pub registry: Registry,
    /// Every finding, sorted by file and position.
    pub findings: Vec<Finding>,
    /// Every file and folder read, for `cargo:rerun-if-changed`.
    pub read: Vec<PathBuf>,
    /// The outputs, rendered.
    pub rendered: Vec<Rendered>,
}

impl Outcome {
    /// Whether a finding fails the build.
    pub fn failed(&self) -> bool {
        self.findings.iter().any(|f| f.level == Level::Deny)
    }
}

/// The build step's settings. See the [module docs](self).
#[derive(Clone, Debug)]
pub struct Config {
    manifest_dir: Option<PathBuf>,
    out_dir: Option<PathBuf>,
    source_dirs: Vec<PathBuf>,
    outputs: Vec<Output>,
    site: Option<String>,
    dependencies: Vec<Dependency>,
    allowed: Vec<(String, String)>,
    levels: Levels,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// Settings for the crate being built (`CARGO_MANIFEST_DIR`), scanning `src/`: undeclared
    /// cookies fail the build, unverifiable names and unused declarations warn.
    pub fn new() -> Config {
        Config {
            manifest_dir: std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from),
            out_dir: std::env::var_os("OUT_DIR").map(PathBuf::from),
            source_dirs: vec![PathBuf::from("src")],
            outputs: Vec::new(),
            site: None,
            dependencies: Vec::new(),
            allowed: Vec::new(),
            levels: Levels {
                undeclared: Level::Deny,
                unverifiable: Level::Warn,
                unused: Level::Warn,
            },
        }
    }

    /// Scans the crate at `dir` instead of `CARGO_MANIFEST_DIR` (for tests and tools).
    pub fn manifest_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.manifest_dir = Some(dir.into());
        self
    }

    /// Writes [`output`](Config::output)s to `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.out_dir = Some(dir.into());
        self
    }

    /// Scans this folder too (relative to the crate root), besides `src/`.
    pub fn source_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.source_dirs.push(dir.into());
        self
    }

    /// Renders the policy into `OUT_DIR/cookie-policy.<language>.<extension>`
    /// (`cookie-policy.en.md`, `cookie-policy.fr.html`, `cookie-policy.en.page.html`, ...).
    pub fn output(mut self, format: Format, language: &str) -> Config {
        self.outputs.push(Output {
            format,
            language: language.to_string(),
            destination: Destination::OutDir,
        });
        self
    }

    /// Renders the policy into a file of the crate (relative to its root), such as
    /// `docs/cookies.md`, so that policy changes show in code review. The file is written only
    /// when its contents change.
    pub fn output_to(mut self, format: Format, language: &str, path: impl Into<PathBuf>) -> Config {
        self.outputs.push(Output {
            format,
            language: language.to_string(),
            destination: Destination::Path(path.into()),
        });
        self
    }

    /// Names the site in the policy's heading.
    pub fn site(mut self, site: impl Into<String>) -> Config {
        self.site = Some(site.into());
        self
    }

    /// Counts the declarations of a dependency, found by package name (a path dependency, or a
    /// registry package pinned in `Cargo.lock`): its cookies are in the policy, and setting them
    /// is not "undeclared".
    pub fn dependency(mut self, package: impl Into<String>) -> Config {
        self.dependencies.push(Dependency::Name(package.into()));
        self
    }

    /// Counts the declarations of the crate whose root (the folder of its `Cargo.toml`) is
    /// `dir`, relative to this crate's root.
    pub fn dependency_dir(mut self, dir: impl Into<PathBuf>) -> Config {
        self.dependencies.push(Dependency::Dir(dir.into()));
        self
    }

    /// Lets the code set `name` (or a family, `prefix_*`) without a declaration, for a reason
    /// that stays in `build.rs` for reviewers.
    pub fn allow(mut self, name: impl Into<String>, reason: impl Into<String>) -> Config {
        self.allowed.push((name.into(), reason.into()));
        self
    }

    /// What a cookie set without a declaration does. Default: [`Level::Deny`].
    pub fn undeclared(mut self, level: Level) -> Config {
        self.levels.undeclared = level;
        self
    }

    /// What a cookie set with a name computed at run time does. Default: [`Level::Warn`].
    pub fn unverifiable(mut self, level: Level) -> Config {
        self.levels.unverifiable = level;
        self
    }

    /// What a declaration that nothing sets does. Default: [`Level::Warn`].
    pub fn unused(mut self, level: Level) -> Config {
        self.levels.unused = level;
        self
    }

    /// Scans, checks and renders, without writing or printing anything.
    ///
    /// # Errors
    ///
    /// When a file cannot be read, a manifest parsed, a dependency found or the policy rendered.
    /// Problems *in* the sources are [`Outcome::findings`], not errors.
    pub fn check(&self) -> Result<Outcome, BuildError> {
        let root = self.manifest_dir.clone().ok_or(BuildError::NoManifestDir)?;
        let mut own = sources::scan_crate(&root, &self.source_dirs)?;
        let mut read: Vec<PathBuf> = vec![root.join("Cargo.toml")];

        // Dependencies first: their constants may name the cookies this crate sets.
        let mut dependencies = Vec::with_capacity(self.dependencies.len());
        for dependency in &self.dependencies {
            let dir = match dependency {
                Dependency::Name(name) => sources::dependency_root(&root, name)?,
                Dependency::Dir(dir) => root.join(dir),
            };
            let scanned = sources::scan_crate(&dir, &[PathBuf::from("src")])?;
            own.resolve_with(&scanned.constants);
            read.push(dir.join("Cargo.toml"));
            dependencies.push(scanned);
        }

        let mut own_declarations = Vec::new();
        let mut handles = Vec::new();
        let mut all: Vec<&'static CookieDeclaration> = Vec::new();
        for krate in std::iter::once(&own).chain(&dependencies) {
            read.extend(krate.dirs.iter().cloned());
            read.extend(krate.files.iter().map(|f| krate.root.join(&f.relative)));
            for file in &krate.files {
                for found in &file.declarations {
                    let site = site(
                        krate,
                        &file.modules,
                        &found.modules,
                        &file.relative,
                        found.location,
                    );
                    let declaration =
                        crate::declaration::parse::declaration(&found.declaration, site);
                    all.push(declaration);
                    // A typed handle's struct name is how the code refers to its cookie.
                    if let Some(handle) = &found.handle {
                        handles.push((handle.clone(), declaration));
                    }
                    if std::ptr::eq(krate, &own) {
                        own_declarations.push((
                            declaration,
                            root.join(&file.relative),
                            found.location,
                        ));
                    }
                }
            }
        }

        let findings = check::findings(
            &own,
            &own_declarations,
            &all,
            &handles,
            &self.allowed,
            self.levels,
        );
        let registry = Registry::from_declarations(all);
        let mut rendered = Vec::with_capacity(self.outputs.len());
        for output in &self.outputs {
            let mut options = PolicyOptions::new(&output.language).map_err(BuildError::Render)?;
            if let Some(site) = &self.site {
                options = options.with_site(site.clone());
            }
            let contents = registry
                .policy()
                .render(output.format, &options)
                .map_err(BuildError::Render)?;
            let path = match &output.destination {
                Destination::OutDir => {
                    let dir = self.out_dir.clone().ok_or(BuildError::NoOutDir)?;
                    dir.join(format!(
                        "cookie-policy.{}.{}",
                        options.language(),
                        file_suffix(output.format)
                    ))
                }
                Destination::Path(path) => root.join(path),
            };
            rendered.push(Rendered { path, contents });
        }
        Ok(Outcome {
            registry,
            findings,
            read,
            rendered,
        })
    }

    /// [`check`](Config::check), then writes the outputs and prints cargo's directives:
    /// `rerun-if-changed` for everything read, a warning or an error per finding.
    ///
    /// # Errors
    ///
    /// As [`check`](Config::check), and when an output cannot be written.
    pub fn try_run(&self) -> Result<Outcome, BuildError> {
        let outcome = self.check()?;
        for rendered in &outcome.rendered {
            write_if_changed(&rendered.path, &rendered.contents)?;
        }
        println!(
            "cargo::rerun-if-env-changed={}",
            cookie_registry_syntax::manifest::LANGUAGES_ENV
        );
        for path in &outcome.read {
            println!("cargo::rerun-if-changed={}", path.display());
        }
        for finding in &outcome.findings {
            match finding.level {
                Level::Deny => println!("cargo::error={finding}"),
                Level::Warn => println!("cargo::warning={finding}"),
                Level::Allow => {}
            }
        }
        Ok(outcome)
    }

    /// What a `build.rs` calls: [`try_run`](Config::try_run), and a failed build when the step
    /// cannot run or a finding is an error. Cargo prints each error with its file, line and
    /// column.
    pub fn run(&self) {
        match self.try_run() {
            Ok(outcome) if outcome.failed() => std::process::exit(1),
            Ok(_) => {}
            Err(error) => {
                println!("cargo::error=cookie-registry: {error}");
                std::process::exit(1);
            }
        }
    }
}

fn site<'a>(
    krate: &'a sources::ScannedCrate,
    file_modules: &[String],
    inline_modules: &[String],
    file: &'a str,
    location: Location,
) -> crate::declaration::parse::Site<'a> {
    let crate_ident = krate.name.replace('-', "_");
    let module_path = std::iter::once(crate_ident.as_str())
        .chain(file_modules.iter().map(String::as_str))
        .chain(inline_modules.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join("::");
    crate::declaration::parse::Site {
        crate_name: &krate.name,
        module_path,
        file,
        line: location.line,
        column: location.column,
    }
}

/// The file suffix of an output in `OUT_DIR`: the page and the fragment are both HTML, so the
/// page gets its own.
fn file_suffix(format: Format) -> &'static str {
    match format {
        Format::HtmlPage => "page.html",
        other => other.extension(),
    }
}

fn write_if_changed(path: &Path, contents: &str) -> Result<(), BuildError> {
    if std::fs::read_to_string(path).is_ok_and(|existing| existing == contents) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| BuildError::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, contents).map_err(|source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    })
}
