//! The site's forms, as the fields a browser posts, and what they mean.
//!
//! Each form is a plain struct that derives `serde::Deserialize`, so that a framework's own form
//! extractor (axum's `Form`, actix-web's `web::Form`) fills it; a framework without one reads
//! the body and calls [`SiteForm::from_urlencoded`]. Every field has a default: a missing field
//! is an empty one, never an error. The CSRF field `csrf` is checked by the handler the form goes
//! to, not here.

use cookie_registry::consent::CategorySet;
use cookie_registry::declaration::Category;
use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A form of the site, read from an `application/x-www-form-urlencoded` body.
pub trait SiteForm: DeserializeOwned {
    /// Reads the form from a request body (`csrf=…&choice=accept_all`): what axum's and
    /// actix-web's `Form` extractors do, for a glue that reads the body itself.
    ///
    /// ```
    /// use example_site::forms::{ConsentForm, SiteForm};
    ///
    /// let form = ConsentForm::from_urlencoded(b"csrf=abc&back=%2Fcookies&choice=save&statistics=on")?;
    /// assert_eq!((form.back.as_str(), form.choice.as_str()), ("/cookies", "save"));
    /// assert!(form.statistics.is_some() && form.marketing.is_none());
    /// # Ok::<(), example_site::forms::FormError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`FormError`] when the body is not a form of these fields (a field given twice).
    fn from_urlencoded(body: &[u8]) -> Result<Self, FormError> {
        serde_urlencoded::from_bytes(body).map_err(FormError)
    }
}

/// A body that is not the form expected: the message of `serde_urlencoded`.
#[derive(Debug)]
pub struct FormError(serde_urlencoded::de::Error);

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "not the form expected: {}", self.0)
    }
}

impl std::error::Error for FormError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

/// The fields of both consent forms, the banner's and the preferences page's:
/// `choice=accept_all`, `reject_all`, or `save` with a box per category.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct ConsentForm {
    /// The CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// Where to go back to: a local path, else `/`.
    #[serde(default)]
    pub back: String,
    /// `accept_all`, `reject_all` or `save`.
    #[serde(default)]
    pub choice: String,
    /// The functionality box, when ticked.
    pub functionality: Option<String>,
    /// The statistics box, when ticked.
    pub statistics: Option<String>,
    /// The marketing box, when ticked.
    pub marketing: Option<String>,
}

impl SiteForm for ConsentForm {}

impl ConsentForm {
    /// The categories this form grants, among those the banner `offered`: all of them for
    /// `accept_all`, none for `reject_all`, and for `save` (or anything else) the ticked boxes.
    /// A box for a category the site does not offer grants nothing.
    ///
    /// ```
    /// use cookie_registry::consent::CategorySet;
    /// use cookie_registry::declaration::Category::{Marketing, Statistics};
    /// use example_site::forms::ConsentForm;
    ///
    /// let offered = CategorySet::NONE.with(Statistics).with(Marketing);
    /// let ticked = ConsentForm { choice: "save".into(), statistics: Some("on".into()), ..Default::default() };
    /// assert_eq!(ticked.granted(offered), CategorySet::NONE.with(Statistics));
    /// let all = ConsentForm { choice: "accept_all".into(), ..Default::default() };
    /// assert_eq!(all.granted(offered), offered);
    /// ```
    pub fn granted(&self, offered: CategorySet) -> CategorySet {
        match self.choice.as_str() {
            "accept_all" => offered,
            "reject_all" => CategorySet::NONE,
            _ => [
                (Category::Functionality, &self.functionality),
                (Category::Statistics, &self.statistics),
                (Category::Marketing, &self.marketing),
            ]
            .into_iter()
            .filter(|(category, ticked)| ticked.is_some() && offered.contains(*category))
            .map(|(category, _)| category)
            .collect(),
        }
    }
}

/// The sign-in form: a user name (any non-empty one signs in; the password is not read).
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LoginForm {
    /// The CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The name to sign in under.
    #[serde(default)]
    pub username: String,
}

impl SiteForm for LoginForm {}

/// The sign-out form: nothing but the CSRF token.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LogoutForm {
    /// The CSRF token.
    #[serde(default)]
    pub csrf: String,
}

impl SiteForm for LogoutForm {}

#[cfg(test)]
mod tests {
    use cookie_registry::consent::CategorySet;
    use cookie_registry::declaration::Category;

    use super::{ConsentForm, LoginForm, LogoutForm, SiteForm};

    #[test]
    fn missing_fields_are_empty_and_unknown_ones_ignored() {
        let form = ConsentForm::from_urlencoded(b"").unwrap();
        assert_eq!((form.csrf.as_str(), form.choice.as_str()), ("", ""));
        assert_eq!(form.granted(CategorySet::ALL), CategorySet::NONE);
        let login = LoginForm::from_urlencoded(b"csrf=t&username=Ann+%3Cb%3E&password=x").unwrap();
        assert_eq!(login.username, "Ann <b>");
        assert_eq!(LogoutForm::from_urlencoded(b"csrf=t").unwrap().csrf, "t");
        assert!(LogoutForm::from_urlencoded(b"csrf=a&csrf=b").is_err());
    }

    #[test]
    fn a_box_grants_only_what_is_offered() {
        let form =
            ConsentForm::from_urlencoded(b"choice=save&functionality=on&marketing=on").unwrap();
        let offered = CategorySet::NONE
            .with(Category::Statistics)
            .with(Category::Marketing);
        assert_eq!(
            form.granted(offered),
            CategorySet::NONE.with(Category::Marketing)
        );
    }
}
