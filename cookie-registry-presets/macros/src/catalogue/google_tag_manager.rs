//! Google Tag Manager.
//!
//! The web container (gtm.js) sets no cookie of its own: the tags it fires do, and each has its
//! preset (`google_analytics_4!`, `meta_pixel!`, ...). What Tag Manager itself writes comes from
//! a server-side container, whose Google Analytics 4 client sets, on the site's own domain:
//!
//! - `FPID`, the server-managed client identifier, `HttpOnly`, 400 days (Max-Age 34,560,000
//!   seconds, the most Chrome keeps);
//! - `FPLC`, the cross-domain linker cookie hashed from `FPID`, readable by scripts, 20 hours.
//!
//! Google documents the option ("Server managed" cookies of the GA4 client) but not these
//! values in a page this crate could check; they come from Simo Ahava's articles on the `FPID`
//! cookie (<https://www.simoahava.com/gtm-tips/cross-domain-tracking-server-side-fpid-cookie/>)
//! and taggingdocs.com's "FPID Cookie Management". The Open Cookie Database lists both as
//! session cookies, which the `Set-Cookie` headers contradict.

use super::{Category, Cookie, Flag, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Statistics,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Audience measurement through server-side tagging (every page)",
        fr: "Mesure d’audience par le marquage côté serveur (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::SiteServer { http_only: true },
    when: When::With("server_side"),
    exempt_with: None,
};

pub const GOOGLE_TAG_MANAGER: Service = Service {
    name: "google_tag_manager",
    provider: "Google Tag Manager",
    privacy_policy: "https://policies.google.com/privacy",
    flags: &[Flag {
        name: "server_side",
        effect: "the cookies a server-side container's Google Analytics 4 client sets (`FPID`, `FPLC`)",
    }],
    default_flags: &[],
    needs_flag: Some(
        "Google Tag Manager's web container sets no cookie of its own: the tags it fires do. Enable \
         their presets instead (`google_analytics_4!()`, `meta_pixel!()`, ...), and write \
         `google_tag_manager!(server_side)` if your tags go through a server-side container, whose \
         Google Analytics 4 client sets `FPID` and `FPLC` on your domain",
    ),
    cookies: &[
        Cookie {
            handle: "ServerManagedClientId",
            name: "FPID",
            lifetime: "400 days",
            purpose: Text {
                en: "To tell visitors apart, with a random identifier kept by the server (not readable by scripts)",
                fr: "Distinguer les visiteurs au moyen d’un identifiant aléatoire géré par le serveur (illisible par les scripts)",
            },
            ..BASE
        },
        Cookie {
            handle: "CrossDomainLinker",
            name: "FPLC",
            lifetime: "20 hours",
            set_by: SetBy::SiteServer { http_only: false },
            purpose: Text {
                en: "To carry the visitor's identifier to the site's other domains (cross-domain measurement)",
                fr: "Transmettre l’identifiant du visiteur aux autres domaines du site (mesure interdomaines)",
            },
            ..BASE
        },
    ],
};
