//! The policy as JSON: the document [`Format::Json`](super::Format::Json) writes, and the
//! third stage for that format.
//!
//! The types here are that document's schema. Field names are stable: a change that renames or
//! removes a field, or changes its meaning, bumps [`SCHEMA_VERSION`]; new fields may be added
//! without a bump. Enumerated values are the keywords a declaration uses (`"necessary"`,
//! `"third"`, `"local_storage"`, `"audience_measurement"`, `"lax"`), the same as the
//! `as_str` of [`Category`], [`Party`], [`Storage`], [`Exemption`] and [`SameSite`].
//!
//! Texts from declarations are carried **as declared** (resolved for the reader's language, not
//! escaped, line breaks kept), and so is the provider's `privacy_policy` address, which is not
//! checked: a consumer that puts them in a page must escape them, and must check the scheme of
//! an address before making it a link.
//!
//! Rows and their order are the same as in the Markdown and HTML tables.
//!
//! ```json
//! {
//!   "schema_version": 1,
//!   "revision": "5f0c2b8e9d41a7c3",
//!   "language": "en",
//!   "requested_language": "en",
//!   "site": "https://data.example.com",
//!   "title": "Cookie policy",
//!   "categories": [
//!     {
//!       "category": "necessary",
//!       "title": "Cookies necessary for the platform to function properly",
//!       "consent_required": false,
//!       "consent_text": "These cookies do not require your consent.",
//!       "columns": ["Service provider's name", "Function and location", "Cookie name(s)", "Purposes", "Lifetime"],
//!       "rows": [
//!         {
//!           "provider": { "name": "Opendatasoft", "privacy_policy": null },
//!           "party": "first",
//!           "function": "Authentication (front and back office)",
//!           "purpose": "To remember the user from one page to another",
//!           "consent_note": null,
//!           "lifetime": "2 weeks",
//!           "cookies": [
//!             {
//!               "name": "sessionid",
//!               "pattern": false,
//!               "storage": "http_cookie",
//!               "lifetime": { "text": "2 weeks", "seconds": 1209600 },
//!               "requires_consent": false,
//!               "exemption": "strictly_necessary",
//!               "justification": null,
//!               "attributes": {
//!                 "secure": true, "http_only": true, "same_site": "lax",
//!                 "path": "/", "domain": null, "partitioned": false
//!               }
//!             }
//!           ]
//!         }
//!       ]
//!     }
//!   ]
//! }
//! ```

use serde::Serialize;

#[cfg(doc)]
use crate::declaration::{Category, Exemption, Party, SameSite, Storage};

use super::escape;
use super::wording::{Cell, CookieWords, Piece, RowWords, Words};
use crate::Revision;
use crate::declaration::CookieName;

/// The version of this schema, the document's `schema_version`.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole policy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PolicyDocument {
    /// `schema_version`: [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// `revision`: the policy revision of the declarations rendered, as 16 lowercase
    /// hexadecimal digits: the [`Revision`] a consent to this policy is given for, the one the
    /// consent cookie records ([`Revision::of`] the declarations;
    /// [`Registry::revision`](crate::Registry::revision) for a registry's policy). A new
    /// field of schema version 1.
    pub revision: String,
    /// `language`: the language the built-in texts (titles, columns, notes) are written in: the
    /// requested tag when there are built-in texts for its primary language, else `"en"`.
    pub language: String,
    /// `requested_language`: the tag the policy was rendered for, in canonical case; the
    /// declarations' texts were resolved for it.
    pub requested_language: String,
    /// `site`: the site named in the options, or `null`.
    pub site: Option<String>,
    /// `title`: the document title ("Cookie policy").
    pub title: String,
    /// `categories`: one entry per category with declarations, in the order necessary,
    /// functionality, statistics, marketing.
    pub categories: Vec<CategoryTable>,
}

/// The table of one category.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CategoryTable {
    /// `category`: `"necessary"`, `"functionality"`, `"statistics"` or `"marketing"`.
    pub category: &'static str,
    /// `title`: the table's heading.
    pub title: String,
    /// `consent_required`: whether cookies of this category need consent unless they claim an
    /// exemption (see each row's `consent_note` and each cookie's `requires_consent`).
    pub consent_required: bool,
    /// `consent_text`: the sentence under the heading that says so.
    pub consent_text: String,
    /// `columns`: the five column names, in order: provider, function, names, purposes,
    /// lifetime.
    pub columns: Vec<String>,
    /// `rows`: the table's rows, in order.
    pub rows: Vec<TableRow>,
}

/// One row: the cookies that share provider, party, function, purpose and consent note.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TableRow {
    /// `provider`: who sets the cookies.
    pub provider: ProviderInfo,
    /// `party`: `"first"` or `"third"`.
    pub party: &'static str,
    /// `function`: the function and location, as declared for the reader's language.
    pub function: String,
    /// `purpose`: the purpose, as declared for the reader's language (without the note).
    pub purpose: String,
    /// `consent_note`: the note the tables add to the purpose when these cookies' consent status
    /// differs from their category's ("exempt from consent: anonymous audience measurement"),
    /// or `null`.
    pub consent_note: Option<String>,
    /// `lifetime`: the lifetime cell: one lifetime, or `name: lifetime` per cookie joined by
    /// `"; "` when they differ.
    pub lifetime: String,
    /// `cookies`: the row's cookies, sorted by name.
    pub cookies: Vec<CookieInfo>,
}

/// A provider.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProviderInfo {
    /// `name`: as declared.
    pub name: String,
    /// `privacy_policy`: the address as declared (unchecked), or `null`.
    pub privacy_policy: Option<String>,
}

/// One declared cookie or storage item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CookieInfo {
    /// `name`: as declared; a family ends with `*` (`"_ga_*"`).
    pub name: String,
    /// `pattern`: whether `name` is a family: every name that starts with the text before the
    /// `*`.
    pub pattern: bool,
    /// `storage`: `"http_cookie"`, `"local_storage"` or `"session_storage"`.
    pub storage: &'static str,
    /// `lifetime`: how long it is kept.
    pub lifetime: LifetimeInfo,
    /// `requires_consent`: whether it may only be set with the user's consent.
    pub requires_consent: bool,
    /// `exemption`: the exemption from consent it claims (`"strictly_necessary"`,
    /// `"consent_storage"`, `"audience_measurement"`), or `null`.
    pub exemption: Option<&'static str>,
    /// `justification`: why a third-party cookie is strictly necessary, for the reader's
    /// language, or `null`.
    pub justification: Option<String>,
    /// `attributes`: the HTTP attributes of an HTTP cookie; `null` for `localStorage` and
    /// `sessionStorage` items.
    pub attributes: Option<AttributesInfo>,
}

/// A lifetime.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LifetimeInfo {
    /// `text`: in words, in the document's language ("2 weeks", "Session").
    pub text: String,
    /// `seconds`: the lifetime in seconds (months and years of mean Gregorian length), or
    /// `null` for a session cookie.
    pub seconds: Option<u64>,
}

/// The HTTP attributes of a cookie.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct AttributesInfo {
    /// `secure`: `Secure`.
    pub secure: bool,
    /// `http_only`: `HttpOnly`.
    pub http_only: bool,
    /// `same_site`: `"strict"`, `"lax"` or `"none"`.
    pub same_site: &'static str,
    /// `path`: `Path`.
    pub path: String,
    /// `domain`: `Domain`, or `null` for a host-only cookie.
    pub domain: Option<String>,
    /// `partitioned`: `Partitioned`.
    pub partitioned: bool,
}

impl PolicyDocument {
    /// The document of a policy in words, whose declarations have this revision.
    pub(crate) fn new(words: &Words<'_>, revision: Revision) -> PolicyDocument {
        let t = words.texts;
        PolicyDocument {
            schema_version: SCHEMA_VERSION,
            revision: revision.to_string(),
            language: words.language.to_string(),
            requested_language: words.requested.as_str().to_string(),
            site: words.site.map(str::to_string),
            title: t.title.to_string(),
            categories: words
                .tables
                .iter()
                .map(|table| CategoryTable {
                    category: table.table.category.as_str(),
                    title: table.heading.to_string(),
                    consent_required: table.table.consent_required,
                    consent_text: table.consent.to_string(),
                    columns: t.columns.iter().map(|c| c.to_string()).collect(),
                    rows: words
                        .rows(table)
                        .iter()
                        .map(|row| row_info(words, row))
                        .collect(),
                })
                .collect(),
        }
    }

    /// The document as text, pretty-printed, with a final newline.
    pub(crate) fn to_text(&self) -> Result<String, serde_json::Error> {
        // About 1 kB per cookie, pretty-printed: sized once instead of doubling a megabyte.
        let cookies: usize = self
            .categories
            .iter()
            .flat_map(|c| &c.rows)
            .map(|r| r.cookies.len())
            .sum();
        let mut bytes = Vec::with_capacity(1_024 * cookies + 1_024);
        serde_json::to_writer_pretty(&mut bytes, self)?;
        bytes.push(b'\n');
        // serde_json writes UTF-8 only; a failure here would be its bug, reported, not a panic.
        String::from_utf8(bytes).map_err(serde::ser::Error::custom)
    }
}

/// A cell as the JSON carries it: the text as declared, without escaping or marks.
fn plain(words: &Words<'_>, cell: Cell) -> String {
    let mut out = String::new();
    for piece in words.cell(cell) {
        match *piece {
            Piece::Text(text) => out.push_str(text),
            // Writing to a String cannot fail.
            Piece::Number(n) => escape::number(&mut out, n).unwrap_or_default(),
            Piece::Start(_) | Piece::End(_) => {}
        }
    }
    out
}

fn row_info(words: &Words<'_>, row: &RowWords<'_>) -> TableRow {
    let model = row.row;
    TableRow {
        provider: ProviderInfo {
            name: model.provider.name().to_string(),
            privacy_policy: model.provider.privacy_policy().map(str::to_string),
        },
        party: model.party.as_str(),
        function: model.function.text.to_string(),
        purpose: model.purpose.text.to_string(),
        consent_note: row.note.map(|note| plain(words, note)),
        lifetime: plain(words, row.lifetime),
        cookies: words
            .cookies(row)
            .iter()
            .map(|c| cookie_info(words, c))
            .collect(),
    }
}

fn cookie_info(words: &Words<'_>, cookie: &CookieWords<'_>) -> CookieInfo {
    let c = cookie.cookie.declaration;
    let attributes = c.attributes();
    CookieInfo {
        name: plain(words, cookie.name),
        pattern: matches!(c.name(), CookieName::Prefix(_)),
        storage: c.storage().as_str(),
        lifetime: LifetimeInfo {
            text: plain(words, cookie.lifetime),
            seconds: c.lifetime().max_age_seconds(),
        },
        requires_consent: c.requires_consent(),
        exemption: c.exemption().map(|e| e.as_str()),
        justification: cookie.cookie.justification.map(str::to_string),
        attributes: c.storage().is_http_cookie().then(|| AttributesInfo {
            secure: attributes.secure(),
            http_only: attributes.http_only(),
            same_site: attributes.same_site().as_str(),
            path: attributes.path().to_string(),
            domain: attributes.domain().map(str::to_string),
            partitioned: attributes.partitioned(),
        }),
    }
}
