//! The one model every format is rendered from: categories, rows and cells.
//!
//! Grouping, sorting, lifetime wording and consent notes are decided here, once; the Markdown,
//! HTML and JSON renderers only escape and lay out what this module gives them, so the formats
//! can never disagree on rows.
//!
//! * **Tables**: one per category that has declarations, in [`Category::ALL`] order.
//! * **Rows**: the declarations of a category that share provider (name and privacy-policy
//!   address), party, function, purpose (as resolved for the reader's language) and consent note
//!   form one row. The consent note is part of the key so that a row never mixes cookies that
//!   need consent with cookies that do not.
//! * **Order**: rows by provider name (case-insensitive, then exact), then by first cookie name,
//!   then by the rest of the key; cookies within a row by name (families after the exact name of
//!   the same stem), then by every other field, so the order never depends on the input's.
//!   Declarations that would render identically are listed once.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::escape;
use super::texts::{self, Texts};
use crate::declaration::{
    Category, CookieDeclaration, CookieName, Exemption, LanguageTag, Lifetime, Party, Provider,
    Text,
};

/// A whole policy, ready to be laid out.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    /// The built-in texts.
    pub texts: &'static Texts,
    /// The language the document is written in: the requested tag when we have built-in texts
    /// for its primary language, else the language of the built-in texts used.
    pub lang: String,
    /// The requested language.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub requested: &'a LanguageTag,
    /// The site, if named (blank names count as none).
    pub site: Option<&'a str>,
    /// One table per category present, in category order.
    pub tables: Vec<Table>,
}

/// The table of one category.
#[derive(Debug)]
pub(crate) struct Table {
    pub category: Category,
    /// Whether cookies of this category need consent unless they claim an exemption.
    pub consent_required: bool,
    pub rows: Vec<Row>,
}

/// A note in the purpose cell, for cookies whose consent status is not their category's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ConsentNote {
    /// Exempt from consent, in a category that needs it.
    Exempt(Exemption),
    /// Needs consent, in a category that does not.
    Required,
}

/// A text resolved for the reader, with its language when that differs from the document's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolved {
    pub text: &'static str,
    /// The tag of the entry the text came from, when its primary language is not the
    /// document's (a French policy showing an English fallback). `None` otherwise.
    pub lang: Option<&'static str>,
}

/// One row of a table.
#[derive(Debug)]
pub(crate) struct Row {
    pub provider: Provider,
    pub party: Party,
    pub function: Resolved,
    pub purpose: Resolved,
    pub note: Option<ConsentNote>,
    /// Sorted, without duplicates; never empty.
    pub cookies: Vec<&'static CookieDeclaration>,
}

/// How a name is shown: `_ga_*`, with a `(localStorage)` marker for items that are not cookies.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NameLabel {
    pub name: String,
    pub marker: Option<&'static str>,
}

impl NameLabel {
    /// The whole label as text: `theme (localStorage)`.
    pub fn text(&self) -> String {
        match self.marker {
            Some(marker) => format!("{} ({marker})", self.name),
            None => self.name.clone(),
        }
    }
}

/// How the provider cell reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ProviderCell {
    /// The name links to the privacy policy.
    Link { url: &'static str },
    /// The address is shown as text after the name: it is not a safe link.
    Address { url: &'static str },
    /// No privacy policy declared.
    Plain,
}

impl Row {
    /// How the provider's privacy policy is shown.
    pub fn provider_cell(&self) -> ProviderCell {
        match self.provider.privacy_policy() {
            Some(url) if escape::is_safe_link(url) => ProviderCell::Link { url },
            Some(url) => ProviderCell::Address { url },
            None => ProviderCell::Plain,
        }
    }

    /// The suffix after the provider's name: " (third party)" or nothing.
    pub fn party_suffix(&self, texts: &Texts) -> &'static str {
        match self.party {
            Party::First => "",
            Party::Third => texts.third_party,
        }
    }

    /// The provider cell as plain text (what a reader sees, before line-break folding).
    pub fn provider_text(&self, texts: &Texts) -> String {
        let mut out = format!("{}{}", self.provider.name(), self.party_suffix(texts));
        if let ProviderCell::Address { url } = self.provider_cell() {
            out.push_str(texts.privacy_policy);
            out.push_str(url);
        }
        out
    }

    /// The labels of the row's cookies, in order.
    pub fn names(&self, texts: &Texts) -> Vec<NameLabel> {
        self.cookies.iter().map(|c| name_label(c, texts)).collect()
    }

    /// The name cell as plain text: labels joined by ", ".
    pub fn names_text(&self, texts: &Texts) -> String {
        join(self.names(texts).iter().map(NameLabel::text), ", ")
    }

    /// The note in the purpose cell, in words.
    pub fn note_text(&self, texts: &Texts) -> Option<String> {
        self.note.map(|note| match note {
            ConsentNote::Exempt(exemption) => {
                format!(
                    "{}{}",
                    texts.exempt_from_consent,
                    texts.exemption(exemption)
                )
            }
            ConsentNote::Required => texts.requires_consent.to_string(),
        })
    }

    /// The purpose cell as plain text: the purpose, then the note in parentheses.
    pub fn purpose_text(&self, texts: &Texts) -> String {
        purpose_with_note(self.purpose.text, self.note_text(texts).as_deref())
    }

    /// The lifetime shared by all the row's cookies, if they share one.
    pub fn shared_lifetime(&self) -> Option<Lifetime> {
        let first = self.cookies.first()?.lifetime();
        self.cookies
            .iter()
            .all(|c| c.lifetime() == first)
            .then_some(first)
    }

    /// The lifetime cell: the shared lifetime, or `name: lifetime` per cookie joined by "; ".
    pub fn lifetime_text(&self, texts: &Texts) -> String {
        match self.shared_lifetime() {
            Some(lifetime) => texts.lifetime(lifetime),
            None => join(
                self.cookies.iter().map(|c| {
                    format!(
                        "{}{}{}",
                        name_label(c, texts).text(),
                        texts.name_separator,
                        texts.lifetime(c.lifetime())
                    )
                }),
                "; ",
            ),
        }
    }
}

/// "purpose (note)", or either alone.
pub(crate) fn purpose_with_note(purpose: &str, note: Option<&str>) -> String {
    match note {
        Some(note) if purpose.is_empty() => note.to_string(),
        Some(note) => format!("{purpose} ({note})"),
        None => purpose.to_string(),
    }
}

fn join(items: impl Iterator<Item = String>, separator: &str) -> String {
    let mut out = String::new();
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        out.push_str(&item);
    }
    out
}

/// The label of one declaration.
pub(crate) fn name_label(declaration: &CookieDeclaration, texts: &Texts) -> NameLabel {
    NameLabel {
        name: declaration.name().to_string(),
        marker: texts.storage_marker(declaration.storage()),
    }
}

/// The note a declaration needs in a table of its category, if any.
fn consent_note(declaration: &CookieDeclaration) -> Option<ConsentNote> {
    let category_requires = declaration.category().default_exemption().is_none();
    match (declaration.requires_consent(), declaration.exemption()) {
        (true, _) if !category_requires => Some(ConsentNote::Required),
        (false, Some(exemption)) if category_requires => Some(ConsentNote::Exempt(exemption)),
        _ => None,
    }
}

/// Resolves a text for `tag` with [`Text::resolve`], and finds which entry it came from.
fn resolve(text: Text, tag: &str, document_primary: &str) -> Resolved {
    let resolved = text.resolve(tag);
    Resolved {
        text: resolved,
        lang: source_language(text, tag, resolved)
            .filter(|source| !primary(source).eq_ignore_ascii_case(document_primary)),
    }
}

/// The tag of the entry [`Text::resolve`] picked, following its documented fallback chain.
///
/// Only used to mark a fallback's language in HTML; `None` when unsure (the chain disagrees
/// with what `resolve` returned, or the entry's tag is not well-formed).
fn source_language(text: Text, tag: &str, resolved: &str) -> Option<&'static str> {
    let entries = text.entries();
    let wanted = primary(tag);
    let found = entries
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .or_else(|| {
            entries
                .iter()
                .find(|(t, _)| primary(t).eq_ignore_ascii_case(wanted))
        })
        .or_else(|| {
            entries
                .iter()
                .find(|(t, _)| t.eq_ignore_ascii_case(crate::declaration::FALLBACK_LANGUAGE))
        })
        .or_else(|| entries.first())?;
    (found.1 == resolved && LanguageTag::parse(found.0).is_ok()).then_some(found.0)
}

fn primary(tag: &str) -> &str {
    tag.split(['-', '_']).next().unwrap_or(tag)
}

/// The order of cookies within a row: by name, then by every field any format shows, so that
/// two declarations compare equal only when every format renders them the same.
fn cookie_order(a: &CookieDeclaration, b: &CookieDeclaration, tag: &str) -> Ordering {
    fn name_key(name: CookieName) -> (&'static str, bool) {
        (name.stem(), matches!(name, CookieName::Prefix(_)))
    }
    fn lifetime_key(lifetime: Lifetime) -> (Option<u64>, Option<crate::declaration::TimeUnit>) {
        match lifetime {
            Lifetime::Session => (None, None),
            Lifetime::Persistent { unit, .. } => (lifetime.max_age_seconds(), Some(unit)),
        }
    }
    fn attributes_key(
        d: &CookieDeclaration,
    ) -> (
        Option<&'static str>,
        &'static str,
        bool,
        bool,
        crate::declaration::SameSite,
        bool,
    ) {
        let a = d.attributes();
        (
            a.domain(),
            a.path(),
            a.secure(),
            a.http_only(),
            a.same_site(),
            a.partitioned(),
        )
    }
    name_key(a.name())
        .cmp(&name_key(b.name()))
        .then_with(|| a.storage().cmp(&b.storage()))
        .then_with(|| lifetime_key(a.lifetime()).cmp(&lifetime_key(b.lifetime())))
        .then_with(|| a.exemption().cmp(&b.exemption()))
        .then_with(|| attributes_key(a).cmp(&attributes_key(b)))
        .then_with(|| {
            let j = |d: &CookieDeclaration| d.justification().map(|t| t.resolve(tag));
            j(a).cmp(&j(b))
        })
}

/// What makes declarations one row (within a category).
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct RowKey {
    provider_name: &'static str,
    privacy_policy: Option<&'static str>,
    party: Party,
    function: &'static str,
    purpose: &'static str,
    note: Option<ConsentNote>,
}

impl<'a> Document<'a> {
    /// Groups and sorts the declarations for a reader of `language`.
    pub fn build(
        declarations: &[&'static CookieDeclaration],
        language: &'a LanguageTag,
        site: Option<&'a str>,
    ) -> Document<'a> {
        let tag = language.as_str();
        let texts = texts::for_language(tag);
        let lang = if language.primary().eq_ignore_ascii_case(texts.lang) {
            tag.to_string()
        } else {
            texts.lang.to_string()
        };
        let document_primary = primary(&lang).to_string();

        let mut groups: BTreeMap<(Category, RowKey), Vec<&'static CookieDeclaration>> =
            BTreeMap::new();
        for &declaration in declarations {
            let key = RowKey {
                provider_name: declaration.provider().name(),
                privacy_policy: declaration.provider().privacy_policy(),
                party: declaration.party(),
                function: declaration.function().resolve(tag),
                purpose: declaration.purpose().resolve(tag),
                note: consent_note(declaration),
            };
            groups
                .entry((declaration.category(), key))
                .or_default()
                .push(declaration);
        }

        let mut tables: Vec<Table> = Vec::new();
        for ((category, _), mut cookies) in groups {
            cookies.sort_by(|a, b| cookie_order(a, b, tag));
            cookies.dedup_by(|a, b| cookie_order(a, b, tag) == Ordering::Equal);
            // Every cookie of the group has the same provider, party, texts and note.
            let first = cookies[0];
            let row = Row {
                provider: first.provider(),
                party: first.party(),
                function: resolve(first.function(), tag, &document_primary),
                purpose: resolve(first.purpose(), tag, &document_primary),
                note: consent_note(first),
                cookies,
            };
            match tables.last_mut() {
                Some(table) if table.category == category => table.rows.push(row),
                _ => tables.push(Table {
                    category,
                    consent_required: category.default_exemption().is_none(),
                    rows: vec![row],
                }),
            }
        }
        for table in &mut tables {
            sort_rows(&mut table.rows, tag);
        }

        Document {
            texts,
            lang,
            requested: language,
            site: site.filter(|s| !s.trim().is_empty()),
            tables,
        }
    }
}

/// Sorts rows by provider (case-insensitive, then exact), then [`row_order`]. The lowercased
/// provider name is computed once per row, not once per comparison.
fn sort_rows(rows: &mut Vec<Row>, tag: &str) {
    let mut keyed: Vec<(String, Row)> = rows
        .drain(..)
        .map(|row| (row.provider.name().to_lowercase(), row))
        .collect();
    keyed.sort_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| row_order(a, b, tag)));
    rows.extend(keyed.into_iter().map(|(_, row)| row));
}

/// Rows by provider (exact: the case-insensitive order is [`sort_rows`]'), then first cookie,
/// then the rest of the key.
fn row_order(a: &Row, b: &Row, tag: &str) -> Ordering {
    // The case-insensitive provider order comes first, from a key computed once per row by
    // the caller (`sort_rows`): lowercasing here would run n log n times.
    a.provider
        .name()
        .cmp(b.provider.name())
        .then_with(|| cookie_order(a.cookies[0], b.cookies[0], tag))
        .then_with(|| {
            a.provider
                .privacy_policy()
                .cmp(&b.provider.privacy_policy())
        })
        .then_with(|| a.party.cmp(&b.party))
        .then_with(|| a.function.text.cmp(b.function.text))
        .then_with(|| a.purpose.text.cmp(b.purpose.text))
        .then_with(|| a.note.cmp(&b.note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::{
        DeclarationParts, DeclarationSite, HttpAttributes, Storage, TimeUnit,
    };

    #[allow(clippy::too_many_arguments)]
    const fn decl(
        name: CookieName,
        provider: &'static str,
        category: Category,
        function: Text,
        purpose: Text,
        lifetime: Lifetime,
        exemption: Option<Exemption>,
        storage: Storage,
    ) -> CookieDeclaration {
        CookieDeclaration::__from_parts(DeclarationParts {
            name,
            provider: Provider::new(provider, None),
            category,
            party: Party::First,
            function,
            purpose,
            justification: None,
            lifetime,
            storage,
            exemption,
            attributes: HttpAttributes::DEFAULT,
            site: DeclarationSite::new("test", "test", "test.rs", 1, 1),
        })
    }

    const MONTHS_13: Lifetime = Lifetime::Persistent {
        amount: 13,
        unit: TimeUnit::Month,
    };
    const STATS: Text = Text::new(&[("en", "Statistics"), ("fr", "Statistiques")]);
    const MEASURE: Text = Text::new(&[("en", "To count visits"), ("fr", "Compter les visites")]);

    static PK_ID: CookieDeclaration = decl(
        CookieName::Exact("_pk_id"),
        "Matomo",
        Category::Statistics,
        STATS,
        MEASURE,
        MONTHS_13,
        Some(Exemption::AudienceMeasurement),
        Storage::HttpCookie,
    );
    static PK_SES: CookieDeclaration = decl(
        CookieName::Exact("_pk_ses"),
        "Matomo",
        Category::Statistics,
        STATS,
        MEASURE,
        Lifetime::Persistent {
            amount: 30,
            unit: TimeUnit::Minute,
        },
        Some(Exemption::AudienceMeasurement),
        Storage::HttpCookie,
    );
    static GA: CookieDeclaration = decl(
        CookieName::Prefix("_ga_"),
        "Google",
        Category::Statistics,
        STATS,
        MEASURE,
        MONTHS_13,
        None,
        Storage::HttpCookie,
    );
    static GA_EXACT: CookieDeclaration = decl(
        CookieName::Exact("_ga"),
        "Google",
        Category::Statistics,
        STATS,
        MEASURE,
        MONTHS_13,
        None,
        Storage::HttpCookie,
    );
    static THEME: CookieDeclaration = decl(
        CookieName::Exact("theme"),
        "Example",
        Category::Necessary,
        Text::new(&[("en", "Display")]),
        Text::new(&[("en", "To remember your theme")]),
        Lifetime::Session,
        Some(Exemption::StrictlyNecessary),
        Storage::LocalStorage,
    );
    static NEEDS_CONSENT: CookieDeclaration = decl(
        CookieName::Exact("odd"),
        "Example",
        Category::Necessary,
        Text::new(&[("en", "Display")]),
        Text::new(&[("en", "To remember your theme")]),
        Lifetime::Session,
        None,
        Storage::HttpCookie,
    );

    fn doc(decls: &[&'static CookieDeclaration], lang: &str) -> Vec<Table> {
        let tag = Box::leak(Box::new(LanguageTag::parse(lang).unwrap()));
        Document::build(decls, tag, None).tables
    }

    #[test]
    fn same_provider_function_and_purpose_share_a_row() {
        let tables = doc(&[&GA, &PK_SES, &GA_EXACT, &PK_ID], "en");
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].provider.name(), "Google");
        assert_eq!(rows[0].names_text(&texts::EN), "_ga, _ga_*");
        assert_eq!(rows[0].lifetime_text(&texts::EN), "13 months");
        assert_eq!(rows[0].purpose_text(&texts::EN), "To count visits");
        assert_eq!(rows[1].provider.name(), "Matomo");
        assert_eq!(rows[1].names_text(&texts::EN), "_pk_id, _pk_ses");
        assert_eq!(
            rows[1].lifetime_text(&texts::EN),
            "_pk_id: 13 months; _pk_ses: 30 minutes"
        );
        assert_eq!(
            rows[1].purpose_text(&texts::EN),
            "To count visits (exempt from consent: anonymous audience measurement)"
        );
    }

    #[test]
    fn french_wording() {
        let tables = doc(&[&PK_SES, &PK_ID], "fr-CA");
        let row = &tables[0].rows[0];
        assert_eq!(row.function.text, "Statistiques");
        assert_eq!(
            row.lifetime_text(&texts::FR),
            "_pk_id\u{a0}: 13 mois; _pk_ses\u{a0}: 30 minutes"
        );
        assert_eq!(
            row.purpose_text(&texts::FR),
            "Compter les visites (exempté de consentement\u{a0}: mesure d'audience anonyme)"
        );
    }

    #[test]
    fn consent_status_splits_rows_and_storage_is_marked() {
        let tables = doc(&[&NEEDS_CONSENT, &THEME], "en");
        assert_eq!(tables[0].category, Category::Necessary);
        assert!(!tables[0].consent_required);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].names_text(&texts::EN), "odd");
        assert_eq!(
            rows[0].purpose_text(&texts::EN),
            "To remember your theme (requires your consent)"
        );
        assert_eq!(rows[1].names_text(&texts::EN), "theme (localStorage)");
        assert_eq!(rows[1].note, None);
    }

    #[test]
    fn categories_in_order_and_duplicates_once() {
        let tables = doc(&[&GA, &THEME, &GA, &THEME], "en");
        let categories: Vec<_> = tables.iter().map(|t| t.category).collect();
        assert_eq!(categories, [Category::Necessary, Category::Statistics]);
        assert_eq!(tables[1].rows[0].cookies.len(), 1);
    }

    #[test]
    fn fallback_language_is_marked() {
        let tables = doc(&[&THEME, &PK_ID], "fr");
        // THEME has English texts only.
        assert_eq!(tables[0].rows[0].function.lang, Some("en"));
        assert_eq!(tables[1].rows[0].function.lang, None);
        // For German, everything falls back to English: the document's language.
        let tables = doc(&[&THEME], "de");
        assert_eq!(tables[0].rows[0].function.lang, None);
    }
}
