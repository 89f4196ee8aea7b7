//! A corpus of malformed `#[cookie(...)]` arguments, fed straight to the shared parser.
//!
//! `proc_macro2` runs outside a proc macro (its fallback mode), so the grammar, the key
//! interpretation and the rules run here as ordinary functions, on hundreds of inputs:
//!
//! * every truncation of a valid declaration, and every single-token deletion, duplication and
//!   adjacent swap, at every nesting level;
//! * several hundred random multi-token mutations from a fixed seed (a tiny inline PRNG, so the
//!   corpus is the same on every run);
//! * hand-written odd inputs: unusual literals, nested and non-parenthesised groups, unicode,
//!   invisible groups, very long and deeply nested inputs.
//!
//! Every input must be handled without a panic, and a failed parse must always come with an
//! error. Generated inputs are also judged by [`oracle`], an independent restatement of the
//! grammar for the (small) token vocabulary of the two valid declarations they are made from:
//! what the oracle rejects must yield at least one error, and what it accepts must yield none.
//! The hand-written inputs state their expected outcome next to them.

use std::fmt::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::str::FromStr;

use cookie_registry_syntax::Errors;
use cookie_registry_syntax::declaration::{self, Context, NameSource, Spanned};
use cookie_registry_syntax::language::LanguageTag;
use cookie_registry_syntax::lifetime::Lifetime;
use cookie_registry_syntax::rules;
use proc_macro2::{Delimiter, Group, Span, TokenStream, TokenTree};
use quote::quote;

/// Which macro the arguments belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// `#[derive(Cookie)]`: `name = "..."` is required.
    Derive,
    /// `#[cookie]` on `const SESSION: &str = "sessionid";`: `name` is not allowed.
    Constant,
}

/// A valid derive-form declaration using every key but `justification` and `crate`, with no
/// trailing comma and a required key last, so that every strict prefix is invalid.
fn derive_base() -> TokenStream {
    quote! {
        name = "sessionid",
        provider(name = "Opendatasoft", privacy_policy = "https://opendatasoft.example/privacy"),
        category = necessary,
        party = first,
        function(en = "Authentication", fr-CA = "Authentification"),
        purpose(en = "To remember the user"),
        exemption = strictly_necessary,
        storage = http_cookie,
        same_site = lax,
        secure,
        http_only = true,
        partitioned = false,
        path = "/",
        domain = "example.com",
        lifetime = "2 weeks"
    }
}

/// A valid constant-form declaration.
fn constant_base() -> TokenStream {
    quote! {
        provider = "Opendatasoft",
        category = necessary,
        function(en = "Authentication", "zh-Hant" = "認證"),
        purpose(en = "To remember the user"),
        http_only,
        lifetime = "2 weeks"
    }
}

fn context(form: Form) -> Context {
    Context {
        languages: vec![LanguageTag::parse("en").unwrap()],
        languages_source: cookie_registry_syntax::manifest::LanguageSource::Default,
        name_source: match form {
            Form::Derive => NameSource::Key,
            Form::Constant => NameSource::Constant(Spanned {
                value: "sessionid".to_string(),
                span: Span::call_site(),
            }),
        },
        span: Span::call_site(),
    }
}

/// What the parser made of one input.
#[derive(Debug)]
struct Outcome {
    errors: usize,
    declared: bool,
}

/// The grammar and the keys, then the rules on what parsed; a panic is returned as its message.
fn run(tokens: TokenStream, form: Form) -> Result<Outcome, String> {
    let context = context(form);
    catch_unwind(AssertUnwindSafe(|| {
        let mut errors = Errors::new();
        let declaration = declaration::parse(tokens, &context, &mut errors);
        if let Some(d) = &declaration {
            rules::check(d, &context, &mut errors);
        }
        Outcome {
            errors: errors.len(),
            declared: declaration.is_some(),
        }
    }))
    .map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".to_string())
    })
}

// --- Flat token sequences, so that mutations can cut through groups -------------------------

#[derive(Clone)]
enum Flat {
    Open(Delimiter),
    Close,
    Leaf(TokenTree),
}

impl Flat {
    fn text(&self) -> String {
        match self {
            Flat::Open(Delimiter::Parenthesis) => "(".into(),
            Flat::Open(Delimiter::Bracket) => "[".into(),
            Flat::Open(Delimiter::Brace) => "{".into(),
            Flat::Open(Delimiter::None) => "⟦".into(),
            Flat::Close => ")".into(),
            Flat::Leaf(tree) => tree.to_string(),
        }
    }
}

fn flatten(tokens: TokenStream, out: &mut Vec<Flat>) {
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => {
                out.push(Flat::Open(group.delimiter()));
                flatten(group.stream(), out);
                out.push(Flat::Close);
            }
            leaf => out.push(Flat::Leaf(leaf)),
        }
    }
}

/// Builds a token stream back: a stray close is dropped, groups left open are closed at the end.
fn rebuild(flat: &[Flat]) -> TokenStream {
    let mut stack: Vec<(Delimiter, Vec<TokenTree>)> = vec![(Delimiter::None, Vec::new())];
    for token in flat {
        match token {
            Flat::Open(delimiter) => stack.push((*delimiter, Vec::new())),
            Flat::Close if stack.len() > 1 => close(&mut stack),
            Flat::Close => {}
            Flat::Leaf(tree) => stack.last_mut().unwrap().1.push(tree.clone()),
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().unwrap().1.into_iter().collect()
}

fn close(stack: &mut Vec<(Delimiter, Vec<TokenTree>)>) {
    let (delimiter, trees) = stack.pop().unwrap();
    let group = Group::new(delimiter, trees.into_iter().collect());
    stack.last_mut().unwrap().1.push(TokenTree::Group(group));
}

// --- The corpus -------------------------------------------------------------------------------

/// Every strict prefix, and every single deletion, duplication and adjacent swap.
fn systematic(base: &[Flat]) -> Vec<(String, Vec<Flat>)> {
    let mut out = Vec::new();
    for i in 0..base.len() {
        out.push((format!("truncated before token {i}"), base[..i].to_vec()));
        let mut deleted = base.to_vec();
        deleted.remove(i);
        out.push((format!("token {i} deleted"), deleted));
        let mut duplicated = base.to_vec();
        duplicated.insert(i, base[i].clone());
        out.push((format!("token {i} duplicated"), duplicated));
        if i + 1 < base.len() && base[i].text() != base[i + 1].text() {
            let mut swapped = base.to_vec();
            swapped.swap(i, i + 1);
            out.push((format!("tokens {i} and {} swapped", i + 1), swapped));
        }
    }
    out
}

/// SplitMix64: a few lines, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// `count` inputs, each made of one to four random deletions, duplications or swaps (of any two
/// tokens, not only neighbours), and an occasional truncation.
fn random(base: &[Flat], rng: &mut Rng, count: usize) -> Vec<(String, Vec<Flat>)> {
    let mut out = Vec::new();
    for n in 0..count {
        let mut tokens = base.to_vec();
        let mut steps = Vec::new();
        for _ in 0..=rng.below(4) {
            if tokens.is_empty() {
                break;
            }
            let i = rng.below(tokens.len());
            match rng.below(7) {
                0 | 1 => {
                    tokens.remove(i);
                    steps.push(format!("del {i}"));
                }
                2 | 3 => {
                    tokens.insert(i, tokens[i].clone());
                    steps.push(format!("dup {i}"));
                }
                4 | 5 => {
                    let j = rng.below(tokens.len());
                    tokens.swap(i, j);
                    steps.push(format!("swap {i} {j}"));
                }
                _ => {
                    tokens.truncate(i);
                    steps.push(format!("cut {i}"));
                }
            }
        }
        out.push((format!("random #{n}: {}", steps.join(", ")), tokens));
    }
    out
}

// --- The oracle ---------------------------------------------------------------------------------

/// An argument's value, as the oracle reads it.
enum V {
    Flag,
    Str(String),
    Ident(String),
    Bool,
    List(Vec<(String, V)>),
    /// Anything else: a non-string literal, several tokens, a group after `=`.
    Other,
}

/// Whether the arguments form a valid declaration, restated without the crate's parser.
///
/// It only has to understand what mutations of the two bases can contain: their identifiers,
/// punctuation and plain string literals. Keyword values are limited to the bases' own
/// (`necessary`, `first`, ...), which satisfy every cross-key rule together, so the only rule
/// left to check is the English text the context requires.
fn oracle(tokens: &TokenStream, form: Form) -> bool {
    let Some(entries) = entries(tokens.clone()) else {
        return false;
    };
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in &entries {
        if seen.contains(&key.as_str()) {
            return false;
        }
        seen.push(key);
        let ok = match key.as_str() {
            "name" => {
                form == Form::Derive
                    && matches!(value, V::Str(s) if cookie_registry_syntax::name::validate(s).is_ok())
            }
            "provider" => match value {
                V::Str(s) => !s.trim().is_empty(),
                V::List(items) => provider(items),
                _ => false,
            },
            "category" => keyword(value) == Some("necessary"),
            "party" => keyword(value) == Some("first"),
            "exemption" => keyword(value) == Some("strictly_necessary"),
            "storage" => keyword(value) == Some("http_cookie"),
            "same_site" => keyword(value) == Some("lax"),
            "function" | "purpose" => text(value),
            "lifetime" => match value {
                V::Str(s) => Lifetime::parse(s).is_ok(),
                V::Ident(s) => s == "session",
                _ => false,
            },
            "path" => matches!(value, V::Str(s) if s.starts_with('/')
                && s.is_ascii()
                && !s.contains(|c: char| c == ';' || c.is_control())),
            "domain" => matches!(value, V::Str(s) if host(s)),
            "secure" | "http_only" | "partitioned" => matches!(value, V::Flag | V::Bool),
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    let mut required = vec!["provider", "category", "function", "purpose", "lifetime"];
    if form == Form::Derive {
        required.push("name");
    }
    required.iter().all(|key| seen.contains(key))
}

/// Top-level or list entries; `None` when the shape itself is wrong (the grammar's errors).
fn entries(tokens: TokenStream) -> Option<Vec<(String, V)>> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut chunks: Vec<&[TokenTree]> = trees
        .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
        .collect();
    // One trailing comma is allowed (and an empty input has one empty piece).
    if chunks.last().is_some_and(|c| c.is_empty()) {
        chunks.pop();
    }
    chunks.into_iter().map(entry).collect()
}

fn entry(chunk: &[TokenTree]) -> Option<(String, V)> {
    let mut trees = chunk.iter().peekable();
    let mut key = match trees.next()? {
        TokenTree::Ident(ident) => ident.to_string().trim_start_matches("r#").to_string(),
        TokenTree::Literal(literal) => plain_string(&literal.to_string())?,
        _ => return None,
    };
    while let Some(TokenTree::Punct(p)) = trees.peek() {
        if p.as_char() != '-' {
            break;
        }
        trees.next();
        match trees.next()? {
            TokenTree::Ident(part) => write!(key, "-{part}").unwrap(),
            TokenTree::Literal(part) if part.to_string().bytes().all(|b| b.is_ascii_digit()) => {
                write!(key, "-{part}").unwrap()
            }
            _ => return None,
        }
    }
    let value = match trees.next() {
        None => V::Flag,
        Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
            if trees.next().is_some() {
                return None;
            }
            V::List(entries(g.stream())?)
        }
        Some(TokenTree::Punct(p)) if p.as_char() == '=' => {
            let rest: Vec<&TokenTree> = trees.collect();
            match rest.as_slice() {
                [] => return None,
                [TokenTree::Literal(l)] => plain_string(&l.to_string()).map_or(V::Other, V::Str),
                [TokenTree::Ident(i)] if *i == "true" || *i == "false" => V::Bool,
                [TokenTree::Ident(i)] => V::Ident(i.to_string()),
                _ => V::Other,
            }
        }
        Some(_) => return None,
    };
    Some((key, value))
}

/// The value of a plain `"..."` literal (the bases' literals have no escapes).
fn plain_string(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    assert!(
        !inner.contains('\\'),
        "the oracle does not read escapes: {text}"
    );
    Some(inner.to_string())
}

fn keyword(value: &V) -> Option<&str> {
    match value {
        V::Ident(s) | V::Str(s) => Some(s),
        _ => None,
    }
}

fn provider(items: &[(String, V)]) -> bool {
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in items {
        if seen.contains(&key.as_str()) {
            return false;
        }
        seen.push(key);
        let ok = match (key.as_str(), value) {
            ("name", V::Str(s)) => !s.trim().is_empty(),
            ("privacy_policy", V::Str(s)) => {
                (s.starts_with("https://") || s.starts_with("http://"))
                    && !s.contains(char::is_whitespace)
            }
            _ => false,
        };
        if !ok {
            return false;
        }
    }
    seen.contains(&"name")
}

fn text(value: &V) -> bool {
    match value {
        V::Str(s) => !s.trim().is_empty(),
        V::List(items) => {
            let mut tags: Vec<LanguageTag> = Vec::new();
            for (key, value) in items {
                let Ok(tag) = LanguageTag::parse(key) else {
                    return false;
                };
                let V::Str(s) = value else { return false };
                if tags.contains(&tag) || s.trim().is_empty() {
                    return false;
                }
                tags.push(tag);
            }
            tags.iter().any(|t| t.primary() == "en")
        }
        _ => false,
    }
}

fn host(domain: &str) -> bool {
    let host = domain.strip_prefix('.').unwrap_or(domain);
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

// --- The tests ------------------------------------------------------------------------------------

/// Runs every case, collecting failures so that one run lists them all.
struct Report {
    failures: Vec<String>,
    cases: usize,
    rejected: usize,
}

impl Report {
    fn new() -> Report {
        Report {
            failures: Vec::new(),
            cases: 0,
            rejected: 0,
        }
    }

    /// `expected`: `Some(true)` valid, `Some(false)` invalid, `None` either (no panic is all).
    fn check(&mut self, label: &str, tokens: TokenStream, form: Form, expected: Option<bool>) {
        self.cases += 1;
        let shown = tokens.to_string();
        let shown = if shown.len() > 300 {
            let mut end = 300;
            while !shown.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}... ({} bytes)", &shown[..end], shown.len())
        } else {
            shown
        };
        let outcome = match run(tokens, form) {
            Ok(outcome) => outcome,
            Err(panic) => {
                self.failures.push(format!(
                    "{label} [{form:?}]: panicked ({panic}) on `{shown}`"
                ));
                return;
            }
        };
        if outcome.errors > 0 {
            self.rejected += 1;
        }
        let problem = if !outcome.declared && outcome.errors == 0 {
            Some("no declaration and no error")
        } else if expected == Some(false) && outcome.errors == 0 {
            Some("accepted, but it is not a valid declaration")
        } else if expected == Some(true) && outcome.errors > 0 {
            Some("rejected, but it is a valid declaration")
        } else {
            None
        };
        if let Some(problem) = problem {
            self.failures.push(format!(
                "{label} [{form:?}]: {problem} ({} errors) on `{shown}`",
                outcome.errors
            ));
        }
    }

    fn finish(self, min_cases: usize) {
        assert!(
            self.failures.is_empty(),
            "{} of {} cases failed:\n{}",
            self.failures.len(),
            self.cases,
            self.failures.join("\n")
        );
        assert!(
            self.cases >= min_cases,
            "only {} cases were generated",
            self.cases
        );
    }
}

fn generated(base: TokenStream, form: Form, seed: u64, report: &mut Report) {
    assert!(oracle(&base, form), "the oracle rejects the {form:?} base");
    let unchanged = base.to_string();
    let mut flat = Vec::new();
    flatten(base, &mut flat);
    let mut rng = Rng(seed);
    for (label, tokens) in systematic(&flat) {
        let tokens = rebuild(&tokens);
        // A repeated `)` closes nothing and is dropped: that input is the base itself.
        if tokens.to_string() == unchanged {
            continue;
        }
        // A strict prefix, a lost or repeated token, or two neighbours exchanged: never valid.
        assert!(
            !oracle(&tokens, form),
            "{label}: the oracle accepts `{tokens}`"
        );
        report.check(&label, tokens, form, Some(false));
    }
    for (label, tokens) in random(&flat, &mut rng, 400) {
        let tokens = rebuild(&tokens);
        let expected = oracle(&tokens, form);
        report.check(&label, tokens, form, Some(expected));
    }
}

#[test]
fn mutations_of_valid_declarations_are_all_judged_right() {
    let mut report = Report::new();
    report.check("derive base", derive_base(), Form::Derive, Some(true));
    report.check("constant base", constant_base(), Form::Constant, Some(true));
    generated(derive_base(), Form::Derive, 0x00C0_0C1E, &mut report);
    generated(constant_base(), Form::Constant, 0x5E55_1011, &mut report);
    let (cases, rejected) = (report.cases, report.rejected);
    eprintln!("{cases} generated inputs, {rejected} rejected");
    report.finish(1000);
    // Most mutations break a declaration; a corpus that mostly passes would test little.
    assert!(
        rejected * 10 > cases * 8,
        "only {rejected} of {cases} rejected"
    );
}

/// The derive base with the entry for `key` replaced by `replacement` (appended when the base has
/// no such key; dropped when `replacement` is empty).
fn with_entry(key: &str, replacement: &str) -> String {
    let base = [
        ("name", r#"name = "sessionid""#),
        ("provider", r#"provider = "Opendatasoft""#),
        ("category", "category = necessary"),
        ("function", r#"function(en = "Authentication")"#),
        ("purpose", r#"purpose(en = "To remember the user")"#),
        ("lifetime", r#"lifetime = "2 weeks""#),
    ];
    let mut entries: Vec<&str> = Vec::new();
    let mut replaced = false;
    for (k, entry) in base {
        if k == key {
            replaced = true;
            if !replacement.is_empty() {
                entries.push(replacement);
            }
        } else {
            entries.push(entry);
        }
    }
    if !replaced {
        entries.push(replacement);
    }
    entries.join(", ")
}

/// Hand-written odd inputs: `(key replaced, replacement, valid?)`.
const ODD: &[(&str, &str, Option<bool>)] = &[
    // Literals of every kind where a string is expected.
    ("name", r#"name = r"sessionid""#, Some(true)),
    ("name", r##"name = r#"sessionid"#"##, Some(true)),
    ("name", r#"name = b"sessionid""#, Some(false)),
    ("name", r#"name = c"sessionid""#, Some(false)),
    ("name", "name = 'x'", Some(false)),
    ("name", "name = b'x'", Some(false)),
    ("name", r#"name = "sessionid"suffix"#, Some(false)),
    ("name", r#"name = "session\u{0}id""#, Some(false)),
    ("name", r#"name = "session\nid""#, Some(false)),
    ("name", r#"name = "\u{1F36A}""#, Some(false)),
    ("name", r#"name = "séssion""#, Some(false)),
    ("name", r#"name = "**""#, Some(false)),
    ("name", r#"name = "*""#, Some(false)),
    ("name", r#"name = "__Host-*""#, Some(true)),
    ("name", "name = sessionid", Some(false)),
    ("name", "name = 0", Some(false)),
    ("lifetime", "lifetime = 2.5", Some(false)),
    ("lifetime", "lifetime = -14", Some(false)),
    ("lifetime", "lifetime = 1e10", Some(false)),
    (
        "lifetime",
        "lifetime = 99999999999999999999999999999999",
        Some(false),
    ),
    ("lifetime", "lifetime = 14u32", Some(false)),
    ("lifetime", r#"lifetime = "99999999999 days""#, Some(false)),
    ("lifetime", r#"lifetime = "4294967295 years""#, Some(true)),
    ("lifetime", r#"lifetime = "２ weeks""#, Some(false)),
    ("lifetime", r#"lifetime = "2 weeks" "3 days""#, Some(false)),
    ("lifetime", r#"lifetime = "2 weeks"w"#, Some(false)),
    ("lifetime", "lifetime = session", Some(true)),
    ("lifetime", r#"lifetime = "SESSION""#, Some(true)),
    ("lifetime", "lifetime = Session", Some(true)),
    ("lifetime", "lifetime = true", Some(false)),
    ("category", r#"category = "necessary""#, Some(true)),
    ("category", "category = preferences", Some(true)),
    ("category", "category = NECESSARY", Some(true)),
    ("same_site", "same_site = None", Some(true)),
    ("same_site", "same_site = Nothing", Some(false)),
    ("category", "category = r#necessary", None),
    ("category", "category = necessary::x", Some(false)),
    ("category", "category = -necessary", Some(false)),
    ("secure", "secure = 1", Some(false)),
    ("secure", r#"secure = "true""#, Some(false)),
    ("secure", "secure = r#true", None),
    ("secure", "secure = True", Some(false)),
    ("secure", "secure = false = true", Some(false)),
    ("secure", "r#secure", Some(true)),
    ("path", r#"path = "/é""#, Some(false)),
    ("path", r#"path = "/a;b""#, Some(false)),
    ("domain", r#"domain = "exämple.com""#, Some(false)),
    ("domain", r#"domain = "example..com""#, Some(false)),
    ("domain", r#"domain = "example.com:8080""#, Some(false)),
    ("domain", r#"domain = ".""#, Some(false)),
    (
        "crate",
        r#"crate = "::my_crate::cookie_registry""#,
        Some(true),
    ),
    ("crate", r#"crate = "a::<T>""#, None),
    ("crate", r#"crate = """#, Some(false)),
    ("crate", "crate = my_crate", Some(false)),
    // Groups where they do not belong, and nested ones.
    ("purpose", r#"purpose((en = "x"))"#, Some(false)),
    ("purpose", r#"purpose[en = "x"]"#, Some(false)),
    ("purpose", r#"purpose{en = "x"}"#, Some(false)),
    ("purpose", r#"purpose(en = "x")(fr = "y")"#, Some(false)),
    ("purpose", r#"purpose(en = ("x"))"#, Some(false)),
    ("purpose", r#"purpose(en("x"))"#, Some(false)),
    ("purpose", r#"purpose(en = "x", (fr = "y"))"#, Some(false)),
    ("purpose", r#"purpose(en = "x",)"#, Some(true)),
    ("purpose", r#"purpose(en = "x",,)"#, Some(false)),
    ("purpose", r#"purpose(, en = "x")"#, Some(false)),
    ("purpose", "purpose()", Some(false)),
    ("purpose", "purpose", Some(false)),
    ("purpose", "purpose = ", Some(false)),
    ("provider", r#"provider(name("Opendatasoft"))"#, Some(false)),
    (
        "provider",
        r#"provider(name = "Opendatasoft", name = "x")"#,
        Some(false),
    ),
    (
        "provider",
        r#"provider(privacy_policy = "https://x.example")"#,
        Some(false),
    ),
    ("provider", "provider()", Some(false)),
    ("provider", r#"provider(name = "  ")"#, Some(false)),
    (
        "provider",
        r#"provider(nmae = "Opendatasoft")"#,
        Some(false),
    ),
    ("name", r#"(name = "sessionid")"#, Some(false)),
    ("name", r#"[name = "sessionid"]"#, Some(false)),
    // Language tags and texts.
    ("purpose", r#"purpose(en-419 = "x")"#, Some(true)),
    ("purpose", r#"purpose("en" = "x")"#, Some(true)),
    ("purpose", r#"purpose(EN = "x")"#, Some(true)),
    ("purpose", r#"purpose(en_US = "x")"#, Some(true)),
    ("purpose", r#"purpose(en = "x", en-GB = "y")"#, Some(true)),
    ("purpose", r#"purpose(en = "x", EN = "y")"#, Some(false)),
    ("purpose", r#"purpose(en = "x", fr- = "y")"#, Some(false)),
    (
        "purpose",
        r#"purpose(en = "x", fr-"CA" = "y")"#,
        Some(false),
    ),
    ("purpose", r#"purpose(en = "x", fr-1.5 = "y")"#, Some(false)),
    ("purpose", r#"purpose(en = "x", -fr = "y")"#, Some(false)),
    ("purpose", r#"purpose(en = "x", 1 = "y")"#, Some(false)),
    ("purpose", r#"purpose(en = "x", "" = "y")"#, Some(false)),
    ("purpose", r#"purpose(fr = "x")"#, Some(false)),
    ("purpose", r#"purpose(en = "")"#, Some(false)),
    ("purpose", r#"purpose(en = 1)"#, Some(false)),
    ("purpose", r#"purpose = "x""#, Some(true)),
    ("purpose", r#"purpose = """#, Some(false)),
    // Unicode everywhere.
    ("purpose", r#"purpose(en = "x", 日本語 = "y")"#, Some(false)),
    ("purpose", r#"purpose(en = "x", "日本" = "y")"#, Some(false)),
    (
        "purpose",
        r#"purpose(en = "Se souvenir — 日本語 🍪")"#,
        Some(true),
    ),
    ("purpose", r#"purpose(en = "\u{3000}")"#, Some(false)),
    ("purpose", r#"purpose(en = "\u{200B}")"#, None),
    ("purpose", r#"purpose(en = "\u{202E}x")"#, None),
    ("name", "名前 = \"sessionid\"", Some(false)),
    ("name", "ｎａｍｅ = \"sessionid\"", Some(false)),
    ("category", "category = nécessaire", Some(false)),
    ("category", "catégorie = necessary", Some(false)),
    // Shapes that are wrong as a whole.
    (
        "name",
        r#"name = "sessionid", name = "sessionid""#,
        Some(false),
    ),
    ("name", r#"name == "sessionid""#, Some(false)),
    ("name", r#"name: "sessionid""#, Some(false)),
    ("name", r#"name => "sessionid""#, Some(false)),
    ("name", r#"name "sessionid""#, Some(false)),
    ("name", r#"= "sessionid""#, Some(false)),
    ("name", r#""name" = "sessionid""#, Some(true)),
    ("name", r#"1 = "sessionid""#, Some(false)),
    ("name", r#"name = "sessionid";"#, Some(false)),
    ("name", r#"#name = "sessionid""#, Some(false)),
    ("name", r#"$name = "sessionid""#, Some(false)),
    ("name", r#"name-x = "sessionid""#, Some(false)),
    ("name", "", Some(false)),
];

#[test]
fn odd_inputs_are_judged_right() {
    let mut report = Report::new();
    for (key, replacement, expected) in ODD {
        let text = with_entry(key, replacement);
        let tokens =
            TokenStream::from_str(&text).unwrap_or_else(|e| panic!("`{text}` does not lex: {e}"));
        report.check(replacement, tokens, Form::Derive, *expected);
    }
    // Whole inputs that are not a declaration at all.
    for text in [
        "",
        ",",
        ",,,",
        "=",
        "= = =",
        "-",
        "()",
        "((((()))))",
        "'a",
        "r#type = \"x\"",
        "\"🍪\" = \"🍪\"",
        "__Host- = \"x\"",
    ] {
        let tokens =
            TokenStream::from_str(text).unwrap_or_else(|e| panic!("`{text}` does not lex: {e}"));
        report.check(text, tokens.clone(), Form::Derive, Some(false));
        report.check(text, tokens, Form::Constant, Some(false));
    }
    report.finish(100);
}

#[test]
fn values_forwarded_by_macro_rules_are_read() {
    // `macro_rules!` passes `$x:literal` and `$x:expr` wrapped in a group without delimiters.
    let mut report = Report::new();
    let invisible = |tokens: TokenStream| TokenTree::Group(Group::new(Delimiter::None, tokens));
    let name = invisible(quote!("sessionid"));
    let category = invisible(quote!(necessary));
    let lifetime = invisible(invisible(quote!("2 weeks")).into());
    let bad = invisible(quote!("session id"));
    let rest = quote!(provider = "P", function = "f", purpose = "p");
    let inputs = [
        (
            quote!(name = #name, category = #category, lifetime = #lifetime, #rest),
            Some(true),
        ),
        (
            quote!(name = #bad, category = necessary, lifetime = "1 day", #rest),
            Some(false),
        ),
        (
            quote!(name = #name, category = #lifetime, lifetime = #category, #rest),
            Some(false),
        ),
        // A whole entry in one group is not something `macro_rules!` produces from an argument
        // list; it only has to be handled.
        (
            {
                let whole = invisible(quote!(name = "sessionid"));
                quote!(#whole, category = necessary, lifetime = "1 day", #rest)
            },
            None,
        ),
    ];
    for (tokens, expected) in inputs {
        report.check("invisible group", tokens, Form::Derive, expected);
    }
    report.finish(4);
}

#[test]
fn large_inputs_do_not_panic() {
    let mut report = Report::new();
    let many_unknown: String = (0..5_000).map(|i| format!("key{i} = {i}, ")).collect();
    let long_key = format!("{} = 1", "purpose".repeat(2_000));
    let long_text = format!(
        "{}, purpose(en = \"{}\")",
        with_entry("purpose", ""),
        "x".repeat(100_000)
    );
    let nested = format!("purpose{}{}", "(a".repeat(200), ")".repeat(200));
    let many_texts: String = (0..2_000).map(|i| format!("x{i} = \"t\", ")).collect();
    let many_texts = format!("{}, function({many_texts})", with_entry("function", ""));
    let inputs = [
        (many_unknown, Some(false)),
        (long_key, Some(false)),
        (long_text, Some(true)),
        (nested, Some(false)),
        (many_texts, Some(false)),
    ];
    for (text, expected) in inputs {
        let tokens =
            TokenStream::from_str(&text).unwrap_or_else(|e| panic!("`{text}` does not lex: {e}"));
        report.check("large input", tokens, Form::Derive, expected);
    }
    report.finish(5);
}
