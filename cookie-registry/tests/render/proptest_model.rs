//! An independent model of the rendered policy, for `render_proptest`: what the documentation
//! (docs/rendering.md) says the tables of a policy hold, recomputed from the declarations' public
//! accessors in the simplest way, without the renderer's code.
//!
//! * CategorySet in `Category::ALL` order, only those with declarations.
//! * One row per (provider name, privacy policy, party, resolved function, resolved purpose,
//!   consent note); cookies of a row sorted by name (exact before family), then by every other
//!   field a format shows; declarations that would render identically listed once.
//! * Rows by provider (lowercased, then exact), then first cookie, then the rest of the key.
//! * Texts resolved with the documented four-step fallback.
//! * Cells as a reader sees them: [`one_line`] (line breaks and control characters but tab as
//!   one space each, CRLF counting as one).

use cookie_registry::Revision;
use cookie_registry::declaration::{
    Category, CookieDeclaration, CookieName, Exemption, Lifetime, Party, SameSite, Storage,
    TimeUnit,
};
use serde_json::{Value, json};

/// The built-in words a policy uses around the declarations' texts (docs/rendering.md).
pub struct Words {
    pub lang: &'static str,
    pub title: &'static str,
    pub used_on: &'static str,
    pub used_on_this_site: &'static str,
    pub columns: [&'static str; 5],
    /// In `Category::ALL` order.
    pub headings: [&'static str; 4],
    pub consent_required: &'static str,
    pub consent_not_required: &'static str,
    pub third_party: &'static str,
    pub privacy_policy: &'static str,
    pub exempt: &'static str,
    /// In `Exemption::ALL` order.
    pub exemptions: [&'static str; 3],
    pub requires_consent: &'static str,
    pub name_separator: &'static str,
    pub session: &'static str,
    /// In `TimeUnit::ALL` order.
    pub units: [(&'static str, &'static str); 7],
    pub plural: fn(u32) -> bool,
}

pub const EN: Words = Words {
    lang: "en",
    title: "Cookie policy",
    used_on: "What cookies are used on ",
    used_on_this_site: "What cookies are used on this site",
    columns: [
        "Service provider's name",
        "Function and location",
        "Cookie name(s)",
        "Purposes",
        "Lifetime",
    ],
    headings: [
        "Cookies necessary for the platform to function properly",
        "Functionality cookies",
        "Audience measurement (statistics) cookies",
        "Advertising and tracking cookies",
    ],
    consent_required: "These cookies require your consent.",
    consent_not_required: "These cookies do not require your consent.",
    third_party: " (third party)",
    privacy_policy: ", privacy policy: ",
    exempt: "exempt from consent: ",
    exemptions: [
        "strictly necessary",
        "stores your consent choices",
        "anonymous audience measurement",
    ],
    requires_consent: "requires your consent",
    name_separator: ": ",
    session: "Session",
    units: [
        ("second", "seconds"),
        ("minute", "minutes"),
        ("hour", "hours"),
        ("day", "days"),
        ("week", "weeks"),
        ("month", "months"),
        ("year", "years"),
    ],
    plural: |n| n != 1,
};

pub const FR: Words = Words {
    lang: "fr",
    title: "Politique relative aux cookies",
    used_on: "Quels cookies sont utilisés sur ",
    used_on_this_site: "Quels cookies sont utilisés sur ce site",
    columns: [
        "Nom du prestataire",
        "Service et emplacement",
        "Noms des cookies",
        "Finalités",
        "Durée de conservation",
    ],
    headings: [
        "Cookies nécessaires au bon fonctionnement de la plateforme",
        "Cookies de fonctionnalité",
        "Cookies de mesure d'audience (statistiques)",
        "Cookies de publicité et de suivi",
    ],
    consent_required: "Ces cookies requièrent votre consentement.",
    consent_not_required: "Ces cookies ne requièrent pas votre consentement.",
    third_party: " (tiers)",
    privacy_policy: ", politique de confidentialité\u{a0}: ",
    exempt: "exempté de consentement\u{a0}: ",
    exemptions: [
        "strictement nécessaire",
        "conservation de vos choix de consentement",
        "mesure d'audience anonyme",
    ],
    requires_consent: "soumis à votre consentement",
    name_separator: "\u{a0}: ",
    session: "Session",
    units: [
        ("seconde", "secondes"),
        ("minute", "minutes"),
        ("heure", "heures"),
        ("jour", "jours"),
        ("semaine", "semaines"),
        ("mois", "mois"),
        ("an", "ans"),
    ],
    plural: |n| n >= 2,
};

pub fn words(lang: &str) -> &'static Words {
    match lang {
        "en" => &EN,
        "fr" => &FR,
        other => panic!("no built-in words for {other}"),
    }
}

/// What a Markdown or HTML reader sees of a text (docs/rendering.md, "Escaping guarantees"):
/// CRLF, and every other control character but tab, becomes one space.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            chars.next();
            out.push(' ');
        } else if c.is_control() && c != '\t' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// What a GFM table cell or an ATX heading keeps of its text: its leading and trailing spaces
/// and tabs are not content.
pub fn md_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t'])
}

/// Whether an address may be a link: `http://` or `https://` (any case) and something after
/// it, no white space, no control character.
pub fn is_link(url: &str) -> bool {
    let has_scheme = |scheme: &str| {
        url.len() > scheme.len()
            && url
                .get(..scheme.len())
                .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    };
    (has_scheme("http://") || has_scheme("https://"))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn primary(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

/// The entry a reader of `tag` gets (docs/rendering.md, "Languages and fallback"): exactly that
/// tag, else the first of the same primary language, else English, else the first given.
pub fn resolve(
    entries: &'static [(&'static str, &'static str)],
    tag: &str,
) -> Option<(&'static str, &'static str)> {
    entries
        .iter()
        .find(|(t, _)| t.eq_ignore_ascii_case(tag))
        .or_else(|| {
            entries
                .iter()
                .find(|(t, _)| primary(t).eq_ignore_ascii_case(primary(tag)))
        })
        .or_else(|| entries.iter().find(|(t, _)| t.eq_ignore_ascii_case("en")))
        .or_else(|| entries.first())
        .copied()
}

pub fn resolved(entries: &'static [(&'static str, &'static str)], tag: &str) -> &'static str {
    resolve(entries, tag).map_or("", |(_, text)| text)
}

/// The `lang` of the `<span>` an HTML text is wrapped in: the tag of the entry it came from,
/// when its primary language is not the document's, and the text is not empty.
fn span_lang(entries: &'static [(&'static str, &'static str)], tag: &str) -> Option<&'static str> {
    let (source, text) = resolve(entries, tag)?;
    (!text.is_empty() && !primary(source).eq_ignore_ascii_case(primary(tag))).then_some(source)
}

const fn unit_seconds(unit: TimeUnit) -> u64 {
    match unit {
        TimeUnit::Second => 1,
        TimeUnit::Minute => 60,
        TimeUnit::Hour => 3_600,
        TimeUnit::Day => 86_400,
        TimeUnit::Week => 604_800,
        TimeUnit::Month => 2_629_746,
        TimeUnit::Year => 31_556_952,
    }
}

pub fn seconds(lifetime: Lifetime) -> Option<u64> {
    match lifetime {
        Lifetime::Session => None,
        Lifetime::Persistent { amount, unit } => Some(u64::from(amount) * unit_seconds(unit)),
    }
}

/// A lifetime in words (docs/rendering.md, "Lifetimes in words").
pub fn lifetime_words(lifetime: Lifetime, w: &Words) -> String {
    match lifetime {
        Lifetime::Session => w.session.to_string(),
        Lifetime::Persistent { amount, unit } => {
            let i = TimeUnit::ALL.iter().position(|u| *u == unit).unwrap();
            let (one, many) = w.units[i];
            format!("{amount} {}", if (w.plural)(amount) { many } else { one })
        }
    }
}

/// A name as declared: `sessionid`, `_ga_*`.
pub fn display_name(name: CookieName) -> String {
    match name {
        CookieName::Exact(s) => s.to_string(),
        CookieName::Prefix(s) => format!("{s}*"),
    }
}

fn storage_marker(storage: Storage) -> Option<&'static str> {
    match storage {
        Storage::HttpCookie => None,
        Storage::LocalStorage => Some("localStorage"),
        Storage::SessionStorage => Some("sessionStorage"),
    }
}

/// A name with its storage marker: `theme (localStorage)`.
pub fn label(d: &CookieDeclaration) -> String {
    match storage_marker(d.storage()) {
        Some(marker) => format!("{} ({marker})", display_name(d.name())),
        None => display_name(d.name()),
    }
}

/// The note a cookie's purpose cell carries when its consent status is not its category's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Note {
    Exempt(Exemption),
    Required,
}

pub fn note(d: &CookieDeclaration) -> Option<Note> {
    let category_needs_consent = d.category() != Category::Necessary;
    match d.exemption() {
        None if !category_needs_consent => Some(Note::Required),
        Some(e) if category_needs_consent => Some(Note::Exempt(e)),
        _ => None,
    }
}

pub fn note_words(note: Note, w: &Words) -> String {
    match note {
        Note::Exempt(e) => {
            let i = Exemption::ALL.iter().position(|x| *x == e).unwrap();
            format!("{}{}", w.exempt, w.exemptions[i])
        }
        Note::Required => w.requires_consent.to_string(),
    }
}

type AttributesKey = Option<(
    Option<&'static str>,
    &'static str,
    bool,
    bool,
    SameSite,
    bool,
)>;

/// What a format shows of one cookie, in the order cookies of a row are sorted: name (exact
/// before family), then the rest. Equal keys render identically: listed once.
pub type CookieKey = (
    &'static str,
    bool,
    Storage,
    (Option<u64>, Option<TimeUnit>),
    Option<Exemption>,
    AttributesKey,
    Option<&'static str>,
);

pub fn cookie_key(d: &CookieDeclaration, tag: &str) -> CookieKey {
    let (stem, family) = match d.name() {
        CookieName::Exact(s) => (s, false),
        CookieName::Prefix(s) => (s, true),
    };
    let lifetime = match d.lifetime() {
        Lifetime::Session => (None, None),
        l @ Lifetime::Persistent { unit, .. } => (seconds(l), Some(unit)),
    };
    // HTTP attributes are shown (in the JSON) for HTTP cookies only.
    let attributes = d.storage().is_http_cookie().then(|| {
        let a = d.attributes();
        (
            a.domain(),
            a.path(),
            a.secure(),
            a.http_only(),
            a.same_site(),
            a.partitioned(),
        )
    });
    (
        stem,
        family,
        d.storage(),
        lifetime,
        d.exemption(),
        attributes,
        d.justification().map(|j| resolved(j.entries(), tag)),
    )
}

/// What makes declarations one row.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowKey {
    pub provider: &'static str,
    pub privacy_policy: Option<&'static str>,
    pub party: Party,
    pub function: &'static str,
    pub purpose: &'static str,
    pub note: Option<Note>,
}

pub struct ExpectedRow {
    pub key: RowKey,
    /// Sorted, each rendering once.
    pub cookies: Vec<&'static CookieDeclaration>,
    /// The `lang` the HTML may wrap the function (resp. purpose) in: a row's texts are equal
    /// as resolved, but may come from entries of different languages; the renderer takes the
    /// smallest over all the row's declarations (none first), so the list has one element.
    pub function_langs: Vec<Option<&'static str>>,
    pub purpose_langs: Vec<Option<&'static str>>,
}

pub struct ExpectedTable {
    pub category: Category,
    pub rows: Vec<ExpectedRow>,
}

pub fn tables(declarations: &[&'static CookieDeclaration], tag: &str) -> Vec<ExpectedTable> {
    let mut tables = Vec::new();
    for &category in Category::ALL {
        let mut groups: Vec<(RowKey, Vec<&'static CookieDeclaration>)> = Vec::new();
        for &d in declarations.iter().filter(|d| d.category() == category) {
            let key = RowKey {
                provider: d.provider().name(),
                privacy_policy: d.provider().privacy_policy(),
                party: d.party(),
                function: resolved(d.function().entries(), tag),
                purpose: resolved(d.purpose().entries(), tag),
                note: note(d),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, cookies)) => cookies.push(d),
                None => groups.push((key, vec![d])),
            }
        }
        if groups.is_empty() {
            continue;
        }
        let mut rows: Vec<ExpectedRow> = groups
            .into_iter()
            .map(|(key, mut all)| {
                all.sort_by_key(|d| cookie_key(d, tag));
                // The mark is the smallest over every declaration of the row, duplicates
                // included: none (the document's language) first, then by tag.
                let lang = |text: fn(
                    &cookie_registry::declaration::CookieDeclaration,
                ) -> cookie_registry::declaration::Text| {
                    let smallest = all.iter().map(|d| span_lang(text(d).entries(), tag)).min();
                    vec![smallest.flatten()]
                };
                let function_langs = lang(|d| d.function());
                let purpose_langs = lang(|d| d.purpose());
                let mut cookies = all;
                cookies.dedup_by_key(|d| cookie_key(d, tag));
                ExpectedRow {
                    key,
                    cookies,
                    function_langs,
                    purpose_langs,
                }
            })
            .collect();
        rows.sort_by(|a, b| {
            let order = |r: &ExpectedRow| {
                (
                    r.key.provider.to_lowercase(),
                    r.key.provider,
                    cookie_key(r.cookies[0], tag),
                    r.key.privacy_policy,
                    r.key.party,
                    r.key.function,
                    r.key.purpose,
                    r.key.note,
                )
            };
            order(a).cmp(&order(b))
        });
        tables.push(ExpectedTable { category, rows });
    }
    tables
}

impl ExpectedRow {
    /// The privacy policy, when it is a link.
    pub fn link(&self) -> Option<&'static str> {
        self.key.privacy_policy.filter(|url| is_link(url))
    }

    pub fn note_words(&self, w: &Words) -> Option<String> {
        self.key.note.map(|n| note_words(n, w))
    }

    /// The five cells, as text (before [`one_line`]).
    pub fn cells(&self, w: &Words) -> [String; 5] {
        let mut provider = self.key.provider.to_string();
        if self.key.party == Party::Third {
            provider.push_str(w.third_party);
        }
        if let Some(url) = self.key.privacy_policy.filter(|url| !is_link(url)) {
            provider.push_str(w.privacy_policy);
            provider.push_str(url);
        }
        let names = self.cookies.iter().map(|d| label(d)).collect::<Vec<_>>();
        let purpose = match self.note_words(w) {
            Some(note) if self.key.purpose.is_empty() => note,
            Some(note) => format!("{} ({note})", self.key.purpose),
            None => self.key.purpose.to_string(),
        };
        [
            provider,
            self.key.function.to_string(),
            names.join(", "),
            purpose,
            self.lifetime(w),
        ]
    }

    pub fn lifetime(&self, w: &Words) -> String {
        let first = self.cookies[0].lifetime();
        if self.cookies.iter().all(|d| d.lifetime() == first) {
            lifetime_words(first, w)
        } else {
            self.cookies
                .iter()
                .map(|d| {
                    format!(
                        "{}{}{}",
                        label(d),
                        w.name_separator,
                        lifetime_words(d.lifetime(), w)
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

/// The site the heading names: none when blank.
pub fn site(site: Option<&str>) -> Option<&str> {
    site.filter(|s| !s.trim().is_empty())
}

/// The heading over the tables, as text (before [`one_line`]).
pub fn used_on(site_name: Option<&str>, w: &Words) -> String {
    match site(site_name) {
        Some(site) => format!("{}{site}", w.used_on),
        None => w.used_on_this_site.to_string(),
    }
}

/// The whole JSON document (docs/rendering.md, "The JSON schema"): texts as declared.
pub fn json_document(
    declarations: &[&'static CookieDeclaration],
    tag: &str,
    site_name: Option<&str>,
) -> Value {
    let w = words(tag);
    let categories: Vec<Value> = tables(declarations, tag)
        .iter()
        .map(|table| {
            let i = Category::ALL
                .iter()
                .position(|c| *c == table.category)
                .unwrap();
            let consent_required = table.category != Category::Necessary;
            let consent_text = if consent_required {
                w.consent_required
            } else {
                w.consent_not_required
            };
            let rows: Vec<Value> = table.rows.iter().map(|row| json_row(row, tag, w)).collect();
            json!({
                "category": table.category.as_str(),
                "title": w.headings[i],
                "consent_required": consent_required,
                "consent_text": consent_text,
                "columns": w.columns,
                "rows": rows,
            })
        })
        .collect();
    json!({
        "schema_version": 1,
        // The policy revision of the declarations as given, repeats and all (docs/enforcing.md,
        // "The policy revision": identical declarations count once).
        "revision": Revision::of(declarations.iter().copied()).to_string(),
        "language": tag,
        "requested_language": tag,
        "site": site(site_name),
        "title": w.title,
        "categories": categories,
    })
}

fn json_row(row: &ExpectedRow, tag: &str, w: &Words) -> Value {
    let cookies: Vec<Value> = row.cookies.iter().map(|d| json_cookie(d, tag, w)).collect();
    json!({
        "provider": { "name": row.key.provider, "privacy_policy": row.key.privacy_policy },
        "party": row.key.party.as_str(),
        "function": row.key.function,
        "purpose": row.key.purpose,
        "consent_note": row.note_words(w),
        "lifetime": row.lifetime(w),
        "cookies": cookies,
    })
}

fn json_cookie(d: &CookieDeclaration, tag: &str, w: &Words) -> Value {
    let a = d.attributes();
    json!({
        "name": display_name(d.name()),
        "pattern": matches!(d.name(), CookieName::Prefix(_)),
        "storage": d.storage().as_str(),
        "lifetime": { "text": lifetime_words(d.lifetime(), w), "seconds": seconds(d.lifetime()) },
        "requires_consent": d.category() != Category::Necessary && d.exemption().is_none(),
        "exemption": d.exemption().map(|e| e.as_str()),
        "justification": d.justification().map(|j| resolved(j.entries(), tag)),
        "attributes": d.storage().is_http_cookie().then(|| json!({
            "secure": a.secure(),
            "http_only": a.http_only(),
            "same_site": a.same_site().as_str(),
            "path": a.path(),
            "domain": a.domain(),
            "partitioned": a.partitioned(),
        })),
    })
}
