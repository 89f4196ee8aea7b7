//! Placeholder while the macro is written.
use proc_macro::TokenStream;
#[proc_macro_attribute]
pub fn cookie(_args: TokenStream, item: TokenStream) -> TokenStream {
    item
}
#[proc_macro_derive(Cookie, attributes(cookie))]
pub fn derive_cookie(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
