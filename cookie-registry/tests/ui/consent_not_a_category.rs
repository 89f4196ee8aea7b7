// Only the categories that need consent have proofs; necessary cookies need none.
use cookie_registry::consent::ConsentState;

pub enum Necessary {}

fn main() {
    let _ = ConsentState::NONE.granted::<Necessary>();
}
