//! From a declaration read from source to the `&'static CookieDeclaration` the registry and the
//! renderers take: the same type the macro builds, so the policy rendered here is the policy the
//! program renders, byte for byte.
//!
//! The strings are leaked. A build script is a short-lived process that reads each declaration
//! once; leaking them is what lets this mode reuse the run-time types instead of a second,
//! owned copy of the whole model.

use cookie_registry_syntax::declaration::{Declaration, TextField};
use cookie_registry_syntax::name::NamePattern;

use crate::declaration::{
    CookieDeclaration, CookieName, DeclarationParts, DeclarationSite, HttpAttributes, Provider,
    Text,
};

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn text(field: &TextField) -> Text {
    let entries: Vec<(&'static str, &'static str)> = field
        .entries
        .iter()
        .map(|(tag, text, _)| (leak(tag.as_str()), leak(text)))
        .collect();
    Text::new(Box::leak(entries.into_boxed_slice()))
}

/// Where a declaration read from source was written.
pub(crate) struct Site<'a> {
    pub crate_name: &'a str,
    pub module_path: String,
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
}

/// The run-time declaration of `d`, as the macro would have built it.
pub(crate) fn declaration(d: &Declaration, site: Site<'_>) -> &'static CookieDeclaration {
    let name = match NamePattern::parse(leak(&d.name.value)) {
        NamePattern::Exact(s) => CookieName::Exact(s),
        NamePattern::Prefix(s) => CookieName::Prefix(s),
    };
    let a = &d.attributes;
    let parts = DeclarationParts {
        name,
        provider: Provider::new(
            leak(&d.provider.value),
            d.privacy_policy.as_ref().map(|p| leak(&p.value)),
        ),
        category: d.category.value,
        party: d.party.value,
        function: text(&d.function),
        purpose: text(&d.purpose),
        justification: d.justification.as_ref().map(text),
        lifetime: d.lifetime.value,
        storage: d.storage.value,
        exemption: d.exemption(),
        attributes: HttpAttributes::new(
            a.domain().map(leak),
            leak(a.path()),
            a.secure(),
            a.http_only(),
            a.same_site(),
            a.partitioned(),
        ),
        site: DeclarationSite::new(
            leak(site.crate_name),
            leak(&site.module_path),
            leak(site.file),
            u32::try_from(site.line).unwrap_or(u32::MAX),
            u32::try_from(site.column).unwrap_or(u32::MAX),
        ),
    };
    Box::leak(Box::new(CookieDeclaration::__from_parts(parts)))
}
