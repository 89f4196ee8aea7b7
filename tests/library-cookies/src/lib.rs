//! A library that sets cookies of its own, as a CSRF-protection or analytics crate would, and
//! ships their declarations: an application that links it gets them in its registry.
//!
//! It forbids unsafe code, as many libraries do: the macros' expansion must compile here with
//! either collection backend.
#![forbid(unsafe_code)]

use cookie_registry::{Cookie, cookie};

/// The CSRF token the library's form helpers set.
#[cookie(
    provider = "Opendatasoft",
    category = necessary,
    function(en = "API (CSRF) (front and back office)", fr = "API (CSRF) (front et back office)"),
    purpose(en = "To retrieve data via API calls", fr = "Récupérer des données via des appels API"),
    lifetime = "12 months",
    http_only = false,
)]
pub const CSRF_TOKEN: &str = "csrftoken";

/// The library's anonymous audience measurement, exempt from consent under the CNIL's conditions.
#[derive(Cookie)]
#[cookie(
    name = "_pk_id_*",
    provider = "Matomo",
    category = statistics,
    exemption = audience_measurement,
    function(en = "Audience measurement", fr = "Mesure d'audience"),
    purpose(en = "To count visits anonymously", fr = "Compter les visites de façon anonyme"),
    lifetime = "13 months",
)]
pub struct VisitorId;

/// Something for an application to call, as it would call any library.
pub fn form_field_name() -> &'static str {
    CSRF_TOKEN
}
