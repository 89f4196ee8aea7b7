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
use std::fmt::{self, Write};

use super::escape;
use super::texts::{self, Texts};
use crate::declaration::{
    Category, CookieDeclaration, CookieName, Exemption, LanguageTag, Lifetime, Party, Provider,
    Text,
};
use crate::static_hash::StaticMap;

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
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

    /// The provider cell as plain text (what a reader sees, before line-break folding): the
    /// name, the party, and an address that is not a safe link.
    pub fn write_provider<W: Write>(
        &self,
        out: &mut W,
        texts: &Texts,
        piece: Piece<W>,
    ) -> fmt::Result {
        piece(out, self.provider.name())?;
        piece(out, self.party_suffix(texts))?;
        if let ProviderCell::Address { url } = self.provider_cell() {
            piece(out, texts.privacy_policy)?;
            piece(out, url)?;
        }
        Ok(())
    }

    /// The name cell: labels joined by ", ".
    pub fn write_names<W: Write>(
        &self,
        out: &mut W,
        texts: &Texts,
        piece: Piece<W>,
    ) -> fmt::Result {
        for (i, cookie) in self.cookies.iter().enumerate() {
            if i > 0 {
                piece(out, ", ")?;
            }
            write_label(out, cookie, texts, piece)?;
        }
        Ok(())
    }

    /// The note in the purpose cell, in words.
    pub fn write_note<W: Write>(&self, out: &mut W, texts: &Texts, piece: Piece<W>) -> fmt::Result {
        match self.note {
            Some(ConsentNote::Exempt(exemption)) => {
                piece(out, texts.exempt_from_consent)?;
                piece(out, texts.exemption(exemption))
            }
            Some(ConsentNote::Required) => piece(out, texts.requires_consent),
            None => Ok(()),
        }
    }

    /// The purpose cell: the purpose, then the note in parentheses (the note alone when the
    /// purpose is empty).
    pub fn write_purpose<W: Write>(
        &self,
        out: &mut W,
        texts: &Texts,
        piece: Piece<W>,
    ) -> fmt::Result {
        piece(out, self.purpose.text)?;
        if self.note.is_some() {
            let open = !self.purpose.text.is_empty();
            if open {
                piece(out, " (")?;
            }
            self.write_note(out, texts, piece)?;
            if open {
                piece(out, ")")?;
            }
        }
        Ok(())
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
    pub fn write_lifetime<W: Write>(
        &self,
        out: &mut W,
        texts: &Texts,
        piece: Piece<W>,
    ) -> fmt::Result {
        if let Some(lifetime) = self.shared_lifetime() {
            return texts.write_lifetime(out, lifetime, piece);
        }
        for (i, cookie) in self.cookies.iter().enumerate() {
            if i > 0 {
                piece(out, "; ")?;
            }
            write_label(out, cookie, texts, piece)?;
            piece(out, texts.name_separator)?;
            texts.write_lifetime(out, cookie.lifetime(), piece)?;
        }
        Ok(())
    }

    /// [`write_names`](Self::write_names) as a `String`.
    #[cfg(test)]
    pub fn names_text(&self, texts: &Texts) -> String {
        plain(|out| self.write_names(out, texts, push))
    }

    /// [`write_note`](Self::write_note) as a `String`, `None` without a note.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub fn note_text(&self, texts: &Texts) -> Option<String> {
        self.note
            .map(|_| plain(|out| self.write_note(out, texts, push)))
    }

    /// [`write_purpose`](Self::write_purpose) as a `String`.
    #[cfg(test)]
    pub fn purpose_text(&self, texts: &Texts) -> String {
        plain(|out| self.write_purpose(out, texts, push))
    }

    /// [`write_lifetime`](Self::write_lifetime) as a `String`.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub fn lifetime_text(&self, texts: &Texts) -> String {
        plain(|out| self.write_lifetime(out, texts, push))
    }
}

/// How a renderer writes one piece of a cell's plain text: escaped for its format.
///
/// Cells are written piece by piece, straight into the output, instead of being built as
/// `String`s and escaped afterwards. Escaping piecewise gives the same bytes as escaping the
/// whole, because escaping is per character except for CRLF, and no piece that may end with
/// CR (a declared text) is ever followed by one that may start with LF: declared texts are
/// always separated by built-in ones (", ", " (", ": "...).
pub(crate) type Piece<W> = fn(&mut W, &str) -> fmt::Result;

/// The [`Piece`] that copies, for the plain-text (and JSON) forms of the cells.
fn push(out: &mut String, piece: &str) -> fmt::Result {
    out.push_str(piece);
    Ok(())
}

fn plain(write: impl FnOnce(&mut String) -> fmt::Result) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write(&mut out);
    out
}

/// A declaration's label: its name (`_ga_*` for a family), then ` (localStorage)` for an item
/// that is not an HTTP cookie.
pub(crate) fn write_label<W: Write>(
    out: &mut W,
    declaration: &CookieDeclaration,
    texts: &Texts,
    piece: Piece<W>,
) -> fmt::Result {
    write_name(out, declaration.name(), piece)?;
    if let Some(marker) = texts.storage_marker(declaration.storage()) {
        piece(out, " (")?;
        piece(out, marker)?;
        piece(out, ")")?;
    }
    Ok(())
}

/// A name as declared: `sessionid`, or `_ga_*` for a family.
pub(crate) fn write_name<W: Write>(out: &mut W, name: CookieName, piece: Piece<W>) -> fmt::Result {
    piece(out, name.stem())?;
    if matches!(name, CookieName::Prefix(_)) {
        piece(out, "*")?;
    }
    Ok(())
}

/// [`write_name`] as a `String`.
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) fn name_text(name: CookieName) -> String {
    plain(|out| write_name(out, name, push))
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

/// Resolves a text for `tag` with [`Text::resolve`], and marks the language of the entry it
/// came from when its primary language is not `document_primary` (a French policy showing an
/// English fallback).
///
/// The mark is only used in HTML; it is left out when the entry's tag is not well-formed.
fn resolve(text: Text, tag: &str, document_primary: &str) -> Resolved {
    let Some((source, resolved)) = text.resolve_entry(tag) else {
        return Resolved {
            text: "",
            lang: None,
        };
    };
    // The usual case, a text in the document's language, needs no mark: decided before the
    // tag is parsed, which costs more than the rest of the row.
    let foreign = !primary(source).eq_ignore_ascii_case(document_primary);
    Resolved {
        text: resolved,
        lang: (foreign && LanguageTag::parse(source).is_ok()).then_some(source),
    }
}

fn primary(tag: &str) -> &str {
    let end = tag
        .bytes()
        .position(|b| b == b'-' || b == b'_')
        .unwrap_or(tag.len());
    &tag[..end]
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
    type AttributesKey = (
        Option<&'static str>,
        &'static str,
        bool,
        bool,
        crate::declaration::SameSite,
        bool,
    );
    /// HTTP attributes, for HTTP cookies only: no format shows them for a storage item.
    fn attributes_key(d: &CookieDeclaration) -> Option<AttributesKey> {
        let a = d.attributes();
        (d.storage() == crate::declaration::Storage::HttpCookie).then(|| {
            (
                a.domain(),
                a.path(),
                a.secure(),
                a.http_only(),
                a.same_site(),
                a.partitioned(),
            )
        })
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
#[derive(Debug, PartialEq, Eq, Hash)]
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

        // Grouped by hash (the rows are sorted afterwards, on their whole key): a `BTreeMap`
        // compared long texts at every level of the tree. Groups keep the order in which they
        // first appear, so that rows come out of declarations sorted by name (as the registry
        // gives them) already nearly sorted.
        let mut index: StaticMap<(Category, RowKey), usize> =
            StaticMap::with_capacity_and_hasher(declarations.len(), Default::default());
        let mut groups: Vec<(Category, Vec<&'static CookieDeclaration>)> = Vec::new();
        for &declaration in declarations {
            let key = RowKey {
                provider_name: declaration.provider().name(),
                privacy_policy: declaration.provider().privacy_policy(),
                party: declaration.party(),
                function: declaration.function().resolve(tag),
                purpose: declaration.purpose().resolve(tag),
                note: consent_note(declaration),
            };
            let category = declaration.category();
            let next = groups.len();
            let at = *index.entry((category, key)).or_insert(next);
            if at == next {
                groups.push((category, Vec::with_capacity(1)));
            }
            groups[at].1.push(declaration);
        }

        let mut tables: Vec<Table> = Category::ALL
            .iter()
            .map(|&category| Table {
                category,
                consent_required: category.default_exemption().is_none(),
                rows: Vec::new(),
            })
            .collect();
        for (category, mut cookies) in groups {
            cookies.sort_by(|a, b| cookie_order(a, b, tag));
            // Every cookie of the group has the same provider, party, texts and note, but a
            // text may come from entries of different languages ("Connexion" given as French
            // by one declaration of the name and as English by another): the mark is chosen
            // from all of them, before duplicates go, document language first, so that it
            // never depends on their order.
            let mark = |text: fn(&CookieDeclaration) -> Text| {
                cookies
                    .iter()
                    .map(|c| resolve(text(c), tag, &document_primary))
                    .min_by(|a, b| a.lang.cmp(&b.lang))
            };
            let (Some(function), Some(purpose)) = (mark(|c| c.function()), mark(|c| c.purpose()))
            else {
                continue;
            };
            cookies.dedup_by(|a, b| cookie_order(a, b, tag) == Ordering::Equal);
            let first = cookies[0];
            let row = Row {
                provider: first.provider(),
                party: first.party(),
                function,
                purpose,
                note: consent_note(first),
                cookies,
            };
            if let Some(table) = tables.iter_mut().find(|t| t.category == category) {
                table.rows.push(row);
            }
        }
        tables.retain(|table| !table.rows.is_empty());
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

/// Sorts rows by provider (case-insensitive, then exact), then [`row_order`].
///
/// A policy has many rows and few providers: the providers are ranked once, lowercasing each
/// distinct name once, and rows compare ranks.
fn sort_rows(rows: &mut Vec<Row>, tag: &str) {
    let mut providers: Vec<&'static str> = rows.iter().map(|r| r.provider.name()).collect();
    providers.sort_unstable();
    providers.dedup();
    let mut ranked: Vec<(String, &'static str)> =
        providers.iter().map(|&p| (p.to_lowercase(), p)).collect();
    ranked.sort_unstable();
    let rank_of: StaticMap<&'static str, usize> = ranked
        .iter()
        .enumerate()
        .map(|(rank, &(_, name))| (name, rank))
        .collect();
    // Most comparisons end at the provider's rank or the first cookie's name: those are
    // compared from a key built once per row, the rest of the order only on a tie.
    // Rows arrive in the order of their first cookie when the declarations were sorted by
    // name: bucketing them by rank, in that order, then leaves them sorted or nearly so, which
    // the full sort below detects in one pass.
    /// Provider rank, first cookie's stem, whether it is a family.
    type Key = (usize, &'static str, bool);
    let mut buckets: Vec<Vec<(Key, Row)>> = (0..ranked.len()).map(|_| Vec::new()).collect();
    for row in rows.drain(..) {
        let rank = rank_of.get(row.provider.name()).copied().unwrap_or(0);
        let name = row.cookies[0].name();
        let key = (rank, name.stem(), matches!(name, CookieName::Prefix(_)));
        buckets[rank].push((key, row));
    }
    let mut keyed: Vec<_> = buckets.into_iter().flatten().collect();
    // Rows are distinct in `row_order`: no two compare equal, so an unstable sort is as
    // deterministic as a stable one.
    keyed.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| row_order(a, b, tag)));
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
    fn a_necessary_cookie_never_requires_consent_and_storage_is_marked() {
        // Built by hand without an exemption (the macro always gives one): still necessary,
        // so by the one rule (`Category::needs_consent`) it needs no consent, and shares a row.
        let tables = doc(&[&NEEDS_CONSENT, &THEME], "en");
        assert_eq!(tables[0].category, Category::Necessary);
        assert!(!tables[0].consent_required);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].names_text(&texts::EN), "odd, theme (localStorage)");
        assert_eq!(rows[0].note, None);
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
