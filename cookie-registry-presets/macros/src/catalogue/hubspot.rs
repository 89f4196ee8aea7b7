//! HubSpot, the tracking code (js.hs-scripts.com).
//!
//! Source: HubSpot Knowledge Base, "What cookies does HubSpot set in a visitor's browser?",
//! <https://knowledge.hubspot.com/articles/kcs_article/reports/what-cookies-does-hubspot-set-in-a-visitor-s-browser>:
//! `__hstc` (the main tracking cookie: domain, `hubspotutk`, first, last and current visit
//! times, session number) and `hubspotutk` (the visitor's identity, passed to HubSpot on form
//! submission to deduplicate contacts) expire in 6 months, `__hssc` in 30 minutes, `__hssrc` at
//! the end of the session. They are first-party cookies on the site's domain.
//!
//! Changed from the Open Cookie Database: it gives `__hstc` and `hubspotutk` 13 months (an
//! earlier version of HubSpot's page; 2 years before that), and files them under hubspot.com.
//! Category: HubSpot lists them as analytics cookies; they are declared marketing here, as the
//! Open Cookie Database does, because `hubspotutk` ties the visitor's browsing to a contact
//! record in the site's CRM when a form is submitted, which serves marketing, not statistics.
//! Not declared: HubSpot's own consent-banner cookies (`__hs_opt_out`, `__hs_cookie_cat_pref`,
//! ...), since a site that uses cookie-registry asks for consent with its own banner.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Marketing,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Marketing automation and visitor tracking (every page)",
        fr: "Automatisation marketing et suivi des visiteurs (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

const SESSION: Text = Text {
    en: "To count the visitor's sessions and tell when a new one starts",
    fr: "Compter les sessions du visiteur et repérer le début d’une nouvelle session",
};

pub const HUBSPOT: Service = Service {
    name: "hubspot",
    provider: "HubSpot",
    privacy_policy: "https://legal.hubspot.com/privacy-policy",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "VisitorTracking",
            name: "__hstc",
            lifetime: "6 months",
            purpose: Text {
                en: "To follow the visitor's visits (first, last and current visit, number of sessions)",
                fr: "Suivre les visites du visiteur (première, dernière et actuelle, nombre de sessions)",
            },
            ..BASE
        },
        Cookie {
            handle: "VisitorIdentity",
            name: "hubspotutk",
            lifetime: "6 months",
            purpose: Text {
                en: "To identify the visitor and link their visits to their contact record when they submit a form",
                fr: "Identifier le visiteur et relier ses visites à sa fiche de contact lorsqu’il envoie un formulaire",
            },
            ..BASE
        },
        Cookie {
            handle: "SessionTracking",
            name: "__hssc",
            lifetime: "30 minutes",
            purpose: SESSION,
            ..BASE
        },
        Cookie {
            handle: "SessionRestart",
            name: "__hssrc",
            lifetime: "session",
            purpose: SESSION,
            ..BASE
        },
    ],
};
