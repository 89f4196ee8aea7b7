//! `fn main() -> Result<(), Box<dyn Error>>` prints an error with `Debug`: every error type of
//! cookie-registry prints its message there, not `NoDeclarations` or a dump of its fields.

use std::process::Command;

use cookie_registry::consent::{ConsentCookie, ConsentState, NoConsentNeeded, Statistics};
use cookie_registry::declaration::{CookieDeclaration, LanguageTag, Lifetime};
use cookie_registry::enforce::check_set_cookie;
use cookie_registry::render::{Format, Policy, PolicyOptions};
use cookie_registry::{Registry, Revision};

#[test]
fn a_program_prints_the_registrys_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_no-declarations"))
        .output()
        .expect("run the program");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.starts_with("Error: no cookie declaration was linked into this program;"),
        "{stderr}"
    );
    assert!(!stderr.contains("NoDeclarations"), "{stderr}");
}

/// `Debug` is `Display`, checked on one value of each error type.
fn reads_as_its_message(error: &dyn std::error::Error) {
    let message = error.to_string();
    assert!(!message.is_empty());
    assert_eq!(format!("{error:?}"), message);
    // What `main` prints, through a `Box<dyn Error>`.
    let boxed: Box<dyn std::error::Error> = message.clone().into();
    assert_eq!(format!("{boxed:?}"), format!("{message:?}"));
}

fn declaration(text: &str) -> &'static CookieDeclaration {
    CookieDeclaration::parse(text, &["en"]).unwrap()
}

#[test]
fn every_error_type_reads_as_its_message() {
    let session = declaration(
        r#"name = "session", provider = "Example", category = necessary, lifetime = "session",
           function(en = "Login"), purpose(en = "To keep you logged in")"#,
    );
    let other_session = declaration(
        r#"name = "session", provider = "Other", category = necessary, lifetime = "session",
           function(en = "Login"), purpose(en = "To keep you logged in")"#,
    );
    let analytics = declaration(
        r#"name = "_analytics", provider = "Example", category = statistics, lifetime = "6 months",
           function(en = "Statistics"), purpose(en = "To count visits")"#,
    );

    // The registry: a conflict between two declarations of one name.
    let conflicting = Registry::from_declarations([session, other_session]);
    let validation = conflicting.validate().unwrap_err();
    reads_as_its_message(&validation);
    assert!(validation.to_string().contains("declared twice"));

    // Rendering, formats, languages, lifetimes, declarations written as text.
    reads_as_its_message(
        &Policy::new(&[])
            .render(Format::Markdown, &PolicyOptions::new("en").unwrap())
            .unwrap_err(),
    );
    reads_as_its_message(&"pdf".parse::<Format>().unwrap_err());
    reads_as_its_message(&LanguageTag::parse("not a tag").unwrap_err());
    reads_as_its_message(&Lifetime::parse("forever").unwrap_err());
    reads_as_its_message(&CookieDeclaration::parse("name = ", &["en"]).unwrap_err());

    // Consent: a declaration that cannot be the consent cookie, a value that gives none, a
    // proof that is not there.
    reads_as_its_message(&ConsentCookie::new(session, Revision::from_u64(1)).unwrap_err());
    let preferences = declaration(
        r#"name = "prefs", provider = "Example", category = necessary, exemption = consent_storage,
           lifetime = "6 months", function(en = "Banner"), purpose(en = "To remember your choices")"#,
    );
    let consent = ConsentCookie::new(preferences, Revision::from_u64(1)).unwrap();
    reads_as_its_message(
        &consent
            .try_decode("garbage", std::time::SystemTime::now())
            .unwrap_err(),
    );
    reads_as_its_message(&ConsentState::NONE.granted::<Statistics>().unwrap_err());

    // Building and judging cookies.
    reads_as_its_message(&session.header("a b", NoConsentNeeded).unwrap_err());
    let registry = Registry::from_declarations([session, analytics]);
    reads_as_its_message(&check_set_cookie(&registry, &ConsentState::NONE, b"tracker=1").unwrap());
}
