//! Google Analytics 4 through gtag.js or Google Tag Manager.
//!
//! Source: Google, "[GA4] Cookie usage on websites",
//! <https://support.google.com/analytics/answer/11397207>: `_ga` and `_ga_<container-id>`,
//! both 2 years by default, first-party, set on the highest domain the tag can write
//! (`cookie_domain: 'auto'`). gtag.js sets no `Secure` flag unless told to (`cookie_flags`).
//!
//! Category: statistics, with no exemption. Google Analytics cannot claim the CNIL's
//! audience-measurement exemption: its data goes to Google, which the CNIL's conditions rule
//! out, and its cookies live 2 years, not 13 months.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Statistics,
    party: Party::First,
    lifetime: "2 years",
    function: Text {
        en: "Audience measurement (every page)",
        fr: "Mesure d’audience (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

pub const GOOGLE_ANALYTICS_4: Service = Service {
    name: "google_analytics_4",
    provider: "Google Analytics",
    privacy_policy: "https://policies.google.com/privacy",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "ClientId",
            name: "_ga",
            purpose: Text {
                en: "To tell visitors apart, with a random identifier",
                fr: "Distinguer les visiteurs au moyen d’un identifiant aléatoire",
            },
            ..BASE
        },
        Cookie {
            handle: "SessionState",
            name: "_ga_*",
            purpose: Text {
                en: "To keep the state of the visit (session number and time) for each Analytics property",
                fr: "Conserver l’état de la visite (numéro et horaire de la session) pour chaque propriété Analytics",
            },
            ..BASE
        },
    ],
};
