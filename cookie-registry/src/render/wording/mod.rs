//! The second stage of a rendering: the model in words.
//!
//! [`Words::of`] takes the built-in texts of the model's language and says every cell of the
//! model as a sequence of [`Piece`]s: borrowed texts, numbers, and marks around what a writer
//! may need to lay out differently (a cookie name, a text in another language, a link). The
//! writers lay the pieces out and escape them; they never choose a word, so adding a language
//! means adding one [`Texts`] value ([`english`], [`french`]) to [`BUILT_IN`].
//!
//! Cells are ranges of one arena per document rather than `String`s: the words are borrowed
//! from the declarations and the built-in texts, so a cell costs a few pieces and no copy, and
//! each writer escapes each piece straight into its output.

mod english;
mod french;
mod texts;

use std::ops::Range;

pub(crate) use texts::Texts;

use super::model::{ConsentNote, Cookie, Document, Resolved, Row, Table};
use crate::declaration::{CookieName, LanguageTag, Lifetime, Party};

/// Every language with built-in texts.
const BUILT_IN: [&Texts; 2] = [&english::ENGLISH, &french::FRENCH];

/// The primary subtags of [`BUILT_IN`], for the model to choose the document's language.
pub(crate) const LANGUAGES: [&str; 2] = [english::ENGLISH.lang, french::FRENCH.lang];

/// A piece of a cell.
///
/// Escaping piece by piece gives the same bytes as escaping the whole, because escaping is per
/// character except for CRLF, and no piece that may end with CR (a declared text) is ever
/// followed by one that may start with LF: declared texts are always separated by built-in
/// ones (", ", " (", ": "...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Piece<'m> {
    /// Text, built-in or declared, as it reads.
    Text(&'m str),
    /// A number, in decimal.
    Number(u32),
    /// The pieces up to the matching [`Piece::End`] are what the mark says.
    Start(Mark<'m>),
    /// Ends what the [`Piece::Start`] of the same mark began. Marks never nest.
    End(Mark<'m>),
}

/// What a run of pieces is, for writers that show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark<'m> {
    /// A cookie name, in the names cell.
    CookieName,
    /// A declared text in another language than the document's: its tag.
    Language(&'m str),
    /// The provider's name, linking to its privacy policy (a safe address).
    Link(&'m str),
}

/// A range of [`Words`]' pieces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Cell {
    start: u32,
    end: u32,
}

/// The whole document in words.
#[derive(Debug)]
pub(crate) struct Words<'m> {
    /// The built-in texts of the document's language.
    pub texts: &'static Texts,
    /// The language the document is written in.
    pub language: &'m str,
    /// The language the declared texts were resolved for.
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub requested: &'m LanguageTag,
    /// The site, if named.
    pub site: Option<&'m str>,
    /// The heading over the tables: "What cookies are used on" the site, or "on this site".
    pub used_on: Cell,
    /// One per table of the model, in its order.
    pub tables: Vec<TableWords<'m>>,
    /// The bytes of text in all cells before escaping (a number counted at its widest, 10
    /// digits): for a writer to size its output.
    pub text_len: usize,
    /// The number of rows of all tables.
    pub row_count: usize,
    rows: Vec<RowWords<'m>>,
    cookies: Vec<CookieWords<'m>>,
    pieces: Vec<Piece<'m>>,
}

/// A table in words.
#[derive(Debug)]
pub(crate) struct TableWords<'m> {
    pub table: &'m Table,
    pub heading: &'static str,
    /// The sentence under the heading: whether its cookies need consent.
    pub consent: &'static str,
    rows: Range<usize>,
}

/// A row in words: its five cells, and the parts of them the JSON shows on their own.
#[derive(Debug)]
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) struct RowWords<'m> {
    pub row: &'m Row,
    pub provider: Cell,
    pub function: Cell,
    pub names: Cell,
    pub purpose: Cell,
    pub lifetime: Cell,
    /// The consent note, inside the purpose cell.
    pub note: Option<Cell>,
    cookies: Range<usize>,
}

/// A cookie of a row in words, for the JSON.
#[derive(Debug)]
#[cfg_attr(not(feature = "json"), allow(dead_code))]
pub(crate) struct CookieWords<'m> {
    pub cookie: &'m Cookie,
    /// Its name (`_ga_*`), inside the names cell.
    pub name: Cell,
    /// Its lifetime, inside the lifetime cell (the whole cell when the row's cookies share it).
    pub lifetime: Cell,
}

impl<'m> Words<'m> {
    /// The pieces of a cell.
    #[inline]
    pub fn cell(&self, cell: Cell) -> &[Piece<'m>] {
        &self.pieces[cell.start as usize..cell.end as usize]
    }

    /// The rows of a table.
    #[inline]
    pub fn rows(&self, table: &TableWords<'m>) -> &[RowWords<'m>] {
        &self.rows[table.rows.clone()]
    }

    /// The cookies of a row.
    #[inline]
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub fn cookies(&self, row: &RowWords<'m>) -> &[CookieWords<'m>] {
        &self.cookies[row.cookies.clone()]
    }

    /// Says the model in the built-in texts of its language.
    pub fn of(model: &'m Document<'m>) -> Words<'m> {
        let texts = BUILT_IN
            .into_iter()
            .find(|t| t.lang == model.built_in)
            .unwrap_or(&english::ENGLISH);
        let rows = model.tables.iter().map(|t| t.rows.len()).sum();
        let cookies = model
            .tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| r.cookies.len())
            .sum();
        let mut words = Words {
            texts,
            language: model.language,
            requested: model.requested,
            site: model.site,
            used_on: Cell::default(),
            tables: Vec::with_capacity(model.tables.len()),
            text_len: 0,
            row_count: rows,
            rows: Vec::with_capacity(rows),
            cookies: Vec::with_capacity(cookies),
            // A row takes a dozen pieces or so: sized once rather than grown.
            pieces: Vec::with_capacity(12 * rows + 4 * cookies + 2),
        };
        let start = words.begin();
        match model.site {
            Some(site) => {
                words.text(texts.used_on);
                words.text(site);
            }
            None => words.text(texts.used_on_this_site),
        }
        words.used_on = words.since(start);
        for table in &model.tables {
            let first = words.rows.len();
            for row in &table.rows {
                words.row(row);
            }
            words.tables.push(TableWords {
                table,
                heading: texts.category(table.category),
                consent: texts.consent(table.consent_required),
                rows: first..words.rows.len(),
            });
        }
        words
    }

    fn begin(&self) -> u32 {
        // A document of 4 G pieces would take 100 GB: the arena's length fits a `u32`.
        self.pieces.len() as u32
    }

    fn since(&self, start: u32) -> Cell {
        Cell {
            start,
            end: self.begin(),
        }
    }

    /// The cell of the pieces `say` adds.
    fn said(&mut self, say: impl FnOnce(&mut Self)) -> Cell {
        let start = self.begin();
        say(self);
        self.since(start)
    }

    /// An empty text adds nothing to any format: it is left out.
    fn text(&mut self, text: &'m str) {
        if !text.is_empty() {
            self.text_len += text.len();
            self.pieces.push(Piece::Text(text));
        }
    }

    fn marked(&mut self, mark: Mark<'m>, say: impl FnOnce(&mut Self)) {
        self.pieces.push(Piece::Start(mark));
        say(self);
        self.pieces.push(Piece::End(mark));
    }

    fn row(&mut self, row: &'m Row) {
        let first_cookie = self.cookies.len();
        let provider = self.said(|w| w.provider(row));
        let function = self.said(|w| w.declared(&row.function));
        let names = self.said(|w| w.names(row));
        let mut note = None;
        let purpose = self.said(|w| note = w.purpose(row));
        let cookies = first_cookie..self.cookies.len();
        let lifetime = self.said(|w| w.lifetimes(row, cookies.clone()));
        self.rows.push(RowWords {
            row,
            provider,
            function,
            names,
            purpose,
            lifetime,
            note,
            cookies,
        });
    }

    /// The provider's name, a link when its address is safe, then " (third party)", then an
    /// address that is not safe as text.
    fn provider(&mut self, row: &'m Row) {
        let address = row.provider.privacy_policy();
        match address {
            Some(url) if row.link => self.marked(Mark::Link(url), |w| w.text(row.provider.name())),
            _ => self.text(row.provider.name()),
        }
        if row.party == Party::Third {
            self.text(self.texts.third_party);
        }
        if let Some(url) = address.filter(|_| !row.link) {
            self.text(self.texts.privacy_policy);
            self.text(url);
        }
    }

    /// A declared text, marked with its language when that is not the document's.
    fn declared(&mut self, text: &'m Resolved) {
        match &text.language {
            Some(tag) if !text.text.is_empty() => {
                self.marked(Mark::Language(tag), |w| w.text(text.text))
            }
            _ => self.text(text.text),
        }
    }

    /// The row's cookies, joined by ", ", each marked as a name, then its storage; and a
    /// [`CookieWords`] for each.
    fn names(&mut self, row: &'m Row) {
        for (i, cookie) in row.cookies.iter().enumerate() {
            if i > 0 {
                self.text(", ");
            }
            let mut name = Cell::default();
            self.marked(Mark::CookieName, |w| {
                name = w.name(cookie.declaration.name())
            });
            self.storage_marker(cookie);
            self.cookies.push(CookieWords {
                cookie,
                name,
                // Known once the lifetimes are said.
                lifetime: Cell::default(),
            });
        }
    }

    /// The purpose, then the consent note in parentheses (the note alone when there is no
    /// purpose to put it after); the note's cell.
    fn purpose(&mut self, row: &'m Row) -> Option<Cell> {
        self.declared(&row.purpose);
        let note = row.note?;
        let after_purpose = !row.purpose.text.is_empty();
        if after_purpose {
            self.text(" (");
        }
        let t = self.texts;
        let cell = self.said(|w| match note {
            ConsentNote::Exempt(exemption) => {
                w.text(t.exempt_from_consent);
                w.text(t.exemption(exemption));
            }
        });
        if after_purpose {
            self.text(")");
        }
        Some(cell)
    }

    /// The lifetime the row's cookies share, or, when they differ, each cookie's after its
    /// name (`_pk_id: 13 months; _pk_ses: 30 minutes`); and each cookie's lifetime cell.
    fn lifetimes(&mut self, row: &'m Row, cookies: Range<usize>) {
        let first = row.cookies[0].declaration.lifetime();
        if row
            .cookies
            .iter()
            .all(|c| c.declaration.lifetime() == first)
        {
            let cell = self.said(|w| w.lifetime(first));
            for cookie in &mut self.cookies[cookies] {
                cookie.lifetime = cell;
            }
            return;
        }
        for i in cookies.clone() {
            let cookie = self.cookies[i].cookie;
            if i > cookies.start {
                self.text("; ");
            }
            self.name(cookie.declaration.name());
            self.storage_marker(cookie);
            self.text(self.texts.name_separator);
            self.cookies[i].lifetime = self.said(|w| w.lifetime(cookie.declaration.lifetime()));
        }
    }

    /// A name as declared: `sessionid`, or `_ga_*` for a family.
    fn name(&mut self, name: CookieName) -> Cell {
        let start = self.begin();
        self.text(name.stem());
        if matches!(name, CookieName::Prefix(_)) {
            self.text("*");
        }
        self.since(start)
    }

    /// ` (localStorage)` after the name of an item that is not an HTTP cookie.
    fn storage_marker(&mut self, cookie: &Cookie) {
        if let Some(marker) = self.texts.storage_marker(cookie.declaration.storage()) {
            self.text(" (");
            self.text(marker);
            self.text(")");
        }
    }

    /// A lifetime as declared, in words: "Session", "1 year", "13 months", "2 semaines".
    fn lifetime(&mut self, lifetime: Lifetime) {
        match lifetime {
            Lifetime::Session => self.text(self.texts.session),
            Lifetime::Persistent { amount, unit } => {
                self.text_len += 10;
                self.pieces.push(Piece::Number(amount));
                self.text(" ");
                self.text(self.texts.unit(unit, amount));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::{Category, Exemption, Text, TimeUnit};
    use crate::render::model::tests::{GA, GA_EXACT, NEEDS_CONSENT, PK_ID, PK_SES, THEME, model};

    /// A cell as plain text, marks left out.
    fn plain(words: &Words<'_>, cell: Cell) -> String {
        let mut out = String::new();
        for piece in words.cell(cell) {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Number(n) => out.push_str(&n.to_string()),
                Piece::Start(_) | Piece::End(_) => {}
            }
        }
        out
    }

    /// Every row of the document as its five cells in plain text.
    fn cells(words: &Words<'_>) -> Vec<[String; 5]> {
        let mut out = Vec::new();
        for table in &words.tables {
            for row in words.rows(table) {
                out.push(
                    [
                        row.provider,
                        row.function,
                        row.names,
                        row.purpose,
                        row.lifetime,
                    ]
                    .map(|cell| plain(words, cell)),
                );
            }
        }
        out
    }

    #[test]
    fn rows_in_english() {
        let doc = model(&[&GA, &PK_SES, &GA_EXACT, &PK_ID], "en");
        let words = Words::of(&doc);
        assert_eq!(
            cells(&words),
            [
                [
                    "Google",
                    "Statistics",
                    "_ga, _ga_*",
                    "To count visits",
                    "13 months"
                ],
                [
                    "Matomo",
                    "Statistics",
                    "_pk_id, _pk_ses",
                    "To count visits (exempt from consent: anonymous audience measurement)",
                    "_pk_id: 13 months; _pk_ses: 30 minutes",
                ],
            ]
            .map(|row| row.map(String::from))
        );
        // What the JSON shows on its own.
        let matomo = &words.rows(&words.tables[0])[1];
        assert_eq!(
            plain(&words, matomo.note.unwrap()),
            "exempt from consent: anonymous audience measurement"
        );
        let cookies: Vec<_> = words
            .cookies(matomo)
            .iter()
            .map(|c| (plain(&words, c.name), plain(&words, c.lifetime)))
            .collect();
        assert_eq!(
            cookies,
            [("_pk_id", "13 months"), ("_pk_ses", "30 minutes")]
                .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        let google = &words.rows(&words.tables[0])[0];
        let ga = &words.cookies(google)[1];
        assert_eq!(plain(&words, ga.name), "_ga_*");
        assert_eq!(plain(&words, ga.lifetime), "13 months");
    }

    #[test]
    fn rows_in_french() {
        let doc = model(&[&PK_SES, &PK_ID], "fr-CA");
        let words = Words::of(&doc);
        assert_eq!(words.texts.lang, "fr");
        assert_eq!(words.language, "fr-CA");
        let [row] = &cells(&words)[..] else {
            panic!("one row")
        };
        assert_eq!(row[1], "Statistiques");
        assert_eq!(
            row[3],
            "Compter les visites (exempté de consentement\u{a0}: mesure d'audience anonyme)"
        );
        assert_eq!(row[4], "_pk_id\u{a0}: 13 mois; _pk_ses\u{a0}: 30 minutes");
    }

    #[test]
    fn storage_items_are_marked() {
        let doc = model(&[&NEEDS_CONSENT, &THEME], "en");
        let words = Words::of(&doc);
        let rows = cells(&words);
        // A necessary cookie never needs consent: no note, one row for both.
        assert_eq!(rows[0][2], "odd, theme (localStorage)");
        assert_eq!(rows[0][3], "To remember your theme");
        // The name alone, for the JSON.
        let row = &words.rows(&words.tables[0])[0];
        assert_eq!(plain(&words, words.cookies(row)[1].name), "theme");
    }

    #[test]
    fn marks() {
        let doc = model(&[&THEME], "fr");
        let words = Words::of(&doc);
        let row = &words.rows(&words.tables[0])[0];
        assert_eq!(
            words.cell(row.function),
            [
                Piece::Start(Mark::Language("en")),
                Piece::Text("Display"),
                Piece::End(Mark::Language("en")),
            ]
        );
        assert_eq!(
            words.cell(row.names),
            [
                Piece::Start(Mark::CookieName),
                Piece::Text("theme"),
                Piece::End(Mark::CookieName),
                Piece::Text(" ("),
                Piece::Text("localStorage"),
                Piece::Text(")"),
            ]
        );
        assert_eq!(
            words.cell(words.used_on),
            [Piece::Text("Quels cookies sont utilisés sur ce site")]
        );
    }

    fn lifetime(texts: &'static Texts, lifetime: Lifetime) -> String {
        let doc = model(&[&THEME], "en");
        let mut words = Words::of(&doc);
        words.texts = texts;
        let start = words.begin();
        words.lifetime(lifetime);
        plain(&words, words.since(start))
    }

    fn p(amount: u32, unit: TimeUnit) -> Lifetime {
        Lifetime::Persistent { amount, unit }
    }

    #[test]
    fn english_lifetimes() {
        let en = |l| lifetime(&english::ENGLISH, l);
        assert_eq!(en(Lifetime::Session), "Session");
        assert_eq!(en(p(2, TimeUnit::Week)), "2 weeks");
        assert_eq!(en(p(13, TimeUnit::Month)), "13 months");
        assert_eq!(en(p(1, TimeUnit::Year)), "1 year");
        assert_eq!(en(p(1, TimeUnit::Second)), "1 second");
        assert_eq!(en(p(30, TimeUnit::Minute)), "30 minutes");
        assert_eq!(en(p(1, TimeUnit::Hour)), "1 hour");
        assert_eq!(en(p(1, TimeUnit::Day)), "1 day");
        assert_eq!(en(p(0, TimeUnit::Day)), "0 days");
        assert_eq!(en(p(u32::MAX, TimeUnit::Year)), "4294967295 years");
    }

    #[test]
    fn french_lifetimes() {
        let fr = |l| lifetime(&french::FRENCH, l);
        assert_eq!(fr(Lifetime::Session), "Session");
        assert_eq!(fr(p(2, TimeUnit::Week)), "2 semaines");
        assert_eq!(fr(p(1, TimeUnit::Week)), "1 semaine");
        assert_eq!(fr(p(13, TimeUnit::Month)), "13 mois");
        assert_eq!(fr(p(1, TimeUnit::Month)), "1 mois");
        assert_eq!(fr(p(2, TimeUnit::Month)), "2 mois");
        assert_eq!(fr(p(1, TimeUnit::Year)), "1 an");
        assert_eq!(fr(p(2, TimeUnit::Year)), "2 ans");
        assert_eq!(fr(p(1, TimeUnit::Day)), "1 jour");
        assert_eq!(fr(p(2, TimeUnit::Day)), "2 jours");
        assert_eq!(fr(p(1, TimeUnit::Hour)), "1 heure");
        assert_eq!(fr(p(3, TimeUnit::Hour)), "3 heures");
        assert_eq!(fr(p(1, TimeUnit::Minute)), "1 minute");
        assert_eq!(fr(p(1, TimeUnit::Second)), "1 seconde");
        assert_eq!(fr(p(0, TimeUnit::Second)), "0 seconde");
    }

    #[test]
    fn texts_are_chosen_by_primary_subtag() {
        for (tag, lang) in [
            ("fr", "fr"),
            ("fr-CA", "fr"),
            ("FR_be", "fr"),
            ("en-GB", "en"),
            ("de", "en"),
            ("frr", "en"),
        ] {
            let doc = model(&[&THEME], tag);
            assert_eq!(Words::of(&doc).texts.lang, lang, "{tag}");
        }
    }

    #[test]
    fn every_language_names_everything() {
        assert!(LANGUAGES.contains(&Text::FALLBACK_LANGUAGE));
        for (texts, lang) in BUILT_IN.iter().zip(LANGUAGES) {
            assert_eq!(texts.lang, lang);
            for category in Category::ALL {
                assert!(!texts.category(*category).is_empty());
            }
            for exemption in Exemption::ALL {
                assert!(!texts.exemption(*exemption).is_empty());
            }
            assert_eq!(texts.units.len(), TimeUnit::ALL.len());
            assert!(texts.columns.iter().all(|c| !c.is_empty()));
        }
        assert_eq!(
            french::FRENCH.category(Category::Necessary),
            "Cookies nécessaires au bon fonctionnement de la plateforme"
        );
        assert_eq!(french::FRENCH.columns[2], "Noms des cookies");
    }
}
