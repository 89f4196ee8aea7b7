//! Rewrites `corpus/generated.txt` from the generator (`src/generate.rs`):
//! `cargo run -p test-browser-set-cookie --bin generate-corpus`.

fn main() -> std::io::Result<()> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(test_browser_set_cookie::corpus::GENERATED);
    std::fs::write(&path, test_browser_set_cookie::generate::generate())?;
    println!("wrote {}", path.display());
    Ok(())
}
