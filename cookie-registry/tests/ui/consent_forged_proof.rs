// A proof of consent comes only from a consent state that grants it: it has no `Default`
// (its fields are private: consent_forged_proof_literal.rs; its constructor too, which is not
// called here: rustc's hint for a private `new` names whichever trait with a blanket `new` the
// build links, and that differs between feature sets).
use cookie_registry::consent::{Granted, Statistics};

fn main() {
    let _by_default: Granted<Statistics> = Default::default();
}
