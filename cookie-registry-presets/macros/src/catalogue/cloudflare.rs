//! Cloudflare in front of the site (its proxy sets these cookies on the site's own domain).
//!
//! Source: Cloudflare, "Cloudflare Cookies",
//! <https://developers.cloudflare.com/fundamentals/reference/policies-compliances/cloudflare-cookies/>:
//! all strictly necessary to provide the services customers request. `__cf_bm` (Bot Management,
//! Bot Fight Mode) expires after 30 minutes of inactivity; `cf_clearance` stores the proof that
//! a challenge was passed, for the zone's Challenge Passage (30 minutes by default, from 5 minutes
//! to a year: Cloudflare's Challenge Passage setting, not stated on the cookies page); `__cflb` (Load Balancer session affinity) lasts "from several seconds up to 24
//! hours", as configured; `_cfuvid` (Rate Limiting rules that tell apart visitors behind one IP
//! address) is a session cookie.
//!
//! Party: first. The cookies are set on the site's domain by the site's own proxy, a service it
//! chose for its own security; Cloudflare does not track visitors across sites with them.
//! Which cookies appear depends on the products the zone uses: the flags name them, and without
//! any the preset declares those of Bot Fight Mode and challenges, which most zones have.
//! Lifetimes are the defaults, and the upper bound for `__cflb`: declare your own if your zone
//! sets others. The Open Cookie Database lists all four as session cookies.

use super::{Category, Cookie, Flag, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Necessary,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Security and delivery of the site (every page)",
        fr: "Sécurité et distribution du site (toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::SiteServer { http_only: true },
    when: When::Always,
    exempt_with: None,
};

pub const CLOUDFLARE: Service = Service {
    name: "cloudflare",
    provider: "Cloudflare",
    privacy_policy: "https://www.cloudflare.com/privacypolicy/",
    flags: &[
        Flag {
            name: "bot_management",
            effect: "`__cf_bm`, for Bot Management, Bot Fight Mode and Super Bot Fight Mode",
        },
        Flag {
            name: "challenges",
            effect: "`cf_clearance`, for challenges and JavaScript detections",
        },
        Flag {
            name: "load_balancing",
            effect: "`__cflb`, for Load Balancer session affinity",
        },
        Flag {
            name: "rate_limiting",
            effect: "`_cfuvid`, for Rate Limiting rules that use the unique visitor ID",
        },
    ],
    default_flags: &["bot_management", "challenges"],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "BotManagement",
            name: "__cf_bm",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To tell people from automated programs (bots) and protect the site from them",
                fr: "Distinguer les personnes des programmes automatisés (robots) et en protéger le site",
            },
            when: When::With("bot_management"),
            ..BASE
        },
        Cookie {
            handle: "Clearance",
            name: "cf_clearance",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To remember that the visitor passed a security check, so that it is not asked again",
                fr: "Retenir que le visiteur a passé une vérification de sécurité, pour ne pas la redemander",
            },
            when: When::With("challenges"),
            ..BASE
        },
        Cookie {
            handle: "LoadBalancer",
            name: "__cflb",
            lifetime: "24 hours",
            purpose: Text {
                en: "To send the visitor's requests to the same server (load balancing)",
                fr: "Adresser les requêtes du visiteur au même serveur (répartition de charge)",
            },
            when: When::With("load_balancing"),
            ..BASE
        },
        Cookie {
            handle: "RateLimiting",
            name: "_cfuvid",
            lifetime: "session",
            purpose: Text {
                en: "To tell apart visitors who share an IP address, so that rate limits do not block them together",
                fr: "Distinguer les visiteurs qui partagent une adresse IP, pour que les limites de débit ne les bloquent pas ensemble",
            },
            when: When::With("rate_limiting"),
            ..BASE
        },
    ],
};
