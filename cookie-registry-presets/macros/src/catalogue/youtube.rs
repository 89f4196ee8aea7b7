//! Embedded YouTube videos (the iframe player, youtube.com or youtube-nocookie.com).
//!
//! Sources: Google, "How Google uses cookies", <https://policies.google.com/technologies/cookies>:
//! `VISITOR_INFO1_LIVE` (preferences, detecting and resolving problems) lasts 6 months; `YSC`
//! (makes sure requests within a browsing session come from the user, not other sites) lasts
//! the browsing session. `VISITOR_PRIVACY_METADATA` and `__Secure-ROLLOUT_TOKEN` are set by
//! the embed but not described by Google's page: their lifetimes (180 days) come from the Open
//! Cookie Database.
//!
//! All are third-party cookies on youtube.com: the site can only decide whether the player
//! loads. In privacy-enhanced mode (youtube-nocookie.com) they are set when the visitor starts
//! a video rather than when the page loads; they are the same cookies.
//!
//! Categories: Google files `VISITOR_INFO1_LIVE` under functionality; it is declared marketing
//! here, as the Open Cookie Database does, because it is a 6-month browser identifier that
//! YouTube reads on every site embedding its player. `YSC` is a security cookie by Google's
//! description, but for a player the visitor did not ask for it is not strictly necessary:
//! functionality, which needs consent.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Marketing,
    party: Party::Third,
    lifetime: "",
    function: Text {
        en: "Embedded YouTube videos",
        fr: "Vidéos YouTube intégrées",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::VendorDomain,
    when: When::Always,
    exempt_with: None,
};

pub const YOUTUBE: Service = Service {
    name: "youtube",
    provider: "YouTube (Google)",
    privacy_policy: "https://policies.google.com/privacy",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "VisitorInfo",
            name: "VISITOR_INFO1_LIVE",
            lifetime: "6 months",
            purpose: Text {
                en: "To remember the player's settings and detect problems with the service; YouTube recognises the browser with it wherever its videos are embedded",
                fr: "Retenir les réglages du lecteur et détecter les problèmes du service\u{a0}; YouTube reconnaît le navigateur grâce à lui partout où ses vidéos sont intégrées",
            },
            ..BASE
        },
        Cookie {
            handle: "PrivacyMetadata",
            name: "VISITOR_PRIVACY_METADATA",
            lifetime: "180 days",
            purpose: Text {
                en: "To keep YouTube's record of the visitor's privacy settings",
                fr: "Conserver l’état des réglages de confidentialité du visiteur chez YouTube",
            },
            ..BASE
        },
        Cookie {
            handle: "RolloutToken",
            name: "__Secure-ROLLOUT_TOKEN",
            lifetime: "180 days",
            purpose: Text {
                en: "To identify the browser for YouTube's statistics on the videos watched",
                fr: "Identifier le navigateur pour les statistiques de YouTube sur les vidéos regardées",
            },
            ..BASE
        },
        Cookie {
            handle: "SessionSecurity",
            name: "YSC",
            category: Category::Functionality,
            lifetime: "session",
            purpose: Text {
                en: "To check that the player's requests during the browsing session come from the visitor, not from another site (security)",
                fr: "Vérifier que les requêtes du lecteur pendant la session de navigation viennent du visiteur et non d’un autre site (sécurité)",
            },
            ..BASE
        },
    ],
};
