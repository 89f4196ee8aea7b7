//! What every error type of the crate shares: `Debug` prints the message, so that an error
//! that reaches `fn main() -> Result<(), Box<dyn Error>>` reads as written (the macro lives in
//! the syntax crate, whose error types do the same).

pub(crate) use cookie_registry_syntax::__debug_as_display as debug_as_display;
