//! Matomo, the JavaScript tracker (matomo.js).
//!
//! Source: Matomo FAQ, "What cookies are created by the Matomo JavaScript Tracking client?",
//! <https://matomo.org/faq/general/faq_146/>: first-party cookies on the site's domain,
//! `_pk_id` 13 months, `_pk_ref` 6 months, `_pk_ses`, `_pk_cvar` and `_pk_hsr` 30 minutes,
//! `_pk_testcookie` created and deleted at once. The tracker names them
//! `_pk_id.<site-id>.<domain-hash>` and so on, hence the families. It sets `Secure` only with
//! `setSecureCookie(true)`.
//!
//! The CNIL's audience-measurement exemption is an option (`cnil_exempt`), never the default:
//! it holds only for an instance configured as the CNIL's guide for Matomo says (anonymised IP
//! addresses, no User ID, no cross-site tracking, no transfer), which no compiler can check.
//! Heatmaps and session recordings (`_pk_hsr`) are not audience measurement and are never
//! exempt.

use super::{Category, Cookie, Flag, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Statistics,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Audience measurement (every page)",
        fr: "Mesure d’audience (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: Some("cnil_exempt"),
};

pub const MATOMO: Service = Service {
    name: "matomo",
    provider: "Matomo",
    privacy_policy: "https://matomo.org/privacy-policy/",
    flags: &[
        Flag {
            name: "cnil_exempt",
            effect: "claims the CNIL's audience-measurement exemption, for an instance configured as the CNIL's guide for Matomo says",
        },
        Flag {
            name: "heatmaps",
            effect: "adds `_pk_hsr.*`, the Heatmap & Session Recording plugin's cookie, never exempt",
        },
    ],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "VisitorId",
            name: "_pk_id.*",
            lifetime: "13 months",
            purpose: Text {
                en: "To recognise a returning visitor, with a random identifier",
                fr: "Reconnaître un visiteur qui revient, au moyen d’un identifiant aléatoire",
            },
            ..BASE
        },
        Cookie {
            handle: "Visit",
            name: "_pk_ses.*",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To count the pages seen during one visit",
                fr: "Rattacher les pages vues à une même visite",
            },
            ..BASE
        },
        Cookie {
            handle: "Referrer",
            name: "_pk_ref.*",
            lifetime: "6 months",
            purpose: Text {
                en: "To remember where the visitor first came from (search engine, link, campaign)",
                fr: "Retenir la provenance de la première visite (moteur de recherche, lien, campagne)",
            },
            ..BASE
        },
        Cookie {
            handle: "CustomVariables",
            name: "_pk_cvar.*",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To keep the custom variables of the visit",
                fr: "Conserver les variables personnalisées de la visite",
            },
            ..BASE
        },
        Cookie {
            handle: "CookieTest",
            name: "_pk_testcookie",
            lifetime: "session",
            purpose: Text {
                en: "To check that the browser accepts cookies (deleted at once)",
                fr: "Vérifier que le navigateur accepte les cookies (supprimé aussitôt)",
            },
            ..BASE
        },
        Cookie {
            handle: "HeatmapSession",
            name: "_pk_hsr.*",
            lifetime: "30 minutes",
            function: Text {
                en: "Heatmaps and session recordings",
                fr: "Cartes de chaleur et enregistrements de sessions",
            },
            purpose: Text {
                en: "To link the interactions recorded during one visit",
                fr: "Rattacher à une même visite les interactions enregistrées",
            },
            when: When::With("heatmaps"),
            exempt_with: None,
            ..BASE
        },
    ],
};
