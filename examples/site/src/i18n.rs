//! The site's two languages, how a request picks one, and the interface texts in each.

/// A language the site is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English, the fallback.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, in the order the language switch lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag: `en`, `fr`.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name, for the language switch.
    pub const fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// A language tag's language, by its primary subtag, any letter case (`fr-CA` is French).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("fr") {
            Some(Lang::Fr)
        } else {
            None
        }
    }

    /// The preferred language of an `Accept-Language` header (RFC 9110 §12.5.4): the supported
    /// language with the highest `q`, the first listed among equals; `q=0` means "not this";
    /// `*` stands for English. `None` when nothing listed is supported.
    pub fn negotiate(accept_language: &str) -> Option<Lang> {
        let mut best: Option<(Lang, u16)> = None;
        for item in accept_language.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim();
            let mut quality = 1000;
            for parameter in parts {
                let Some((key, value)) = parameter.split_once('=') else {
                    continue;
                };
                if key.trim().eq_ignore_ascii_case("q") {
                    quality = parse_quality(value.trim()).unwrap_or(0);
                }
            }
            let lang = if tag == "*" {
                Some(Lang::En)
            } else {
                Lang::from_tag(tag)
            };
            if let Some(lang) = lang
                && quality > 0
                && best.is_none_or(|(_, q)| quality > q)
            {
                best = Some((lang, quality));
            }
        }
        best.map(|(lang, _)| lang)
    }

    /// The interface texts in this language.
    pub const fn texts(self) -> &'static Texts {
        match self {
            Lang::En => &EN,
            Lang::Fr => &FR,
        }
    }
}

/// A `qvalue` in thousandths: `1`, `0.8`, `0.125` (at most three decimals, at most 1).
fn parse_quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The interface texts of one language. `{…}` marks are filled in by the code that uses them.
pub struct Texts {
    pub site_name: &'static str,
    pub skip_link: &'static str,
    pub nav_label: &'static str,
    pub nav_home: &'static str,
    pub nav_login: &'static str,
    pub nav_policy: &'static str,
    pub nav_preferences: &'static str,
    pub language_label: &'static str,
    pub footer_label: &'static str,
    pub footer_revision: &'static str,

    pub banner_title: &'static str,
    pub banner_text: &'static str,
    pub banner_more: &'static str,
    pub accept_all: &'static str,
    pub reject_all: &'static str,
    pub save_choices: &'static str,
    pub choose_legend: &'static str,
    pub necessary_name: &'static str,
    pub necessary_text: &'static str,
    pub always_on: &'static str,
    pub cookies_label: &'static str,
    pub functionality_name: &'static str,
    pub functionality_text: &'static str,
    pub statistics_name: &'static str,
    pub statistics_text: &'static str,
    pub marketing_name: &'static str,
    pub marketing_text: &'static str,

    pub home_title: &'static str,
    pub home_intro: &'static str,
    pub home_datasets_title: &'static str,
    pub home_datasets: [&'static str; 3],
    pub video_title: &'static str,
    pub video_blocked: &'static str,
    pub video_unavailable: &'static str,
    pub account_title: &'static str,
    pub signed_in_as: &'static str,
    pub sign_out: &'static str,
    pub sign_in_prompt: &'static str,

    pub login_title: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    pub sign_in: &'static str,
    pub login_hint: &'static str,
    pub login_missing: &'static str,

    pub preferences_title: &'static str,
    pub preferences_intro: &'static str,
    pub status_none: &'static str,
    pub status_given: &'static str,
    pub granted_word: &'static str,
    pub refused_word: &'static str,
    pub preferences_withdraw: &'static str,
    pub consent_saved: &'static str,
    pub consent_id_label: &'static str,
    pub download_records: &'static str,
    pub not_saved_title: &'static str,
    pub not_saved_text: &'static str,
    pub not_saved_back: &'static str,
    pub gpc_honoured: &'static str,

    pub forbidden_title: &'static str,
    pub forbidden_text: &'static str,
    pub cross_site_title: &'static str,
    pub cross_site_text: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub error_title: &'static str,
    pub error_text: &'static str,
}

static EN: Texts = Texts {
    site_name: "Example open data portal",
    skip_link: "Skip to content",
    nav_label: "Main",
    nav_home: "Home",
    nav_login: "Sign in",
    nav_policy: "Cookie policy",
    nav_preferences: "Cookie preferences",
    language_label: "Language:",
    footer_label: "Cookies",
    footer_revision: "Cookie policy revision",

    banner_title: "Your choice about cookies",
    banner_text: "Necessary cookies keep this site working. With your consent, we also measure our audience and let the home page's video player set its cookies. You can change your mind at any time in “Cookie preferences”.",
    banner_more: "Read the cookie policy",
    accept_all: "Accept all",
    reject_all: "Reject all",
    save_choices: "Save my choices",
    choose_legend: "Choose by category",
    necessary_name: "Necessary",
    necessary_text: "Sign-in, language, form security and this choice. Always on: the site cannot work without them.",
    always_on: "always on",
    cookies_label: "Cookies:",
    functionality_name: "Functionality",
    functionality_text: "Remember optional interface settings.",
    statistics_name: "Statistics",
    statistics_text: "Measure our audience (Matomo, hosted by us) to improve the site.",
    marketing_name: "Marketing",
    marketing_text: "Let the video host (Example Video) set its cookies when you watch the embedded video.",

    home_title: "Welcome to the example open data portal",
    home_intro: "Browse public datasets published by the city. This site is the cookie-registry example: every cookie it sets is declared once in its code, and a middleware holds every response to those declarations and to your choice.",
    home_datasets_title: "Popular datasets",
    home_datasets: [
        "Bicycle counters, hourly",
        "Trees of the city parks",
        "Air quality stations",
    ],
    video_title: "Video: how to use the portal",
    video_blocked: "This video is hosted by Example Video, which sets marketing cookies. Allow marketing cookies in your cookie preferences to watch it here.",
    video_unavailable: "You allowed marketing cookies, but this server runs without its video host: the player would load here.",
    account_title: "Your account",
    signed_in_as: "Signed in as",
    sign_out: "Sign out",
    sign_in_prompt: "Sign in to save your favourite datasets.",

    login_title: "Sign in",
    username: "Username",
    password: "Password",
    sign_in: "Sign in",
    login_hint: "This is a demo: any username and password sign you in.",
    login_missing: "Enter a username.",

    preferences_title: "Cookie preferences",
    preferences_intro: "Choose which cookies this site may use. You can change or withdraw your consent here at any time; withdrawing deletes the cookies concerned, including those your browser's scripts cannot reach.",
    status_none: "You have not made a choice yet: only necessary cookies are used.",
    status_given: "Your current choice, made on",
    granted_word: "accepted",
    refused_word: "refused",
    preferences_withdraw: "To withdraw your consent, untick a category and save, or reject all.",
    consent_saved: "Your cookie choices have been saved.",
    consent_id_label: "Your consent ID (quote it if you ask us about your choices):",
    download_records: "Download the record of your choices (JSON)",
    not_saved_title: "Your choice could not be saved",
    not_saved_text: "We could not record your choice, so nothing was changed: your previous choice, if any, still applies; otherwise only necessary cookies are used. Please try again in a moment.",
    not_saved_back: "Go back and try again",
    gpc_honoured: "Your browser sends the Global Privacy Control signal: marketing cookies are refused, and this site does not ask for them.",

    forbidden_title: "This form has expired",
    forbidden_text: "For your security, the form could not be accepted. Go back, reload the page and try again.",
    cross_site_title: "This form did not come from this site",
    cross_site_text: "For your security, nothing was changed: your browser says the form was sent from another site or page. To change your choices, use this site's own pages, such as “Cookie preferences” at the bottom of every page.",
    not_found_title: "Page not found",
    not_found_text: "There is nothing at this address.",
    error_title: "Something went wrong",
    error_text: "The page could not be shown. Please try again later.",
};

static FR: Texts = Texts {
    site_name: "Portail de données ouvertes (exemple)",
    skip_link: "Aller au contenu",
    nav_label: "Principale",
    nav_home: "Accueil",
    nav_login: "Se connecter",
    nav_policy: "Politique de cookies",
    nav_preferences: "Préférences cookies",
    language_label: "Langue :",
    footer_label: "Cookies",
    footer_revision: "Révision de la politique de cookies",

    banner_title: "Vos choix en matière de cookies",
    banner_text: "Les cookies nécessaires font fonctionner ce site. Avec votre accord, nous mesurons aussi notre audience et laissons le lecteur vidéo de l'accueil déposer ses cookies. Vous pouvez changer d'avis à tout moment dans « Préférences cookies ».",
    banner_more: "Lire la politique de cookies",
    accept_all: "Tout accepter",
    reject_all: "Tout refuser",
    save_choices: "Enregistrer mes choix",
    choose_legend: "Choisir par catégorie",
    necessary_name: "Nécessaires",
    necessary_text: "Connexion, langue, sécurité des formulaires et ce choix. Toujours actifs : le site ne peut pas fonctionner sans eux.",
    always_on: "toujours actifs",
    cookies_label: "Cookies :",
    functionality_name: "Fonctionnalités",
    functionality_text: "Se souvenir de réglages facultatifs de l'interface.",
    statistics_name: "Statistiques",
    statistics_text: "Mesurer notre audience (Matomo, hébergé par nos soins) pour améliorer le site.",
    marketing_name: "Marketing",
    marketing_text: "Laisser l'hébergeur vidéo (Example Video) déposer ses cookies quand vous regardez la vidéo intégrée.",

    home_title: "Bienvenue sur le portail de données ouvertes d'exemple",
    home_intro: "Parcourez les jeux de données publics de la ville. Ce site est l'exemple de cookie-registry : chaque cookie qu'il dépose est déclaré une seule fois dans son code, et un middleware confronte chaque réponse à ces déclarations et à votre choix.",
    home_datasets_title: "Jeux de données populaires",
    home_datasets: [
        "Compteurs vélo, par heure",
        "Arbres des parcs de la ville",
        "Stations de mesure de la qualité de l'air",
    ],
    video_title: "Vidéo : utiliser le portail",
    video_blocked: "Cette vidéo est hébergée par Example Video, qui dépose des cookies marketing. Autorisez les cookies marketing dans vos préférences cookies pour la regarder ici.",
    video_unavailable: "Vous avez autorisé les cookies marketing, mais ce serveur tourne sans son hébergeur vidéo : le lecteur se chargerait ici.",
    account_title: "Votre compte",
    signed_in_as: "Connecté en tant que",
    sign_out: "Se déconnecter",
    sign_in_prompt: "Connectez-vous pour enregistrer vos jeux de données favoris.",

    login_title: "Se connecter",
    username: "Nom d'utilisateur",
    password: "Mot de passe",
    sign_in: "Se connecter",
    login_hint: "Ceci est une démo : n'importe quel nom et mot de passe vous connectent.",
    login_missing: "Saisissez un nom d'utilisateur.",

    preferences_title: "Préférences cookies",
    preferences_intro: "Choisissez les cookies que ce site peut utiliser. Vous pouvez modifier ou retirer votre consentement ici à tout moment ; le retrait supprime les cookies concernés, y compris ceux que les scripts de votre navigateur ne peuvent pas atteindre.",
    status_none: "Vous n'avez pas encore fait de choix : seuls les cookies nécessaires sont utilisés.",
    status_given: "Votre choix actuel, fait le",
    granted_word: "acceptés",
    refused_word: "refusés",
    preferences_withdraw: "Pour retirer votre consentement, décochez une catégorie et enregistrez, ou refusez tout.",
    consent_saved: "Vos choix en matière de cookies ont été enregistrés.",
    consent_id_label: "Votre identifiant de consentement (à citer si vous nous interrogez sur vos choix) :",
    download_records: "Télécharger l'historique de vos choix (JSON)",
    not_saved_title: "Votre choix n'a pas pu être enregistré",
    not_saved_text: "Nous n'avons pas pu enregistrer votre choix, donc rien n'a changé : votre choix précédent, s'il y en a un, s'applique toujours ; sinon seuls les cookies nécessaires sont utilisés. Réessayez dans un instant.",
    not_saved_back: "Revenir et réessayer",
    gpc_honoured: "Votre navigateur envoie le signal Global Privacy Control : les cookies marketing sont refusés, et ce site ne les demande pas.",

    forbidden_title: "Ce formulaire a expiré",
    forbidden_text: "Pour votre sécurité, le formulaire n'a pas pu être accepté. Revenez en arrière, rechargez la page et réessayez.",
    cross_site_title: "Ce formulaire ne vient pas de ce site",
    cross_site_text: "Pour votre sécurité, rien n'a été modifié : votre navigateur indique que le formulaire a été envoyé depuis un autre site ou une autre page. Pour modifier vos choix, utilisez les pages de ce site, par exemple « Préférences cookies » en bas de chaque page.",
    not_found_title: "Page introuvable",
    not_found_text: "Il n'y a rien à cette adresse.",
    error_title: "Une erreur est survenue",
    error_text: "La page n'a pas pu être affichée. Réessayez plus tard.",
};

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn accept_language_honours_q_values() {
        assert_eq!(
            Lang::negotiate("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5"),
            Some(Lang::Fr)
        );
        assert_eq!(Lang::negotiate("de, en;q=0.5, fr;q=0.7"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("fr;q=0.2, en-GB;q=0.3"), Some(Lang::En));
        assert_eq!(Lang::negotiate("fr;q=0, de"), None);
        assert_eq!(Lang::negotiate("de, *;q=0.1"), Some(Lang::En));
        assert_eq!(Lang::negotiate("FR"), Some(Lang::Fr));
        assert_eq!(Lang::negotiate("fr;q=2, en;q=0.1"), Some(Lang::En));
        assert_eq!(Lang::negotiate(""), None);
        assert_eq!(Lang::negotiate(";;;,,=q"), None);
    }
}
