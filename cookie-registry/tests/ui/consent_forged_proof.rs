// A proof of consent comes only from a consent state that grants it: it has no public
// constructor and no `Default`.
use cookie_registry::consent::{Granted, Statistics};

fn main() {
    let _by_constructor = Granted::<Statistics>::new();
    let _by_default: Granted<Statistics> = Default::default();
}
