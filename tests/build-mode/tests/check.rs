//! `Config::check` on small crates written to a temporary folder: what is found, where, at what
//! level, and what is rendered.

use std::path::PathBuf;

use cookie_registry::build::{Config, FindingKind, Level};
use cookie_registry::declaration::CookieName;
use cookie_registry::render::Format;

/// Writes a crate (`Cargo.toml` plus `files`) to a fresh temporary folder.
fn crate_with(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cookie-registry-check-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[package]\nname = \"{name}\"\nversion = \"0.0.0\"\n"),
    )
    .unwrap();
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const SESSION: &str = r#"
#[cookie(provider = "P", category = necessary, function = "F", purpose = "Q", lifetime = "2 weeks")]
pub const SESSION: &str = "sessionid";
"#;

fn kinds(config: &Config) -> Vec<(String, Level, String)> {
    let outcome = config.check().expect("check runs");
    outcome
        .findings
        .iter()
        .map(|f| {
            (
                format!(
                    "{}:{}:{}",
                    f.display_path, f.location.line, f.location.column
                ),
                f.level,
                format!("{:?}", f.kind),
            )
        })
        .collect()
}

#[test]
fn undeclared_unverifiable_and_unused_are_found_at_their_levels() {
    let dir = crate_with(
        "levels",
        &[
            ("src/cookies.rs", SESSION),
            (
                "src/main.rs",
                "mod cookies;\nfn main() {\n    let t = Cookie::new(\"tracker\", 1);\n    let c = Cookie::new(name(), 1);\n}\n",
            ),
        ],
    );
    let found = kinds(&Config::new().manifest_dir(&dir));
    assert_eq!(
        found,
        [
            (
                "src/cookies.rs:3:11".to_string(),
                Level::Warn,
                "Unused { name: \"sessionid\" }".to_string()
            ),
            (
                "src/main.rs:3:25".into(),
                Level::Deny,
                "Undeclared { name: \"tracker\" }".into()
            ),
            (
                "src/main.rs:4:25".into(),
                Level::Warn,
                "Unverifiable { expression: \"name()\" }".into()
            ),
        ]
    );
    let relaxed = Config::new()
        .manifest_dir(&dir)
        .undeclared(Level::Warn)
        .unverifiable(Level::Deny)
        .unused(Level::Allow);
    let levels: Vec<Level> = relaxed
        .check()
        .unwrap()
        .findings
        .iter()
        .map(|f| f.level)
        .collect();
    assert_eq!(levels, [Level::Allow, Level::Warn, Level::Deny]);
}

#[test]
fn allowances_cover_names_and_families() {
    let dir = crate_with(
        "allow",
        &[(
            "src/main.rs",
            "fn main() { Cookie::new(\"legacy\", 1); Cookie::new(\"_hj_session\", 1); Cookie::new(\"other\", 1); }",
        )],
    );
    let outcome = Config::new()
        .manifest_dir(&dir)
        .allow("legacy", "old proxy")
        .allow("_hj_*", "until Q3")
        .check()
        .unwrap();
    let undeclared: Vec<_> = outcome.findings.iter().map(|f| f.kind.clone()).collect();
    assert_eq!(
        undeclared,
        [FindingKind::Undeclared {
            name: "other".into()
        }]
    );
    assert!(outcome.failed());
}

#[test]
fn set_cookie_texts_give_the_name_a_browser_reads_and_fail_without_one() {
    let dir = crate_with(
        "texts",
        &[
            ("src/cookies.rs", SESSION),
            (
                "src/main.rs",
                "mod cookies;\nconst HEADER: &str = \"sessionid=1; Path=/\";\nconst BROKEN: &str = \"no name\";\n\
                 fn main() {\n    h.insert(SET_COOKIE, HeaderValue::from_static(HEADER));\n    \
                 h.insert(SET_COOKIE, HeaderValue::from_static(BROKEN));\n    h.append(SET_COOKIE, value);\n}\n",
            ),
        ],
    );
    let found = kinds(&Config::new().manifest_dir(&dir));
    assert_eq!(
        found,
        [
            (
                "src/main.rs:6:51".to_string(),
                Level::Deny,
                "Undeclared { name: \"\" }".to_string()
            ),
            (
                "src/main.rs:7:26".into(),
                Level::Warn,
                "Unverifiable { expression: \"value\" }".into()
            ),
        ]
    );
    let outcome = Config::new().manifest_dir(&dir).check().unwrap();
    assert!(
        outcome.findings[0]
            .message
            .contains("a cookie with an empty name is set here (a Set-Cookie header)"),
        "{}",
        outcome.findings[0]
    );
}

#[test]
fn constants_in_other_files_and_typed_handles_count_as_declared_and_used() {
    let handle = r#"
#[derive(Debug, Cookie)]
#[cookie(name = "lang", provider = "P", category = functionality, exemption = strictly_necessary,
         function = "F", purpose = "Q", lifetime = "1 year")]
pub struct Language;
"#;
    let dir = crate_with(
        "resolve",
        &[
            ("src/cookies.rs", &format!("{SESSION}{handle}")),
            (
                "src/main.rs",
                "mod cookies;\nfn main() {\n    jar.add((crate::cookies::SESSION, v));\n    Cookie::new(cookies::Language::DECLARATION.name().stem(), v);\n}\n",
            ),
        ],
    );
    let outcome = Config::new().manifest_dir(&dir).check().unwrap();
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    let sites: Vec<_> = outcome
        .registry
        .iter()
        .map(|d| (d.name().to_string(), d.site().module_path().to_string()))
        .collect();
    assert_eq!(
        sites,
        [
            ("lang".to_string(), "resolve::cookies".to_string()),
            ("sessionid".into(), "resolve::cookies".into())
        ]
    );
}

#[test]
fn invalid_declarations_and_syntax_errors_fail_with_the_macros_messages() {
    let dir = crate_with(
        "invalid",
        &[
            (
                "src/lib.rs",
                "#[cookie(provider = \"P\", category = necessary, function = \"F\", purpose = \"Q\", lifetime = \"forever\")]\npub const BAD: &str = \"bad name\";\n",
            ),
            ("src/broken.rs", "fn oops( {"),
        ],
    );
    let outcome = Config::new().manifest_dir(&dir).check().unwrap();
    let messages: Vec<String> = outcome.findings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].starts_with("src/broken.rs:1:"), "{messages:#?}");
    assert!(messages[0].contains("not valid Rust"), "{messages:#?}");
    assert!(
        messages[1].starts_with("src/lib.rs:1:")
            && messages[1].contains("invalid lifetime \"forever\""),
        "{messages:#?}"
    );
    assert!(
        messages[2].starts_with("src/lib.rs:2:23") && messages[2].contains("invalid cookie name"),
        "{messages:#?}"
    );
    assert!(
        outcome
            .findings
            .iter()
            .all(|f| f.kind == FindingKind::InvalidDeclaration && f.level == Level::Deny)
    );
}

#[test]
fn dependency_declarations_are_in_the_policy_and_cover_what_the_crate_sets() {
    let library = crate_with(
        "library",
        &[(
            "src/lib.rs",
            &format!("{SESSION}\npub fn f() {{ Cookie::new(SESSION, 1); }}"),
        )],
    );
    let app = crate_with(
        "app",
        &[(
            "src/main.rs",
            "fn main() { Cookie::new(library::SESSION, 1); }",
        )],
    );
    let outcome = Config::new()
        .manifest_dir(&app)
        .dependency_dir(&library)
        .check()
        .unwrap();
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    assert_eq!(
        outcome
            .registry
            .iter()
            .map(|d| d.name())
            .collect::<Vec<_>>(),
        [CookieName::Exact("sessionid")]
    );
    assert!(
        outcome
            .read
            .iter()
            .any(|p| p.ends_with("library/src/lib.rs") || p.to_string_lossy().contains("library"))
    );
}

#[test]
fn outputs_are_rendered_where_asked_and_reruns_cover_every_file_read() {
    let dir = crate_with(
        "outputs",
        &[
            (
                "src/lib.rs",
                &format!("{SESSION}\npub fn f() {{ Cookie::new(SESSION, 1); }}"),
            ),
            ("src/a/b.rs", ""),
        ],
    );
    let out = dir.join("out");
    let outcome = Config::new()
        .manifest_dir(&dir)
        .out_dir(&out)
        .output(Format::Markdown, "fr")
        .output(Format::HtmlPage, "en")
        .output_to(Format::Json, "en", "docs/cookies.json")
        .site("https://example.org")
        .check()
        .unwrap();
    let paths: Vec<PathBuf> = outcome.rendered.iter().map(|r| r.path.clone()).collect();
    assert_eq!(
        paths,
        [
            out.join("cookie-policy.fr.md"),
            out.join("cookie-policy.en.page.html"),
            dir.join("docs/cookies.json")
        ]
    );
    assert!(outcome.rendered[0].contents.contains("| sessionid |"));
    for expected in [
        dir.join("Cargo.toml"),
        dir.join("src"),
        dir.join("src/a"),
        dir.join("src/lib.rs"),
        dir.join("src/a/b.rs"),
    ] {
        assert!(
            outcome.read.contains(&expected),
            "{} not in {:?}",
            expected.display(),
            outcome.read
        );
    }
}

#[test]
fn errors_of_the_step_itself_are_typed() {
    let dir = crate_with("typed", &[("src/lib.rs", "")]);
    let error = Config::new()
        .manifest_dir(&dir)
        .dependency("no-such-crate")
        .check()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("dependency `no-such-crate` not found"),
        "{error}"
    );
    let error = Config::new()
        .manifest_dir(dir.join("nowhere"))
        .check()
        .unwrap_err();
    assert!(error.to_string().contains("Cargo.toml"), "{error}");
    // This test binary has no build script, so cargo sets no OUT_DIR for it.
    assert!(std::env::var_os("OUT_DIR").is_none());
    let error = Config::new()
        .manifest_dir(&dir)
        .output(Format::Markdown, "en")
        .check()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("no cookie declaration to render"),
        "an empty policy is an error: {error}"
    );
    let declared = crate_with("typed-declared", &[("src/lib.rs", SESSION)]);
    let error = Config::new()
        .manifest_dir(&declared)
        .output(Format::Markdown, "en")
        .check()
        .unwrap_err();
    assert!(
        matches!(error, cookie_registry::build::BuildError::NoOutDir),
        "{error}"
    );
}
