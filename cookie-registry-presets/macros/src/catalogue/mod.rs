//! The facts: one file per service, each a [`Service`] with its cookies.
//!
//! Every fact here is written from the vendor's own documentation where it could be read, and
//! the source of each is named in `docs/presets.md` (and, per service, at the top of its file).
//! The Open Cookie Database (Apache-2.0, see the crate's NOTICE) served as a cross-check, and as
//! the source of the few facts a vendor does not document; the table in `docs/presets.md` says
//! which, and what was changed from it.

// The declaration grammar's own vocabulary: the keywords they print are the ones `#[cookie]` reads.
pub use cookie_registry_syntax::vocab::{Category, Party, Storage};

mod cloudflare;
mod google_analytics_4;
mod google_tag_manager;
mod hotjar;
mod hubspot;
mod intercom;
mod linkedin_insight;
mod matomo;
mod meta_pixel;
mod microsoft_clarity;
mod stripe;
mod vimeo;
mod youtube;

pub use cloudflare::CLOUDFLARE;
pub use google_analytics_4::GOOGLE_ANALYTICS_4;
pub use google_tag_manager::GOOGLE_TAG_MANAGER;
pub use hotjar::HOTJAR;
pub use hubspot::HUBSPOT;
pub use intercom::INTERCOM;
pub use linkedin_insight::LINKEDIN_INSIGHT;
pub use matomo::MATOMO;
pub use meta_pixel::META_PIXEL;
pub use microsoft_clarity::MICROSOFT_CLARITY;
pub use stripe::STRIPE;
pub use vimeo::VIMEO;
pub use youtube::YOUTUBE;

/// Every service, in the order of the docs.
#[cfg(test)]
pub const ALL: &[&Service] = &[
    &GOOGLE_ANALYTICS_4,
    &GOOGLE_TAG_MANAGER,
    &MATOMO,
    &YOUTUBE,
    &VIMEO,
    &STRIPE,
    &CLOUDFLARE,
    &HOTJAR,
    &META_PIXEL,
    &HUBSPOT,
    &INTERCOM,
    &LINKEDIN_INSIGHT,
    &MICROSOFT_CLARITY,
];

/// A service whose cookies a preset declares.
pub struct Service {
    /// The macro's name, which is also the default name of the module it expands to.
    pub name: &'static str,
    /// The policy's "Service provider's name".
    pub provider: &'static str,
    /// The provider's privacy policy.
    pub privacy_policy: &'static str,
    /// The flags the preset takes, each with what it does (for the error that lists them).
    pub flags: &'static [Flag],
    /// The flags in force when none of `flags` is given (Cloudflare: its most common products).
    pub default_flags: &'static [&'static str],
    /// When the preset declares nothing without a flag, the error that says why and which to give.
    pub needs_flag: Option<&'static str>,
    /// The cookies.
    pub cookies: &'static [Cookie],
}

/// A flag a preset takes: `matomo!(cnil_exempt)`.
pub struct Flag {
    /// The word written.
    pub name: &'static str,
    /// What it does, in a few words, for the list of flags in an error.
    pub effect: &'static str,
}

/// One cookie or storage item of a service.
pub struct Cookie {
    /// The typed handle's name, a Rust type in the preset's module (`ClientId`).
    pub handle: &'static str,
    /// The name as set, or a family ending in `*` (`_ga_*` for `_ga_<container-id>`).
    pub name: &'static str,
    pub storage: Storage,
    pub category: Category,
    pub party: Party,
    /// As `#[cookie(lifetime = ...)]` reads it.
    pub lifetime: &'static str,
    pub function: Text,
    pub purpose: Text,
    /// Only for a third-party cookie exempt from consent (none so far: see the docs).
    pub justification: Option<Text>,
    /// Who writes it, which decides its HTTP attributes and whether `cookie_domain` applies.
    pub set_by: SetBy,
    /// When the preset declares it.
    pub when: When,
    /// Claimed as `audience_measurement` when this flag is given (Matomo's `cnil_exempt`).
    pub exempt_with: Option<&'static str>,
}

/// A text in the two languages the presets publish.
pub struct Text {
    pub en: &'static str,
    pub fr: &'static str,
}

/// Who writes the cookie, which is what its HTTP attributes follow.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum SetBy {
    /// The vendor's script, through `document.cookie`, on the site's domain: never `HttpOnly`
    /// (a script cannot set it), and `Secure` only where the vendor documents it. The site's
    /// `cookie_domain` applies, since these scripts write on the registrable domain.
    Script { secure: bool },
    /// A server answering on the site's own domain (Cloudflare's edge, a server-side tag
    /// container): `Secure`, `SameSite=Lax`, `HttpOnly` unless scripts must read it, and the
    /// site's `cookie_domain`.
    SiteServer { http_only: bool },
    /// The vendor's own domain, in a frame or a request to it: the site never sends nor
    /// receives it. `SameSite=None; Secure`, as a cookie must be to reach a cross-site frame.
    VendorDomain,
    /// A `localStorage` or `sessionStorage` item: no HTTP attribute.
    Storage,
}

/// When a preset declares a cookie.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum When {
    Always,
    /// Only when this flag is in force.
    With(&'static str),
    /// Unless this flag is given.
    Without(&'static str),
}

#[cfg(test)]
mod tests {
    use super::*;
    use cookie_registry_syntax::lifetime::Lifetime;

    fn flags_of(service: &Service) -> Vec<&'static str> {
        service.flags.iter().map(|f| f.name).collect()
    }

    #[test]
    fn every_flag_a_cookie_names_is_a_flag_of_its_service() {
        for service in ALL {
            let flags = flags_of(service);
            for flag in service.default_flags {
                assert!(flags.contains(flag), "{}: default `{flag}`", service.name);
            }
            for c in service.cookies {
                let named = match c.when {
                    When::Always => None,
                    When::With(f) | When::Without(f) => Some(f),
                };
                for flag in named.into_iter().chain(c.exempt_with) {
                    assert!(
                        flags.contains(&flag),
                        "{} `{}`: `{flag}`",
                        service.name,
                        c.name
                    );
                }
            }
        }
    }

    #[test]
    fn names_and_handles_are_unique_and_lifetimes_parse() {
        let mut names = Vec::new();
        for service in ALL {
            let mut handles = Vec::new();
            for c in service.cookies {
                assert!(
                    !handles.contains(&c.handle),
                    "{}: handle {}",
                    service.name,
                    c.handle
                );
                handles.push(c.handle);
                // Vimeo's Cloudflare cookies are Cloudflare's names, on another domain.
                if !matches!(c.when, When::Without("without_cloudflare_cookies")) {
                    assert!(
                        !names.contains(&c.name),
                        "`{}` declared by two presets",
                        c.name
                    );
                    names.push(c.name);
                }
                Lifetime::parse(c.lifetime)
                    .unwrap_or_else(|e| panic!("`{}`'s lifetime {:?}: {e}", c.name, c.lifetime));
                assert_eq!(
                    c.storage == Storage::HttpCookie,
                    c.set_by != SetBy::Storage,
                    "`{}`: storage and writer agree",
                    c.name
                );
            }
        }
    }

    #[test]
    fn texts_are_written_and_french_follows_french_typography() {
        for service in ALL {
            for c in service.cookies {
                for text in [&c.function, &c.purpose]
                    .into_iter()
                    .chain(&c.justification)
                {
                    assert!(
                        !text.en.trim().is_empty() && !text.fr.trim().is_empty(),
                        "`{}`",
                        c.name
                    );
                    assert!(
                        !text.fr.contains('\''),
                        "`{}`: use ’ in {:?}",
                        c.name,
                        text.fr
                    );
                    for mark in [':', ';', '?', '!'] {
                        assert!(
                            !text.fr.contains(&format!(" {mark}")),
                            "`{}`: a no-break space before `{mark}` in {:?}",
                            c.name,
                            text.fr
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_guide_lists_every_cookie() {
        let guide = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/presets.md");
        let guide = std::fs::read_to_string(&guide).expect("docs/presets.md");
        for service in ALL {
            assert!(
                guide.contains(&format!("`{}!", service.name)),
                "{}",
                service.name
            );
            for c in service.cookies {
                assert!(
                    guide.contains(&format!("`{}`", c.name)),
                    "`{}` in docs/presets.md",
                    c.name
                );
            }
        }
    }
}
