//! The LinkedIn Insight Tag (insight.min.js).
//!
//! Sources: LinkedIn, "LinkedIn Cookie Table", <https://www.linkedin.com/legal/l/cookie-table>,
//! which lists the cookies LinkedIn sets on third-party sites through the Insight Tag (only part
//! of it could be read here), and the Open Cookie Database, whose LinkedIn rows reproduce that
//! table: `li_fat_id` 30 days and `li_giant` 7 days (first-party, on the site's domain);
//! `lms_ads`, `lms_analytics`, `AnalyticsSyncHistory` and `UserMatchHistory` 30 days, `li_sugr`
//! 90 days, `bcookie` 1 year, `lidc` 24 hours (third-party, on linkedin.com).
//!
//! Changed from the Open Cookie Database: it files `li_fat_id`, `li_giant` and `lms_analytics`
//! as functional and gives `UserMatchHistory` a session lifetime; LinkedIn describes the first
//! three as identifiers of members off LinkedIn for conversion tracking, retargeting and
//! analytics (marketing), and `UserMatchHistory` as a 30-day ID sync. `lidc` only routes
//! requests to a data centre: functionality, which still needs consent since the tag does.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Marketing,
    party: Party::Third,
    lifetime: "30 days",
    function: Text {
        en: "Advertising on LinkedIn (every page)",
        fr: "Publicité sur LinkedIn (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::VendorDomain,
    when: When::Always,
    exempt_with: None,
};

const MEMBER_ID: Text = Text {
    en: "To recognise LinkedIn members off LinkedIn, to measure ad conversions and show them ads",
    fr: "Reconnaître les membres de LinkedIn hors de LinkedIn, pour mesurer les conversions publicitaires et leur montrer des publicités",
};

const ID_SYNC: Text = Text {
    en: "To record when the visitor's LinkedIn identifiers were last synchronised",
    fr: "Enregistrer la date de la dernière synchronisation des identifiants LinkedIn du visiteur",
};

pub const LINKEDIN_INSIGHT: Service = Service {
    name: "linkedin_insight",
    provider: "LinkedIn",
    privacy_policy: "https://www.linkedin.com/legal/privacy-policy",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "MemberIndirectId",
            name: "li_fat_id",
            party: Party::First,
            set_by: SetBy::Script { secure: false },
            purpose: MEMBER_ID,
            ..BASE
        },
        Cookie {
            handle: "GroupIndirectId",
            name: "li_giant",
            party: Party::First,
            set_by: SetBy::Script { secure: false },
            lifetime: "7 days",
            purpose: Text {
                en: "To identify groups of LinkedIn members, to measure ad conversions",
                fr: "Identifier des groupes de membres de LinkedIn, pour mesurer les conversions publicitaires",
            },
            ..BASE
        },
        Cookie {
            handle: "Ads",
            name: "lms_ads",
            purpose: MEMBER_ID,
            ..BASE
        },
        Cookie {
            handle: "Analytics",
            name: "lms_analytics",
            purpose: MEMBER_ID,
            ..BASE
        },
        Cookie {
            handle: "AnalyticsSyncHistory",
            name: "AnalyticsSyncHistory",
            purpose: ID_SYNC,
            ..BASE
        },
        Cookie {
            handle: "UserMatchHistory",
            name: "UserMatchHistory",
            purpose: ID_SYNC,
            ..BASE
        },
        Cookie {
            handle: "ProbabilisticMatch",
            name: "li_sugr",
            lifetime: "90 days",
            purpose: Text {
                en: "To match the browser to a probable LinkedIn member, for advertising",
                fr: "Associer le navigateur à un membre probable de LinkedIn, à des fins publicitaires",
            },
            ..BASE
        },
        Cookie {
            handle: "BrowserId",
            name: "bcookie",
            lifetime: "1 year",
            purpose: Text {
                en: "To identify the browser for LinkedIn",
                fr: "Identifier le navigateur auprès de LinkedIn",
            },
            ..BASE
        },
        Cookie {
            handle: "DataCenter",
            name: "lidc",
            category: Category::Functionality,
            lifetime: "24 hours",
            purpose: Text {
                en: "To route the tag's requests to a LinkedIn data centre",
                fr: "Acheminer les requêtes de la balise vers un centre de données de LinkedIn",
            },
            ..BASE
        },
    ],
};
