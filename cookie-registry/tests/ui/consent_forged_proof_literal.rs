// A proof of consent cannot be written as a struct literal either: its field is private.
use cookie_registry::consent::{Granted, Statistics};

fn main() {
    let _by_literal = Granted::<Statistics> {
        category: std::marker::PhantomData,
    };
}
