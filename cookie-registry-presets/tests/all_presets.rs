//! Every preset enabled in one app that publishes English and French (this crate's Cargo.toml),
//! then checked through the registry against the facts as each vendor documents them.
//!
//! The table below is written from the sources in docs/presets.md, not from the presets' own
//! data, so that a slip in either shows as a difference.

use cookie_registry::Registry;
use cookie_registry::declaration::{Category, Exemption, Lifetime, Party, Storage};

cookie_registry_presets::google_analytics_4!(cookie_domain = "example.org");
cookie_registry_presets::google_tag_manager!(server_side, cookie_domain = "example.org");
cookie_registry_presets::matomo!(heatmaps);
cookie_registry_presets::youtube!();
cookie_registry_presets::vimeo!(without_cloudflare_cookies);
cookie_registry_presets::stripe!();
cookie_registry_presets::cloudflare!(
    bot_management,
    challenges,
    load_balancing,
    rate_limiting,
    cookie_domain = "example.org"
);
cookie_registry_presets::hotjar!(cookie_domain = "example.org");
cookie_registry_presets::meta_pixel!(cookie_domain = "example.org");
cookie_registry_presets::hubspot!(cookie_domain = "example.org");
cookie_registry_presets::intercom!();
cookie_registry_presets::linkedin_insight!(cookie_domain = "example.org");
cookie_registry_presets::microsoft_clarity!(cookie_domain = "example.org");

use Category::{Functionality as F, Marketing as M, Necessary as N, Statistics as S};
use Party::{First as P1, Third as P3};

/// (provider, a name the declaration must match, the declared name, category, party, lifetime).
const EXPECTED: &[(&str, &str, &str, Category, Party, &str)] = &[
    ("Google Analytics", "_ga", "_ga", S, P1, "2 years"),
    (
        "Google Analytics",
        "_ga_G1234567",
        "_ga_*",
        S,
        P1,
        "2 years",
    ),
    ("Google Tag Manager", "FPID", "FPID", S, P1, "400 days"),
    ("Google Tag Manager", "FPLC", "FPLC", S, P1, "20 hours"),
    ("Matomo", "_pk_id.1.5c3f", "_pk_id.*", S, P1, "13 months"),
    ("Matomo", "_pk_ses.1.5c3f", "_pk_ses.*", S, P1, "30 minutes"),
    ("Matomo", "_pk_ref.1.5c3f", "_pk_ref.*", S, P1, "6 months"),
    (
        "Matomo",
        "_pk_cvar.1.5c3f",
        "_pk_cvar.*",
        S,
        P1,
        "30 minutes",
    ),
    ("Matomo", "_pk_hsr.1.5c3f", "_pk_hsr.*", S, P1, "30 minutes"),
    (
        "Matomo",
        "_pk_testcookie",
        "_pk_testcookie",
        S,
        P1,
        "session",
    ),
    (
        "YouTube (Google)",
        "VISITOR_INFO1_LIVE",
        "VISITOR_INFO1_LIVE",
        M,
        P3,
        "6 months",
    ),
    (
        "YouTube (Google)",
        "VISITOR_PRIVACY_METADATA",
        "VISITOR_PRIVACY_METADATA",
        M,
        P3,
        "180 days",
    ),
    (
        "YouTube (Google)",
        "__Secure-ROLLOUT_TOKEN",
        "__Secure-ROLLOUT_TOKEN",
        M,
        P3,
        "180 days",
    ),
    ("YouTube (Google)", "YSC", "YSC", F, P3, "session"),
    ("Vimeo", "vuid", "vuid", S, P3, "2 years"),
    ("Vimeo", "player", "player", F, P3, "1 year"),
    ("Vimeo", "flags", "flags", F, P3, "1 year"),
    (
        "Vimeo",
        "player_clearance",
        "player_clearance",
        F,
        P3,
        "7 days",
    ),
    ("Vimeo", "lc_0123abcd", "lc_*", F, P3, "7 days"),
    ("Stripe", "__stripe_mid", "__stripe_mid", N, P1, "1 year"),
    (
        "Stripe",
        "__stripe_sid",
        "__stripe_sid",
        N,
        P1,
        "30 minutes",
    ),
    ("Cloudflare", "__cf_bm", "__cf_bm", N, P1, "30 minutes"),
    (
        "Cloudflare",
        "cf_clearance",
        "cf_clearance",
        N,
        P1,
        "30 minutes",
    ),
    ("Cloudflare", "__cflb", "__cflb", N, P1, "24 hours"),
    ("Cloudflare", "_cfuvid", "_cfuvid", N, P1, "session"),
    (
        "Hotjar",
        "_hjSessionUser_123456",
        "_hjSessionUser_*",
        S,
        P1,
        "365 days",
    ),
    (
        "Hotjar",
        "_hjSession_123456",
        "_hjSession_*",
        S,
        P1,
        "30 minutes",
    ),
    (
        "Hotjar",
        "_hjIncludedInSessionSample_123456",
        "_hjIncludedInSessionSample_*",
        S,
        P1,
        "30 minutes",
    ),
    (
        "Hotjar",
        "_hjClosedSurveyInvites",
        "_hjClosedSurveyInvites",
        S,
        P1,
        "365 days",
    ),
    ("Hotjar", "_hjDonePolls", "_hjDonePolls", S, P1, "365 days"),
    (
        "Hotjar",
        "_hjMinimizedPolls",
        "_hjMinimizedPolls",
        S,
        P1,
        "365 days",
    ),
    (
        "Hotjar",
        "_hjShownFeedbackMessage",
        "_hjShownFeedbackMessage",
        S,
        P1,
        "365 days",
    ),
    (
        "Hotjar",
        "_hjHasCachedUserAttributes",
        "_hjHasCachedUserAttributes",
        S,
        P1,
        "session",
    ),
    (
        "Hotjar",
        "_hjUserAttributesHash",
        "_hjUserAttributesHash",
        S,
        P1,
        "2 minutes",
    ),
    ("Hotjar", "_hjTLDTest", "_hjTLDTest", S, P1, "session"),
    ("Hotjar", "_hjCookieTest", "_hjCookieTest", S, P1, "session"),
    (
        "Hotjar",
        "_hjLocalStorageTest",
        "_hjLocalStorageTest",
        S,
        P1,
        "1 second",
    ),
    (
        "Hotjar",
        "_hjSessionStorageTest",
        "_hjSessionStorageTest",
        S,
        P1,
        "session",
    ),
    ("Hotjar", "hjViewportId", "hjViewportId", S, P1, "session"),
    (
        "Hotjar",
        "_hjRecordingLastActivity",
        "_hjRecordingLastActivity",
        S,
        P1,
        "session",
    ),
    (
        "Hotjar",
        "_hjRecordingEnabled",
        "_hjRecordingEnabled",
        S,
        P1,
        "session",
    ),
    ("Meta (Facebook)", "_fbp", "_fbp", M, P1, "90 days"),
    ("Meta (Facebook)", "_fbc", "_fbc", M, P1, "90 days"),
    ("Meta (Facebook)", "fr", "fr", M, P3, "90 days"),
    ("HubSpot", "__hstc", "__hstc", M, P1, "6 months"),
    ("HubSpot", "hubspotutk", "hubspotutk", M, P1, "6 months"),
    ("HubSpot", "__hssc", "__hssc", M, P1, "30 minutes"),
    ("HubSpot", "__hssrc", "__hssrc", M, P1, "session"),
    (
        "Intercom",
        "intercom-id-abc123",
        "intercom-id-*",
        F,
        P1,
        "9 months",
    ),
    (
        "Intercom",
        "intercom-session-abc123",
        "intercom-session-*",
        F,
        P1,
        "1 week",
    ),
    (
        "Intercom",
        "intercom-device-id-abc123",
        "intercom-device-id-*",
        F,
        P1,
        "9 months",
    ),
    ("LinkedIn", "li_fat_id", "li_fat_id", M, P1, "30 days"),
    ("LinkedIn", "li_giant", "li_giant", M, P1, "7 days"),
    ("LinkedIn", "lms_ads", "lms_ads", M, P3, "30 days"),
    (
        "LinkedIn",
        "lms_analytics",
        "lms_analytics",
        M,
        P3,
        "30 days",
    ),
    (
        "LinkedIn",
        "AnalyticsSyncHistory",
        "AnalyticsSyncHistory",
        M,
        P3,
        "30 days",
    ),
    (
        "LinkedIn",
        "UserMatchHistory",
        "UserMatchHistory",
        M,
        P3,
        "30 days",
    ),
    ("LinkedIn", "li_sugr", "li_sugr", M, P3, "90 days"),
    ("LinkedIn", "bcookie", "bcookie", M, P3, "1 year"),
    ("LinkedIn", "lidc", "lidc", F, P3, "24 hours"),
    ("Microsoft Clarity", "_clck", "_clck", S, P1, "1 year"),
    ("Microsoft Clarity", "_clsk", "_clsk", S, P1, "1 day"),
    ("Microsoft Clarity", "CLID", "CLID", S, P3, "1 year"),
    ("Microsoft Clarity", "MUID", "MUID", M, P3, "1 year"),
    ("Microsoft Clarity", "MR", "MR", M, P3, "7 days"),
    ("Microsoft Clarity", "SM", "SM", M, P3, "session"),
    (
        "Microsoft Clarity",
        "ANONCHK",
        "ANONCHK",
        M,
        P3,
        "10 minutes",
    ),
];

#[test]
fn every_preset_cookie_is_in_the_registry_as_documented() {
    let registry = Registry::global().expect("the presets' declarations are linked");
    registry
        .validate()
        .expect("no preset conflicts with another declaration");
    for &(provider, probe, declared, category, party, lifetime) in EXPECTED {
        let d = registry
            .find(probe)
            .unwrap_or_else(|| panic!("`{probe}` is declared"));
        assert_eq!(d.name().to_string(), declared, "`{probe}`'s declaration");
        assert_eq!(d.provider().name(), provider, "`{declared}`'s provider");
        assert!(
            d.provider()
                .privacy_policy()
                .is_some_and(|url| url.starts_with("https://")),
            "`{declared}` links its provider's privacy policy"
        );
        assert_eq!(d.category(), category, "`{declared}`'s category");
        assert_eq!(d.party(), party, "`{declared}`'s party");
        assert_eq!(
            d.lifetime(),
            Lifetime::parse(lifetime).unwrap(),
            "`{declared}`'s lifetime"
        );
        for lang in ["en", "fr"] {
            assert!(
                d.function().get(lang).is_some(),
                "`{declared}`: {lang} function"
            );
            assert!(
                d.purpose().get(lang).is_some(),
                "`{declared}`: {lang} purpose"
            );
        }
    }
    // Nothing else: every preset declaration is in the table above.
    assert_eq!(
        registry.len(),
        EXPECTED.len(),
        "declarations beyond the table"
    );
}

#[test]
fn only_necessary_cookies_skip_consent_unless_an_exemption_is_asked_for() {
    let registry = Registry::global().unwrap();
    for d in registry.iter() {
        assert_eq!(
            d.requires_consent(),
            d.category() != Category::Necessary,
            "`{}`",
            d.name()
        );
        if d.category() == Category::Necessary {
            assert_eq!(d.exemption(), Some(Exemption::StrictlyNecessary));
            assert_eq!(d.party(), Party::First, "no third-party cookie is exempt");
        }
    }
}

#[test]
fn cookie_domain_reaches_the_cookies_written_on_the_site_and_only_those() {
    use cookie_registry::DeclaredCookie;
    assert_eq!(
        google_analytics_4::ClientId::DECLARATION
            .attributes()
            .domain(),
        Some("example.org")
    );
    assert_eq!(
        cloudflare::BotManagement::DECLARATION.attributes().domain(),
        Some("example.org")
    );
    // A script cannot write an HttpOnly cookie; a server can.
    assert!(!meta_pixel::BrowserId::DECLARATION.attributes().http_only());
    assert!(
        google_tag_manager::ServerManagedClientId::DECLARATION
            .attributes()
            .http_only()
    );
    // Matomo and Intercom were enabled without it: host-only.
    assert_eq!(matomo::VisitorId::DECLARATION.attributes().domain(), None);
    // Third-party cookies are the vendor's: no domain of the site, and cross-site.
    let fr = meta_pixel::AdsId::DECLARATION.attributes();
    assert_eq!(fr.domain(), None);
    assert_eq!(fr.same_site(), cookie_registry::declaration::SameSite::None);
    // Storage items have no HTTP attribute.
    assert_eq!(
        hotjar::ViewportId::DECLARATION.storage(),
        Storage::SessionStorage
    );
    assert_eq!(
        hotjar::LocalStorageTest::DECLARATION.storage(),
        Storage::LocalStorage
    );
}

#[test]
fn matomo_is_not_exempt_without_cnil_exempt() {
    use cookie_registry::DeclaredCookie;
    assert!(matomo::VisitorId::DECLARATION.requires_consent());
    assert_eq!(matomo::VisitorId::DECLARATION.exemption(), None);
}

#[test]
fn french_texts_use_french_typography() {
    let registry = Registry::global().unwrap();
    for d in registry.iter() {
        for text in [d.function().get("fr"), d.purpose().get("fr")]
            .into_iter()
            .flatten()
        {
            assert!(!text.contains('\''), "typographic apostrophe in {text:?}");
            for mark in [':', ';', '?', '!'] {
                assert!(
                    !text.contains(&format!(" {mark}")),
                    "a no-break space, not a space, before `{mark}` in {text:?}"
                );
            }
        }
    }
}

#[test]
fn the_policy_renders_in_both_languages() {
    use cookie_registry::render::{Format, PolicyOptions};
    let policy = Registry::global().unwrap().policy();
    let en = policy
        .render(Format::Markdown, &PolicyOptions::new("en").unwrap())
        .unwrap();
    assert!(
        en.contains("| [Google Analytics](https://policies.google.com/privacy) |"),
        "{en}"
    );
    let fr = policy
        .render(Format::Markdown, &PolicyOptions::new("fr").unwrap())
        .unwrap();
    assert!(fr.contains("Mesure d’audience (toutes les pages)"), "{fr}");
    assert!(fr.contains("YouTube (Google)"), "{fr}");
}
