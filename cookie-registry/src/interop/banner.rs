//! What the two banner exports and the two banner-cookie readers share: the policy documents
//! per language, the services, the name patterns, the escaping, the banners' own words, and the
//! decoding of a cookie value a script wrote.

use core::fmt;
use std::collections::BTreeMap;

use crate::declaration::{Category, CookieDeclaration};
use crate::render::json::{CookieInfo, PolicyDocument, TableRow};
use crate::render::{Policy, PolicyOptions, RenderError};

/// Why a banner configuration could not be generated.
#[non_exhaustive]
pub enum ExportError {
    /// No language was given.
    NoLanguage,
    /// The policy could not be rendered: no declaration, or a language that is not a BCP 47
    /// tag.
    Render(RenderError),
    /// The privacy-policy address is neither `https://…`, `http://…` nor a path starting with
    /// `/`: it could not be a link.
    PrivacyPolicyUrl {
        /// The address given.
        given: String,
    },
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NoLanguage => {
                f.write_str("a banner configuration needs at least one language")
            }
            ExportError::Render(error) => write!(f, "cannot export the policy: {error}"),
            ExportError::PrivacyPolicyUrl { given } => write!(
                f,
                "{given:?} cannot be the privacy policy's link: write an `https://` or `http://` \
                 address, or a path starting with `/`"
            ),
        }
    }
}

crate::errors::debug_as_display!(ExportError);

impl std::error::Error for ExportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExportError::Render(error) => Some(error),
            _ => None,
        }
    }
}

impl From<RenderError> for ExportError {
    fn from(error: RenderError) -> Self {
        ExportError::Render(error)
    }
}

/// What both configurations are made of besides the policy: set by the methods
/// [`banner_config_methods!`] generates.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) languages: Vec<String>,
    pub(crate) cookie_name: Option<String>,
    pub(crate) privacy_policy_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            languages: vec!["en".to_string()],
            cookie_name: None,
            privacy_policy_url: None,
        }
    }
}

/// What a configuration is written from: the policy in every language, the checked link, the
/// services.
pub(crate) struct Prepared<'s> {
    pub(crate) documents: Vec<PolicyDocument>,
    pub(crate) url: Option<&'s str>,
    pub(crate) services: Vec<Service>,
}

impl Settings {
    pub(crate) fn prepare(&self, policy: &Policy<'_>) -> Result<Prepared<'_>, ExportError> {
        Ok(Prepared {
            documents: documents(policy, &self.languages)?,
            url: checked_url(self.privacy_policy_url.as_ref())?,
            services: services(policy.declarations().iter().copied()),
        })
    }
}

/// The builder methods and `to_json` of a configuration type with fields `policy` and
/// `settings`; `$cookie_key` names its cookie-name key, `$reader` its cookie's reader.
macro_rules! banner_config_methods {
    ($cookie_key:literal, $reader:ident) => {
        /// The configuration for `policy` (usually [`Registry::policy`]), in English.
        pub fn new(policy: Policy<'r>) -> Config<'r> {
            Config {
                policy,
                settings: banner::Settings::default(),
            }
        }

        /// The languages of the translations, the first one the default (BCP 47 tags, checked
        /// by [`to_value`](Config::to_value)).
        #[must_use]
        pub fn languages<S: Into<String>>(
            mut self,
            languages: impl IntoIterator<Item = S>,
        ) -> Self {
            self.settings.languages = languages.into_iter().map(Into::into).collect();
            self
        }

        #[doc = concat!("The banner's cookie under another name than [`DEFAULT_COOKIE_NAME`] (`", $cookie_key, "`); read it with [`", stringify!($reader), "::named`].")]
        #[must_use]
        pub fn cookie_name(mut self, name: impl Into<String>) -> Self {
            self.settings.cookie_name = Some(name.into());
            self
        }

        /// A link to the privacy policy in the banner (`https://`, `http://`, or a path
        /// starting with `/`).
        #[must_use]
        pub fn privacy_policy_url(mut self, url: impl Into<String>) -> Self {
            self.settings.privacy_policy_url = Some(url.into());
            self
        }

        /// The configuration as JSON text, pretty-printed, with a final newline.
        ///
        /// # Errors
        ///
        /// As [`to_value`](Config::to_value).
        pub fn to_json(&self) -> Result<String, ExportError> {
            let mut text = serde_json::to_string_pretty(&self.to_value()?)
                .unwrap_or_else(|_| unreachable!("a serde_json::Value always serialises"));
            text.push('\n');
            Ok(text)
        }
    };
}
pub(crate) use banner_config_methods;

/// The policy's JSON document in each language, the first one the default.
pub(crate) fn documents(
    policy: &Policy<'_>,
    languages: &[String],
) -> Result<Vec<PolicyDocument>, ExportError> {
    if languages.is_empty() {
        return Err(ExportError::NoLanguage);
    }
    languages
        .iter()
        .map(|language| Ok(policy.json_document(&PolicyOptions::new(language)?)?))
        .collect()
}

/// `url`, checked to be a link a page may carry.
pub(crate) fn checked_url(url: Option<&String>) -> Result<Option<&str>, ExportError> {
    match url {
        None => Ok(None),
        Some(url) if is_link(url) || (url.starts_with('/') && !url.starts_with("//")) => {
            Ok(Some(url))
        }
        Some(url) => Err(ExportError::PrivacyPolicyUrl { given: url.clone() }),
    }
}

fn is_link(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

/// A banner's service: the declarations of one provider in one category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Service {
    pub(crate) category: Category,
    /// Unique within the category: the provider's name in lowercase letters, digits and `-`.
    pub(crate) id: String,
    pub(crate) provider: &'static str,
    /// Whether none of its declarations needs consent: the banner cannot turn it off.
    pub(crate) required: bool,
}

/// The services of some declarations, by category (in [`Category::ALL`] order) then provider
/// name.
pub(crate) fn services<'a>(
    declarations: impl IntoIterator<Item = &'a CookieDeclaration>,
) -> Vec<Service> {
    let mut required: BTreeMap<(usize, &'static str), bool> = BTreeMap::new();
    for declaration in declarations {
        let category = declaration.category();
        let order = Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        let entry = required
            .entry((order, declaration.provider().name()))
            .or_insert(true);
        *entry &= !declaration.requires_consent();
    }
    let mut services: Vec<Service> = Vec::with_capacity(required.len());
    for ((order, provider), required) in required {
        let category = Category::ALL[order];
        let base = slug(provider);
        let mut id = base.clone();
        let mut n = 2;
        while services
            .iter()
            .any(|s| s.category == category && s.id == id)
        {
            id = format!("{base}-{n}");
            n += 1;
        }
        services.push(Service {
            category,
            id,
            provider,
            required,
        });
    }
    services
}

/// `text` in lowercase ASCII letters and digits, other runs as one `-`; `service` if nothing
/// is left.
fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("service");
    }
    out
}

/// The category a banner's id names (`"statistics"`).
pub(crate) fn category_named(id: &str) -> Option<Category> {
    Category::ALL.iter().copied().find(|c| c.as_str() == id)
}

/// The service a row belongs to.
pub(crate) fn service_of<'s>(
    services: &'s [Service],
    category: &str,
    row: &TableRow,
) -> Option<&'s Service> {
    services
        .iter()
        .find(|s| s.category.as_str() == category && s.provider == row.provider.name)
}

/// The cookies of `rows` a banner deletes on refusal: HTTP cookies (scripts cannot reach
/// storage items through a cookie list) that need consent, or all of them when `all`.
pub(crate) fn cookies_to_clear<'d>(
    rows: impl IntoIterator<Item = &'d TableRow>,
    all: bool,
) -> impl Iterator<Item = &'d CookieInfo> {
    rows.into_iter()
        .flat_map(|row| &row.cookies)
        .filter(move |cookie| cookie.attributes.is_some() && (all || cookie.requires_consent))
}

/// A cookie's name as both banners read a pattern: an exact name as is, a family (or an exact
/// name that starts with `^`, which both would take for a regular expression) as the source
/// of an anchored regular expression.
pub(crate) fn pattern(cookie: &CookieInfo) -> String {
    match cookie.name.strip_suffix('*').filter(|_| cookie.pattern) {
        Some(prefix) => format!("^{}", regex_escaped(prefix)),
        None if cookie.name.starts_with('^') => format!("^{}$", regex_escaped(&cookie.name)),
        None => cookie.name.clone(),
    }
}

fn regex_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if "\\^$.*+?()[]{}|/-".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` escaped for HTML (the banner puts it in the page as markup).
pub(crate) fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Writing to a String cannot fail.
    let _ = crate::render::escape::html(&mut out, text);
    out
}

/// The words of a banner that are not the declarations': English, French.
pub(crate) struct BannerTexts {
    pub(crate) title: &'static str,
    pub(crate) description: &'static str,
    pub(crate) accept_all: &'static str,
    pub(crate) reject_all: &'static str,
    pub(crate) manage: &'static str,
    pub(crate) preferences_title: &'static str,
    pub(crate) save: &'static str,
    pub(crate) close: &'static str,
    pub(crate) services: &'static str,
    pub(crate) privacy_policy: &'static str,
    pub(crate) third_party: &'static str,
}

const ENGLISH: BannerTexts = BannerTexts {
    title: "We use cookies",
    description: "Some cookies are necessary for this site to work. The others are set only \
                  with your consent: you may accept or refuse them, and change your choice at \
                  any time.",
    accept_all: "Accept all",
    reject_all: "Refuse all",
    manage: "Manage preferences",
    preferences_title: "Cookie preferences",
    save: "Save preferences",
    close: "Close",
    services: "Service|Services",
    privacy_policy: "Privacy policy",
    third_party: "third party",
};

const FRENCH: BannerTexts = BannerTexts {
    title: "Nous utilisons des cookies",
    description: "Certains cookies sont nécessaires au fonctionnement de ce site. Les autres ne \
                  sont déposés qu'avec votre consentement : vous pouvez les accepter ou les \
                  refuser, et changer d'avis à tout moment.",
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    manage: "Gérer mes préférences",
    preferences_title: "Préférences en matière de cookies",
    save: "Enregistrer mes préférences",
    close: "Fermer",
    services: "Service|Services",
    privacy_policy: "Politique de confidentialité",
    third_party: "tiers",
};

/// The banner's words for a document's language (English unless French).
pub(crate) fn texts(document: &PolicyDocument) -> &'static BannerTexts {
    match document.language.as_str() {
        "fr" => &FRENCH,
        _ => &ENGLISH,
    }
}

/// The most bytes a banner cookie's value is read from: a browser keeps at most 4096 bytes of
/// name and value.
const MAX_BANNER_VALUE_LEN: usize = 4096;

/// The JSON a banner's script wrote, percent-encoded, into a cookie `value`.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    value: &[u8],
    shape: &'static str,
) -> Result<T, crate::consent::NoConsent> {
    use crate::consent::NoConsent;
    if value.len() > MAX_BANNER_VALUE_LEN {
        return Err(NoConsent::TooLong { len: value.len() });
    }
    let json = percent_decoded(value).ok_or(NoConsent::Malformed {
        reason: "a `%` not followed by two hexadecimal digits",
    })?;
    serde_json::from_slice(&json).map_err(|_| NoConsent::Malformed { reason: shape })
}

/// `value` with its `%XX` escapes decoded (what `encodeURIComponent` wrote); `None` for a `%`
/// not followed by two hexadecimal digits.
pub(crate) fn percent_decoded(value: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value[i] == b'%' {
            let hex = value.get(i + 1..i + 3)?;
            let digit = |b: u8| (b as char).to_digit(16);
            out.push((digit(hex[0])? * 16 + digit(hex[1])?) as u8);
            i += 3;
        } else {
            out.push(value[i]);
            i += 1;
        }
    }
    Some(out)
}

/// Unix seconds of a `Date.prototype.toISOString` text (`2025-06-01T12:34:56.789Z`); `None`
/// for anything else, or before 1970.
pub(crate) fn iso_seconds(text: &str) -> Option<u64> {
    let b = text.as_bytes();
    let shape = b.len() >= 20
        && b[4] == b'-'
        && b[7] == b'-'
        && b[10] == b'T'
        && b[13] == b':'
        && b[16] == b':'
        && b[b.len() - 1] == b'Z';
    if !shape {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<i64> {
        let part = b.get(from..to)?;
        part.iter()
            .all(u8::is_ascii_digit)
            .then(|| part.iter().fold(0i64, |n, &d| n * 10 + i64::from(d - b'0')))
    };
    let fraction = &b[19..b.len() - 1];
    if !(fraction.is_empty()
        || (fraction[0] == b'.' && fraction[1..].iter().all(u8::is_ascii_digit)))
    {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    // Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + hour * 3_600 + minute * 60 + second).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_and_patterns() {
        assert_eq!(slug("Example Analytics, Inc."), "example-analytics-inc");
        assert_eq!(slug("---"), "service");
        let family = |name: &str, pattern: bool| CookieInfo {
            name: name.to_string(),
            pattern,
            storage: "http_cookie",
            lifetime: crate::render::json::LifetimeInfo {
                text: String::new(),
                seconds: None,
            },
            requires_consent: true,
            exemption: None,
            justification: None,
            attributes: None,
        };
        assert_eq!(pattern(&family("_pk_id.*", true)), "^_pk_id\\.");
        assert_eq!(pattern(&family("sessionid", false)), "sessionid");
        assert_eq!(pattern(&family("^odd", false)), "^\\^odd$");
    }

    #[test]
    fn percent_and_time() {
        assert_eq!(
            percent_decoded(b"%7B%22a%22%7D").as_deref(),
            Some(&b"{\"a\"}"[..])
        );
        assert_eq!(percent_decoded(b"%7"), None);
        assert_eq!(percent_decoded(b"%zz"), None);
        assert_eq!(iso_seconds("1970-01-01T00:00:00.000Z"), Some(0));
        assert_eq!(iso_seconds("2025-06-01T12:34:56.789Z"), Some(1_748_781_296));
        assert_eq!(iso_seconds("2024-02-29T00:00:00Z"), Some(1_709_164_800));
        assert_eq!(iso_seconds("1969-12-31T23:59:59.000Z"), None);
        assert_eq!(iso_seconds("2025-13-01T00:00:00.000Z"), None);
        assert_eq!(iso_seconds("not a date at all, no"), None);
        assert_eq!(iso_seconds("2025-06-01T12:34:56.Z"), Some(1_748_781_296));
    }
}
