//! The cookies of an Opendatasoft portal, declared once in code.
//!
//! The binary of this crate prints their cookie policy; an application would also use the
//! constants in [`cookies`] wherever it sets or reads these cookies.

pub mod cookies;
