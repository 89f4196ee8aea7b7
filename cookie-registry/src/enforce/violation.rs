//! What is wrong with a cookie, as the enforcement reports it.

use std::fmt;

use crate::declaration::Category;

/// A cookie that breaks the policy: a `Set-Cookie` of a response, or a cookie a request
/// carries that its consent no longer allows.
///
/// ```
/// use cookie_registry::enforce::{ViolationKind, check_set_cookie};
/// use cookie_registry::consent::ConsentState;
/// use cookie_registry::{Registry, cookie};
///
/// #[cookie(
///     provider = "Example", category = necessary, lifetime = "session",
///     function(en = "Login", fr = "Connexion"), purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// const SESSION: &str = "session";
///
/// let violation = check_set_cookie(Registry::global()?, &ConsentState::NONE, b"tracker=1").unwrap();
/// assert_eq!(violation.name(), "tracker");
/// assert_eq!(violation.kind(), &ViolationKind::Undeclared);
/// assert_eq!(violation.to_string(), "cookie `tracker` is set but not declared");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    name: String,
    kind: ViolationKind,
}

impl Violation {
    pub(crate) fn new(name: impl Into<String>, kind: ViolationKind) -> Violation {
        Violation {
            name: name.into(),
            kind,
        }
    }

    /// The cookie's name as the browser stores it ([`crate::set_cookie`]): empty for a cookie
    /// without a name (`=v`, or a value alone such as `tracker`), bytes that are not UTF-8
    /// replaced by U+FFFD. (A name the browser would store cannot hold a control character.)
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What is wrong.
    pub fn kind(&self) -> &ViolationKind {
        &self.kind
    }
}

/// What is wrong with a cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationKind {
    /// No declaration covers the name.
    Undeclared,
    /// The cookie's category needs consent, and the request (or the response's own new consent
    /// cookie) does not grant it.
    MissingConsent {
        /// The category that needs consent.
        category: Category,
    },
    /// The request carries a declared cookie whose category the consent in force does not
    /// grant (consent withdrawn, or never given): enforcement deletes it.
    CarriedWithoutConsent {
        /// The category that needs consent.
        category: Category,
    },
    /// The header's attributes differ from the declaration's.
    Drift {
        /// `Max-Age`, `Secure`, `HttpOnly`, `SameSite`, `Path` or `Domain`.
        attribute: &'static str,
        /// What the declaration says.
        declared: String,
        /// What the header says.
        sent: String,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        match &self.kind {
            ViolationKind::Undeclared if name.is_empty() => {
                f.write_str("a cookie without a name is set, and no declaration can cover it")
            }
            ViolationKind::Undeclared => write!(f, "cookie `{name}` is set but not declared"),
            ViolationKind::MissingConsent { category } => {
                write!(
                    f,
                    "cookie `{name}` ({category}) is set without the visitor's consent to {category} cookies"
                )
            }
            ViolationKind::CarriedWithoutConsent { category } => {
                write!(
                    f,
                    "the browser still holds cookie `{name}` ({category}) without the visitor's consent to {category} cookies"
                )
            }
            ViolationKind::Drift {
                attribute,
                declared,
                sent,
            } => {
                write!(
                    f,
                    "cookie `{name}` is sent with {attribute} {sent}, but declared with {declared}"
                )
            }
        }
    }
}

crate::errors::debug_as_display!(Violation);
impl std::error::Error for Violation {}
