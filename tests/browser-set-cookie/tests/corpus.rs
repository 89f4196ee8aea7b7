//! The corpus without a browser: it parses, the generated part is what the generator gives, it
//! covers enough, and the reader agrees with the model on every line.

use test_browser_set_cookie::corpus::{self, DATE_AHEAD_SECONDS};
use test_browser_set_cookie::generate;
use test_browser_set_cookie::verdict::{model_verdict, reader_verdict, show_verdict};

/// A fixed now (2025-06-15), so that a failure here reproduces.
const NOW: i64 = 1_750_000_000;

#[test]
fn generated_corpus_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(corpus::GENERATED);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generate::generate(),
        "{} differs from what src/generate.rs gives: run `cargo run -p test-browser-set-cookie --bin generate-corpus`",
        path.display()
    );
}

#[test]
fn corpus_is_large_enough() {
    let lines = corpus::load_all();
    let generated = lines.iter().filter(|l| l.file == corpus::GENERATED).count();
    assert!(generated >= 300, "{generated} generated lines");
    assert!(lines.len() >= 850, "{} lines", lines.len());
    for (host, _, _) in corpus::HOSTS {
        assert!(
            lines.iter().any(|l| l.page.host == host),
            "no line is served from {host}"
        );
    }
}

#[test]
fn reader_and_model_agree_on_every_line() {
    let mut differences = Vec::new();
    for line in corpus::load_all() {
        let bytes = line.bytes(NOW + DATE_AHEAD_SECONDS).expect("parsed before");
        let reader = reader_verdict(&bytes, &line.page, NOW);
        let model = model_verdict(&bytes, &line.page, NOW);
        if reader != model {
            differences.push(format!(
                "{} {}\n    reader: {}\n    model:  {}",
                line.location(),
                line.text,
                show_verdict(&reader),
                show_verdict(&model)
            ));
        }
    }
    assert!(
        differences.is_empty(),
        "{} lines:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
