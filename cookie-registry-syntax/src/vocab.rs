//! The closed sets of values a declaration chooses from.
//!
//! Each type is spelled in a declaration by a keyword (`category = statistics`), and the same keyword
//! is what [`as_str`](Category::as_str) returns and what the JSON policy carries, so the three never
//! drift apart.

/// Defines a keyword enum: its variants, the keyword of each, and accepted aliases.
///
/// One definition per type keeps the keyword table, the parser and the error message's list of
/// choices in one place.
macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        $name:ident {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $keyword:literal $(| $alias:literal)*,
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order (which is also the order policies list them in).
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Every keyword a declaration may use for this type, aliases included.
            pub const KEYWORDS: &'static [&'static str] = &[$($keyword, $($alias,)*)+];

            /// The canonical keyword, as written in declarations and in the JSON policy.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $keyword,)+
                }
            }

            /// Parses a keyword or one of its aliases.
            pub fn from_keyword(keyword: &str) -> Option<Self> {
                match keyword {
                    $($keyword $(| $alias)* => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

keyword_enum! {
    /// What a cookie is for, which decides whether it needs consent.
    ///
    /// The order is the order of the tables in a rendered policy.
    Category {
        /// Strictly necessary for a service the user asked for (ePrivacy art. 5(3)): session,
        /// security, load balancing, the consent choice itself. Never needs consent.
        Necessary = "necessary",
        /// Remembers choices that change how the site behaves (UI preferences beyond what is
        /// strictly necessary). Needs consent unless it claims an exemption.
        Functionality = "functionality" | "preferences",
        /// Audience measurement. Needs consent unless it claims the
        /// [`AudienceMeasurement`](Exemption::AudienceMeasurement) exemption and meets its conditions.
        Statistics = "statistics",
        /// Advertising, profiling and cross-site tracking. Always needs consent.
        Marketing = "marketing",
    }
}

keyword_enum! {
    /// Who can read the cookie: the site the user visits, or someone else.
    Party {
        /// Set by, and sent only to, the site the user is visiting.
        First = "first",
        /// Set by or for another site (an embed, an advertising network).
        Third = "third",
    }
}

keyword_enum! {
    /// Where the data is stored on the user's device.
    ///
    /// The consent rules cover every kind of storage (EDPB Guidelines 2/2023), so all of them are
    /// declared; only HTTP cookies take HTTP attributes.
    Storage {
        /// An HTTP cookie (`Set-Cookie` / `document.cookie`).
        HttpCookie = "http_cookie" | "cookie",
        /// A `window.localStorage` item: persists until cleared.
        LocalStorage = "local_storage",
        /// A `window.sessionStorage` item: cleared when the tab closes.
        SessionStorage = "session_storage",
    }
}

keyword_enum! {
    /// The `SameSite` attribute of an HTTP cookie.
    SameSite {
        /// Sent only on same-site requests.
        Strict = "strict",
        /// Sent on same-site requests and top-level cross-site navigations. The default.
        Lax = "lax",
        /// Sent on every request; requires `Secure`.
        None = "none",
    }
}

keyword_enum! {
    /// The legal ground on which a cookie is set without consent.
    Exemption {
        /// Strictly necessary for a service explicitly requested by the user (ePrivacy art. 5(3),
        /// WP194): authentication, security, load balancing, user-interface customisation.
        StrictlyNecessary = "strictly_necessary",
        /// Stores the user's consent choice itself (CNIL).
        ConsentStorage = "consent_storage",
        /// First-party anonymous audience measurement within the CNIL's conditions: no
        /// cross-site tracking, lifetime at most 13 months.
        AudienceMeasurement = "audience_measurement",
    }
}

impl Category {
    /// The exemption a cookie of this category has when its declaration names none.
    ///
    /// Only necessary cookies are exempt by default: for every other category, consent is the
    /// rule and an exemption must be claimed explicitly.
    pub const fn default_exemption(self) -> Option<Exemption> {
        match self {
            Category::Necessary => Some(Exemption::StrictlyNecessary),
            _ => None,
        }
    }

    /// Whether a cookie of this category that claims `exemption` needs the user's consent.
    ///
    /// The one rule, used everywhere the question is asked: by the macro (which proof of
    /// consent a typed handle takes), by the runtime (the policy's words, the layer's checks).
    /// A necessary cookie never needs consent, whatever exemption it names; any other cookie
    /// needs it unless it claims an exemption (which the compile-time rules check fits its
    /// category).
    ///
    /// ```
    /// use cookie_registry_syntax::vocab::{Category, Exemption};
    /// assert!(!Category::Necessary.needs_consent(None));
    /// assert!(Category::Statistics.needs_consent(None));
    /// assert!(!Category::Statistics.needs_consent(Some(Exemption::AudienceMeasurement)));
    /// ```
    pub const fn needs_consent(self, exemption: Option<Exemption>) -> bool {
        !matches!(self, Category::Necessary) && exemption.is_none()
    }

    /// The exemptions a cookie of this category may claim.
    pub const fn allowed_exemptions(self) -> &'static [Exemption] {
        match self {
            Category::Necessary => &[Exemption::StrictlyNecessary, Exemption::ConsentStorage],
            Category::Functionality => &[Exemption::StrictlyNecessary, Exemption::ConsentStorage],
            Category::Statistics => &[Exemption::AudienceMeasurement],
            Category::Marketing => &[],
        }
    }
}

impl Storage {
    /// Whether HTTP attributes (`Secure`, `Path`, ...) mean anything for this kind of storage.
    pub const fn is_http_cookie(self) -> bool {
        matches!(self, Storage::HttpCookie)
    }
}

impl SameSite {
    /// The attribute value as written in a `Set-Cookie` header (`Strict`, `Lax`, `None`).
    pub const fn header_value(self) -> &'static str {
        match self {
            SameSite::Strict => "Strict",
            SameSite::Lax => "Lax",
            SameSite::None => "None",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_round_trip() {
        for c in Category::ALL {
            assert_eq!(Category::from_keyword(c.as_str()), Some(*c));
        }
        for e in Exemption::ALL {
            assert_eq!(Exemption::from_keyword(e.as_str()), Some(*e));
        }
        assert_eq!(
            Category::from_keyword("preferences"),
            Some(Category::Functionality)
        );
        assert_eq!(Storage::from_keyword("cookie"), Some(Storage::HttpCookie));
        assert_eq!(Party::from_keyword("second"), None);
    }

    #[test]
    fn only_necessary_is_exempt_by_default() {
        assert_eq!(
            Category::Necessary.default_exemption(),
            Some(Exemption::StrictlyNecessary)
        );
        for c in &Category::ALL[1..] {
            assert_eq!(c.default_exemption(), None);
        }
        assert!(Category::Marketing.allowed_exemptions().is_empty());
    }
}
