// Replays a committed fuzz corpus through its target's oracle, for the two replay tests
// (`cookie-registry/tests/fuzz_corpus_replay.rs`, `tests/middleware/tests/fuzz_corpus_replay.rs`),
// which load this file with `#[path]`. A missing or empty corpus directory fails the test, so a
// lost corpus cannot pass for a green replay.

use std::path::{Path, PathBuf};

/// Every file of `<corpus_root>/<target>/`, sorted; panics when the directory is missing or empty.
fn corpus(corpus_root: &Path, target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = corpus_root.join(target);
    let entries = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fuzz corpus {} is missing: {e}", dir.display()));
    let mut files: Vec<_> = entries
        .map(|entry| entry.expect("a readable corpus entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let bytes = std::fs::read(&path).expect("a readable corpus file");
            (path, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "fuzz corpus {} is empty", dir.display());
    files
}

/// Runs `oracle` on every file of the target's corpus; fails naming every file it rejects (the
/// oracle's own panic message for each is printed above).
pub fn replay(corpus_root: &Path, target: &str, oracle: fn(&[u8])) {
    let failed: Vec<String> = corpus(corpus_root, target)
        .into_iter()
        .filter(|(_, bytes)| std::panic::catch_unwind(|| oracle(bytes)).is_err())
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        failed.is_empty(),
        "{} fuzz corpus files fail the {target} oracle:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
