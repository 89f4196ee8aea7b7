//! Gives each key of `#[cookie(...)]` its meaning: a typed, spanned [`Declaration`].
//!
//! This stage answers "is each argument well-formed?": known key, right kind of value, given
//! once, required ones present. Whether the declaration as a whole obeys the law and RFC 6265
//! is [`rules`](crate::rules)' job. Both stages record errors and carry on, so one build shows
//! every problem.

use proc_macro2::Span;
use syn::Lit;

use crate::errors::Errors;
use crate::grammar::{self, Entry, Value};
use crate::language::LanguageTag;
use crate::lifetime::Lifetime;
use crate::suggest;
use crate::vocab::{Category, Exemption, Party, SameSite, Storage};

/// A value and where it was written.
#[derive(Clone, Debug)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written (the value's token, or the key's for flags).
    pub span: Span,
}

impl<T> Spanned<T> {
    fn new(value: T, span: Span) -> Spanned<T> {
        Spanned { value, span }
    }
}

/// A text given per language: `purpose(en = "...", fr = "...")`, or `purpose = "..."` for the
/// crate's first published language.
#[derive(Clone, Debug)]
pub struct TextField {
    /// `(tag, text, span of the text)` in the order written.
    pub entries: Vec<(LanguageTag, String, Span)>,
    /// The span of the key (`purpose`), for "missing language" errors.
    pub span: Span,
    /// Written `purpose = "..."`, without a language (so the fix for a missing language is the
    /// list form, not one more entry).
    pub untagged: bool,
}

/// The HTTP attributes as written; `None` means "not written, use the safe default".
#[derive(Clone, Debug, Default)]
pub struct WrittenAttributes {
    /// `domain = "..."`.
    pub domain: Option<Spanned<String>>,
    /// `path = "..."`.
    pub path: Option<Spanned<String>>,
    /// `secure` / `secure = bool`.
    pub secure: Option<Spanned<bool>>,
    /// `http_only` / `http_only = bool`.
    pub http_only: Option<Spanned<bool>>,
    /// `same_site = strict|lax|none`.
    pub same_site: Option<Spanned<SameSite>>,
    /// `partitioned` / `partitioned = bool`.
    pub partitioned: Option<Spanned<bool>>,
}

impl WrittenAttributes {
    /// `Secure` as it will be sent: on unless written off.
    pub fn secure(&self) -> bool {
        self.secure.as_ref().is_none_or(|s| s.value)
    }
    /// `HttpOnly` as it will be sent: on unless written off.
    pub fn http_only(&self) -> bool {
        self.http_only.as_ref().is_none_or(|s| s.value)
    }
    /// `SameSite` as it will be sent: `Lax` unless written.
    pub fn same_site(&self) -> SameSite {
        self.same_site.as_ref().map_or(SameSite::Lax, |s| s.value)
    }
    /// `Partitioned` as it will be sent: off unless written.
    pub fn partitioned(&self) -> bool {
        self.partitioned.as_ref().is_some_and(|s| s.value)
    }
    /// `Path` as it will be sent: `/` unless written.
    pub fn path(&self) -> &str {
        self.path.as_ref().map_or("/", |s| s.value.as_str())
    }
    /// `Domain`, if written.
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_ref().map(|s| s.value.as_str())
    }

    /// The attribute keys that were written, with their spans (for "not an HTTP cookie" errors).
    pub fn written(&self) -> Vec<(&'static str, Span)> {
        let mut out = Vec::new();
        if let Some(s) = &self.domain {
            out.push(("domain", s.span));
        }
        if let Some(s) = &self.path {
            out.push(("path", s.span));
        }
        if let Some(s) = &self.secure {
            out.push(("secure", s.span));
        }
        if let Some(s) = &self.http_only {
            out.push(("http_only", s.span));
        }
        if let Some(s) = &self.same_site {
            out.push(("same_site", s.span));
        }
        if let Some(s) = &self.partitioned {
            out.push(("partitioned", s.span));
        }
        out
    }
}

/// Where the cookie's name comes from.
#[derive(Clone, Debug)]
pub enum NameSource {
    /// `#[cookie]` on `const X: &str = "name";`: the constant's string literal.
    Constant(Spanned<String>),
    /// `#[derive(Cookie)]`: the `name = "..."` key, which is then required.
    Key,
}

/// What the interpretation needs to know about the place the declaration sits in.
#[derive(Clone, Debug)]
pub struct Context {
    /// The languages the declaring crate publishes; the first is the default language of a
    /// text written without one (`purpose = "..."`).
    pub languages: Vec<LanguageTag>,
    /// Where `languages` came from, for messages that say what to edit.
    pub languages_source: crate::manifest::LanguageSource,
    /// Where the name comes from.
    pub name_source: NameSource,
    /// Where to point errors about the declaration as a whole (a missing key): the attribute.
    pub span: Span,
}

/// A well-formed declaration: every key known, typed and given once, every required key present.
#[derive(Clone)]
pub struct Declaration {
    /// The cookie name or family (`_ga_*`), unchecked against RFC 6265 (a rule does that).
    pub name: Spanned<String>,
    /// `provider = "..."` or `provider(name = "...")`.
    pub provider: Spanned<String>,
    /// `provider(privacy_policy = "https://...")`.
    pub privacy_policy: Option<Spanned<String>>,
    /// `category = ...`.
    pub category: Spanned<Category>,
    /// `party = first|third`; first when not written.
    pub party: Spanned<Party>,
    /// `function(...)`: function and location.
    pub function: TextField,
    /// `purpose(...)`.
    pub purpose: TextField,
    /// `justification(...)`.
    pub justification: Option<TextField>,
    /// `lifetime = "..."`.
    pub lifetime: Spanned<Lifetime>,
    /// `storage = ...`; an HTTP cookie when not written.
    pub storage: Spanned<Storage>,
    /// `exemption = ...` as written (the category's default is applied by [`Declaration::exemption`]).
    pub written_exemption: Option<Spanned<Exemption>>,
    /// The HTTP attributes as written.
    pub attributes: WrittenAttributes,
    /// `crate = "path::to::cookie_registry"`, for crates that re-export cookie-registry.
    pub krate: Option<syn::Path>,
}

impl Declaration {
    /// The exemption in force: the written one, else the category's default.
    pub fn exemption(&self) -> Option<Exemption> {
        self.written_exemption
            .as_ref()
            .map(|e| e.value)
            .or(self.category.value.default_exemption())
    }
}

/// Every key `#[cookie(...)]` accepts.
pub const KEYS: &[&str] = &[
    "name",
    "provider",
    "category",
    "party",
    "function",
    "purpose",
    "justification",
    "lifetime",
    "storage",
    "exemption",
    "domain",
    "path",
    "secure",
    "http_only",
    "same_site",
    "partitioned",
    "crate",
];

const PROVIDER_KEYS: &[&str] = &["name", "privacy_policy"];

/// Interprets the arguments of one `#[cookie(...)]`.
///
/// Returns `None` when a required part is missing or unusable; every problem found, including
/// those that do not prevent building a `Declaration`, is in `errors`.
pub fn interpret(
    entries: Vec<Entry>,
    context: &Context,
    errors: &mut Errors,
) -> Option<Declaration> {
    let mut seen: Vec<(String, Span)> = Vec::new();
    // Keys that an unknown key's "did you mean" already pointed to.
    let mut suggested: Vec<&str> = Vec::new();
    let mut name = match &context.name_source {
        NameSource::Constant(name) => Some(name.clone()),
        NameSource::Key => None,
    };
    let mut provider = None;
    let mut privacy_policy = None;
    let mut category = None;
    let mut party = None;
    let mut function = None;
    let mut purpose = None;
    let mut justification = None;
    let mut lifetime = None;
    let mut storage = None;
    let mut exemption = None;
    let mut attributes = WrittenAttributes::default();
    let mut krate = None;

    for entry in entries {
        if seen.iter().any(|(k, _)| *k == entry.key) {
            errors.at(
                entry.key_span,
                format!("`{}` is given twice: keep one", entry.key),
            );
            continue;
        }
        seen.push((entry.key.clone(), entry.key_span));
        match entry.key.as_str() {
            "name" => match &context.name_source {
                NameSource::Constant(_) => errors.at(
                    entry.key_span,
                    "`name` is not needed here: the cookie's name is the constant's value; remove `name = ...`",
                ),
                NameSource::Key => name = string(&entry, errors, "the cookie's name: `name = \"sessionid\"`"),
            },
            "provider" => match &entry.value {
                Value::List(items) => {
                    let mut provider_seen: Vec<String> = Vec::new();
                    for item in items {
                        if provider_seen.contains(&item.key) {
                            errors.at(item.key_span, format!("`{}` is given twice: keep one", item.key));
                            continue;
                        }
                        provider_seen.push(item.key.clone());
                        match item.key.as_str() {
                            "name" => provider = string(item, errors, "the provider's name: `name = \"Opendatasoft\"`"),
                            "privacy_policy" => {
                                privacy_policy = string(item, errors, "a link: `privacy_policy = \"https://...\"`")
                            }
                            other => errors.at(
                                item.key_span,
                                format!(
                                    "unknown provider key `{other}`: expected `name` or `privacy_policy`{}",
                                    suggest::hint(other, PROVIDER_KEYS)
                                ),
                            ),
                        }
                    }
                    if provider.is_none() && !provider_seen.iter().any(|k| k == "name") {
                        errors.at(entry.key_span, "missing the provider's name: add `name = \"...\"` inside `provider(...)`");
                    }
                }
                _ => {
                    provider = string(
                        &entry,
                        errors,
                        "the provider's name: `provider = \"Opendatasoft\"`, or `provider(name = \"...\", privacy_policy = \"https://...\")`",
                    )
                }
            },
            "category" => category = keyword(&entry, errors, Category::KEYWORDS, Category::from_keyword),
            "party" => party = keyword(&entry, errors, Party::KEYWORDS, Party::from_keyword),
            "storage" => storage = keyword(&entry, errors, Storage::KEYWORDS, Storage::from_keyword),
            "exemption" => exemption = keyword(&entry, errors, Exemption::KEYWORDS, Exemption::from_keyword),
            "same_site" => attributes.same_site = keyword(&entry, errors, SameSite::KEYWORDS, SameSite::from_keyword),
            "function" => function = text(&entry, context, errors),
            "purpose" => purpose = text(&entry, context, errors),
            "justification" => justification = text(&entry, context, errors),
            "lifetime" => lifetime = parse_lifetime(&entry, errors),
            "domain" => attributes.domain = string(&entry, errors, "a domain: `domain = \"example.com\"`"),
            "path" => attributes.path = string(&entry, errors, "a path: `path = \"/\"`"),
            "secure" => attributes.secure = flag(&entry, errors),
            "http_only" => attributes.http_only = flag(&entry, errors),
            "partitioned" => attributes.partitioned = flag(&entry, errors),
            "crate" => {
                if let Some(path) = string(&entry, errors, "a path: `crate = \"my_crate::cookie_registry\"`") {
                    match syn::parse_str::<syn::Path>(&path.value) {
                        Ok(parsed) => krate = Some(parsed),
                        Err(_) => errors.at(path.span, format!("`{}` is not a path: `crate` names where cookie-registry is, such as `crate = \"my_crate::cookie_registry\"`", path.value)),
                    }
                }
            }
            other => {
                let hint = match other {
                    "privacy_policy" => "; write it inside the provider: `provider(name = \"...\", privacy_policy = \"https://...\")`".to_string(),
                    "max_age" | "expires" | "duration" => "; the lifetime is `lifetime = \"13 months\"`".to_string(),
                    "description" => "; describe the cookie with `function(...)` and `purpose(...)`".to_string(),
                    _ => suggest::hint(other, KEYS),
                };
                // A misspelt required key is reported once, here, not again as "missing".
                match other {
                    "max_age" | "expires" | "duration" => suggested.push("lifetime"),
                    _ => suggested.extend(suggest::nearest(other, KEYS)),
                }
                errors.at(entry.key_span, format!("unknown key `{other}`{hint}"));
            }
        }
    }

    // Checks of single values live here rather than in `rules`, so they are reported even when
    // another key is missing and the cross-key rules cannot run.
    if let Some(name) = &name
        && let Err(e) = crate::name::validate(&name.value)
    {
        errors.at(
            name.span,
            format!("invalid cookie name \"{}\": {e}", name.value.escape_debug()),
        );
    }
    if let Some(path) = &attributes.path
        && (!path.value.starts_with('/')
            || path
                .value
                .contains(|c: char| c == ';' || c.is_control() || !c.is_ascii()))
    {
        errors.at(path.span, "a cookie path must start with `/` and contain only ASCII characters other than `;` and controls (percent-encode the others), such as `path = \"/\"`");
    }
    if let Some(domain) = &attributes.domain {
        let host = domain.value.strip_prefix('.').unwrap_or(&domain.value);
        let valid = !host.is_empty()
            && host.split('.').all(|label| {
                !label.is_empty()
                    && label
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        if !valid {
            errors.at(domain.span, "a cookie domain is a host name such as `example.com`, without scheme, port or path");
        }
    }
    if let Some(policy) = &privacy_policy
        && (!(policy.value.starts_with("https://") || policy.value.starts_with("http://"))
            || policy.value.contains(char::is_whitespace))
    {
        errors.at(
            policy.span,
            "the privacy policy must be an absolute `https://` (or `http://`) address",
        );
    }
    if let Some(p) = &provider
        && p.value.trim().is_empty()
    {
        errors.at(p.span, "the provider's name is empty");
    }

    let missing = |errors: &mut Errors, key: &str, example: &str, why: &str| {
        if !seen.iter().any(|(k, _)| k == key) && !suggested.contains(&key) {
            errors.at(
                context.span,
                format!("missing `{key}`: add `{example}` ({why})"),
            );
        }
    };
    if let NameSource::Key = context.name_source {
        missing(
            errors,
            "name",
            "name = \"...\"",
            "the cookie's name as sent in `Set-Cookie`",
        );
    }
    missing(
        errors,
        "provider",
        "provider = \"...\"",
        "who sets the cookie",
    );
    missing(
        errors,
        "category",
        "category = necessary",
        "or `functionality`, `statistics`, `marketing`",
    );
    missing(
        errors,
        "function",
        "function(en = \"...\")",
        "the function and location, such as \"Authentication (front and back office)\"",
    );
    missing(
        errors,
        "purpose",
        "purpose(en = \"...\")",
        "why the cookie is set, such as \"To remember the user from one page to another\"",
    );
    missing(
        errors,
        "lifetime",
        "lifetime = \"...\"",
        "\"session\", or a duration such as \"2 weeks\" or \"13 months\"",
    );

    Some(Declaration {
        name: name?,
        provider: provider?,
        privacy_policy,
        category: category?,
        party: party.unwrap_or_else(|| Spanned::new(Party::First, context.span)),
        function: function?,
        purpose: purpose?,
        justification,
        lifetime: lifetime?,
        storage: storage.unwrap_or_else(|| Spanned::new(Storage::HttpCookie, context.span)),
        written_exemption: exemption,
        attributes,
        krate,
    })
}

fn value_span(entry: &Entry) -> Span {
    match &entry.value {
        Value::Lit(lit) => lit.span(),
        Value::Ident(ident) => ident.span(),
        _ => entry.key_span,
    }
}

fn wrong_type(entry: &Entry, errors: &mut Errors, expected: &str) {
    if let Value::Malformed = entry.value {
        return; // reported by the grammar
    }
    let message = format!(
        "`{}` takes {expected}, but {} was given",
        entry.key,
        entry.value.kind()
    );
    match &entry.value {
        Value::Other(tokens) => errors.spanning(tokens, message),
        Value::List(_) | Value::Flag => errors.spanning(&entry.tokens, message),
        _ => errors.at(value_span(entry), message),
    }
}

fn string(entry: &Entry, errors: &mut Errors, expected: &str) -> Option<Spanned<String>> {
    match &entry.value {
        Value::Lit(Lit::Str(s)) => Some(Spanned::new(s.value(), s.span())),
        _ => {
            wrong_type(entry, errors, expected);
            None
        }
    }
}

fn flag(entry: &Entry, errors: &mut Errors) -> Option<Spanned<bool>> {
    match &entry.value {
        Value::Flag => Some(Spanned::new(true, entry.key_span)),
        Value::Lit(Lit::Bool(b)) => Some(Spanned::new(b.value, b.span)),
        _ => {
            wrong_type(
                entry,
                errors,
                &format!(
                    "`true` or `false` (or nothing: `{}` alone means true)",
                    entry.key
                ),
            );
            None
        }
    }
}

fn keyword<T>(
    entry: &Entry,
    errors: &mut Errors,
    keywords: &[&str],
    parse: fn(&str) -> Option<T>,
) -> Option<Spanned<T>> {
    let (text, span) = match &entry.value {
        Value::Ident(ident) => (ident.to_string(), ident.span()),
        Value::Lit(Lit::Str(s)) => (s.value(), s.span()),
        _ => {
            wrong_type(entry, errors, &format!("one of {}", list(keywords)));
            return None;
        }
    };
    // Keywords are matched without regard to case: `same_site = None` reads as naturally as
    // the `SameSite=None` it stands for.
    match parse(&text.to_ascii_lowercase()) {
        Some(value) => Some(Spanned::new(value, span)),
        None => {
            errors.at(
                span,
                format!(
                    "`{text}` is not a valid `{}`: expected one of {}{}",
                    entry.key,
                    list(keywords),
                    suggest::hint(&text, keywords)
                ),
            );
            None
        }
    }
}

fn list(keywords: &[&str]) -> String {
    let quoted: Vec<String> = keywords.iter().map(|k| format!("`{k}`")).collect();
    quoted.join(", ")
}

fn parse_lifetime(entry: &Entry, errors: &mut Errors) -> Option<Spanned<Lifetime>> {
    let (text, span) = match &entry.value {
        Value::Lit(Lit::Str(s)) => (s.value(), s.span()),
        Value::Ident(ident) if ident.to_string().eq_ignore_ascii_case("session") => {
            ("session".to_string(), ident.span())
        }
        _ => {
            wrong_type(entry, errors, "a string such as \"2 weeks\" or \"session\"");
            return None;
        }
    };
    match Lifetime::parse(&text) {
        Ok(lifetime) => Some(Spanned::new(lifetime, span)),
        Err(e) => {
            errors.at(
                span,
                format!("invalid lifetime \"{text}\": {e}; {}", Lifetime::EXPECTED),
            );
            None
        }
    }
}

fn text(entry: &Entry, context: &Context, errors: &mut Errors) -> Option<TextField> {
    let key = &entry.key;
    match &entry.value {
        Value::Lit(Lit::Str(s)) => {
            let tag = context
                .languages
                .first()
                .cloned()
                .unwrap_or_else(|| LanguageTag::parse("en").expect("`en` is a tag"));
            non_empty(key, &s.value(), s.span(), errors);
            Some(TextField {
                entries: vec![(tag, s.value(), s.span())],
                span: entry.key_span,
                untagged: true,
            })
        }
        Value::List(items) => {
            let mut entries: Vec<(LanguageTag, String, Span)> = Vec::new();
            // A text that could not be read would otherwise also be reported missing by the
            // language rule; the field is left out instead (its key still counts as given).
            let mut unreadable = false;
            for item in items {
                let tag = match LanguageTag::parse(&item.key) {
                    Ok(tag) => tag,
                    Err(e) => {
                        unreadable = true;
                        errors.at(
                            item.key_span,
                            format!("{e}; texts are written `{key}(en = \"...\", fr = \"...\")`"),
                        );
                        continue;
                    }
                };
                let text = match &item.value {
                    Value::Lit(Lit::Str(s)) => s,
                    _ => {
                        unreadable = true;
                        wrong_type(item, errors, &format!("a string: `{} = \"...\"`", item.key));
                        continue;
                    }
                };
                if entries.iter().any(|(t, _, _)| *t == tag) {
                    errors.at(
                        item.key_span,
                        format!("the `{tag}` text of `{key}` is given twice: keep one"),
                    );
                    continue;
                }
                non_empty(key, &text.value(), text.span(), errors);
                entries.push((tag, text.value(), text.span()));
            }
            if items.is_empty() {
                errors.spanning(
                    &entry.tokens,
                    format!(
                        "`{key}(...)` is empty: give a text per language, `{key}(en = \"...\")`"
                    ),
                );
            }
            // An empty list has been reported; reading it as a text would add "no en text".
            (!unreadable && !items.is_empty()).then_some(TextField {
                entries,
                span: entry.key_span,
                untagged: false,
            })
        }
        _ => {
            wrong_type(
                entry,
                errors,
                &format!("a text: `{key}(en = \"...\", fr = \"...\")` or `{key} = \"...\"`"),
            );
            None
        }
    }
}

fn non_empty(key: &str, text: &str, span: Span, errors: &mut Errors) {
    if text.trim().is_empty() {
        errors.at(span, format!("the `{key}` text is empty: say it in words"));
    }
}

/// Parses and interprets `#[cookie(...)]` arguments in one call: the grammar, then the keys.
pub fn parse(
    tokens: proc_macro2::TokenStream,
    context: &Context,
    errors: &mut Errors,
) -> Option<Declaration> {
    let entries = grammar::parse_args(tokens, errors);
    interpret(entries, context, errors)
}
