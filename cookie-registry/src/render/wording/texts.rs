//! What the built-in texts of one language hold: everything a policy says that does not come
//! from a declaration (the title, the preamble, headings, column names, notes and the words of
//! a lifetime).
//!
//! These texts are trusted (they are ours), but the writers escape them like any other text,
//! so a translation may contain `*`, `<` or `&` without breaking the output.

use crate::declaration::{Category, Exemption, Storage, TimeUnit};

/// The built-in texts of one language.
#[derive(Debug)]
pub(crate) struct Texts {
    /// The primary language subtag these texts are written in.
    pub lang: &'static str,
    /// The document title.
    pub title: &'static str,
    /// The paragraph under the title.
    pub intro: &'static str,
    /// "What is a cookie?"
    pub what_is_heading: &'static str,
    /// The definition of a cookie.
    pub what_is: &'static str,
    /// "There are several kinds of cookies:"
    pub kinds_intro: &'static str,
    /// The kinds of cookies: `(term, rest of the sentence)`, the term shown in bold.
    pub kinds: [(&'static str, &'static str); 4],
    /// The sentence about withdrawing consent.
    pub withdraw: &'static str,
    /// "What cookies are used on " (followed by the site).
    pub used_on: &'static str,
    /// "What cookies are used on this site"
    pub used_on_this_site: &'static str,
    /// Column names, in table order.
    pub columns: [&'static str; 5],
    /// Appended to a third party's name: " (third party)".
    pub third_party: &'static str,
    /// Introduces a privacy-policy address that cannot be a link: ", privacy policy: ".
    pub privacy_policy: &'static str,
    /// "These cookies do not require your consent."
    pub consent_not_required: &'static str,
    /// "These cookies require your consent."
    pub consent_required: &'static str,
    /// The note of a cookie exempt in a category that needs consent: "exempt from consent: ".
    pub exempt_from_consent: &'static str,
    /// Joins a cookie name to its lifetime when a row's cookies differ: ": ".
    pub name_separator: &'static str,
    /// "Session"
    pub session: &'static str,
    /// Singular and plural of each unit, in [`TimeUnit::ALL`] order.
    pub units: [(&'static str, &'static str); 7],
    /// Whether an amount takes the plural (English: not 1; French: 2 and more).
    pub plural: fn(u32) -> bool,
    /// Category headings, in [`Category::ALL`] order.
    pub categories: [&'static str; 4],
    /// Exemption reasons, in [`Exemption::ALL`] order.
    pub exemptions: [&'static str; 3],
}

impl Texts {
    /// The heading of a category's table.
    pub fn category(&self, category: Category) -> &'static str {
        match category {
            Category::Necessary => self.categories[0],
            Category::Functionality => self.categories[1],
            Category::Statistics => self.categories[2],
            Category::Marketing => self.categories[3],
        }
    }

    /// The sentence under a category heading.
    pub fn consent(&self, required: bool) -> &'static str {
        if required {
            self.consent_required
        } else {
            self.consent_not_required
        }
    }

    /// Why a cookie is exempt from consent, in a few words.
    pub fn exemption(&self, exemption: Exemption) -> &'static str {
        match exemption {
            Exemption::StrictlyNecessary => self.exemptions[0],
            Exemption::ConsentStorage => self.exemptions[1],
            Exemption::AudienceMeasurement => self.exemptions[2],
        }
    }

    /// The marker after the name of an item that is not an HTTP cookie.
    pub fn storage_marker(&self, storage: Storage) -> Option<&'static str> {
        // Web API names: the same in every language.
        match storage {
            Storage::HttpCookie => None,
            Storage::LocalStorage => Some("localStorage"),
            Storage::SessionStorage => Some("sessionStorage"),
        }
    }

    /// The word for `amount` of `unit`: "month" or "months".
    pub fn unit(&self, unit: TimeUnit, amount: u32) -> &'static str {
        let index = TimeUnit::ALL.iter().position(|u| *u == unit).unwrap_or(0);
        let (singular, plural) = self.units[index];
        if (self.plural)(amount) {
            plural
        } else {
            singular
        }
    }
}
