//! Stripe.js (Stripe Elements, Checkout on the site's pages).
//!
//! Sources: Stripe, "Cookies" in the Stripe.js reference,
//! <https://docs.stripe.com/js/appendix/cookies> ("Stripe.js only uses essential cookies to
//! ensure the site works properly, detect and prevent fraud, and understand how people interact
//! with Stripe"), and Stripe's Cookies Policy, <https://stripe.com/cookies-policy/legal>:
//! `__stripe_mid` 1 year, `__stripe_sid` 30 minutes, fraud prevention and detection. Stripe.js
//! writes them on the site's domain, so they are first-party cookies.
//!
//! Category: necessary, as Stripe classifies them: fraud prevention for the payment the visitor
//! asked for (WP194's user-centric security). Two caveats the docs repeat: Stripe also names
//! "understand how people interact with Stripe" among the reasons, and a cookie with several
//! purposes is exempt only if every purpose is (WP194); and the exemption holds where the
//! visitor pays, so load Stripe.js on payment pages only. The Open Cookie Database files them
//! under stripe.com, a third-party domain; they are set on the site's.

use super::{Category, Cookie, Party, Service, SetBy, Storage, Text, When};

const BASE: Cookie = Cookie {
    handle: "",
    name: "",
    storage: Storage::HttpCookie,
    category: Category::Necessary,
    party: Party::First,
    lifetime: "",
    function: Text {
        en: "Payment (pages where the visitor pays)",
        fr: "Paiement (pages où le visiteur paie)",
    },
    purpose: Text { en: "", fr: "" },
    justification: None,
    set_by: SetBy::Script { secure: false },
    when: When::Always,
    exempt_with: None,
};

pub const STRIPE: Service = Service {
    name: "stripe",
    provider: "Stripe",
    privacy_policy: "https://stripe.com/privacy",
    flags: &[],
    default_flags: &[],
    needs_flag: None,
    cookies: &[
        Cookie {
            handle: "MachineId",
            name: "__stripe_mid",
            lifetime: "1 year",
            purpose: Text {
                en: "To detect and prevent payment fraud, by recognising the browser",
                fr: "Détecter et prévenir la fraude au paiement, en reconnaissant le navigateur",
            },
            ..BASE
        },
        Cookie {
            handle: "SessionId",
            name: "__stripe_sid",
            lifetime: "30 minutes",
            purpose: Text {
                en: "To detect and prevent payment fraud during the visit",
                fr: "Détecter et prévenir la fraude au paiement pendant la visite",
            },
            ..BASE
        },
    ],
};
