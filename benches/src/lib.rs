//! Registries of many declarations, built the way the macro builds them, for the benchmarks.
//!
//! Declarations are leaked on purpose: the registry holds `&'static` declarations, and a
//! benchmark process builds each registry once.

use cookie_registry::__private::DeclarationParts;
use cookie_registry::Registry;
use cookie_registry::declaration::{
    Category, CookieDeclaration, CookieName, DeclarationSite, HttpAttributes, Lifetime, Party,
    Provider, Storage, Text, TimeUnit,
};

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

/// One necessary declaration, lifetime 1 day, the safe default attributes.
pub fn declaration(
    name: CookieName,
    provider: &'static str,
    function: Text,
    purpose: Text,
) -> &'static CookieDeclaration {
    Box::leak(Box::new(CookieDeclaration::__from_parts(
        DeclarationParts {
            name,
            provider: Provider::new(provider, None),
            category: Category::Necessary,
            party: Party::First,
            function,
            purpose,
            justification: None,
            lifetime: Lifetime::Persistent {
                amount: 1,
                unit: TimeUnit::Day,
            },
            storage: Storage::HttpCookie,
            exemption: Category::Necessary.default_exemption(),
            attributes: HttpAttributes::DEFAULT,
            site: DeclarationSite::new("benches", "benches", "benches/src/lib.rs", 1, 1),
        },
    )))
}

const FUNCTION: Text = Text::new(&[
    ("en", "Authentication (front and back office)"),
    ("fr", "Authentification (front et back office)"),
]);
const PURPOSE: Text = Text::new(&[
    ("en", "To remember the user from one page to another"),
    ("fr", "Se souvenir de l'utilisateur d'une page à une autre"),
]);

/// A registry of `n` exact names `cookie_0` .. `cookie_{n-1}`.
pub fn exact_registry(n: usize) -> &'static Registry {
    let declarations = (0..n).map(|i| {
        declaration(
            CookieName::Exact(leak(format!("cookie_{i}"))),
            "Example",
            FUNCTION,
            PURPOSE,
        )
    });
    Box::leak(Box::new(Registry::from_declarations(declarations)))
}

/// A registry of `n` families `prefix_0_*` .. `prefix_{n-1}_*`.
pub fn family_registry(n: usize) -> &'static Registry {
    let declarations = (0..n).map(|i| {
        declaration(
            CookieName::Prefix(leak(format!("prefix_{i}_"))),
            "Example",
            FUNCTION,
            PURPOSE,
        )
    });
    Box::leak(Box::new(Registry::from_declarations(declarations)))
}

/// A registry of `n` cookies as a policy lists them: 10 providers, 50 functions, every purpose
/// its own, so the tables have many rows.
pub fn policy_registry(n: usize) -> &'static Registry {
    let declarations = (0..n).map(|i| {
        let function = leak(format!("Function {} (front and back office)", i % 50));
        let purpose_en = leak(format!(
            "To remember choice number {i} from one page to another"
        ));
        let purpose_fr = leak(format!(
            "Se souvenir du choix numéro {i} d'une page à une autre"
        ));
        let function = Text::new(Box::leak(Box::new([("en", function), ("fr", function)])));
        let purpose = Text::new(Box::leak(Box::new([
            ("en", purpose_en),
            ("fr", purpose_fr),
        ])));
        declaration(
            CookieName::Exact(leak(format!("cookie_{i}"))),
            leak(format!("Provider {}", i % 10)),
            function,
            purpose,
        )
    });
    Box::leak(Box::new(Registry::from_declarations(declarations)))
}

/// A `Set-Cookie` value that matches the benchmarks' declarations exactly (no violation).
pub fn set_cookie(name: &str) -> String {
    format!(
        "{name}=8f14e45fceea167a5a36dedd4bea2543; Path=/; Max-Age=3600; Secure; HttpOnly; SameSite=Lax"
    )
}
