//! The first stage of a rendering: what the policy says, before a word of it is written.
//!
//! [`Document::build`] decides everything that does not depend on wording or on a format, once,
//! so that the formats can never disagree:
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
//! * **Languages**: which language the document is written in, the declared texts resolved for
//!   the reader, and which of them are in another language than the document's.
//! * **Links**: which privacy-policy addresses are safe to link to.
//!
//! The model knows no built-in word: [`super::wording`] turns it into words.

use std::cmp::Ordering;

use cookie_registry_syntax::language::primary_subtag;

use crate::declaration::{
    Category, CookieDeclaration, CookieName, Exemption, LanguageTag, Lifetime, Party, Provider,
    SameSite, Storage, Text, TimeUnit,
};
use crate::static_hash::StaticMap;

/// A whole policy, for one reader.
#[derive(Debug)]
pub(crate) struct Document<'a> {
    /// The language the document is written in: the requested tag when there are built-in
    /// words for its primary language, else the language of the built-in words used.
    pub language: &'a str,
    /// The language of the built-in words: one of those [`Document::build`] was given, or
    /// [`Text::FALLBACK_LANGUAGE`].
    pub built_in: &'static str,
    /// The requested language, the one the declared texts are resolved for.
    pub requested: &'a LanguageTag,
    /// The site, if named (a blank name counts as none).
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

/// One row of a table.
///
/// Rows are moved a few times while they are sorted: kept within 128 bytes, where moving one
/// is a few vector copies inline rather than a call to `memcpy`.
#[derive(Debug)]
pub(crate) struct Row {
    pub provider: Provider,
    /// Whether the provider's privacy-policy address is [safe](is_safe_link) to link to; an
    /// address that is not is shown as text, never as a link.
    pub link: bool,
    pub party: Party,
    pub function: Resolved,
    pub purpose: Resolved,
    pub note: Option<ConsentNote>,
    /// Sorted, without duplicates; never empty.
    pub cookies: Vec<Cookie>,
}

/// A declaration as one row lists it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cookie {
    pub declaration: &'static CookieDeclaration,
    /// The justification, resolved for the reader.
    pub justification: Option<&'static str>,
}

/// A declared text resolved for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Resolved {
    pub text: &'static str,
    /// The tag of the entry the text came from, in canonical form, when its language is not
    /// the document's (a French policy showing an English fallback); `None` when it is, or
    /// when the entry's tag is not a language tag (no mark rather than a wrong one). A boxed
    /// `str` rather than a `LanguageTag`: 8 bytes less, twice a row.
    pub language: Option<Box<str>>,
}

/// A note in the purpose cell, for cookies whose consent status is not their category's: by
/// the one rule ([`Category::needs_consent`]), only an exempt cookie in a category that needs
/// consent (a necessary cookie never needs it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum ConsentNote {
    /// Exempt from consent, in a category that needs it.
    Exempt(Exemption),
}

/// Whether a declared address may become a link: `http://` or `https://` (any case) followed by
/// at least one character, with no white space and no control character anywhere.
///
/// Everything else (`javascript:`, `data:`, relative paths, addresses with spaces) is shown as
/// text. The macro already rejects such addresses; declarations built by other means are
/// checked again here.
pub(crate) fn is_safe_link(url: &str) -> bool {
    let lower_starts = |prefix: &str| {
        url.len() > prefix.len()
            && url.is_char_boundary(prefix.len())
            && url[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    (lower_starts("http://") || lower_starts("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The note a declaration needs in a table of its category, if any.
fn consent_note(declaration: &CookieDeclaration) -> Option<ConsentNote> {
    let category_requires = declaration.category().needs_consent(None);
    match (declaration.requires_consent(), declaration.exemption()) {
        (false, Some(exemption)) if category_requires => Some(ConsentNote::Exempt(exemption)),
        _ => None,
    }
}

/// Resolves a text for `tag` with [`Text::resolve`]'s chain, and finds the language of the
/// entry it came from when that is not `document_primary`.
fn resolve(text: Text, tag: &str, document_primary: &str) -> Resolved {
    let Some((source, resolved)) = text.resolve_entry(tag) else {
        return Resolved {
            text: "",
            language: None,
        };
    };
    Resolved {
        text: resolved,
        language: foreign_language(source, document_primary),
    }
}

/// The tag of a declared entry, in canonical form, when its primary language is not the
/// document's.
///
/// `Text::new` asks for canonical tags, and for those the primary subtag is what comes before
/// the first `-`: the usual case, an entry in the document's language, is decided from that
/// alone, because parsing the tag costs more than the rest of the row. A tag written by hand
/// in another form (`fr_CA`, `FR`) is parsed, and then judged, and marked, by its canonical
/// form (`fr-CA`, `fr`): a `lang` attribute in HTML must be a BCP 47 tag.
fn foreign_language(source: &str, document_primary: &str) -> Option<Box<str>> {
    // The same tag as the document's primary subtag ("en" in an English policy) is the most
    // common entry of all, and the cheapest to recognise.
    if source.eq_ignore_ascii_case(document_primary)
        || primary_subtag(source).eq_ignore_ascii_case(document_primary)
    {
        return None;
    }
    let tag = LanguageTag::parse(source).ok()?;
    (tag.primary() != document_primary).then(|| tag.as_str().into())
}

/// The order of declared names, for cookies within a row and for rows by their first cookie:
/// by stem, the exact name before the family of the same stem.
fn name_key(name: CookieName) -> (&'static str, bool) {
    (name.stem(), matches!(name, CookieName::Prefix(_)))
}

/// The order of cookies within a row: by name, then by every field any format shows, so that
/// two declarations compare equal only when every format renders them the same.
fn cookie_order(a: &Cookie, b: &Cookie) -> Ordering {
    fn lifetime_key(lifetime: Lifetime) -> (Option<u64>, Option<TimeUnit>) {
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
        SameSite,
        bool,
    );
    /// HTTP attributes, for HTTP cookies only: no format shows them for a storage item.
    fn attributes_key(d: &CookieDeclaration) -> Option<AttributesKey> {
        let a = d.attributes();
        (d.storage() == Storage::HttpCookie).then(|| {
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
    let (da, db) = (a.declaration, b.declaration);
    name_key(da.name())
        .cmp(&name_key(db.name()))
        .then_with(|| da.storage().cmp(&db.storage()))
        .then_with(|| lifetime_key(da.lifetime()).cmp(&lifetime_key(db.lifetime())))
        .then_with(|| da.exemption().cmp(&db.exemption()))
        .then_with(|| attributes_key(da).cmp(&attributes_key(db)))
        .then_with(|| a.justification.cmp(&b.justification))
}

/// The declarations of one row, while they are gathered.
struct Group {
    category: Category,
    cookies: Vec<Cookie>,
    function: Resolved,
    purpose: Resolved,
}

impl Resolved {
    /// Every declaration of a row has the same texts, but a text may come from entries of
    /// different languages ("Connexion" given as French by one declaration of the name and as
    /// English by another): the row's mark is the smallest of all of theirs, duplicates included,
    /// no mark (the document's language) first, so that it never depends on their order.
    fn keep_the_smallest_mark(&mut self, other: Resolved) {
        if other.language < self.language {
            *self = other;
        }
    }
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
    /// Groups and sorts the declarations for a reader of `requested`, in a document whose
    /// built-in words exist in the languages `built_in` lists (primary subtags).
    pub fn build(
        declarations: &[&'static CookieDeclaration],
        requested: &'a LanguageTag,
        site: Option<&'a str>,
        built_in: &[&'static str],
    ) -> Document<'a> {
        let tag = requested.as_str();
        let (built_in, language) = match built_in
            .iter()
            .find(|l| l.eq_ignore_ascii_case(requested.primary()))
        {
            Some(&language) => (language, tag),
            None => (Text::FALLBACK_LANGUAGE, Text::FALLBACK_LANGUAGE),
        };
        let document_primary = primary_subtag(language);

        // Grouped by hash (the rows are sorted afterwards, on their whole key): a `BTreeMap`
        // compared long texts at every level of the tree. Groups keep the order in which they
        // first appear, so that rows come out of declarations sorted by name (as the registry
        // gives them) already nearly sorted.
        let mut index: StaticMap<(Category, RowKey), usize> =
            StaticMap::with_capacity_and_hasher(declarations.len(), Default::default());
        let mut groups: Vec<Group> = Vec::new();
        for &declaration in declarations {
            // Each text is resolved once, for the row's key and its language mark together:
            // resolving costs more than the rest of a declaration's share of the model.
            let function = resolve(declaration.function(), tag, document_primary);
            let purpose = resolve(declaration.purpose(), tag, document_primary);
            let key = RowKey {
                provider_name: declaration.provider().name(),
                privacy_policy: declaration.provider().privacy_policy(),
                party: declaration.party(),
                function: function.text,
                purpose: purpose.text,
                note: consent_note(declaration),
            };
            let cookie = Cookie {
                declaration,
                justification: declaration.justification().map(|j| j.resolve(tag)),
            };
            let category = declaration.category();
            let next = groups.len();
            let at = *index.entry((category, key)).or_insert(next);
            match groups.get_mut(at) {
                Some(group) => {
                    group.cookies.push(cookie);
                    group.function.keep_the_smallest_mark(function);
                    group.purpose.keep_the_smallest_mark(purpose);
                }
                None => groups.push(Group {
                    category,
                    cookies: vec![cookie],
                    function,
                    purpose,
                }),
            }
        }

        let mut tables: Vec<Table> = Category::ALL
            .iter()
            .map(|&category| Table {
                category,
                consent_required: category.default_exemption().is_none(),
                rows: Vec::new(),
            })
            .collect();
        for group in groups {
            let Group {
                category,
                mut cookies,
                function,
                purpose,
            } = group;
            cookies.sort_by(cookie_order);
            cookies.dedup_by(|a, b| cookie_order(a, b) == Ordering::Equal);
            let first = cookies[0].declaration;
            let row = Row {
                provider: first.provider(),
                link: first.provider().privacy_policy().is_some_and(is_safe_link),
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
            sort_rows(&mut table.rows);
        }

        Document {
            language,
            built_in,
            requested,
            site: site.filter(|s| !s.trim().is_empty()),
            tables,
        }
    }
}

/// Sorts rows by provider (case-insensitive, then exact), then [`row_order`].
///
/// A policy has many rows and few providers: the providers are ranked once, lowercasing each
/// distinct name once, and rows compare ranks.
fn sort_rows(rows: &mut Vec<Row>) {
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
    /// Provider rank, first cookie's [`name_key`].
    type Key = (usize, (&'static str, bool));
    let mut buckets: Vec<Vec<(Key, Row)>> = (0..ranked.len()).map(|_| Vec::new()).collect();
    for row in rows.drain(..) {
        let rank = rank_of.get(row.provider.name()).copied().unwrap_or(0);
        let key = (rank, name_key(row.cookies[0].declaration.name()));
        buckets[rank].push((key, row));
    }
    let mut keyed: Vec<_> = buckets.into_iter().flatten().collect();
    // Rows are distinct in `row_order`: no two compare equal, so an unstable sort is as
    // deterministic as a stable one.
    keyed.sort_unstable_by(|(ka, a), (kb, b)| ka.cmp(kb).then_with(|| row_order(a, b)));
    rows.extend(keyed.into_iter().map(|(_, row)| row));
}

/// Rows by provider (exact: the case-insensitive order is [`sort_rows`]'), then first cookie,
/// then the rest of the key.
fn row_order(a: &Row, b: &Row) -> Ordering {
    // The case-insensitive provider order comes first, from a key computed once per row by
    // the caller (`sort_rows`): lowercasing here would run n log n times.
    a.provider
        .name()
        .cmp(b.provider.name())
        .then_with(|| cookie_order(&a.cookies[0], &b.cookies[0]))
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
pub(crate) mod tests {
    use super::*;
    use crate::declaration::{DeclarationParts, DeclarationSite, HttpAttributes, TimeUnit};

    #[allow(clippy::too_many_arguments)]
    pub(crate) const fn decl(
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

    /// An HTTP cookie counting visits: the texts [`STATS`] and [`MEASURE`].
    const fn statistics(
        name: CookieName,
        provider: &'static str,
        lifetime: Lifetime,
        exemption: Option<Exemption>,
    ) -> CookieDeclaration {
        decl(
            name,
            provider,
            Category::Statistics,
            STATS,
            MEASURE,
            lifetime,
            exemption,
            Storage::HttpCookie,
        )
    }

    const EXEMPT: Option<Exemption> = Some(Exemption::AudienceMeasurement);
    pub(crate) static PK_ID: CookieDeclaration =
        statistics(CookieName::Exact("_pk_id"), "Matomo", MONTHS_13, EXEMPT);
    pub(crate) static PK_SES: CookieDeclaration = statistics(
        CookieName::Exact("_pk_ses"),
        "Matomo",
        Lifetime::Persistent {
            amount: 30,
            unit: TimeUnit::Minute,
        },
        EXEMPT,
    );
    pub(crate) static GA: CookieDeclaration =
        statistics(CookieName::Prefix("_ga_"), "Google", MONTHS_13, None);
    pub(crate) static GA_EXACT: CookieDeclaration =
        statistics(CookieName::Exact("_ga"), "Google", MONTHS_13, None);
    pub(crate) static THEME: CookieDeclaration = decl(
        CookieName::Exact("theme"),
        "Example",
        Category::Necessary,
        Text::new(&[("en", "Display")]),
        Text::new(&[("en", "To remember your theme")]),
        Lifetime::Session,
        Some(Exemption::StrictlyNecessary),
        Storage::LocalStorage,
    );
    pub(crate) static NEEDS_CONSENT: CookieDeclaration = decl(
        CookieName::Exact("odd"),
        "Example",
        Category::Necessary,
        Text::new(&[("en", "Display")]),
        Text::new(&[("en", "To remember your theme")]),
        Lifetime::Session,
        None,
        Storage::HttpCookie,
    );

    /// The model for `lang`, with English and French built in.
    pub(crate) fn model(decls: &[&'static CookieDeclaration], lang: &str) -> Document<'static> {
        let tag = Box::leak(Box::new(LanguageTag::parse(lang).unwrap()));
        Document::build(decls, tag, None, &["en", "fr"])
    }

    fn names(row: &Row) -> Vec<String> {
        row.cookies
            .iter()
            .map(|c| c.declaration.name().to_string())
            .collect()
    }

    #[test]
    fn same_provider_function_and_purpose_share_a_row() {
        let tables = model(&[&GA, &PK_SES, &GA_EXACT, &PK_ID], "en").tables;
        assert_eq!(tables.len(), 1);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].provider.name(), "Google");
        assert_eq!(names(&rows[0]), ["_ga", "_ga_*"]);
        assert_eq!(rows[0].note, None);
        assert_eq!(rows[1].provider.name(), "Matomo");
        assert_eq!(names(&rows[1]), ["_pk_id", "_pk_ses"]);
        assert_eq!(
            rows[1].note,
            Some(ConsentNote::Exempt(Exemption::AudienceMeasurement))
        );
    }

    #[test]
    fn texts_are_resolved_for_the_reader() {
        let doc = model(&[&PK_SES, &PK_ID], "fr-CA");
        assert_eq!((doc.language, doc.built_in), ("fr-CA", "fr"));
        let row = &doc.tables[0].rows[0];
        assert_eq!(row.function.text, "Statistiques");
        assert_eq!(row.purpose.text, "Compter les visites");
        let doc = model(&[&PK_ID], "de");
        assert_eq!((doc.language, doc.built_in), ("en", "en"));
        assert_eq!(doc.tables[0].rows[0].function.text, "Statistics");
        let doc = model(&[&PK_ID], "en-GB");
        assert_eq!((doc.language, doc.built_in), ("en-GB", "en"));
    }

    #[test]
    fn a_necessary_cookie_never_requires_consent() {
        // Built by hand without an exemption (the macro always gives one): still necessary, so
        // by the one rule (`Category::needs_consent`) it needs no consent, and shares a row.
        let tables = model(&[&NEEDS_CONSENT, &THEME], "en").tables;
        assert_eq!(tables[0].category, Category::Necessary);
        assert!(!tables[0].consent_required);
        let rows = &tables[0].rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(names(&rows[0]), ["odd", "theme"]);
        assert_eq!(rows[0].note, None);
    }

    #[test]
    fn categories_in_order_and_duplicates_once() {
        let tables = model(&[&GA, &THEME, &GA, &THEME], "en").tables;
        let categories: Vec<_> = tables.iter().map(|t| t.category).collect();
        assert_eq!(categories, [Category::Necessary, Category::Statistics]);
        assert_eq!(tables[1].rows[0].cookies.len(), 1);
    }

    #[test]
    fn fallback_language_is_marked() {
        let tables = model(&[&THEME, &PK_ID], "fr").tables;
        // THEME has English texts only.
        assert_eq!(tables[0].rows[0].function.language.as_deref(), Some("en"));
        assert_eq!(tables[1].rows[0].function.language, None);
        // For German, everything falls back to English: the document's language.
        let tables = model(&[&THEME], "de").tables;
        assert_eq!(tables[0].rows[0].function.language, None);
    }

    /// One rule for a tag's language, the syntax crate's: a tag written by hand with `_` or in
    /// another case is read as its canonical form, and marked so.
    #[test]
    fn entry_tags_are_judged_and_marked_in_canonical_form() {
        let mark = |tag: &str| foreign_language(tag, "fr").map(String::from);
        assert_eq!(mark("fr"), None);
        assert_eq!(mark("fr-CA"), None);
        assert_eq!(mark("FR"), None);
        assert_eq!(mark("fr_CA"), None);
        assert_eq!(mark("en"), Some("en".to_string()));
        assert_eq!(mark("de_at"), Some("de-AT".to_string()));
        assert_eq!(mark("EN-gb"), Some("en-GB".to_string()));
        // Not a language tag: no mark rather than a wrong one.
        assert_eq!(mark("english!"), None);
        assert_eq!(mark("frr"), Some("frr".to_string()));
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_row_moves_without_memcpy() {
        assert!(std::mem::size_of::<Row>() <= 128);
    }

    #[test]
    fn only_http_links_are_safe() {
        assert!(is_safe_link("https://example.com/privacy"));
        assert!(is_safe_link("HTTP://example.com"));
        assert!(is_safe_link("https://example.com/a?b=1&c=(2)"));
        assert!(!is_safe_link("javascript:alert(1)"));
        assert!(!is_safe_link("JavaScript:alert(1)"));
        assert!(!is_safe_link(" https://example.com"));
        assert!(!is_safe_link("https://exa mple.com"));
        assert!(!is_safe_link("https://example.com\n"));
        assert!(!is_safe_link("https://"));
        assert!(!is_safe_link("//example.com"));
        assert!(!is_safe_link("data:text/html,x"));
        assert!(!is_safe_link("httpé://x"));
        assert!(!is_safe_link(""));
    }
}
