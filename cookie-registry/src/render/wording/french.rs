//! The built-in texts in French. Typography: a no-break space before `:` and `?`, and inside
//! « ».

use super::texts::Texts;

/// French: 0 and 1 take the singular.
fn plural(n: u32) -> bool {
    n >= 2
}

pub(crate) const FRENCH: Texts = Texts {
    lang: "fr",
    title: "Politique relative aux cookies",
    intro: "Ce site utilise des cookies et des technologies similaires, comme le localStorage, pour \
        assurer son bon fonctionnement et, avec votre consentement lorsque la loi l'exige, pour \
        mesurer son audience. Cette page les présente un par un\u{a0}: qui les dépose, à quoi ils \
        servent et combien de temps ils sont conservés.",
    what_is_heading: "Qu'est-ce qu'un cookie\u{a0}?",
    what_is: "Un cookie est une petite suite d'informations, identifiée par un nom, qu'un site web \
        que vous consultez transmet à votre navigateur. Votre navigateur la conserve pendant une \
        durée déterminée et la renvoie à ce site à chacune de vos visites. Les cookies ont de \
        multiples usages\u{a0}: maintenir votre connexion, mémoriser le contenu d'un panier d'achat \
        ou vos préférences d'affichage, ou encore identifier votre navigateur pour établir des \
        statistiques ou cibler la publicité.",
    kinds_intro: "Il existe plusieurs types de cookies\u{a0}:",
    kinds: [
        (
            "Les cookies nécessaires",
            "conservent des informations d'une page ou d'une visite à l'autre pour que le service \
             que vous avez demandé fonctionne\u{a0}: connexion, panier d'achat, préférences \
             d'affichage. Ils ne requièrent pas votre consentement.",
        ),
        (
            "Les cookies statistiques",
            "mesurent la manière dont les visiteurs utilisent un site. Ils requièrent votre \
             consentement, sauf si les statistiques sont anonymes, c'est-à-dire si elles ne \
             permettent pas de retrouver une personne.",
        ),
        (
            "Les cookies internes («\u{a0}first-party\u{a0}»)",
            "sont déposés par le site que vous consultez. En plus des cookies nécessaires, ils \
             peuvent servir à collecter des données personnelles, à suivre votre comportement ou \
             à des fins publicitaires.",
        ),
        (
            "Les cookies tiers («\u{a0}third-party\u{a0}»)",
            "sont déposés par (ou pour) un autre site, souvent une régie publicitaire, sur le site \
             que vous consultez. Ils permettent à cet autre site de voir quelles pages vous avez \
             visitées et de collecter des informations sur vous.",
        ),
    ],
    withdraw: "Lorsqu'un cookie requiert votre consentement, vous pouvez retirer ce consentement à \
        tout moment.",
    used_on: "Quels cookies sont utilisés sur ",
    used_on_this_site: "Quels cookies sont utilisés sur ce site",
    columns: [
        "Nom du prestataire",
        "Service et emplacement",
        "Noms des cookies",
        "Finalités",
        "Durée de conservation",
    ],
    third_party: " (tiers)",
    privacy_policy: ", politique de confidentialité\u{a0}: ",
    consent_not_required: "Ces cookies ne requièrent pas votre consentement.",
    consent_required: "Ces cookies requièrent votre consentement.",
    exempt_from_consent: "exempté de consentement\u{a0}: ",
    name_separator: "\u{a0}: ",
    session: "Session",
    units: [
        ("seconde", "secondes"),
        ("minute", "minutes"),
        ("heure", "heures"),
        ("jour", "jours"),
        ("semaine", "semaines"),
        ("mois", "mois"),
        ("an", "ans"),
    ],
    plural,
    categories: [
        "Cookies nécessaires au bon fonctionnement de la plateforme",
        "Cookies de fonctionnalité",
        "Cookies de mesure d'audience (statistiques)",
        "Cookies de publicité et de suivi",
    ],
    exemptions: [
        "strictement nécessaire",
        "conservation de vos choix de consentement",
        "mesure d'audience anonyme",
    ],
};
