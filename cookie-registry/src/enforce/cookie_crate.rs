//! Declared cookies as the `cookie` crate's types (feature `cookie`): a `CookieBuilder` that
//! carries every declared attribute, for `cookie::CookieJar`, axum-extra's jars and
//! tower-cookies; the same checks as the header values of the sibling module.

use std::borrow::Cow;

use ::cookie::time::Duration;
use ::cookie::{Cookie, CookieBuilder};

use super::header::SetCookieError;
use crate::consent::{ConsentCookie, ConsentProof, ConsentState};
use crate::declaration::{CookieDeclaration, SameSite};

/// The `cookie` crate's types (feature `cookie`).
#[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
impl CookieDeclaration {
    /// This declared cookie with `value` as a `cookie::CookieBuilder` carrying every declared
    /// attribute (the same as [`header`](Self::header)), for any jar that takes
    /// `cookie::Cookie`: a plain `cookie::CookieJar`, axum-extra's `CookieJar`, tower-cookies'
    /// `Cookies`.
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
    /// As [`header`](Self::header).
    pub fn cookie(
        &self,
        value: impl Into<Cow<'static, str>>,
        consent: impl ConsentProof,
    ) -> Result<CookieBuilder<'static>, SetCookieError> {
        let name = self.exact_name()?;
        self.cookie_named(name, value, consent)
    }

    /// [`cookie`](Self::cookie) with a concrete name, for a family (`_ga_*` gives `_ga_1A2B`);
    /// an exact declaration accepts its own name only.
    ///
    /// ```
    /// use cookie_registry::{Cookie, DeclaredCookie};
    /// use cookie_registry::consent::NoConsentNeeded;
    /// use cookie_registry::enforce::SetCookieError;
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
    ///     Err(SetCookieError::NameNotCovered { .. })
    /// ));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`header_named`](Self::header_named).
    pub fn cookie_named(
        &self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
        consent: impl ConsentProof,
    ) -> Result<CookieBuilder<'static>, SetCookieError> {
        let (name, value) = (name.into(), value.into());
        self.checked(&name, &value, &consent)?;
        Ok(self.builder(name, value))
    }

    /// The `cookie::Cookie` that deletes this declared cookie (the same as
    /// [`removal_header`](Self::removal_header), and as `cookie::Cookie::make_removal` on the
    /// declared cookie).
    ///
    /// ```
    /// use cookie_registry::{cookie, Registry};
    /// use cookie_registry::enforce::cookie::time::Duration;
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
    /// assert_eq!(removal.max_age(), Some(Duration::ZERO));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`removal_header`](Self::removal_header).
    pub fn removal(&self) -> Result<Cookie<'static>, SetCookieError> {
        let name = self.exact_name()?;
        self.removal_named(name)
    }

    /// [`removal`](Self::removal) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// As [`removal_header_named`](Self::removal_header_named).
    pub fn removal_named(
        &self,
        name: impl Into<Cow<'static, str>>,
    ) -> Result<Cookie<'static>, SetCookieError> {
        let name = name.into();
        self.http_cookie()?;
        self.covered_name(&name)?;
        Ok(self.builder(name, Cow::Borrowed("")).removal().build())
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

/// The consent cookie as the `cookie` crate's types (feature `cookie`).
#[cfg_attr(docsrs, doc(cfg(feature = "cookie")))]
impl ConsentCookie {
    /// The cookie that records `state`, with the declared attributes; `None` for
    /// [`ConsentState::NONE`], which records nothing (use [`removal`](Self::removal) to forget
    /// a choice).
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
    /// let cookie = consent.cookie(&choice).expect("a choice").build();
    /// assert_eq!(
    ///     cookie.to_string(),
    ///     "cookies_preferences=2.s.1750000000.0000000000000abc.5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a; \
    ///      SameSite=Lax; Secure; Path=/; Max-Age=15778476"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cookie(&self, state: &ConsentState) -> Option<CookieBuilder<'static>> {
        let value = state.cookie_value()?;
        Some(
            self.declaration()
                .builder(Cow::Borrowed(self.name()), Cow::Owned(value)),
        )
    }

    /// The cookie that deletes the consent cookie: the visitor is asked again.
    pub fn removal(&self) -> Cookie<'static> {
        self.declaration()
            .builder(Cow::Borrowed(self.name()), Cow::Borrowed(""))
            .removal()
            .build()
    }
}
