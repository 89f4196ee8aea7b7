//! Records as JSON and CSV: the visitor's download and the operator's export of a period.

use cookie_registry::consent::ConsentId;
use serde::Serialize;

use crate::ConsentRecord;
use crate::record::CONSENT_CATEGORIES;
use crate::time::rfc3339;

/// The columns of [`to_csv`], in order.
pub const CSV_COLUMNS: [&str; 12] = [
    "record_id",
    "consent_id",
    "chosen_at",
    "revision",
    "policy_sha256",
    "source",
    "necessary",
    "functionality",
    "statistics",
    "marketing",
    "ip_prefix",
    "user_agent",
];

/// One record as JSON.
#[derive(Serialize)]
struct RecordJson<'a> {
    record_id: i64,
    consent_id: String,
    chosen_at: String,
    chosen_at_ms: i64,
    revision: String,
    policy_sha256: String,
    source: &'static str,
    categories: CategoriesJson,
    ip_prefix: Option<String>,
    user_agent: Option<&'a str>,
}

#[derive(Serialize)]
struct CategoriesJson {
    necessary: bool,
    functionality: bool,
    statistics: bool,
    marketing: bool,
}

impl<'a> From<&'a ConsentRecord> for RecordJson<'a> {
    fn from(record: &'a ConsentRecord) -> Self {
        let [functionality, statistics, marketing] =
            CONSENT_CATEGORIES.map(|c| record.granted.contains(c));
        RecordJson {
            record_id: record.id.0,
            consent_id: record.consent_id.to_string(),
            chosen_at: rfc3339(record.at_millis),
            chosen_at_ms: record.at_millis,
            revision: record.revision.to_string(),
            policy_sha256: record.policy_sha256.to_string(),
            source: record.source.as_str(),
            categories: CategoriesJson {
                necessary: true,
                functionality,
                statistics,
                marketing,
            },
            ip_prefix: record.ip.map(|ip| ip.to_string()),
            user_agent: record.user_agent.as_deref(),
        }
    }
}

/// The records as a JSON array, oldest first, one object per record:
///
/// ```json
/// [{"record_id": 1, "consent_id": "9f1c…", "chosen_at": "2025-06-15T15:06:40.000Z",
///   "chosen_at_ms": 1750000000000, "revision": "3c5e0d7b1a2f9e84", "policy_sha256": "…",
///   "source": "banner_form",
///   "categories": {"necessary": true, "functionality": false, "statistics": true, "marketing": false},
///   "ip_prefix": null, "user_agent": null}]
/// ```
///
/// A category set to `false` was refused.
pub fn to_json(records: &[ConsentRecord]) -> String {
    let records: Vec<RecordJson<'_>> = records.iter().map(RecordJson::from).collect();
    // Serializing strings, numbers and booleans into a `String` cannot fail.
    serde_json::to_string_pretty(&records).unwrap_or_default()
}

/// What a visitor downloads: their consent ID and every record made under it, as JSON
/// (`{"consent_id": "…", "records": [...]}`, the records as [`to_json`] writes them).
pub fn visitor_json(consent_id: ConsentId, records: &[ConsentRecord]) -> String {
    #[derive(Serialize)]
    struct Download<'a> {
        consent_id: String,
        records: Vec<RecordJson<'a>>,
    }
    serde_json::to_string_pretty(&Download {
        consent_id: consent_id.to_string(),
        records: records.iter().map(RecordJson::from).collect(),
    })
    .unwrap_or_default()
}

/// The records as CSV (RFC 4180: comma-separated, CRLF line ends, a header row of
/// [`CSV_COLUMNS`]), categories as `true`/`false`, absent values empty.
///
/// A user agent is quoted when needed, and one that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return is prefixed with `'`, so that a spreadsheet does not run it as a formula
/// (CSV injection): the user agent is the one free text a visitor controls.
///
/// ```
/// use cookie_registry_consent_log::export::{CSV_COLUMNS, to_csv};
///
/// assert_eq!(to_csv(&[]), format!("{}\r\n", CSV_COLUMNS.join(",")));
/// ```
pub fn to_csv(records: &[ConsentRecord]) -> String {
    let mut out = String::with_capacity(128 * (records.len() + 1));
    out.push_str(&CSV_COLUMNS.join(","));
    out.push_str("\r\n");
    for record in records {
        let [functionality, statistics, marketing] =
            CONSENT_CATEGORIES.map(|c| record.granted.contains(c));
        let fields = [
            record.id.0.to_string(),
            record.consent_id.to_string(),
            rfc3339(record.at_millis),
            record.revision.to_string(),
            record.policy_sha256.to_string(),
            record.source.as_str().to_owned(),
            "true".to_owned(),
            functionality.to_string(),
            statistics.to_string(),
            marketing.to_string(),
            record.ip.map(|ip| ip.to_string()).unwrap_or_default(),
            record
                .user_agent
                .as_deref()
                .map(csv_text)
                .unwrap_or_default(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A free text as one CSV field.
fn csv_text(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains([',', '"', '\r', '\n']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn csv_fields() {
        assert_eq!(csv_text("Mozilla/5.0"), "Mozilla/5.0");
        assert_eq!(csv_text("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_text("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_text("x\ny"), "\"x\ny\"");
    }
}
