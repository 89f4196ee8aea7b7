//! The build-time scan of a large crate (issue 5, performance target 5: a 100,000-line crate
//! scanned in at most twice the time of `syn::parse_file` alone on the same files).
//!
//! ```sh
//! cargo bench -p cookie-registry-benches --bench scan                  # criterion
//! SCAN_BENCH_PASS=alternate cargo bench -p cookie-registry-benches --bench scan
//! ```
//!
//! A crate of 100 files of about 1,000 lines each is generated once, deterministically, into
//! `<temp dir>/cookie-registry-scan-bench/` (realistic code: structs, enums, impls, traits,
//! matches, closures, iterator chains, string literals, tests; in each file three
//! `#[cookie(...)]` constants, every fifth file a `#[derive(Cookie)]` handle, and the code that
//! sets each of them in one of the ways the scanner recognises). The passes measured:
//!
//! - `parse_file`: `syn::parse_file` of every file's text, the floor;
//! - `scan`: what the build mode does with each file's text, `scan::parse_file` then
//!   `scan::scan_file`, on the same texts;
//! - `read_and_parse_file`: reading every file from disk, then `syn::parse_file`, the floor of
//!   the next one;
//! - `config_check`: the whole `cookie_registry::build::Config::check` on the folder (walk,
//!   read, scan, constants resolved across files, findings, registry; no output rendered).
//!
//! Without `SCAN_BENCH_PASS`, criterion measures them one after the other (group
//! `scan_100k`). `SCAN_BENCH_PASS=alternate` runs the four in turn, `SCAN_BENCH_ITERATIONS`
//! rounds (10), timing each by wall clock and by this thread's CPU time, and prints the medians
//! and the ratios to each floor: on a shared machine, runs side by side are what can be
//! compared. `SCAN_BENCH_PASS=parse|scan|read_and_parse|config_check` runs one pass
//! `SCAN_BENCH_ITERATIONS` times (1), for a profiler.
//!
//! Everything runs in one binary, so `syn::parse_file` here has proc-macro2's `span-locations`,
//! which the scanner needs for line and column numbers (features unify over a build): the floor
//! pays for it too. Each pass ends by dropping proc-macro2's per-thread source map
//! (`invalidate_current_thread_spans`), in every pass alike: with `span-locations`, every parse
//! keeps a copy of its text there, and spans would wrap after 4 GiB of text.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use cookie_registry::build::{Config, FindingKind};
use cookie_registry_syntax::declaration::{Context, NameSource};
use cookie_registry_syntax::manifest;
use cookie_registry_syntax::scan;
use criterion::{Criterion, criterion_group};

const FILES: usize = 100;
const LINES_PER_FILE: usize = 1_000;

/// A small deterministic generator (xorshift64*), so that every run scans the same crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: &[&str] = &[
    "dataset", "record", "field", "portal", "catalog", "export", "query", "facet", "schema",
    "widget", "chart", "map", "tile", "user", "group", "quota", "token", "domain", "page", "theme",
];
const TYPES: &[&str] = &["u32", "u64", "i64", "usize", "bool", "String", "f64"];

/// One cookie declaration of the generated crate: its constant and how the code sets it.
fn declaration(out: &mut String, rng: &mut Rng, file: usize, k: usize) -> String {
    let constant = format!("COOKIE_{file}_{k}");
    let word = rng.pick(WORDS);
    let (name, attributes) = match (file * 7 + k) % 6 {
        0 => (
            format!("{word}_session_{file}_{k}"),
            "category = necessary,\n    lifetime = \"session\",".to_string(),
        ),
        1 => (
            format!("{word}_lang_{file}_{k}"),
            "category = functionality,\n    exemption = strictly_necessary,\n    lifetime = \"1 year\",\n    http_only = false,".to_string(),
        ),
        2 => (
            format!("_pk_{word}_{file}_{k}"),
            "category = statistics,\n    exemption = audience_measurement,\n    lifetime = \"13 months\",".to_string(),
        ),
        3 => (
            format!("ads_{word}_{file}_{k}"),
            "category = marketing,\n    party = third,\n    lifetime = \"6 months\",\n    same_site = none,".to_string(),
        ),
        4 => (
            format!("fam_{word}_{file}_{k}_*"),
            "category = statistics,\n    lifetime = \"30 days\",".to_string(),
        ),
        _ => (
            format!("__Host-{word}_{file}_{k}"),
            "category = necessary,\n    lifetime = \"2 weeks\",\n    same_site = strict,".to_string(),
        ),
    };
    let _ = write!(
        out,
        r#"/// The {word} cookie of this module.
#[cookie(
    provider = "Provider {provider}",
    {attributes}
    function(en = "The {word} of file {file}", fr = "Le {word} du fichier {file}"),
    purpose(en = "To remember the {word} from one page to another", fr = "Se souvenir du {word} d'une page à une autre"),
)]
pub const {constant}: &str = "{name}";

"#,
        provider = (file + k) % 9,
    );
    match name.strip_suffix('*') {
        // A family: the code sets concrete names of it.
        Some(stem) => format!("\"{stem}{}\"", rng.below(1000)),
        None => constant,
    }
}

fn typed_handle(out: &mut String, file: usize) -> String {
    let handle = format!("Preference{file}");
    let _ = write!(
        out,
        r#"/// A typed handle: the code sets its cookie through it.
#[derive(Debug, Clone, Copy, Cookie)]
#[cookie(
    name = "pref_{file}",
    provider = "Opendatasoft",
    category = functionality,
    lifetime = "6 months",
)]
#[cookie(
    function(en = "Display preference", fr = "Préférence d'affichage"),
    purpose(en = "To keep the display the user chose", fr = "Garder l'affichage choisi"),
)]
pub struct {handle};

"#
    );
    handle
}

/// A handler that sets cookies in one of the ways the scanner recognises. `name` is an
/// expression: a declared constant, a literal of a declared family, or a typed handle's name.
fn cookie_setter(out: &mut String, rng: &mut Rng, n: usize, name: &str) {
    // A family's concrete name is a literal, and can be written inside a header's text.
    let literal = name.strip_prefix('"').and_then(|s| s.strip_suffix('"'));
    let body = match ((n + rng.below(7)) % 7, literal) {
        (0, _) => {
            format!("let cookie = Cookie::new({name}, token.clone());\n        jar.add(cookie);")
        }
        (1, _) => format!(
            "let cookie = Cookie::build(({name}, token.clone()))\n            .path(\"/\")\n            .secure(true)\n            \
             .http_only(true)\n            .build();\n        jar.add(cookie);"
        ),
        (2, _) => format!("jar.add(({name}, token.clone()));"),
        (3, Some(text)) => format!(
            "response\n            .headers_mut()\n            \
             .append(SET_COOKIE, format!(\"{text}={{}}; Path=/; Secure; HttpOnly\", token).parse().unwrap());"
        ),
        (4, Some(text)) => format!(
            "response.headers_mut().insert(SET_COOKIE, HeaderValue::from_static(\"{text}=1; Path=/; Secure\"));"
        ),
        (5, _) => format!(
            "let response = HttpResponse::Ok().cookie(({name}, token.as_str())).finish();\n        drop(response);"
        ),
        // The header's text computed at run time: an unverifiable site next to a known one.
        (6, Some(text)) => format!(
            "let parsed = Cookie::parse(format!(\"{text}={{}}; Path=/\", token)).ok();\n        \
             let _ = parsed.map(|c| jar.add(c));\n        jar.add(Cookie::new({name}, \"1\"));"
        ),
        _ => format!(
            "let cookie = Cookie::build({name}, token).max_age(Duration::days(30)).finish();\n        jar.add(cookie);"
        ),
    };
    let _ = write!(
        out,
        r#"/// Handles the request and remembers the state in a cookie.
pub async fn handle_{n}(jar: &mut CookieJar, response: &mut Response, request: &Request) -> Result<(), Error> {{
    let token = request
        .headers()
        .get("x-request-id")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| String::from("anonymous"));
    if token.len() > {limit} {{
        return Err(Error::TooLong {{ limit: {limit}, actual: token.len() }});
    }}
    if !token.is_empty() {{
        {body}
    }}
    Ok(())
}}

"#,
        limit = 64 + rng.below(200),
    );
}

fn structure(out: &mut String, rng: &mut Rng, n: usize) {
    let word = rng.pick(WORDS);
    let ty = format!("{}{n}", capitalise(word));
    let fields: Vec<(String, &str)> = (0..3 + rng.below(5))
        .map(|i| (format!("{}_{i}", rng.pick(WORDS)), rng.pick(TYPES)))
        .collect();
    let _ = writeln!(out, "/// A {word} as the portal stores it.");
    let _ = writeln!(out, "#[derive(Debug, Clone, PartialEq, Default)]");
    let _ = writeln!(out, "pub struct {ty} {{");
    for (field, ty) in &fields {
        let _ = writeln!(out, "    /// The {field}.\n    pub {field}: {ty},");
    }
    let _ = writeln!(out, "    children: Vec<{ty}>,\n}}\n");
    let _ = writeln!(out, "impl {ty} {{");
    let _ = writeln!(
        out,
        "    /// A new {word}.\n    pub fn new() -> Self {{\n        Self::default()\n    }}\n"
    );
    for (field, fty) in &fields {
        let _ = writeln!(
            out,
            "    /// Sets the {field}.\n    pub fn with_{field}(mut self, value: {fty}) -> Self {{\n        self.{field} = value;\n        self\n    }}\n"
        );
    }
    let _ = writeln!(
        out,
        r#"    /// Walks the tree of children, depth first.
    pub fn walk<F>(&self, visit: &mut F, depth: usize)
    where
        F: FnMut(&Self, usize),
    {{
        visit(self, depth);
        for child in &self.children {{
            child.walk(visit, depth + 1);
        }}
    }}

    /// How many nodes, this one included.
    pub fn count(&self) -> usize {{
        1 + self.children.iter().map(Self::count).sum::<usize>()
    }}

    /// A one-line summary for logs.
    pub fn summary(&self) -> String {{
        let mut parts = Vec::with_capacity({k});
        parts.push(format!("{ty} with {{}} children", self.children.len()));
        if self.children.is_empty() {{
            parts.push("leaf".to_string());
        }} else if self.children.len() > {k} {{
            parts.push(format!("large ({{}} > {k})", self.children.len()));
        }}
        parts.join(", ")
    }}
}}
"#,
        k = 2 + rng.below(30),
    );
}

fn enumeration(out: &mut String, rng: &mut Rng, n: usize) {
    let word = rng.pick(WORDS);
    let ty = format!("{}Event{n}", capitalise(word));
    let variants = [
        "Created",
        "Updated",
        "Deleted",
        "Published",
        "Archived",
        "Restored",
    ];
    let count = 3 + rng.below(4);
    let _ = writeln!(
        out,
        "/// What can happen to a {word}.\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]\npub enum {ty} {{"
    );
    for v in &variants[..count] {
        let _ = writeln!(
            out,
            "    /// The {word} was {}.\n    {v} {{ id: u64, at: i64 }},",
            v.to_lowercase()
        );
    }
    let _ = writeln!(
        out,
        "}}\n\nimpl {ty} {{\n    /// The label shown in the activity feed.\n    pub fn label(&self, lang: &str) -> &'static str {{\n        match (self, lang) {{"
    );
    for v in &variants[..count] {
        let _ = writeln!(
            out,
            "            ({ty}::{v} {{ .. }}, \"fr\") => \"{word} {} (fr)\",\n            ({ty}::{v} {{ .. }}, _) => \"{word} {}\",",
            v.to_lowercase(),
            v.to_lowercase()
        );
    }
    let _ = writeln!(
        out,
        "        }}\n    }}\n\n    /// The id and time of the event.\n    pub fn key(&self) -> (u64, i64) {{\n        match *self {{"
    );
    for v in &variants[..count] {
        let _ = writeln!(out, "            {ty}::{v} {{ id, at }} => (id, at),");
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");
}

fn functions(out: &mut String, rng: &mut Rng, n: usize) {
    let word = rng.pick(WORDS);
    let other = rng.pick(WORDS);
    let _ = write!(
        out,
        r#"/// Groups the {word}s by {other} and keeps the {limit} largest groups.
pub fn group_{word}s_{n}(items: &[(String, u64)], threshold: u64) -> Vec<(String, u64)> {{
    let mut groups: HashMap<String, u64> = HashMap::new();
    for (key, size) in items.iter().filter(|(_, size)| *size >= threshold) {{
        *groups.entry(key.to_lowercase()).or_insert(0) += size;
    }}
    let mut sorted: Vec<(String, u64)> = groups.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    sorted.truncate({limit});
    sorted
}}

/// Parses a `{other}` parameter such as `"{other}:{limit}"`.
fn parse_{other}_{n}(text: &str) -> Result<(String, usize), Error> {{
    let (key, value) = text
        .split_once(':')
        .ok_or_else(|| Error::Invalid(format!("expected `key:value`, got {{text:?}}")))?;
    let value: usize = value.trim().parse().map_err(|e| Error::Invalid(format!("{{e}}")))?;
    match key.trim() {{
        "" => Err(Error::Invalid("empty key".into())),
        k if k.len() > {len} => Err(Error::TooLong {{ limit: {len}, actual: k.len() }}),
        k => Ok((k.to_string(), value)),
    }}
}}

"#,
        limit = 5 + rng.below(50),
        len = 16 + rng.below(100),
    );
}

fn trait_block(out: &mut String, rng: &mut Rng, n: usize) {
    let word = capitalise(rng.pick(WORDS));
    let _ = write!(
        out,
        r#"/// Something that can be exported as {word} rows.
pub trait Export{word}{n} {{
    /// The rows.
    fn rows(&self) -> Vec<Vec<String>>;

    /// The rows as CSV, with a header.
    fn to_csv(&self, header: &[&str]) -> String {{
        let mut out = header.join(";");
        out.push('\n');
        for row in self.rows() {{
            let escaped: Vec<String> = row
                .iter()
                .map(|cell| if cell.contains(';') {{ format!("\"{{}}\"", cell.replace('"', "\"\"")) }} else {{ cell.clone() }})
                .collect();
            out.push_str(&escaped.join(";"));
            out.push('\n');
        }}
        out
    }}
}}

impl Export{word}{n} for Vec<(String, u64)> {{
    fn rows(&self) -> Vec<Vec<String>> {{
        self.iter()
            .enumerate()
            .map(|(i, (name, size))| vec![i.to_string(), name.clone(), size.to_string()])
            .collect()
    }}
}}

"#
    );
}

fn tests_module(out: &mut String, file: usize) {
    let _ = write!(
        out,
        r#"#[cfg(test)]
mod tests {{
    use super::*;

    #[test]
    fn groups_are_sorted_{file}() {{
        let items = vec![("a".to_string(), 3), ("b".to_string(), 5), ("A".to_string(), 4)];
        let total: u64 = items.iter().map(|(_, n)| n).sum();
        assert_eq!(total, 12);
    }}

    #[test]
    fn labels_exist_{file}() {{
        for lang in ["en", "fr", "de"] {{
            assert!(!lang.is_empty(), "language {{lang}}");
        }}
    }}
}}
"#
    );
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// One file of about `LINES_PER_FILE` lines; `head` goes after its first line (the crate
/// root's module declarations and shared types).
fn generate_file(file: usize, head: &str) -> String {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ (file as u64 + 1).wrapping_mul(0x1000_0000_01B3));
    let mut out = format!(
        "//! Module {file} of the generated portal.\n{head}\nuse std::collections::HashMap;\n\n\
         use cookie::{{Cookie, CookieJar}};\nuse cookie_registry::{{Cookie, cookie}};\n\
         use http::header::{{HeaderValue, SET_COOKIE}};\n\n{shared}\
         const PAGE_SIZE_{file}: usize = {};\nconst DEFAULT_THEME_{file}: &str = \"light\";\n\n",
        10 + file % 90,
        // The crate root defines the shared types the other files import.
        shared = if file == 0 {
            ""
        } else {
            "use crate::{Error, HttpResponse, Request, Response};\n\n"
        },
    );
    // Three cookie declarations per file, a typed handle every fifth file; each is set once.
    let mut names: Vec<String> = (0..3)
        .map(|k| declaration(&mut out, &mut rng, file, k))
        .collect();
    if file.is_multiple_of(5) {
        let handle = typed_handle(&mut out, file);
        names.push(format!("{handle}::DECLARATION.name().stem()"));
    }
    let mut lines = out.lines().count();
    let mut n = 0;
    while lines < LINES_PER_FILE - 65 {
        let before = out.len();
        match rng.below(5) {
            _ if n % 9 == 4 && !names.is_empty() => {
                let name = names.remove(0);
                cookie_setter(&mut out, &mut rng, n, &name);
            }
            0 | 1 => structure(&mut out, &mut rng, n),
            2 => enumeration(&mut out, &mut rng, n),
            3 => functions(&mut out, &mut rng, n),
            _ => trait_block(&mut out, &mut rng, n),
        }
        lines += out[before..].matches('\n').count();
        n += 1;
    }
    for name in names {
        cookie_setter(&mut out, &mut rng, n, &name);
        n += 1;
    }
    // A helper that takes the name from its caller: unverifiable, as in real code.
    out.push_str(
        "/// Sets any cookie: the scanner cannot know the name.\n\
         pub fn set_any(jar: &mut CookieJar, name: String, value: String) {\n    jar.add(Cookie::new(name, value));\n}\n\n",
    );
    tests_module(&mut out, file);
    out
}

/// Writes the crate under `dir` and returns its files' paths and texts.
fn generate_crate(dir: &Path) -> Vec<(PathBuf, String)> {
    let src = dir.join("src");
    if dir.exists() {
        std::fs::remove_dir_all(dir).expect("remove the previous crate");
    }
    std::fs::create_dir_all(src.join("modules")).expect("create the crate's folders");
    std::fs::write(
        dir.join("Cargo.toml"),
        "[package]\nname = \"generated-portal\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [package.metadata.cookie-registry]\nlanguages = [\"en\", \"fr\"]\n",
    )
    .expect("write Cargo.toml");
    let mut files = Vec::with_capacity(FILES);
    let mut write = |path: PathBuf, text: String| {
        std::fs::write(&path, &text).expect("write a source file");
        files.push((path, text));
    };
    let root_head = "\npub mod modules;\n\n/// The portal's error.\n#[derive(Debug)]\npub enum Error {\n    \
                     /// Too long.\n    TooLong { limit: usize, actual: usize },\n    /// Invalid.\n    Invalid(String),\n}\n\n\
                     pub struct Request;\npub struct Response;\npub struct HttpResponse;\n";
    write(src.join("lib.rs"), generate_file(0, root_head));
    let modules_head: String = (2..FILES).map(|m| format!("pub mod m{m:03};\n")).collect();
    write(
        src.join("modules.rs"),
        generate_file(1, &format!("\n{modules_head}")),
    );
    for file in 2..FILES {
        let path = src.join("modules").join(format!("m{file:03}.rs"));
        write(path, generate_file(file, ""));
    }
    files
}

/// The generated crate, written once, and what the passes need.
struct Fixture {
    dir: PathBuf,
    files: Vec<(PathBuf, String)>,
    context: Context,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = std::env::temp_dir().join("cookie-registry-scan-bench");
        let files = generate_crate(&dir);
        let (languages, languages_source) =
            manifest::published_languages(Some(&dir), None).expect("the generated Cargo.toml");
        let context = Context {
            languages,
            languages_source,
            name_source: NameSource::Key,
            span: proc_macro2::Span::call_site(),
        };
        Fixture {
            dir,
            files,
            context,
        }
    }

    fn texts(&self) -> impl Iterator<Item = &str> {
        self.files.iter().map(|(_, text)| text.as_str())
    }

    /// Checks once, untimed, that the scan finds what was generated: every declaration valid,
    /// every cookie set a declared one (the helpers' computed names aside).
    fn check_contents(&self) {
        let (declarations, uses, errors) = pass_scan(self);
        assert_eq!(errors, 0, "the generated declarations are valid");
        assert_eq!(declarations, FILES * 3 + FILES / 5);
        let outcome = Config::new()
            .manifest_dir(&self.dir)
            .check()
            .expect("the build step runs");
        let count = |kind: fn(&FindingKind) -> bool| {
            outcome.findings.iter().filter(|f| kind(&f.kind)).count()
        };
        let undeclared = count(|k| matches!(k, FindingKind::Undeclared { .. }));
        let unverifiable = count(|k| matches!(k, FindingKind::Unverifiable { .. }));
        let unused = count(|k| matches!(k, FindingKind::Unused { .. }));
        assert_eq!(undeclared, 0, "{:#?}", outcome.findings);
        let lines: usize = self.texts().map(|t| t.lines().count()).sum();
        let bytes: usize = self.texts().map(str::len).sum();
        eprintln!(
            "generated crate: {} files, {lines} lines, {bytes} bytes, {declarations} declarations, \
             {uses} cookie-setting sites; findings: {undeclared} undeclared, {unverifiable} \
             unverifiable, {unused} unused; in {}",
            self.files.len(),
            self.dir.display()
        );
        drop(outcome);
        proc_macro2::extra::invalidate_current_thread_spans();
    }
}

// The passes, one per benchmark, kept out of line so that a profiler can single them out
// (`--toggle-collect='*pass_scan*'`). Each ends by dropping proc-macro2's source map.

/// The floor: `syn::parse_file` of every text.
#[inline(never)]
fn pass_parse(fixture: &Fixture) -> usize {
    let mut items = 0;
    for text in fixture.texts() {
        items += syn::parse_file(black_box(text))
            .expect("valid Rust")
            .items
            .len();
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    items
}

/// What the build mode does with each text: `scan::parse_file`, then `scan::scan_file`.
#[inline(never)]
fn pass_scan(fixture: &Fixture) -> (usize, usize, usize) {
    let (mut declarations, mut uses, mut errors) = (0, 0, 0);
    for text in fixture.texts() {
        let parsed = scan::parse_file(black_box(text)).expect("valid Rust");
        let found = scan::scan_file(&parsed, &fixture.context);
        declarations += found.declarations.len();
        uses += found.uses.len();
        errors += found.errors.len();
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    (declarations, uses, errors)
}

/// The floor of `Config::check`: read every file, then `syn::parse_file`.
#[inline(never)]
fn pass_read_and_parse(fixture: &Fixture) -> usize {
    let mut items = 0;
    for (path, _) in &fixture.files {
        let text = std::fs::read_to_string(black_box(path)).expect("read");
        items += syn::parse_file(&text).expect("valid Rust").items.len();
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    items
}

/// The whole build step on the folder, without outputs.
#[inline(never)]
fn pass_config_check(fixture: &Fixture) -> usize {
    let outcome = Config::new()
        .manifest_dir(black_box(&fixture.dir))
        .check()
        .expect("the build step runs");
    let findings = outcome.findings.len();
    drop(outcome);
    proc_macro2::extra::invalidate_current_thread_spans();
    findings
}

fn bench_scan(c: &mut Criterion) {
    let fixture = Fixture::new();
    fixture.check_contents();
    let mut group = c.benchmark_group("scan_100k");
    group.sample_size(10);
    group.bench_function("parse_file", |b| b.iter(|| pass_parse(&fixture)));
    group.bench_function("scan", |b| b.iter(|| pass_scan(&fixture)));
    group.bench_function("read_and_parse_file", |b| {
        b.iter(|| pass_read_and_parse(&fixture))
    });
    group.bench_function("config_check", |b| b.iter(|| pass_config_check(&fixture)));
    group.finish();
}

criterion_group!(benches, bench_scan);

/// This thread's CPU time so far, from the scheduler (`/proc/thread-self/schedstat`, in
/// nanoseconds): unlike the wall clock, it does not count the time other tenants of a shared
/// machine hold the core.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

/// The four passes in turn, `rounds` times, each timed by wall clock and by this thread's CPU
/// time; prints every run, then the medians and the ratios to each floor.
fn alternate(fixture: &Fixture, rounds: usize) {
    type Pass = fn(&Fixture) -> usize;
    let passes: [(&str, Pass); 4] = [
        ("parse_file", pass_parse),
        ("scan", |f| pass_scan(f).1),
        ("read_and_parse_file", pass_read_and_parse),
        ("config_check", pass_config_check),
    ];
    let mut wall = vec![Vec::new(); passes.len()];
    let mut cpu = vec![Vec::new(); passes.len()];
    // One untimed round first: page cache, allocator, lazily built tables.
    for (_, pass) in &passes {
        black_box(pass(fixture));
    }
    for round in 1..=rounds {
        for (i, (name, pass)) in passes.iter().enumerate() {
            let cpu_start = thread_cpu_ns();
            let start = Instant::now();
            black_box(pass(fixture));
            let elapsed = start.elapsed().as_secs_f64() * 1e3;
            let cpu_ms = match (cpu_start, thread_cpu_ns()) {
                (Some(a), Some(b)) => (b - a) as f64 / 1e6,
                _ => f64::NAN,
            };
            println!("round {round} {name}: wall {elapsed:.1} ms, cpu {cpu_ms:.1} ms");
            wall[i].push(elapsed);
            cpu[i].push(cpu_ms);
        }
    }
    // Each pass against its floor of the same round: parse_file is the floor of scan,
    // read_and_parse_file that of config_check.
    let floor = |i: usize| if i < 2 { 0 } else { 2 };
    let per_round = |times: &[Vec<f64>], i: usize| -> (f64, f64, f64) {
        let mut ratios: Vec<f64> = (0..rounds)
            .map(|r| times[i][r] / times[floor(i)][r])
            .collect();
        let m = median(&mut ratios);
        (ratios[0], m, ratios[rounds - 1])
    };
    println!(
        "| pass | median wall ms | median CPU ms | wall / floor | CPU / floor | CPU / floor per round |"
    );
    println!("|---|---:|---:|---:|---:|---|");
    let wall_ratios: Vec<_> = (0..passes.len()).map(|i| per_round(&wall, i)).collect();
    let cpu_ratios: Vec<_> = (0..passes.len()).map(|i| per_round(&cpu, i)).collect();
    let wall: Vec<f64> = wall.iter_mut().map(|v| median(v)).collect();
    let cpu: Vec<f64> = cpu.iter_mut().map(|v| median(v)).collect();
    for (i, (name, _)) in passes.iter().enumerate() {
        let (low, _, high) = cpu_ratios[i];
        println!(
            "| {name} | {:.1} | {:.1} | {:.3} | {:.3} | {low:.3} to {high:.3} |",
            wall[i],
            cpu[i],
            wall[i] / wall[floor(i)],
            cpu[i] / cpu[floor(i)],
        );
    }
    for i in [1, 3] {
        let (_, wall_median, _) = wall_ratios[i];
        let (_, cpu_median, _) = cpu_ratios[i];
        println!(
            "{} / {}, median of the per-round ratios: wall {wall_median:.3}, CPU {cpu_median:.3}",
            passes[i].0,
            passes[floor(i)].0
        );
    }
}

/// Criterion's benchmarks; or, with `SCAN_BENCH_PASS`, the passes alternating or one pass
/// alone (see the module's docs). For instruction counts:
///
/// ```sh
/// SCAN_BENCH_PASS=scan valgrind --tool=callgrind --collect-atstart=no \
///     --toggle-collect='*pass_scan*' target/release/deps/scan-<hash>
/// ```
fn main() {
    let Ok(pass) = std::env::var("SCAN_BENCH_PASS") else {
        benches();
        Criterion::default().configure_from_args().final_summary();
        return;
    };
    let iterations: Option<usize> = std::env::var("SCAN_BENCH_ITERATIONS")
        .ok()
        .and_then(|n| n.parse().ok());
    let fixture = Fixture::new();
    if pass == "alternate" {
        fixture.check_contents();
        alternate(&fixture, iterations.unwrap_or(10));
        return;
    }
    for _ in 0..iterations.unwrap_or(1) {
        let result = match pass.as_str() {
            "parse" => pass_parse(&fixture),
            "scan" => pass_scan(&fixture).1,
            "read_and_parse" => pass_read_and_parse(&fixture),
            "config_check" => pass_config_check(&fixture),
            other => panic!("unknown SCAN_BENCH_PASS {other:?}"),
        };
        black_box(result);
    }
}
