//! Declarations from a [`Registry`]: the in-process mode, for an application's own tests.

use cookie_registry::Registry;
use cookie_registry::declaration::Text;
use cookie_registry::declaration::{CookieDeclaration, Storage};

use super::{Declarations, Declared, DeclaredAttributes, PolicyError, StorageKind};

impl Declarations {
    /// The declarations of `registry`, with its revision: the in-process mode.
    ///
    /// ```
    /// use cookie_registry::{Registry, cookie};
    /// use cookie_registry_audit::policy::{Declarations, StorageKind};
    ///
    /// #[cookie(
    ///     provider = "Example", category = necessary, lifetime = "2 weeks",
    ///     function(en = "Login"), purpose(en = "To keep you logged in"),
    /// )]
    /// const SESSION: &str = "sessionid";
    ///
    /// let declarations = Declarations::from_registry(Registry::global()?);
    /// assert_eq!(declarations.source(), "registry");
    /// assert_eq!(declarations.revision(), Some(Registry::global()?.revision()));
    /// let session = declarations.iter().find(|d| d.name == "sessionid").unwrap();
    /// assert_eq!(session.storage, StorageKind::HttpCookie);
    /// assert_eq!(session.consent, None);
    /// assert_eq!(session.lifetime_seconds, Some(14 * 86_400));
    /// # Ok::<(), cookie_registry::RegistryError>(())
    /// ```
    pub fn from_registry(registry: &Registry) -> Declarations {
        let items = registry.iter().map(declared).collect();
        Declarations::new(items, Some(registry.revision()), "registry".to_string())
    }

    /// The declarations of every crate linked into this program ([`Registry::global`]).
    ///
    /// # Errors
    ///
    /// [`PolicyError::Registry`] when the registry cannot be collected.
    pub fn global() -> Result<Declarations, PolicyError> {
        Registry::global()
            .map(Declarations::from_registry)
            .map_err(PolicyError::Registry)
    }
}

fn declared(declaration: &CookieDeclaration) -> Declared {
    let storage = match declaration.storage() {
        Storage::HttpCookie => StorageKind::HttpCookie,
        Storage::LocalStorage => StorageKind::LocalStorage,
        Storage::SessionStorage => StorageKind::SessionStorage,
    };
    let attributes = declaration.attributes();
    let site = declaration.site();
    Declared {
        name: declaration.name().to_string(),
        storage,
        category: declaration.category(),
        party: declaration.party(),
        provider: declaration.provider().name().to_string(),
        function: declaration
            .function()
            .resolve(Text::FALLBACK_LANGUAGE)
            .to_string(),
        consent: declaration.consent_category(),
        exemption: declaration.exemption().map(|e| e.as_str().to_string()),
        lifetime: declaration.lifetime().to_string(),
        lifetime_seconds: declaration.lifetime().max_age_seconds(),
        attributes: storage
            .eq(&StorageKind::HttpCookie)
            .then(|| DeclaredAttributes {
                secure: attributes.secure(),
                http_only: attributes.http_only(),
                same_site: attributes.same_site().as_str().to_string(),
                path: attributes.path().to_string(),
                domain: attributes.domain().map(str::to_string),
                partitioned: attributes.partitioned(),
            }),
        declared_at: format!("{} ({}:{})", site.module_path(), site.file(), site.line()),
    }
}
