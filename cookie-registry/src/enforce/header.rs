//! `Set-Cookie` header values from declarations, as plain strings: every declared attribute,
//! and the removal that reaches the same cookie. No dependency on any `cookie` crate, so every
//! framework can send them (the `cookie` crate's builders are in this module's sibling, behind
//! the `cookie` feature).

use core::fmt::{self, Write as _};

use crate::consent::{ConsentCookie, ConsentProof, ConsentState};
use crate::declaration::{Category, CookieDeclaration, CookieName, SameSite, Storage};

/// Why a declaration could not give a `Set-Cookie`.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SetCookieError {
    /// The declaration is for `localStorage` or `sessionStorage`: there is no `Set-Cookie` for
    /// it.
    NotAnHttpCookie {
        /// The declared name.
        name: CookieName,
        /// The declared storage.
        storage: Storage,
    },
    /// The declaration is a family of names (`_ga_*`): use the `*_named` method with the
    /// concrete name.
    FamilyNeedsName {
        /// The declared family.
        family: CookieName,
    },
    /// The concrete name is not covered by the declaration (not its exact name, or not its
    /// family's prefix followed by at least one character).
    NameNotCovered {
        /// The declared name or family.
        declared: CookieName,
        /// The name asked for.
        name: String,
    },
    /// The concrete name is covered by the family but is not an RFC 6265 token.
    InvalidName {
        /// The name asked for.
        name: String,
    },
    /// The value is not an RFC 6265 `cookie-value`: only visible ASCII other than `"`, `,`,
    /// `;` and `\`, optionally inside one pair of double quotes. Encode other data first
    /// (base64url, percent-encoding).
    InvalidValue {
        /// The declared name.
        name: CookieName,
        /// The byte offset of the first byte that is not allowed.
        offset: usize,
    },
    /// The proof of consent given is not the one the declaration needs.
    WrongProof {
        /// The declared name.
        name: CookieName,
        /// The category whose consent the cookie needs; `None` when it needs none.
        needs: Option<Category>,
        /// The category the given proof is for; `None` for `NoConsentNeeded`.
        given: Option<Category>,
    },
    /// The cookie has an attribute the target cookie type cannot express, so converting it
    /// would silently drop it (`Partitioned` with the `cookie` crate 0.16 that actix-web 4
    /// uses, say).
    Unsupported {
        /// The declared name.
        name: CookieName,
        /// The attribute, as written in a `Set-Cookie` (`Partitioned`).
        attribute: &'static str,
        /// The type that cannot express it.
        target: &'static str,
    },
}

impl fmt::Display for SetCookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetCookieError::NotAnHttpCookie { name, storage } => write!(
                f,
                "`{name}` is declared as a {storage} item, not an HTTP cookie: it has no Set-Cookie"
            ),
            SetCookieError::FamilyNeedsName { family } => write!(
                f,
                "`{family}` is a family of names: give the concrete cookie name"
            ),
            SetCookieError::NameNotCovered { declared, name } => write!(
                f,
                "`{name}` is not covered by the declaration of `{declared}`"
            ),
            SetCookieError::InvalidName { name } => write!(
                f,
                "`{}` is not a valid cookie name (an RFC 6265 token)",
                name.escape_debug()
            ),
            SetCookieError::InvalidValue { name, offset } => write!(
                f,
                "the value of `{name}` is not a valid cookie value: byte {offset} is not allowed \
                 (encode the value, with base64url for example)"
            ),
            SetCookieError::WrongProof { name, needs, given } => {
                let proof = |c: &Option<Category>| match c {
                    None => "NoConsentNeeded".to_string(),
                    Some(c) => format!("Granted<{}>", marker(*c)),
                };
                write!(
                    f,
                    "`{name}` must be built with `{}`, not `{}`",
                    proof(needs),
                    proof(given)
                )
            }
            SetCookieError::Unsupported {
                name,
                attribute,
                target,
            } => write!(
                f,
                "`{name}` is declared with `{attribute}`, which `{target}` cannot express: send the \
                 cookie as a header value instead (`CookieDeclaration::header`), so the attribute is \
                 not dropped"
            ),
        }
    }
}

crate::errors::debug_as_display!(SetCookieError);
impl std::error::Error for SetCookieError {}

fn marker(category: Category) -> &'static str {
    match category {
        Category::Necessary => "Necessary",
        Category::Functionality => "Functionality",
        Category::Statistics => "Statistics",
        Category::Marketing => "Marketing",
    }
}

/// Real `Set-Cookie` header values.
impl CookieDeclaration {
    /// The `Set-Cookie` header value of this declared cookie with `value`, carrying every
    /// declared attribute: `Path`, `Domain`, `Max-Age` from the lifetime (capped, see
    /// [`max_age_seconds`](Self::max_age_seconds); none for a session cookie), `Secure`,
    /// `HttpOnly`, `SameSite`, `Partitioned`.
    ///
    /// `consent` is the proof the declaration needs
    /// ([`consent_category`](Self::consent_category)), checked at run time here; a typed
    /// handle's [`DeclaredCookie::header`](crate::DeclaredCookie::header) checks it at compile
    /// time. The value goes into any framework's response headers.
    ///
    /// ```
    /// use cookie_registry::{cookie, Registry, consent::NoConsentNeeded};
    ///
    /// #[cookie(
    ///     provider = "Opendatasoft", category = necessary, lifetime = "2 weeks",
    ///     function(en = "Authentication", fr = "Authentification"),
    ///     purpose(en = "To remember the user", fr = "Se souvenir de l'utilisateur"),
    /// )]
    /// const SESSION: &str = "sessionid";
    ///
    /// let declaration = Registry::global()?.find(SESSION).expect("declared");
    /// assert_eq!(
    ///     declaration.header("abc123", NoConsentNeeded)?,
    ///     "sessionid=abc123; Path=/; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SetCookieError::NotAnHttpCookie`], [`SetCookieError::FamilyNeedsName`] (use
    /// [`header_named`](Self::header_named)), [`SetCookieError::WrongProof`],
    /// [`SetCookieError::InvalidValue`].
    pub fn header(
        &self,
        value: &str,
        consent: impl ConsentProof,
    ) -> Result<String, SetCookieError> {
        let name = self.exact_name()?;
        self.header_named(name, value, consent)
    }

    /// [`header`](Self::header) with a concrete name, for a family (`_ga_*` gives `_ga_1A2B`);
    /// an exact declaration accepts its own name only.
    ///
    /// # Errors
    ///
    /// As [`header`](Self::header), and [`SetCookieError::NameNotCovered`],
    /// [`SetCookieError::InvalidName`] for a name the declaration does not cover.
    pub fn header_named(
        &self,
        name: &str,
        value: &str,
        consent: impl ConsentProof,
    ) -> Result<String, SetCookieError> {
        self.checked(name, value, &consent)?;
        Ok(self.write_header(name, value, Expiry::Declared))
    }

    /// The `Set-Cookie` header value that deletes this declared cookie from the browser: same
    /// name, `Path` and `Domain` (without them the browser would not match it), empty value,
    /// `Max-Age=0` and an `Expires` in the past, and the declared `Secure`, `HttpOnly`,
    /// `SameSite` and `Partitioned` (a `__Host-` or partitioned cookie is only replaced by one
    /// that has them). Removing a cookie needs no consent.
    ///
    /// ```
    /// use cookie_registry::{cookie, Registry};
    ///
    /// #[cookie(
    ///     provider = "Example", category = functionality, lifetime = "1 year",
    ///     function(en = "Theme", fr = "Thème"),
    ///     purpose(en = "To remember the theme", fr = "Se souvenir du thème"),
    ///     path = "/app", domain = "example.org",
    /// )]
    /// const THEME: &str = "theme";
    ///
    /// let removal = Registry::global()?.find(THEME).expect("declared").removal_header()?;
    /// assert_eq!(
    ///     removal,
    ///     "theme=; Path=/app; Domain=example.org; Max-Age=0; \
    ///      Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; HttpOnly; SameSite=Lax"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SetCookieError::NotAnHttpCookie`], [`SetCookieError::FamilyNeedsName`] (use
    /// [`removal_header_named`](Self::removal_header_named)).
    pub fn removal_header(&self) -> Result<String, SetCookieError> {
        let name = self.exact_name()?;
        self.removal_header_named(name)
    }

    /// [`removal_header`](Self::removal_header) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// [`SetCookieError::NotAnHttpCookie`], [`SetCookieError::NameNotCovered`],
    /// [`SetCookieError::InvalidName`].
    pub fn removal_header_named(&self, name: &str) -> Result<String, SetCookieError> {
        self.http_cookie()?;
        self.covered_name(name)?;
        Ok(self.write_header(name, "", Expiry::Removal))
    }

    /// Checks everything a `Set-Cookie` of `name=value` built with `consent` needs.
    pub(crate) fn checked(
        &self,
        name: &str,
        value: &str,
        consent: &impl ConsentProof,
    ) -> Result<(), SetCookieError> {
        self.http_cookie()?;
        check_proof(self, consent)?;
        self.covered_name(name)?;
        if let Some(offset) = invalid_value_byte(value.as_bytes()) {
            return Err(SetCookieError::InvalidValue {
                name: self.name(),
                offset,
            });
        }
        Ok(())
    }

    /// The header, nothing checked: `name` and `value` are valid and covered.
    pub(crate) fn write_header(&self, name: &str, value: &str, expiry: Expiry) -> String {
        let a = self.attributes();
        let mut out = String::with_capacity(name.len() + value.len() + 64);
        // Writing to a String cannot fail.
        let _ = write!(out, "{name}={value}; Path={}", a.path());
        if let Some(domain) = a.domain() {
            let _ = write!(out, "; Domain={domain}");
        }
        match expiry {
            Expiry::Declared => {
                if let Some(seconds) = self.max_age_seconds() {
                    let _ = write!(out, "; Max-Age={seconds}");
                }
            }
            Expiry::Removal => out.push_str("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
        }
        if a.secure() {
            out.push_str("; Secure");
        }
        if a.http_only() {
            out.push_str("; HttpOnly");
        }
        out.push_str(match a.same_site() {
            SameSite::Strict => "; SameSite=Strict",
            SameSite::Lax => "; SameSite=Lax",
            SameSite::None => "; SameSite=None",
        });
        if a.partitioned() {
            out.push_str("; Partitioned");
        }
        out
    }

    pub(crate) fn http_cookie(&self) -> Result<(), SetCookieError> {
        if self.storage().is_http_cookie() {
            Ok(())
        } else {
            Err(SetCookieError::NotAnHttpCookie {
                name: self.name(),
                storage: self.storage(),
            })
        }
    }

    pub(crate) fn exact_name(&self) -> Result<&'static str, SetCookieError> {
        self.http_cookie()?;
        match self.name() {
            CookieName::Exact(name) => Ok(name),
            family @ CookieName::Prefix(_) => Err(SetCookieError::FamilyNeedsName { family }),
        }
    }

    pub(crate) fn covered_name(&self, name: &str) -> Result<(), SetCookieError> {
        if !self.matches(name) {
            return Err(SetCookieError::NameNotCovered {
                declared: self.name(),
                name: name.to_owned(),
            });
        }
        // An exact name was checked at compile time; a family's suffix was not.
        if !name
            .bytes()
            .all(cookie_registry_syntax::name::is_token_byte)
        {
            return Err(SetCookieError::InvalidName {
                name: name.to_owned(),
            });
        }
        Ok(())
    }
}

/// The consent cookie's `Set-Cookie` header values.
impl ConsentCookie {
    /// The `Set-Cookie` header value that records `state`, with the declared attributes;
    /// `None` for [`ConsentState::NONE`], which records nothing (use
    /// [`removal_header`](Self::removal_header) to forget a choice).
    ///
    /// ```
    /// # use cookie_registry::{Cookie, DeclaredCookie, Revision, consent::{CategorySet, ConsentCookie, ConsentId}};
    /// # use cookie_registry::declaration::Category;
    /// # use std::time::{Duration, UNIX_EPOCH};
    /// # #[derive(Cookie)]
    /// # #[cookie(name = "cookies_preferences", provider = "Example", category = necessary,
    /// #     exemption = consent_storage, lifetime = "6 months", http_only = false,
    /// #     function(en = "Cookie banner", fr = "Bandeau cookies"),
    /// #     purpose(en = "To remember your choices", fr = "Se souvenir de vos choix"))]
    /// # struct Preferences;
    /// let consent = ConsentCookie::new(Preferences::DECLARATION, Revision::from_u64(0xabc))?;
    /// let now = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
    /// let choice = consent
    ///     .choose(CategorySet::NONE.with(Category::Statistics), now)
    ///     .with_consent_id(ConsentId::from_bytes([0x5a; 16]));
    /// assert_eq!(
    ///     consent.header(&choice).expect("a choice"),
    ///     "cookies_preferences=2.s.1750000000.0000000000000abc.5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a; \
    ///      Path=/; Max-Age=15778476; Secure; SameSite=Lax"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn header(&self, state: &ConsentState) -> Option<String> {
        let value = state.cookie_value()?;
        Some(
            self.declaration()
                .write_header(self.name(), &value, Expiry::Declared),
        )
    }

    /// The `Set-Cookie` header value that deletes the consent cookie: the visitor is asked
    /// again.
    pub fn removal_header(&self) -> String {
        self.declaration()
            .write_header(self.name(), "", Expiry::Removal)
    }
}

/// The lifetime a header carries.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Expiry {
    /// The declared lifetime, capped.
    Declared,
    /// Expired: the header deletes the cookie.
    Removal,
}

fn check_proof<P: ConsentProof>(
    declaration: &CookieDeclaration,
    _: &P,
) -> Result<(), SetCookieError> {
    let needs = declaration.consent_category();
    if P::CATEGORY == needs {
        Ok(())
    } else {
        Err(SetCookieError::WrongProof {
            name: declaration.name(),
            needs,
            given: P::CATEGORY,
        })
    }
}

/// The offset of the first byte that makes `value` not an RFC 6265 `cookie-value`
/// (`*cookie-octet / ( DQUOTE *cookie-octet DQUOTE )`), if any.
pub(crate) fn invalid_value_byte(value: &[u8]) -> Option<usize> {
    let is_octet =
        |b: u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    let (inner, shift) = match value {
        [b'"', inner @ .., b'"'] => (inner, 1),
        _ => (value, 0),
    };
    inner.iter().position(|&b| !is_octet(b)).map(|i| i + shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_values() {
        assert_eq!(invalid_value_byte(b""), None);
        assert_eq!(invalid_value_byte(b"abc-_.~!#$%&'()*+/:<=>?@[]^`{|}"), None);
        assert_eq!(invalid_value_byte(b"\"quoted\""), None);
        assert_eq!(invalid_value_byte(b"\"\""), None);
        assert_eq!(invalid_value_byte(b"a;b"), Some(1));
        assert_eq!(invalid_value_byte(b"a b"), Some(1));
        assert_eq!(invalid_value_byte(b"a,b"), Some(1));
        assert_eq!(invalid_value_byte(b"a\\b"), Some(1));
        assert_eq!(invalid_value_byte(b"\"a\"b\""), Some(2));
        assert_eq!(invalid_value_byte(b"\""), Some(0));
        assert_eq!(invalid_value_byte(b"\"ab"), Some(0));
        assert_eq!(invalid_value_byte("é".as_bytes()), Some(0));
        assert_eq!(invalid_value_byte(b"a\r\nSet-Cookie: x"), Some(1));
        assert_eq!(invalid_value_byte(b"\x7f"), Some(0));
    }
}
