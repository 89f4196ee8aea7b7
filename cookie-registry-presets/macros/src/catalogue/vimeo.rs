//! Embedded Vimeo videos (the player.vimeo.com iframe).
//!
//! Source: Vimeo Help Center, "Cookies set by the Vimeo player" (last updated July 30, 2024),
//! <https://help.vimeo.com/hc/en-us/articles/26080940921361>: `vuid` 2 years, `player` and
//! `flags` 1 year, `player_clearance` 7 days, `lc_<hash>` 7 days; Cloudflare's `__cf_bm`
//! 30 minutes, `_cfuvid` for the session and `cf_clearance` 1 year, on vimeo.com. With the
//! embed's `dnt=1` parameter, Vimeo sets no new cookie of its own: only Cloudflare's remain.
//!
//! Changed from Vimeo's table: it spells Cloudflare's cookie `_cf_bm`; Cloudflare's own
//! documentation names it `__cf_bm`. Not declared, because the grammar only has families by
//! prefix (`lc_*`) and these names vary before a fixed suffix: `<clip_id>_password` (session),
//! `<webinar_uuid>_webinar_registrant` (7 days); both only for password-protected videos and
//! webinars. The Open Cookie Database gives `vuid` and `player` a lifetime of 1 minute, which
//! Vimeo's table contradicts.
//!
//! Categories: `vuid` is analytics for the video's owner (statistics); the rest keep the player
//! working (functionality). Cloudflare's cookies protect Vimeo, not the site, and are set as soon
//! as the player loads, which the visitor did not ask for: functionality, not necessary.
//! Cloudflare's cookie names are also those of the `cloudflare!` preset, and a crate declares a
//! name once: `without_cloudflare_cookies` leaves them to that preset.

use super::{Category, Cookie, Flag, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Functionality,
    party: Party::Third,
    lifetime: "",
    function: Text {
        en: "Embedded Vimeo videos",
        fr: "Vidéos Vimeo intégrées",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::VendorDomain,
    when: When::Without("do_not_track"),
    exempt_with: None,
};

const CLOUDFLARE: When = When::Without("without_cloudflare_cookies");

pub const VIMEO: Service = Service {
    name: "vimeo",
    provider: "Vimeo",
    privacy_policy: "https://vimeo.com/privacy",
    flags: &[
        Flag {
            name: "do_not_track",
            effect: "for players embedded with `dnt=1`: Vimeo sets none of its own cookies, only Cloudflare's",
        },
        Flag {
            name: "without_cloudflare_cookies",
            effect: "leaves `__cf_bm`, `_cfuvid` and `cf_clearance` to the `cloudflare!` preset of the same crate",
        },
    ],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "VisitorId",
            name: "vuid",
            category: Category::Statistics,
            lifetime: "2 years",
            purpose: Text {
                en: "To produce viewing statistics for the video's owner",
                fr: "Produire des statistiques de visionnage pour le propriétaire de la vidéo",
            },
            ..BASE
        },
        Cookie {
            handle: "PlayerSettings",
            name: "player",
            lifetime: "1 year",
            purpose: Text {
                en: "To remember the player's settings (volume, quality, subtitles)",
                fr: "Retenir les réglages du lecteur (volume, qualité, sous-titres)",
            },
            ..BASE
        },
        Cookie {
            handle: "FeatureFlags",
            name: "flags",
            lifetime: "1 year",
            purpose: Text {
                en: "To apply the player features chosen by the video's owner",
                fr: "Appliquer les fonctions du lecteur choisies par le propriétaire de la vidéo",
            },
            ..BASE
        },
        Cookie {
            handle: "PlayerClearance",
            name: "player_clearance",
            lifetime: "7 days",
            purpose: Text {
                en: "To keep automated programs (bots) away from the player",
                fr: "Écarter les programmes automatisés (robots) du lecteur",
            },
            ..BASE
        },
        Cookie {
            handle: "RegistrationForm",
            name: "lc_*",
            lifetime: "7 days",
            purpose: Text {
                en: "To remember that the visitor filled in the video's registration form",
                fr: "Retenir que le visiteur a rempli le formulaire d’inscription de la vidéo",
            },
            ..BASE
        },
        Cookie {
            handle: "CloudflareBotManagement",
            name: "__cf_bm",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To tell people from automated programs (bots), for Cloudflare's protection of Vimeo",
                fr: "Distinguer les personnes des programmes automatisés (robots), pour la protection de Vimeo par Cloudflare",
            },
            when: CLOUDFLARE,
            ..BASE
        },
        Cookie {
            handle: "CloudflareRateLimiting",
            name: "_cfuvid",
            lifetime: "session",
            purpose: Text {
                en: "To tell apart visitors who share an IP address, for Cloudflare's rate limits",
                fr: "Distinguer les visiteurs qui partagent une adresse IP, pour les limites de débit de Cloudflare",
            },
            when: CLOUDFLARE,
            ..BASE
        },
        Cookie {
            handle: "CloudflareClearance",
            name: "cf_clearance",
            lifetime: "1 year",
            purpose: Text {
                en: "To remember that the visitor passed Cloudflare's check, so that it is not asked again",
                fr: "Retenir que le visiteur a passé la vérification de Cloudflare, pour ne pas la redemander",
            },
            when: CLOUDFLARE,
            ..BASE
        },
    ],
};
