//! `cookie_registry::set_cookie` against the browser it imitates.
//!
//! A corpus of `Set-Cookie` lines (`corpus/cases.txt`, written by hand, and
//! `corpus/generated.txt`, from [`generate`]) is served byte for byte to headless Chromium, which
//! reports what it stored through the DevTools protocol; the reader's verdict and the model's
//! (`cookie-registry/src/set_cookie/model.rs`) must match it on every line: stored or not, name,
//! value, domain, path, expiry, flags. `tests/chromium.rs` runs it; `tests/corpus.rs` checks
//! the corpus without a browser.

pub mod corpus;
pub mod generate;
pub mod verdict;

/// The reader under test, under the name the model expects.
pub use cookie_registry::set_cookie as reader;

/// The model of `Set-Cookie` reading, shared with the reader's own tests and the fuzz target.
#[path = "../../../cookie-registry/src/set_cookie/model.rs"]
pub mod model;
