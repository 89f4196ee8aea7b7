//! Hotjar, the tracking code (heatmaps, recordings, surveys, feedback).
//!
//! Source: Hotjar Help Center, "Cookies and local storage set by Hotjar" (help.hotjar.com),
//! read through a copy of its table: `_hjSessionUser_{site_id}` 365 days, `_hjSession_{site_id}`
//! 30 minutes, the survey and feedback cookies 365 days, `_hjIncludedInSessionSample_{site_id}`
//! 30 minutes, `_hjHasCachedUserAttributes` and `_hjTLDTest` for the session,
//! `_hjUserAttributesHash` 2 minutes (extended every 30 seconds), the storage tests deleted
//! within 100 ms, `hjViewportId` and `_hjRecordingLastActivity` in sessionStorage. Hotjar writes
//! them on the most generic domain it can (the point of `_hjTLDTest`), so `cookie_domain`
//! applies.
//!
//! Not declared: the localStorage items `_hjUserAttributes` and `hjActiveViewportIds`, which
//! Hotjar keeps with "no explicit expiration": the grammar asks a localStorage item for the
//! time after which it is deleted, and none exists. The storage tests, deleted within 100 ms,
//! are declared with the grammar's smallest lifetime, 1 second.
//!
//! Category: statistics for all. The Open Cookie Database files half of them as functional;
//! they only exist while Hotjar runs, so consent to Hotjar covers all of them.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Statistics,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Behaviour analysis: heatmaps, recordings, surveys (every page)",
        fr: "Analyse du comportement\u{a0}: cartes de chaleur, enregistrements, enquêtes (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

const STORAGE_TEST: Text = Text {
    en: "To check that the browser lets Hotjar store data (deleted at once)",
    fr: "Vérifier que le navigateur permet à Hotjar d’enregistrer des données (supprimé aussitôt)",
};

const SURVEY: Text = Text {
    en: "To not show again a survey or feedback widget the visitor closed, answered or minimised",
    fr: "Ne pas montrer de nouveau une enquête ou un module d’avis que le visiteur a fermé, rempli ou réduit",
};

const USER_ATTRIBUTES: Text = Text {
    en: "To know whether the visitor's attributes sent to Hotjar have changed",
    fr: "Savoir si les attributs du visiteur envoyés à Hotjar ont changé",
};

const RECORDING: Text = Text {
    en: "To continue the recording of the visit from one page to the next",
    fr: "Poursuivre l’enregistrement de la visite d’une page à l’autre",
};

pub const HOTJAR: Service = Service {
    name: "hotjar",
    provider: "Hotjar",
    privacy_policy: "https://www.hotjar.com/legal/policies/privacy/",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "UserId",
            name: "_hjSessionUser_*",
            lifetime: "365 days",
            purpose: Text {
                en: "To recognise a returning visitor on this site, with a random identifier",
                fr: "Reconnaître un visiteur qui revient sur ce site, au moyen d’un identifiant aléatoire",
            },
            ..BASE
        },
        Cookie {
            handle: "Session",
            name: "_hjSession_*",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To link the pages seen during one visit",
                fr: "Rattacher les pages vues à une même visite",
            },
            ..BASE
        },
        Cookie {
            handle: "IncludedInSessionSample",
            name: "_hjIncludedInSessionSample_*",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To know whether the visit is part of the sample Hotjar records",
                fr: "Savoir si la visite fait partie de l’échantillon que Hotjar enregistre",
            },
            ..BASE
        },
        Cookie {
            handle: "ClosedSurveyInvites",
            name: "_hjClosedSurveyInvites",
            lifetime: "365 days",
            purpose: SURVEY,
            ..BASE
        },
        Cookie {
            handle: "DonePolls",
            name: "_hjDonePolls",
            lifetime: "365 days",
            purpose: SURVEY,
            ..BASE
        },
        Cookie {
            handle: "MinimizedPolls",
            name: "_hjMinimizedPolls",
            lifetime: "365 days",
            purpose: SURVEY,
            ..BASE
        },
        Cookie {
            handle: "ShownFeedbackMessage",
            name: "_hjShownFeedbackMessage",
            lifetime: "365 days",
            purpose: SURVEY,
            ..BASE
        },
        Cookie {
            handle: "HasCachedUserAttributes",
            name: "_hjHasCachedUserAttributes",
            lifetime: "session",
            purpose: USER_ATTRIBUTES,
            ..BASE
        },
        Cookie {
            handle: "UserAttributesHash",
            name: "_hjUserAttributesHash",
            lifetime: "2 minutes",
            purpose: USER_ATTRIBUTES,
            ..BASE
        },
        Cookie {
            handle: "TopLevelDomainTest",
            name: "_hjTLDTest",
            lifetime: "session",
            purpose: Text {
                en: "To find the most general domain Hotjar's cookies can use (deleted at once)",
                fr: "Trouver le domaine le plus général utilisable par les cookies de Hotjar (supprimé aussitôt)",
            },
            ..BASE
        },
        Cookie {
            handle: "CookieTest",
            name: "_hjCookieTest",
            lifetime: "session",
            purpose: STORAGE_TEST,
            ..BASE
        },
        Cookie {
            handle: "LocalStorageTest",
            name: "_hjLocalStorageTest",
            storage: Storage::LocalStorage,
            set_by: SetBy::Storage,
            lifetime: "1 second",
            purpose: STORAGE_TEST,
            ..BASE
        },
        Cookie {
            handle: "SessionStorageTest",
            name: "_hjSessionStorageTest",
            storage: Storage::SessionStorage,
            set_by: SetBy::Storage,
            lifetime: "session",
            purpose: STORAGE_TEST,
            ..BASE
        },
        Cookie {
            handle: "ViewportId",
            name: "hjViewportId",
            storage: Storage::SessionStorage,
            set_by: SetBy::Storage,
            lifetime: "session",
            purpose: Text {
                en: "To record the size of the visitor's window for heatmaps and recordings",
                fr: "Enregistrer la taille de la fenêtre du visiteur pour les cartes de chaleur et les enregistrements",
            },
            ..BASE
        },
        Cookie {
            handle: "RecordingLastActivity",
            name: "_hjRecordingLastActivity",
            storage: Storage::SessionStorage,
            set_by: SetBy::Storage,
            lifetime: "session",
            purpose: RECORDING,
            ..BASE
        },
        Cookie {
            handle: "RecordingEnabled",
            name: "_hjRecordingEnabled",
            storage: Storage::SessionStorage,
            set_by: SetBy::Storage,
            lifetime: "session",
            purpose: RECORDING,
            ..BASE
        },
    ],
};
