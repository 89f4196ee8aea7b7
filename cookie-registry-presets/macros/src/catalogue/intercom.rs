//! The Intercom Messenger (chat widget).
//!
//! Source: Intercom Help Center, "Intercom Messenger Cookies",
//! <https://www.intercom.com/help/en/articles/2361922-intercom-messenger-cookies>: first-party
//! cookies on the site's domain, `intercom-id-[app_id]` (anonymous visitor identifier) 9 months,
//! `intercom-session-[app_id]` (the session, refreshed on each logged-in ping) 1 week,
//! `intercom-device-id-[app_id]` (the device, against abuse) 9 months. Intercom says they do not
//! carry the `Secure` flag.
//!
//! Category: functionality: they keep the visitor's conversations and the Messenger working.
//! The Open Cookie Database files them as analytics; Intercom documents no analytics purpose.
//! They are set as soon as the Messenger loads, before the visitor opens it, so they need
//! consent.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Functionality,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Chat with the site (Intercom Messenger, every page)",
        fr: "Discussion avec le site (messagerie Intercom, toutes les pages)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

pub const INTERCOM: Service = Service {
    name: "intercom",
    provider: "Intercom",
    privacy_policy: "https://www.intercom.com/legal/privacy",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "VisitorId",
            name: "intercom-id-*",
            lifetime: "9 months",
            purpose: Text {
                en: "To recognise an anonymous visitor and keep their conversations",
                fr: "Reconnaître un visiteur anonyme et conserver ses conversations",
            },
            ..BASE
        },
        Cookie {
            handle: "Session",
            name: "intercom-session-*",
            lifetime: "1 week",
            purpose: Text {
                en: "To keep the visitor's Messenger session, with access to their conversations",
                fr: "Maintenir la session de messagerie du visiteur et l’accès à ses conversations",
            },
            ..BASE
        },
        Cookie {
            handle: "DeviceId",
            name: "intercom-device-id-*",
            lifetime: "9 months",
            purpose: Text {
                en: "To recognise the device that uses the Messenger, to prevent abuse",
                fr: "Reconnaître l’appareil qui utilise la messagerie, pour prévenir les abus",
            },
            ..BASE
        },
    ],
};
