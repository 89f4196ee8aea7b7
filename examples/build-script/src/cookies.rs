//! The shop's cookies, declared once. `build.rs` reads these same declarations.

use cookie_registry::{Cookie, cookie};

/// The logged-in customer's session.
#[cookie(
    provider = "Example Shop",
    category = necessary,
    function(en = "Authentication (whole site)", fr = "Authentification (tout le site)"),
    purpose(en = "To keep you logged in from one page to another", fr = "Vous garder connecté d'une page à l'autre"),
    lifetime = "2 weeks",
)]
pub const SESSION: &str = "sessionid";

/// The shopping cart of a visitor who is not logged in.
#[cookie(
    provider = "Example Shop",
    category = necessary,
    function(en = "Shopping cart", fr = "Panier"),
    purpose(en = "To remember the contents of your cart", fr = "Se souvenir du contenu de votre panier"),
    lifetime = "7 days",
)]
pub const CART: &str = "cart";

/// The visitor's language, as a typed handle.
#[derive(Cookie)]
#[cookie(
    name = "lang",
    provider = "Example Shop",
    category = functionality,
    exemption = strictly_necessary,
    function(en = "Language selection", fr = "Sélection de la langue"),
    purpose(en = "To show the site in your language", fr = "Afficher le site dans votre langue"),
    lifetime = "12 months",
    http_only = false,
)]
pub struct Language;
