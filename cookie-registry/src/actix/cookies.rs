//! Declared cookies as actix-web's own cookie type, `actix_web::cookie::Cookie` (the `cookie`
//! crate 0.16, not the 0.18 of the `cookie` feature): every declared attribute, the same
//! checks as the header values, and a [`SetCookieError::Unsupported`] for the attribute that
//! type cannot express (`Partitioned`), instead of a cookie that silently lacks it.

use std::borrow::Cow;

use actix_web::cookie::time::{Duration, OffsetDateTime};
use actix_web::cookie::{Cookie, SameSite as ActixSameSite};

use crate::DeclaredCookie;
use crate::consent::{ConsentCookie, ConsentProof, ConsentState, Satisfies};
use crate::declaration::{CookieDeclaration, SameSite};
use crate::enforce::SetCookieError;

/// The type named in [`SetCookieError::Unsupported`].
const TARGET: &str = "actix_web::cookie::Cookie (cookie 0.16)";

/// actix-web's cookie type (feature `actix`).
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
impl CookieDeclaration {
    /// This declared cookie with `value` as actix-web's `Cookie`, carrying every declared
    /// attribute (the same as [`header`](Self::header)), for `HttpResponseBuilder::cookie` and
    /// `HttpResponse::add_cookie`. `consent` is checked as by [`header`](Self::header); a
    /// typed handle's [`DeclaredCookieExt::actix_cookie`] checks it at compile time.
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
    /// let cookie = declaration.actix_cookie("abc123", NoConsentNeeded)?;
    /// assert_eq!(
    ///     cookie.to_string(),
    ///     "sessionid=abc123; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=1209600"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`header`](Self::header), and [`SetCookieError::Unsupported`] when the declaration
    /// is `partitioned`: actix-web 4's cookie type has no `Partitioned`, and a cookie without
    /// it is a different cookie to the browser (stored in the unpartitioned jar, or refused
    /// as a third party's). Send that cookie as a header value instead:
    /// `HttpResponseBuilder::append_header((SET_COOKIE, declaration.header(value, proof)?))`.
    pub fn actix_cookie(
        &self,
        value: impl Into<Cow<'static, str>>,
        consent: impl ConsentProof,
    ) -> Result<Cookie<'static>, SetCookieError> {
        let name = self.exact_name()?;
        self.actix_cookie_named(name, value, consent)
    }

    /// [`actix_cookie`](Self::actix_cookie) with a concrete name, for a family (`_ga_*` gives
    /// `_ga_1A2B`); an exact declaration accepts its own name only.
    ///
    /// # Errors
    ///
    /// As [`header_named`](Self::header_named), and [`SetCookieError::Unsupported`] for a
    /// `partitioned` declaration.
    pub fn actix_cookie_named(
        &self,
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
        consent: impl ConsentProof,
    ) -> Result<Cookie<'static>, SetCookieError> {
        let (name, value) = (name.into(), value.into());
        self.checked(&name, &value, &consent)?;
        self.expressible_in_actix()?;
        Ok(self.actix_builder(name, value, false))
    }

    /// actix-web's `Cookie` that deletes this declared cookie (the same as
    /// [`removal_header`](Self::removal_header): same name, `Path` and `Domain`, empty value,
    /// `Max-Age=0`, an `Expires` in 1970). Needs no consent.
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
    /// let removal = Registry::global()?.find(THEME).expect("declared").actix_removal()?;
    /// assert_eq!(
    ///     removal.to_string(),
    ///     "theme=; HttpOnly; SameSite=Lax; Secure; Path=/app; Domain=example.org; Max-Age=0; \
    ///      Expires=Thu, 01 Jan 1970 00:00:00 GMT"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`removal_header`](Self::removal_header), and [`SetCookieError::Unsupported`] for a
    /// `partitioned` declaration (a removal without `Partitioned` does not reach the
    /// partitioned cookie).
    pub fn actix_removal(&self) -> Result<Cookie<'static>, SetCookieError> {
        let name = self.exact_name()?;
        self.actix_removal_named(name)
    }

    /// [`actix_removal`](Self::actix_removal) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// As [`removal_header_named`](Self::removal_header_named), and
    /// [`SetCookieError::Unsupported`] for a `partitioned` declaration.
    pub fn actix_removal_named(
        &self,
        name: impl Into<Cow<'static, str>>,
    ) -> Result<Cookie<'static>, SetCookieError> {
        let name = name.into();
        self.http_cookie()?;
        self.covered_name(&name)?;
        self.expressible_in_actix()?;
        Ok(self.actix_builder(name, Cow::Borrowed(""), true))
    }

    /// `Err` when the declaration has an attribute `cookie` 0.16 has no field for.
    fn expressible_in_actix(&self) -> Result<(), SetCookieError> {
        if self.attributes().partitioned() {
            return Err(SetCookieError::Unsupported {
                name: self.name(),
                attribute: "Partitioned",
                target: TARGET,
            });
        }
        Ok(())
    }

    /// The cookie with every declared attribute; nothing checked (`Partitioned` excepted,
    /// which the caller has refused).
    fn actix_builder(
        &self,
        name: Cow<'static, str>,
        value: Cow<'static, str>,
        removal: bool,
    ) -> Cookie<'static> {
        let a = self.attributes();
        let mut cookie = Cookie::new(name, value);
        cookie.set_path(a.path());
        if let Some(domain) = a.domain() {
            cookie.set_domain(domain);
        }
        if removal {
            // As `removal_header` writes it, so that both routes send the same header.
            cookie.set_max_age(Duration::ZERO);
            cookie.set_expires(OffsetDateTime::UNIX_EPOCH);
        } else if let Some(seconds) = self.max_age_seconds() {
            // At most `MAX_AGE_CAP_SECONDS`, far below `i64::MAX`.
            cookie.set_max_age(Duration::seconds(seconds as i64));
        }
        cookie.set_secure(a.secure());
        cookie.set_http_only(a.http_only());
        cookie.set_same_site(match a.same_site() {
            SameSite::Strict => ActixSameSite::Strict,
            SameSite::Lax => ActixSameSite::Lax,
            SameSite::None => ActixSameSite::None,
        });
        cookie
    }
}

/// The consent cookie as actix-web's cookie type (feature `actix`).
#[cfg_attr(docsrs, doc(cfg(feature = "actix")))]
impl ConsentCookie {
    /// actix-web's `Cookie` that records `state`, with the declared attributes; `Ok(None)` for
    /// [`ConsentState::NONE`], which records nothing (use
    /// [`actix_removal`](Self::actix_removal) to forget a choice).
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
    /// let cookie = consent.actix_cookie(&choice)?.expect("a choice");
    /// assert_eq!(
    ///     cookie.to_string(),
    ///     "cookies_preferences=2.s.1750000000.0000000000000abc.5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a; \
    ///      SameSite=Lax; Secure; Path=/; Max-Age=15778476"
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`SetCookieError::Unsupported`] when the consent cookie is declared `partitioned`.
    pub fn actix_cookie(
        &self,
        state: &ConsentState,
    ) -> Result<Option<Cookie<'static>>, SetCookieError> {
        self.declaration().expressible_in_actix()?;
        Ok(state.cookie_value().map(|value| {
            self.declaration()
                .actix_builder(Cow::Borrowed(self.name()), Cow::Owned(value), false)
        }))
    }

    /// actix-web's `Cookie` that deletes the consent cookie: the visitor is asked again.
    ///
    /// # Errors
    ///
    /// [`SetCookieError::Unsupported`] when the consent cookie is declared `partitioned`.
    pub fn actix_removal(&self) -> Result<Cookie<'static>, SetCookieError> {
        self.declaration().expressible_in_actix()?;
        Ok(self
            .declaration()
            .actix_builder(Cow::Borrowed(self.name()), Cow::Borrowed(""), true))
    }
}

/// A typed handle's cookies as actix-web's cookie type (feature `actix`): implemented for every
/// [`DeclaredCookie`], so that `use cookie_registry::actix::DeclaredCookieExt` is all it takes.
///
/// ```
/// use actix_web::HttpResponse;
/// use cookie_registry::actix::DeclaredCookieExt;
/// use cookie_registry::consent::NoConsentNeeded;
/// use cookie_registry::{Cookie, DeclaredCookie};
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "sessionid", provider = "Example", category = necessary, lifetime = "2 weeks",
///     function(en = "Login", fr = "Connexion"),
///     purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// struct Session;
///
/// let response = HttpResponse::Ok().cookie(Session::actix_cookie("abc123", NoConsentNeeded)?).finish();
/// assert_eq!(
///     response.headers().get("set-cookie").unwrap(),
///     "sessionid=abc123; HttpOnly; SameSite=Lax; Secure; Path=/; Max-Age=1209600"
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The proof of consent is checked by the compiler, as for
/// [`DeclaredCookie::header`]: a cookie that needs consent does not build with
/// `NoConsentNeeded`.
///
/// ```compile_fail
/// use cookie_registry::actix::DeclaredCookieExt;
/// use cookie_registry::consent::NoConsentNeeded;
/// use cookie_registry::Cookie;
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "_analytics", provider = "Example Analytics", category = statistics,
///     lifetime = "6 months",
///     function(en = "Audience measurement", fr = "Mesure d'audience"),
///     purpose(en = "To count visits", fr = "Compter les visites"),
/// )]
/// struct Analytics;
///
/// // error: this cookie must be built with `Granted<Statistics>`, not `NoConsentNeeded`
/// let cookie = Analytics::actix_cookie("v", NoConsentNeeded);
/// ```
pub trait DeclaredCookieExt: DeclaredCookie {
    /// This cookie as actix-web's `Cookie`, with `value` and every declared attribute (see
    /// [`CookieDeclaration::actix_cookie`]), built with the proof of consent it needs, checked
    /// at compile time.
    ///
    /// # Errors
    ///
    /// As [`DeclaredCookie::header`], and [`SetCookieError::Unsupported`] for a `partitioned`
    /// declaration.
    fn actix_cookie(
        value: impl Into<Cow<'static, str>>,
        consent: impl Satisfies<Self::Consent>,
    ) -> Result<Cookie<'static>, SetCookieError> {
        Self::DECLARATION.actix_cookie(value, consent)
    }

    /// [`actix_cookie`](DeclaredCookieExt::actix_cookie) with a concrete name, for a family of
    /// names.
    ///
    /// # Errors
    ///
    /// As [`DeclaredCookie::header_named`], and [`SetCookieError::Unsupported`] for a
    /// `partitioned` declaration.
    fn actix_cookie_named(
        name: impl Into<Cow<'static, str>>,
        value: impl Into<Cow<'static, str>>,
        consent: impl Satisfies<Self::Consent>,
    ) -> Result<Cookie<'static>, SetCookieError> {
        Self::DECLARATION.actix_cookie_named(name, value, consent)
    }

    /// actix-web's `Cookie` that deletes this cookie (see
    /// [`CookieDeclaration::actix_removal`]). Needs no consent.
    ///
    /// # Errors
    ///
    /// As [`DeclaredCookie::removal_header`], and [`SetCookieError::Unsupported`] for a
    /// `partitioned` declaration.
    fn actix_removal() -> Result<Cookie<'static>, SetCookieError> {
        Self::DECLARATION.actix_removal()
    }

    /// [`actix_removal`](DeclaredCookieExt::actix_removal) of a concrete name, for a family.
    ///
    /// # Errors
    ///
    /// As [`DeclaredCookie::removal_header_named`], and [`SetCookieError::Unsupported`] for a
    /// `partitioned` declaration.
    fn actix_removal_named(
        name: impl Into<Cow<'static, str>>,
    ) -> Result<Cookie<'static>, SetCookieError> {
        Self::DECLARATION.actix_removal_named(name)
    }
}

impl<T: DeclaredCookie> DeclaredCookieExt for T {}
