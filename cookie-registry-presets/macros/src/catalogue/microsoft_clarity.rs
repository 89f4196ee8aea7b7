//! Microsoft Clarity (clarity.ms tag).
//!
//! Source: Microsoft Learn, "Clarity cookies",
//! <https://learn.microsoft.com/en-us/clarity/setup-and-installation/cookie-list>: `_clck`
//! (Clarity user ID and preferences, unique to the site) and `_clsk` (joins page views into one
//! recording) are first-party cookies on the site's domain; `CLID`, `MUID`, `MR`, `SM` and
//! `ANONCHK` are set on Microsoft's domains (clarity.ms, bing.com). The copy of that page read
//! here has no expiry column: the lifetimes (`_clck` 1 year, `_clsk` 1 day, `CLID` 1 year,
//! `MUID` 1 year, `MR` 7 days, `ANONCHK` 10 minutes, `SM` session) are those that sites
//! reproducing Microsoft's table give, and agree with the Open Cookie Database except as
//! noted below.
//!
//! Categories: `_clck`, `_clsk` and `CLID` are statistics. Microsoft says `MUID` serves
//! "advertising, site analytics, and other operational purposes", and `MR`, `SM` and `ANONCHK`
//! exist for `MUID`: marketing, since a cookie with several purposes takes the strictest.
//! Changed from the Open Cookie Database: `_clsk` is a session cookie there (1 day here) and
//! `MR` 6 months (7 days here).

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Statistics,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Behaviour analysis: heatmaps and session recordings (every page)",
        fr: "Analyse du comportement\u{a0}: cartes de chaleur et enregistrements de sessions (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

const MICROSOFT: Cookie = Cookie {
    category: Category::Marketing,
    party: Party::Third,
    set_by: SetBy::VendorDomain,
    ..BASE
};

pub const MICROSOFT_CLARITY: Service = Service {
    name: "microsoft_clarity",
    provider: "Microsoft Clarity",
    privacy_policy: "https://privacy.microsoft.com/privacystatement",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "UserId",
            name: "_clck",
            lifetime: "1 year",
            purpose: Text {
                en: "To recognise a returning visitor on this site, with a random identifier and their Clarity settings",
                fr: "Reconnaître un visiteur qui revient sur ce site, au moyen d’un identifiant aléatoire et de ses réglages Clarity",
            },
            ..BASE
        },
        Cookie {
            handle: "SessionKey",
            name: "_clsk",
            lifetime: "1 day",
            purpose: Text {
                en: "To join the pages seen by the visitor into one recording",
                fr: "Réunir les pages vues par le visiteur en un seul enregistrement",
            },
            ..BASE
        },
        Cookie {
            handle: "FirstSeen",
            name: "CLID",
            party: Party::Third,
            set_by: SetBy::VendorDomain,
            lifetime: "1 year",
            purpose: Text {
                en: "To record when Clarity first saw the browser, on any site that uses Clarity",
                fr: "Enregistrer la première fois que Clarity a vu le navigateur, sur tout site qui utilise Clarity",
            },
            ..BASE
        },
        Cookie {
            handle: "MicrosoftUserId",
            name: "MUID",
            lifetime: "1 year",
            purpose: Text {
                en: "To identify the browser across Microsoft's sites, for advertising, analytics and operations",
                fr: "Identifier le navigateur sur les sites de Microsoft, pour la publicité, l’analyse et l’exploitation",
            },
            ..MICROSOFT
        },
        Cookie {
            handle: "MuidRefresh",
            name: "MR",
            lifetime: "7 days",
            purpose: Text {
                en: "To tell whether Microsoft's browser identifier (MUID) must be refreshed",
                fr: "Indiquer si l’identifiant de navigateur de Microsoft (MUID) doit être renouvelé",
            },
            ..MICROSOFT
        },
        Cookie {
            handle: "MuidSync",
            name: "SM",
            lifetime: "session",
            purpose: Text {
                en: "To synchronise Microsoft's browser identifier (MUID) across Microsoft's domains",
                fr: "Synchroniser l’identifiant de navigateur de Microsoft (MUID) entre les domaines de Microsoft",
            },
            ..MICROSOFT
        },
        Cookie {
            handle: "AnonymousIdCheck",
            name: "ANONCHK",
            lifetime: "10 minutes",
            purpose: Text {
                en: "To tell whether Microsoft's browser identifier is passed to its advertising identifier (always off for Clarity)",
                fr: "Indiquer si l’identifiant de navigateur de Microsoft est transmis à son identifiant publicitaire (toujours désactivé pour Clarity)",
            },
            ..MICROSOFT
        },
    ],
};
