//! Real cookies from declarations: a `cookie::CookieBuilder` that carries every declared
//! attribute, and the removal cookie that reaches the same cookie (same name, path, domain).

use std::borrow::Cow;
use std::fmt;

use ::cookie::time::Duration;
use ::cookie::{Cookie, CookieBuilder};

use super::consent::{ConsentCookie, ConsentState};
use super::proof::ConsentProof;
use crate::declaration::{Category, CookieDeclaration, CookieName, SameSite, Storage};

/// Why a declaration could not give a cookie.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CookieError {
    /// The declaration is for `localStorage` or `sessionStorage`: there is no `Set-Cookie` for
    /// it.
    NotAnHttpCookie {
        /// The declared name.
        name: CookieName,
        /// The declared storage.
        storage: Storage,
    },
    /// The declaration is a family of names (`_ga_*`): use `cookie_named` / `removal_named`
    /// with the concrete name.
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
}

impl fmt::Display for CookieError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CookieError::NotAnHttpCookie { name, storage } => write!(
                f,
                "`{name}` is declared as a {storage} item, not an HTTP cookie: it has no Set-Cookie"
            ),
            CookieError::FamilyNeedsName { family } => write!(
                f,
                "`{family}` is a family of names: give the concrete cookie name"
            ),
            CookieError::NameNotCovered { declared, name } => write!(
                f,
                "`{name}` is not covered by the declaration of `{declared}`"
            ),
            CookieError::InvalidName { name } => {
                write!(
                    f,
                    "`{}` is not a valid cookie name (an RFC 6265 token)",
                    name.escape_debug()
                )
            }
            CookieError::InvalidValue { name, offset } => write!(
                f,
                "the value of `{name}` is not a valid cookie value: byte {offset} is not allowed \
                 (encode the value, with base64url for example)"
            ),
            CookieError::WrongProof { name, needs, given } => {
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
        }
    }
}

impl std::error::Error for CookieError {}

fn marker(category: Category) -> &'static str {
    match category {
        Category::Necessary => "Necessary",
        Category::Functionality => "Functionality",
        Category::Statistics => "Statistics",
        Category::Marketing => "Marketing",
    }
}

/// Real cookies (feature `cookie`).
impl CookieDeclaration {
    /// The `Set-Cookie` of this declared cookie with `value`, carrying every declared attribute:
    /// `Max-Age` from the lifetime (capped, see [`max_age_seconds`](Self::max_age_seconds); none
    /// for a session cookie), `Path`, `Domain`, `Secure`, `HttpOnly`, `SameSite`, `Partitioned`.
    ///
    /// `consent` is the proof the declaration needs ([`consent_category`](Self::consent_category)),
    /// checked at run time here; a typed handle's [`DeclaredCookie::cookie`](crate::DeclaredCookie::cookie)
    /// checks it at compile time. The result goes into any jar that takes `cookie::Cookie`: a
    /// plain `cookie::CookieJar`, axum-extra's `CookieJar`, tower-cookies' `Cookies`.
    ///
    /// ```
    /// use cookie_registry::{cookie, Registry, enforce::NoConsentNeeded};
    ///
    /// #[cookie(
    ///     provider = "Opendatasoft", category = necessary, lifetime = "2 weeks",
    ///     function(en = "Authentication", fr = "Authentification"),
    ///     purpose(en = "To remember the user", fr = "Se souvenir de l'utilisateur"),
    /// )]
    /// const SESSION: &str = "sessionid";
    ///
    /// let declaration = Registry::global()?.find(SESSION).expect("declared");
    /// let cookie = declaration.cookie("abc123", NoConsentNeeded)?.build();
    /// assert_eq!(
    ///     cookie.to_string(),
    ///     "sessionid=abc123; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=1209600"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`CookieError::NotAnHttpCookie`], [`CookieError::FamilyNeedsName`] (use
    /// [`cookie_named`](Self::cookie_named)), [`CookieError::WrongProof`],
    /// [`CookieError::InvalidValue`].
    pub fn cookie(
        &self,
        value: impl Into<Cow<'static, str>>,
        consent: impl ConsentProof,
    ) -> Result<CookieBuilder<'static>, CookieError> {
        let name = self.exact_name()?;
        self.cookie_named(name, value, consent)
    }

    /// [`cookie`](Self::cookie) with a concrete name, for a family (`_ga_*` gives `_ga_1A2B`);
    /// an exact declaration accepts its own name only.
    ///
    /// ```
    /// use cookie_registry::{Cookie, DeclaredCookie, enforce::{CookieError, NoConsentNeeded}};
    ///
    /// #[derive(Cookie)]
    /// #[cookie(
    ///     name = "_pk_id_*", provider = "Example Analytics", category = statistics,
    ///     exemption = audience_measurement, lifetime = "13 months",
    ///     function(en = "Audience measurement", fr = "Mesure d'audience"),
    ///     purpose(en = "To count visits", fr = "Compter les visites"),
    /// )]
    /// struct Visitor;
    ///
    /// let cookie = Visitor::DECLARATION.cookie_named("_pk_id_1", "v", NoConsentNeeded)?.build();
    /// assert_eq!(cookie.name(), "_pk_id_1");
    /// assert!(matches!(
    ///     Visitor::DECLARATION.cookie_named("_pk_ref", "v", NoConsentNeeded),
    ///     Err(CookieError::NameNotCovered { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`cookie`](Self::cookie), and [`CookieError::NameNotCovered`],
    /// [`CookieError::InvalidName`] for a name the declaration does not cover.
    pub fn cookie_named(
        &self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
        consent: impl ConsentProof,
    ) -> Result<CookieBuilder<'static>, CookieError> {
        self.http_cookie()?;
        check_proof(self, &consent)?;
        let name = self.covered_name(name.into())?;
        let value = value.into();
        if let Some(offset) = invalid_value_byte(value.as_bytes()) {
            return Err(CookieError::InvalidValue {
                name: self.name(),
                offset,
            });
        }
        Ok(self.builder(name, value))
    }

    /// The cookie that deletes this declared cookie from the browser: same name, `Path` and
    /// `Domain` (without them the browser would not match it), empty value, `Max-Age=0` and an
    /// `Expires` in the past, and the declared `Secure`, `HttpOnly`, `SameSite` and
    /// `Partitioned` (a `__Host-` or partitioned cookie is only replaced by one that has them).
    /// The same as `cookie::Cookie::make_removal` on the declared cookie.
    ///
    /// Removing a cookie needs no consent.
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
    /// let removal = Registry::global()?.find(THEME).expect("declared").removal()?;
    /// assert_eq!(removal.value(), "");
    /// assert_eq!(removal.path(), Some("/app"));
    /// assert_eq!(removal.domain(), Some("example.org"));
    /// assert_eq!(removal.max_age(), Some(cookie_registry::enforce::cookie::time::Duration::ZERO));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`CookieError::NotAnHttpCookie`], [`CookieError::FamilyNeedsName`] (use
    /// [`removal_named`](Self::removal_named)).
    pub fn removal(&self) -> Result<Cookie<'static>, CookieError> {
        let name = self.exact_name()?;
        self.removal_named(name)
    }

    /// [`removal`](Self::removal) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// [`CookieError::NotAnHttpCookie`], [`CookieError::NameNotCovered`],
    /// [`CookieError::InvalidName`].
    pub fn removal_named(
        &self,
        name: impl Into<Cow<'static, str>>,
    ) -> Result<Cookie<'static>, CookieError> {
        self.http_cookie()?;
        let name = self.covered_name(name.into())?;
        Ok(self.builder(name, Cow::Borrowed("")).removal().build())
    }

    fn http_cookie(&self) -> Result<(), CookieError> {
        if self.storage().is_http_cookie() {
            Ok(())
        } else {
            Err(CookieError::NotAnHttpCookie {
                name: self.name(),
                storage: self.storage(),
            })
        }
    }

    fn exact_name(&self) -> Result<&'static str, CookieError> {
        self.http_cookie()?;
        match self.name() {
            CookieName::Exact(name) => Ok(name),
            family @ CookieName::Prefix(_) => Err(CookieError::FamilyNeedsName { family }),
        }
    }

    fn covered_name(&self, name: Cow<'static, str>) -> Result<Cow<'static, str>, CookieError> {
        if !self.matches(&name) {
            return Err(CookieError::NameNotCovered {
                declared: self.name(),
                name: name.into_owned(),
            });
        }
        // An exact name was checked at compile time; a family's suffix was not.
        if !name
            .bytes()
            .all(cookie_registry_syntax::name::is_token_byte)
        {
            return Err(CookieError::InvalidName {
                name: name.into_owned(),
            });
        }
        Ok(name)
    }

    /// The cookie with every declared attribute; nothing checked.
    fn builder(&self, name: Cow<'static, str>, value: Cow<'static, str>) -> CookieBuilder<'static> {
        let a = self.attributes();
        let mut builder = Cookie::build((name, value))
            .path(a.path())
            .secure(a.secure())
            .http_only(a.http_only())
            .same_site(match a.same_site() {
                SameSite::Strict => ::cookie::SameSite::Strict,
                SameSite::Lax => ::cookie::SameSite::Lax,
                SameSite::None => ::cookie::SameSite::None,
            })
            .partitioned(a.partitioned());
        if let Some(domain) = a.domain() {
            builder = builder.domain(domain);
        }
        if let Some(seconds) = self.max_age_seconds() {
            // At most `MAX_AGE_CAP_SECONDS`, far below `i64::MAX`.
            builder = builder.max_age(Duration::seconds(seconds as i64));
        }
        builder
    }
}

fn check_proof<P: ConsentProof>(declaration: &CookieDeclaration, _: &P) -> Result<(), CookieError> {
    let needs = declaration.consent_category();
    if P::CATEGORY == needs {
        Ok(())
    } else {
        Err(CookieError::WrongProof {
            name: declaration.name(),
            needs,
            given: P::CATEGORY,
        })
    }
}

/// The offset of the first byte that makes `value` not an RFC 6265 `cookie-value`
/// (`*cookie-octet / ( DQUOTE *cookie-octet DQUOTE )`), if any.
fn invalid_value_byte(value: &[u8]) -> Option<usize> {
    let is_octet =
        |b: u8| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
    let (inner, shift) = match value {
        [b'"', inner @ .., b'"'] => (inner, 1),
        _ => (value, 0),
    };
    inner.iter().position(|&b| !is_octet(b)).map(|i| i + shift)
}

/// The consent cookie's `Set-Cookie` (feature `cookie`).
impl ConsentCookie {
    /// The `Set-Cookie` that records `state`, with the declared attributes; `None` for
    /// [`ConsentState::NONE`], which records nothing (use [`removal`](Self::removal) to forget
    /// a choice).
    ///
    /// ```
    /// # use cookie_registry::{Category, Cookie, DeclaredCookie, enforce::{Categories, ConsentCookie, Revision}};
    /// # #[derive(Cookie)]
    /// # #[cookie(name = "cookies_preferences", provider = "Example", category = necessary,
    /// #     exemption = consent_storage, lifetime = "6 months", http_only = false,
    /// #     function(en = "Cookie banner", fr = "Bandeau cookies"),
    /// #     purpose(en = "To remember your choices", fr = "Se souvenir de vos choix"))]
    /// # struct Preferences;
    /// let consent = ConsentCookie::new(Preferences::DECLARATION, Revision::from_u64(0xabc))?;
    /// let choice = consent.choose(Categories::NONE.with(Category::Statistics), 1_750_000_000);
    /// let cookie = consent.cookie(&choice).expect("a choice").build();
    /// assert_eq!(
    ///     cookie.to_string(),
    ///     "cookies_preferences=1.s.1750000000.0000000000000abc; SameSite=Lax; Secure; Path=/; Max-Age=15778476"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cookie(&self, state: &ConsentState) -> Option<CookieBuilder<'static>> {
        let value = state.encode()?;
        Some(
            self.declaration()
                .builder(Cow::Borrowed(self.name()), Cow::Owned(value)),
        )
    }

    /// The cookie that deletes the consent cookie: the user is asked again.
    pub fn removal(&self) -> Cookie<'static> {
        self.declaration()
            .builder(Cow::Borrowed(self.name()), Cow::Borrowed(""))
            .removal()
            .build()
    }
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
