//! The built-in texts in English.

use super::texts::Texts;

/// English takes the plural for every amount but 1.
fn plural(n: u32) -> bool {
    n != 1
}

pub(crate) const ENGLISH: Texts = Texts {
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
    plural,
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
