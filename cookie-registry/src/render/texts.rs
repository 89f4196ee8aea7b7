//! The built-in texts of a policy, in English and French.
//!
//! Everything a policy says that does not come from a declaration lives here: the title, the
//! preamble, headings, column names, notes and the words of a lifetime. The renderers never
//! write a word of their own, so adding a language means adding one [`Texts`] value.
//!
//! These texts are trusted (they are ours), but the renderers escape them like any other text,
//! so a translation may contain `*`, `<` or `&` without breaking the output.

use std::fmt;

use super::table::Piece;
use crate::declaration::{Category, Exemption, Lifetime, Storage, TimeUnit};

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
    /// The note of a cookie that needs consent in a category that does not.
    pub requires_consent: &'static str,
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

    /// A lifetime in words: "Session", "1 year", "13 months", "2 semaines".
    pub fn write_lifetime<W: fmt::Write>(
        &self,
        out: &mut W,
        lifetime: Lifetime,
        piece: Piece<W>,
    ) -> fmt::Result {
        match lifetime {
            Lifetime::Session => piece(out, self.session),
            Lifetime::Persistent { amount, unit } => {
                let index = TimeUnit::ALL.iter().position(|u| *u == unit).unwrap_or(0);
                let (singular, plural) = self.units[index];
                let word = if (self.plural)(amount) {
                    plural
                } else {
                    singular
                };
                let mut digits = [0u8; 10];
                piece(out, decimal(amount, &mut digits))?;
                piece(out, " ")?;
                piece(out, word)
            }
        }
    }

    /// [`write_lifetime`](Self::write_lifetime) as a `String`.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub fn lifetime(&self, lifetime: Lifetime) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = self.write_lifetime(&mut out, lifetime, |out, piece| {
            out.push_str(piece);
            Ok(())
        });
        out
    }
}

/// `n` in decimal, in `buffer` (a `u32` has at most 10 digits): a lifetime per row, without the
/// formatting machinery.
fn decimal(mut n: u32, buffer: &mut [u8; 10]) -> &str {
    let mut start = buffer.len();
    loop {
        start -= 1;
        buffer[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Only ASCII digits were written.
    std::str::from_utf8(&buffer[start..]).unwrap_or_default()
}

/// The texts for a language tag: by primary subtag, English for a language we have no texts for.
pub(crate) fn for_language(tag: &str) -> &'static Texts {
    let primary = tag.split(['-', '_']).next().unwrap_or(tag);
    BUILT_IN
        .iter()
        .copied()
        .find(|t| t.lang.eq_ignore_ascii_case(primary))
        .unwrap_or(&EN)
}

/// Every language with built-in texts.
pub(crate) const BUILT_IN: &[&Texts] = &[&EN, &FR];

fn english_plural(n: u32) -> bool {
    n != 1
}

fn french_plural(n: u32) -> bool {
    // French: 0 and 1 take the singular.
    n >= 2
}

/// English.
pub(crate) static EN: Texts = Texts {
    lang: "en",
    title: "Cookie policy",
    intro: "This site uses cookies and similar technologies, such as localStorage, to work properly \
        and, with your consent where the law requires it, to measure its audience. This page lists \
        each of them: who sets it, what it is for and how long it is kept.",
    what_is_heading: "What is a cookie?",
    what_is: "A cookie is a small piece of data, identified by a name, that a website you visit \
        sends to your browser. Your browser keeps it for a set time and sends it back to that \
        website each time you return. Cookies have many uses: keeping you logged in, remembering \
        the contents of a shopping cart or your interface preferences, or identifying your \
        browser to produce statistics or to target advertising.",
    kinds_intro: "There are several kinds of cookies:",
    kinds: [
        (
            "Necessary cookies",
            "keep information from one page or visit to the next so that the service you asked \
             for works: a login, a shopping cart, interface preferences. They do not require your \
             consent.",
        ),
        (
            "Statistics cookies",
            "measure how visitors use a website. They require your consent, unless the statistics \
             are anonymous, that is, they cannot be traced back to a person.",
        ),
        (
            "First-party cookies",
            "are set by the website you are visiting. Besides necessary cookies, they can be used \
             to collect personal data, follow your behaviour or serve advertising.",
        ),
        (
            "Third-party cookies",
            "are set by (or for) another website, often an advertising network, on the website \
             you are visiting. They let that other website see which pages you visited and \
             collect information about you.",
        ),
    ],
    withdraw: "Where a cookie requires your consent, you can withdraw that consent at any time.",
    used_on: "What cookies are used on ",
    used_on_this_site: "What cookies are used on this site",
    columns: [
        "Service provider's name",
        "Function and location",
        "Cookie name(s)",
        "Purposes",
        "Lifetime",
    ],
    third_party: " (third party)",
    privacy_policy: ", privacy policy: ",
    consent_not_required: "These cookies do not require your consent.",
    consent_required: "These cookies require your consent.",
    exempt_from_consent: "exempt from consent: ",
    requires_consent: "requires your consent",
    name_separator: ": ",
    session: "Session",
    units: [
        ("second", "seconds"),
        ("minute", "minutes"),
        ("hour", "hours"),
        ("day", "days"),
        ("week", "weeks"),
        ("month", "months"),
        ("year", "years"),
    ],
    plural: english_plural,
    categories: [
        "Cookies necessary for the platform to function properly",
        "Functionality cookies",
        "Audience measurement (statistics) cookies",
        "Advertising and tracking cookies",
    ],
    exemptions: [
        "strictly necessary",
        "stores your consent choices",
        "anonymous audience measurement",
    ],
};

/// French. Typography: a no-break space before `:` and `?`, and inside « ».
pub(crate) static FR: Texts = Texts {
    lang: "fr",
    title: "Politique relative aux cookies",
    intro: "Ce site utilise des cookies et des technologies similaires, comme le localStorage, pour \
        assurer son bon fonctionnement et, avec votre consentement lorsque la loi l'exige, pour \
        mesurer son audience. Cette page les présente un par un\u{a0}: qui les dépose, à quoi ils \
        servent et combien de temps ils sont conservés.",
    what_is_heading: "Qu'est-ce qu'un cookie\u{a0}?",
    what_is: "Un cookie est une petite suite d'informations, identifiée par un nom, qu'un site web \
        que vous consultez transmet à votre navigateur. Votre navigateur la conserve pendant une \
        durée déterminée et la renvoie à ce site à chacune de vos visites. Les cookies ont de \
        multiples usages\u{a0}: maintenir votre connexion, mémoriser le contenu d'un panier d'achat \
        ou vos préférences d'affichage, ou encore identifier votre navigateur pour établir des \
        statistiques ou cibler la publicité.",
    kinds_intro: "Il existe plusieurs types de cookies\u{a0}:",
    kinds: [
        (
            "Les cookies nécessaires",
            "conservent des informations d'une page ou d'une visite à l'autre pour que le service \
             que vous avez demandé fonctionne\u{a0}: connexion, panier d'achat, préférences \
             d'affichage. Ils ne requièrent pas votre consentement.",
        ),
        (
            "Les cookies statistiques",
            "mesurent la manière dont les visiteurs utilisent un site. Ils requièrent votre \
             consentement, sauf si les statistiques sont anonymes, c'est-à-dire si elles ne \
             permettent pas de retrouver une personne.",
        ),
        (
            "Les cookies internes («\u{a0}first-party\u{a0}»)",
            "sont déposés par le site que vous consultez. En plus des cookies nécessaires, ils \
             peuvent servir à collecter des données personnelles, à suivre votre comportement ou \
             à des fins publicitaires.",
        ),
        (
            "Les cookies tiers («\u{a0}third-party\u{a0}»)",
            "sont déposés par (ou pour) un autre site, souvent une régie publicitaire, sur le site \
             que vous consultez. Ils permettent à cet autre site de voir quelles pages vous avez \
             visitées et de collecter des informations sur vous.",
        ),
    ],
    withdraw: "Lorsqu'un cookie requiert votre consentement, vous pouvez retirer ce consentement à \
        tout moment.",
    used_on: "Quels cookies sont utilisés sur ",
    used_on_this_site: "Quels cookies sont utilisés sur ce site",
    columns: [
        "Nom du prestataire",
        "Service et emplacement",
        "Noms des cookies",
        "Finalités",
        "Durée de conservation",
    ],
    third_party: " (tiers)",
    privacy_policy: ", politique de confidentialité\u{a0}: ",
    consent_not_required: "Ces cookies ne requièrent pas votre consentement.",
    consent_required: "Ces cookies requièrent votre consentement.",
    exempt_from_consent: "exempté de consentement\u{a0}: ",
    requires_consent: "soumis à votre consentement",
    name_separator: "\u{a0}: ",
    session: "Session",
    units: [
        ("seconde", "secondes"),
        ("minute", "minutes"),
        ("heure", "heures"),
        ("jour", "jours"),
        ("semaine", "semaines"),
        ("mois", "mois"),
        ("an", "ans"),
    ],
    plural: french_plural,
    categories: [
        "Cookies nécessaires au bon fonctionnement de la plateforme",
        "Cookies de fonctionnalité",
        "Cookies de mesure d'audience (statistiques)",
        "Cookies de publicité et de suivi",
    ],
    exemptions: [
        "strictement nécessaire",
        "conservation de vos choix de consentement",
        "mesure d'audience anonyme",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn p(amount: u32, unit: TimeUnit) -> Lifetime {
        Lifetime::Persistent { amount, unit }
    }

    #[test]
    fn english_lifetimes() {
        assert_eq!(EN.lifetime(Lifetime::Session), "Session");
        assert_eq!(EN.lifetime(p(2, TimeUnit::Week)), "2 weeks");
        assert_eq!(EN.lifetime(p(13, TimeUnit::Month)), "13 months");
        assert_eq!(EN.lifetime(p(1, TimeUnit::Year)), "1 year");
        assert_eq!(EN.lifetime(p(1, TimeUnit::Second)), "1 second");
        assert_eq!(EN.lifetime(p(30, TimeUnit::Minute)), "30 minutes");
        assert_eq!(EN.lifetime(p(1, TimeUnit::Hour)), "1 hour");
        assert_eq!(EN.lifetime(p(1, TimeUnit::Day)), "1 day");
        assert_eq!(EN.lifetime(p(0, TimeUnit::Day)), "0 days");
        assert_eq!(EN.lifetime(p(u32::MAX, TimeUnit::Year)), "4294967295 years");
    }

    #[test]
    fn french_lifetimes() {
        assert_eq!(FR.lifetime(Lifetime::Session), "Session");
        assert_eq!(FR.lifetime(p(2, TimeUnit::Week)), "2 semaines");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Week)), "1 semaine");
        assert_eq!(FR.lifetime(p(13, TimeUnit::Month)), "13 mois");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Month)), "1 mois");
        assert_eq!(FR.lifetime(p(2, TimeUnit::Month)), "2 mois");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Year)), "1 an");
        assert_eq!(FR.lifetime(p(2, TimeUnit::Year)), "2 ans");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Day)), "1 jour");
        assert_eq!(FR.lifetime(p(2, TimeUnit::Day)), "2 jours");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Hour)), "1 heure");
        assert_eq!(FR.lifetime(p(3, TimeUnit::Hour)), "3 heures");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Minute)), "1 minute");
        assert_eq!(FR.lifetime(p(1, TimeUnit::Second)), "1 seconde");
        assert_eq!(FR.lifetime(p(0, TimeUnit::Second)), "0 seconde");
    }

    #[test]
    fn language_choice_by_primary_subtag() {
        assert_eq!(for_language("fr").lang, "fr");
        assert_eq!(for_language("fr-CA").lang, "fr");
        assert_eq!(for_language("FR_be").lang, "fr");
        assert_eq!(for_language("en-GB").lang, "en");
        assert_eq!(for_language("de").lang, "en");
        assert_eq!(for_language("").lang, "en");
        assert_eq!(for_language("frr").lang, "en");
    }

    #[test]
    fn every_language_names_every_category_and_exemption() {
        for texts in BUILT_IN {
            for category in Category::ALL {
                assert!(!texts.category(*category).is_empty());
            }
            for exemption in Exemption::ALL {
                assert!(!texts.exemption(*exemption).is_empty());
            }
            assert_eq!(texts.units.len(), TimeUnit::ALL.len());
            assert!(texts.columns.iter().all(|c| !c.is_empty()));
        }
        assert_eq!(
            FR.category(Category::Necessary),
            "Cookies nécessaires au bon fonctionnement de la plateforme"
        );
        assert_eq!(FR.columns[2], "Noms des cookies");
    }
}
