//! The rendering API: options, errors, formats, languages.

#[path = "render/fixtures.rs"]
mod fixtures;

use std::fmt;

use cookie_registry::__private::DeclarationParts;
use cookie_registry::declaration::{
    Category, CookieDeclaration, CookieName, Exemption, HttpAttributes, Lifetime, Party, Storage,
    Text,
};
use cookie_registry::render::{Format, Policy, PolicyOptions, RenderError};

fn seeds() -> Vec<&'static CookieDeclaration> {
    fixtures::seed_cookies()
}

#[test]
fn invalid_language_is_a_typed_error() {
    for bad in ["not a tag!!", "", "e", "français"] {
        assert!(
            matches!(
                PolicyOptions::new(bad),
                Err(RenderError::InvalidLanguage(_))
            ),
            "{bad:?}"
        );
    }
    let error = PolicyOptions::new("not a tag!!").unwrap_err();
    assert!(error.to_string().contains("not a tag!!"));
    assert!(std::error::Error::source(&error).is_some());
}

#[test]
fn no_declaration_is_a_typed_error() {
    let options = PolicyOptions::new("en").unwrap();
    for format in Format::ALL.iter().copied() {
        assert!(matches!(
            Policy::new(&[]).render(format, &options),
            Err(RenderError::NoCookies)
        ));
    }
}

#[test]
fn formats_parse_from_their_names() {
    for (name, format) in [
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("Markdown", Format::Markdown),
        ("html", Format::Html),
        ("html-page", Format::HtmlPage),
        #[cfg(feature = "json")]
        ("json", Format::Json),
        #[cfg(feature = "json")]
        ("JSON", Format::Json),
    ] {
        assert_eq!(name.parse::<Format>(), Ok(format), "{name}");
    }
    for format in Format::ALL.iter().copied() {
        assert_eq!(format.to_string().parse::<Format>(), Ok(format));
    }
    for bad in ["", "htm", "html_page", "pdf", " md"] {
        let error = bad.parse::<Format>().unwrap_err();
        assert_eq!(error.name(), bad);
        assert!(error.to_string().contains("html-page"));
    }
    assert_eq!(Format::Markdown.extension(), "md");
    assert_eq!(Format::HtmlPage.extension(), "html");
}

#[test]
fn languages_choose_texts_by_primary_subtag() {
    let declarations = seeds();
    let policy = Policy::new(&declarations);
    let md = |lang: &str| {
        policy
            .render(Format::Markdown, &PolicyOptions::new(lang).unwrap())
            .unwrap()
    };
    assert!(md("fr-CA").starts_with("# Politique relative aux cookies\n"));
    assert!(md("FR_be").contains("| 2 semaines |"));
    assert!(md("en-GB").starts_with("# Cookie policy\n"));
    // No built-in German: English texts, declared texts resolved for German (falling back).
    let de = md("de");
    assert!(de.starts_with("# Cookie policy\n"));
    assert!(de.contains("| Authentication (front and back office) | sessionid |"));

    let html = |lang: &str| {
        policy
            .render(Format::Html, &PolicyOptions::new(lang).unwrap())
            .unwrap()
    };
    assert!(html("fr-ca").starts_with("<section class=\"cookie-policy\" lang=\"fr-CA\">\n<h2>"));
    assert!(html("de").starts_with("<section class=\"cookie-policy\" lang=\"en\">\n<h2>"));
}

static GERMAN: CookieDeclaration = CookieDeclaration::__from_parts(DeclarationParts {
    name: CookieName::Exact("sprache"),
    provider: fixtures::OPENDATASOFT,
    category: Category::Statistics,
    party: Party::First,
    function: Text::new(&[("en", "Language"), ("de", "Sprache")]),
    purpose: Text::new(&[
        ("en", "To remember the language"),
        ("de", "Die Sprache merken"),
    ]),
    justification: None,
    lifetime: Lifetime::Session,
    storage: Storage::HttpCookie,
    exemption: Some(Exemption::AudienceMeasurement),
    attributes: HttpAttributes::DEFAULT,
    site: fixtures::SITE,
});

#[test]
fn declared_texts_in_another_language_are_marked() {
    let declarations = [&GERMAN];
    let policy = Policy::new(&declarations);
    let html = policy
        .render(Format::Html, &PolicyOptions::new("de-AT").unwrap())
        .unwrap();
    assert!(
        html.contains("<td><span lang=\"de\">Sprache</span></td>"),
        "{html}"
    );
    // An exempt cookie in a category that needs consent is noted as exempt, in the document's
    // language after the declared text's.
    assert!(
        html.contains(
            "<td><span lang=\"de\">Die Sprache merken</span> (exempt from consent: anonymous audience measurement)</td>"
        ),
        "{html}"
    );
    #[cfg(feature = "json")]
    {
        let json = policy
            .render(Format::Json, &PolicyOptions::new("de-AT").unwrap())
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["language"], "en");
        assert_eq!(value["requested_language"], "de-AT");
        assert_eq!(value["categories"][0]["rows"][0]["function"], "Sprache");
    }
}

#[test]
fn site_heading_and_blank_site() {
    let declarations = seeds();
    let policy = Policy::new(&declarations);
    for (site, heading) in [
        (None, "## What cookies are used on this site\n"),
        (Some("   "), "## What cookies are used on this site\n"),
        (Some("my_site"), "## What cookies are used on my\\_site\n"),
    ] {
        let mut options = PolicyOptions::new("en").unwrap();
        if let Some(site) = site {
            options = options.with_site(site);
        }
        let md = policy.render(Format::Markdown, &options).unwrap();
        assert!(md.contains(heading), "{site:?}\n{md}");
    }
}

#[test]
fn every_output_ends_with_exactly_one_newline() {
    let declarations = seeds();
    let policy = Policy::new(&declarations);
    for lang in ["en", "fr"] {
        let options = PolicyOptions::new(lang).unwrap();
        for format in Format::ALL.iter().copied() {
            let out = policy.render(format, &options).unwrap();
            assert!(out.ends_with('\n') && !out.ends_with("\n\n"), "{format}");
        }
    }
}

#[test]
fn page_is_a_complete_document() {
    let declarations = seeds();
    let page = Policy::new(&declarations)
        .render(Format::HtmlPage, &PolicyOptions::new("fr").unwrap())
        .unwrap();
    for needle in [
        "<!DOCTYPE html>\n<html lang=\"fr\">",
        "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>Politique relative aux cookies</title>",
        "<style>",
        "<main>\n<section class=\"cookie-policy\" lang=\"fr\">\n<h1>",
        "<h3>Cookies nécessaires au bon fonctionnement de la plateforme</h3>",
        "</section>\n</main>\n</body>\n</html>\n",
    ] {
        assert!(page.contains(needle), "missing {needle:?}");
    }
}

#[test]
fn write_to_matches_render_and_reports_a_failing_writer() {
    let declarations = seeds();
    let policy = Policy::new(&declarations);
    let options = PolicyOptions::new("en").unwrap();
    for format in Format::ALL.iter().copied() {
        let mut out = String::new();
        policy.write_to(format, &options, &mut out).unwrap();
        assert_eq!(out, policy.render(format, &options).unwrap());
    }

    struct Full(usize);
    impl fmt::Write for Full {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 = self.0.checked_sub(s.len()).ok_or(fmt::Error)?;
            Ok(())
        }
    }
    for format in Format::ALL.iter().copied() {
        assert!(matches!(
            policy.write_to(format, &options, &mut Full(100)),
            Err(RenderError::Write(_))
        ));
    }
}

#[cfg(feature = "json")]
#[test]
fn json_document_is_what_json_renders() {
    let declarations = seeds();
    let policy = Policy::new(&declarations);
    let options = PolicyOptions::new("fr")
        .unwrap()
        .with_site("https://example.com");
    let document = policy.json_document(&options).unwrap();
    assert_eq!(
        document.schema_version,
        cookie_registry::render::json::SCHEMA_VERSION
    );
    let rendered: serde_json::Value =
        serde_json::from_str(&policy.render(Format::Json, &options).unwrap()).unwrap();
    assert_eq!(serde_json::to_value(&document).unwrap(), rendered);
    assert_eq!(
        rendered["categories"][0]["rows"][1]["cookies"][0]["name"],
        "csrftoken"
    );
    assert_eq!(
        rendered["categories"][0]["rows"][3]["cookies"][0]["lifetime"]["seconds"],
        1_209_600
    );
}

/// The JSON names the policy revision a consent to it is given for: the consent cookie's, for
/// a registry's policy; the same for the same set of declarations, another for another.
#[cfg(feature = "json")]
#[test]
fn json_carries_the_policy_revision() {
    use cookie_registry::{Registry, Revision};

    let revision = |declarations: &[&'static CookieDeclaration]| {
        let json = Policy::new(declarations)
            .render(Format::Json, &PolicyOptions::new("fr").unwrap())
            .unwrap();
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        value["revision"].as_str().unwrap().to_string()
    };
    let seeds = seeds();
    let text = revision(&seeds);
    assert_eq!(text.len(), 16);
    assert!(
        text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')),
        "{text}"
    );
    assert_eq!(text, Revision::of(seeds.iter().copied()).to_string());

    // A registry's policy: the revision its consent cookie records.
    let registry = Registry::from_declarations(seeds.iter().copied());
    let document = registry
        .policy()
        .json_document(&PolicyOptions::new("en").unwrap())
        .unwrap();
    assert_eq!(document.revision, registry.revision().to_string());
    assert_eq!(document.revision, text);

    // The same set in another order, with a repeat: the same revision.
    let mut shuffled = seeds.clone();
    shuffled.reverse();
    shuffled.push(seeds[0]);
    assert_eq!(revision(&shuffled), text);
    // One declaration fewer: another revision.
    assert_ne!(revision(&seeds[1..]), text);
}
