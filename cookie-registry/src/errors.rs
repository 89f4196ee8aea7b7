//! What every error type of the crate shares.

/// Implements `Debug` as the error's message (`Display`).
///
/// `fn main() -> Result<(), Box<dyn Error>>` prints an error that reaches it with `Debug`:
/// `Error: NoDeclarations` and a dump of fields would hide the message written for the reader.
/// Every error type of this crate prints its message there instead.
macro_rules! debug_as_display {
    ($type:ty) => {
        impl ::core::fmt::Debug for $type {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(self, f)
            }
        }
    };
}

pub(crate) use debug_as_display;
