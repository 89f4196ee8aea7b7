//! The Meta (Facebook) pixel, fbevents.js.
//!
//! Sources: Meta, "ClickID and the fbp and fbc Parameters",
//! <https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/fbp-and-fbc/>
//! (`_fbp` is the browser identifier the pixel stores in a first-party cookie; `_fbc` holds the
//! `fbclid` of the ad click that brought the visitor), and Meta's Cookies Policy,
//! <https://www.facebook.com/privacy/policies/cookies/>, for the lifetimes: 90 days for `_fbp`,
//! `_fbc` and `fr` (read through copies of its table). The pixel writes `_fbp` and `_fbc` on
//! the site's registrable domain; `fr` lives on facebook.com and reaches Meta with the pixel's
//! requests.
//!
//! Changed from the Open Cookie Database: it files `_fbp` and `_fbc` under facebook.com (third
//! party), gives `_fbp` 4 months and `_fbc` 2 years; Meta documents both as first-party cookies
//! of 90 days.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Marketing,
    party: Party::First,
    lifetime: "90 days",
    function: Text {
        en: "Advertising on Facebook and Instagram (every page)",
        fr: "Publicité sur Facebook et Instagram (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

pub const META_PIXEL: Service = Service {
    name: "meta_pixel",
    provider: "Meta (Facebook)",
    privacy_policy: "https://www.facebook.com/privacy/policy/",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "BrowserId",
            name: "_fbp",
            purpose: Text {
                en: "To identify the browser, so that Meta can measure ad conversions and show ads to the site's visitors",
                fr: "Identifier le navigateur, pour que Meta mesure les conversions publicitaires et montre des publicités aux visiteurs du site",
            },
            ..BASE
        },
        Cookie {
            handle: "ClickId",
            name: "_fbc",
            purpose: Text {
                en: "To remember the Facebook or Instagram ad the visitor clicked to come here, to attribute conversions to it",
                fr: "Retenir la publicité Facebook ou Instagram sur laquelle le visiteur a cliqué pour venir, afin de lui attribuer les conversions",
            },
            ..BASE
        },
        Cookie {
            handle: "AdsId",
            name: "fr",
            party: Party::Third,
            set_by: SetBy::VendorDomain,
            purpose: Text {
                en: "To deliver, measure and personalise ads on Meta's services, with browser and user identifiers",
                fr: "Diffuser, mesurer et personnaliser des publicités sur les services de Meta, au moyen d’identifiants du navigateur et de l’utilisateur",
            },
            ..BASE
        },
    ],
};
