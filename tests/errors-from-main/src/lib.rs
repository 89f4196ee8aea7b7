//! Deliberately empty: this crate declares no cookie, so its program's registry is an error.
