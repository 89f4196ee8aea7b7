use super::*;
use crate::declaration::NameSource;
use crate::language::LanguageTag;

fn context() -> Context {
    Context {
        languages: vec![LanguageTag::parse("en").unwrap()],
        languages_source: crate::manifest::LanguageSource::Default,
        name_source: NameSource::Key,
        span: Span::call_site(),
    }
}

fn scan(source: &str) -> FileScan {
    scan_file(&syn::parse_file(source).expect("valid Rust"), &context())
}

fn names(scan: &FileScan) -> Vec<(String, usize, usize, &'static str)> {
    scan.uses
        .iter()
        .map(|u| {
            let name = match &u.name {
                UsedName::Resolved(n) => n.clone(),
                UsedName::Unresolved(e) => format!("?{e}"),
                UsedName::UnresolvedText { expression, .. } => format!("?text {expression}"),
                UsedName::Handle(h) => format!("&{h}"),
            };
            (name, u.location.line, u.location.column, u.via)
        })
        .collect()
}

#[test]
fn finds_declarations_with_the_macro_grammar() {
    let s = scan(
        r#"
use cookie_registry::{cookie, Cookie};
#[cookie(provider = "P", category = necessary, lifetime = "session", function = "F", purpose = "Q")]
pub const SESSION: &str = "sessionid";
mod inner {
#[derive(Debug, Cookie)]
#[cookie(name = "_ga_*", provider = "G", category = statistics, lifetime = "13 months")]
#[cookie(function = "F", purpose = "Q")]
pub struct Analytics;
}
#[cookie(provider = "P", category = necessary, lifetime = "forever", function = "F", purpose = "Q")]
const BAD: &str = "bad name";
"#,
    );
    let found: Vec<_> = s
        .declarations
        .iter()
        .map(|d| {
            (
                d.declaration.name.value.as_str(),
                d.location.line,
                d.modules.clone(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("sessionid", 4, vec![]),
            ("_ga_*", 9, vec!["inner".to_string()])
        ]
    );
    let messages: Vec<_> = s
        .errors
        .iter()
        .map(|e| (e.location.line, e.message.clone()))
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|(line, m)| *line == 11 && m.contains("invalid lifetime")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(line, m)| *line == 12 && m.contains("invalid cookie name")),
        "{messages:?}"
    );
    assert_eq!(
        s.constants.get("SESSION").map(String::as_str),
        Some("sessionid")
    );
}

#[test]
fn finds_every_kind_of_cookie_setting() {
    let s = scan(
        r#"
const LANG: &str = "django_language";
fn f(jar: CookieJar, name: String) {
let a = Cookie::new("tracker", "1");
let b = cookie::Cookie::build(("csrftoken", "x")).path("/");
let c = Cookie::build(LANG, "fr");
let d = CookieBuilder::new(crate::consts::LANG, "fr");
let e = Cookie::parse("theme=dark; Path=/").unwrap();
jar.add(("added", "1"));
let r = HttpResponse::Ok().cookie(("actix", "1"));
let h = ([(header::SET_COOKIE, "hdr=1; Secure")], "body");
resp.headers_mut().insert(SET_COOKIE, HeaderValue::from_static("static=1"));
builder.header("Set-Cookie", format!("fmt={}; Path=/", v));
let g = Cookie::new(name, "1");
builder.header(SET_COOKIE, format!("{}=1", name));
let h = Cookie::new(Lang::DECLARATION.name().stem(), "fr");
let read = req.cookie("sessionid");
let got = jar.get("sessionid");
}
"#,
    );
    assert_eq!(
        names(&s),
        [
            ("tracker".to_string(), 4, 21, "Cookie::new"),
            ("csrftoken".into(), 5, 32, "Cookie::build"),
            ("django_language".into(), 6, 23, "Cookie::build"),
            ("django_language".into(), 7, 28, "CookieBuilder::new"),
            ("theme".into(), 8, 23, "Cookie::parse"),
            ("added".into(), 9, 10, "a cookie jar's .add((name, value))"),
            ("actix".into(), 10, 36, "a .cookie((name, value)) call"),
            ("hdr".into(), 11, 32, "a Set-Cookie header"),
            ("static".into(), 12, 64, "a Set-Cookie header"),
            ("fmt".into(), 13, 38, "a Set-Cookie header"),
            ("?name".into(), 14, 21, "Cookie::new"),
            // The name part of the format string is one argument: that argument is the name.
            ("?name".into(), 15, 44, "a Set-Cookie header"),
            ("&Lang".into(), 16, 21, "Cookie::new"),
        ]
    );
}

#[test]
fn constants_of_other_files_resolve_names() {
    let mut s = scan("fn f() { Cookie::new(cookies::SESSION_ID, v); }");
    assert_eq!(
        s.uses[0].name,
        UsedName::Unresolved("cookies::SESSION_ID".into())
    );
    let constants = HashMap::from([("SESSION_ID".to_string(), "sessionid".to_string())]);
    resolve_with(&mut s.uses, &constants);
    assert_eq!(s.uses[0].name, UsedName::Resolved("sessionid".into()));
}

#[test]
fn set_cookie_texts_are_cut_as_browsers_and_the_cookie_crate_cut_them() {
    use TextReader::{Browser, CookieCrate};
    for reader in [Browser, CookieCrate] {
        assert_eq!(reader.name("a=b; Path=/"), Some("a"));
        assert_eq!(reader.name(" spaced \t=x"), Some("spaced"));
        assert_eq!(reader.name("a=b=c"), Some("a"));
        assert_eq!(reader.name("a;b=c"), reader.name("a"));
    }
    // Browsers trim spaces and tabs only, and keep a text without `=` as a nameless cookie.
    assert_eq!(Browser.name("\u{a0}nbsp=1"), Some("\u{a0}nbsp"));
    assert_eq!(Browser.name("novalue; Secure"), Some(""));
    assert_eq!(Browser.name("=value"), Some(""));
    assert_eq!(Browser.name(" = "), None);
    assert_eq!(Browser.name(""), None);
    // The cookie crate trims Unicode whitespace, and rejects a missing or empty name.
    assert_eq!(CookieCrate.name("\u{a0}nbsp=1"), Some("nbsp"));
    assert_eq!(CookieCrate.name("novalue"), None);
    assert_eq!(CookieCrate.name("=value"), None);
}

/// The names set in `body`, written inside a function after `prelude` (items: `use`, `const`,
/// ...), without positions: `?expr` for an unresolved name, `?text expr` for an unresolved text.
fn set_in(prelude: &str, body: &str) -> Vec<String> {
    let s = scan(&format!("{prelude}\nfn f() {{\n{body}\n}}\n"));
    names(&s).into_iter().map(|(name, ..)| name).collect()
}

#[test]
fn macro_arguments_are_read_as_code() {
    let s = scan(
        r#"
fn f() {
    let v = vec![Cookie::new("in_vec", "1")];
    let r = vec![Cookie::new("repeated", "1"); 2];
    let j = json!({ "cookie": Cookie::new("in_json", "1").to_string(), "n": [1, 2] });
    assert!(jar.add(("in_assert", "1")).is_ok(), "message {}", 1);
    println!("{}", format!("{}", Cookie::build(("nested", "1"))));
    my_macro!(@tag Cookie::named("after_junk") => { x: Cookie::from("in_group") });
    lazy_static! { static ref C: Cookie<'static> = Cookie::new("lazy", "1"); }
}
"#,
    );
    assert_eq!(
        names(&s),
        [
            ("in_vec".to_string(), 3, 30, "Cookie::new"),
            ("repeated".into(), 4, 30, "Cookie::new"),
            ("in_json".into(), 5, 43, "Cookie::new"),
            (
                "in_assert".into(),
                6,
                22,
                "a cookie jar's .add((name, value))"
            ),
            ("nested".into(), 7, 49, "Cookie::build"),
            ("after_junk".into(), 8, 34, "Cookie::named"),
            ("in_group".into(), 8, 69, "Cookie::from"),
            ("lazy".into(), 9, 64, "Cookie::new"),
        ]
    );
}

#[test]
fn a_macro_rules_body_is_code_with_unknown_metavariables() {
    let s = scan(
        r#"
macro_rules! set {
    ($jar:expr, $name:expr) => { $jar.add($crate::Cookie::new($name, "1")) };
    ($($name:literal),*) => { $( jar.add(Cookie::new($name, "1")); )* Cookie::new("fixed", "1") };
}
"#,
    );
    assert_eq!(
        names(&s),
        [
            ("?name".to_string(), 3, 64, "Cookie::new"),
            ("?name".into(), 4, 55, "Cookie::new"),
            ("fixed".into(), 4, 83, "Cookie::new"),
        ]
    );
}

#[test]
fn declarations_and_constants_inside_macros_are_not_read() {
    let s = scan(
        r#"
macro_rules! declare {
    ($name:ident, $value:literal) => {
        #[cookie(provider = "P", category = necessary, function = "F", purpose = "Q", lifetime = "session")]
        const $name: &str = $value;
    };
}
my_macro! { const IN_MACRO: &str = "in_macro"; }
fn f() { Cookie::new(IN_MACRO, "1"); }
"#,
    );
    assert!(s.errors.is_empty(), "{:?}", s.errors);
    assert!(s.declarations.is_empty());
    assert!(s.constants.is_empty(), "{:?}", s.constants);
    assert_eq!(names(&s), [("?IN_MACRO".to_string(), 9, 22, "Cookie::new")]);
}

#[test]
fn renames_of_the_cookie_types_are_followed() {
    let s = scan(
        r#"
use cookie::Cookie as C;
use axum_extra::extract::cookie::{Cookie as Biscuit, CookieJar};
use cookie::{self, CookieBuilder as Recipe};
use http::header::SET_COOKIE as SC;
use std::string::String as S;
use cookie::Cookie as _;
type Crumb = Cookie<'static>;
type Crust<'a> = &'a C<'a>;
fn f() {
    C::new("c", "1");
    Biscuit::from("biscuit");
    Recipe::new("recipe", "1");
    cookie::Cookie::new("module", "1");
    Crumb::build(("crumb", "1"));
    Crust::named("crust");
    Late::new("late", "1");
    response.header(SC, "sc=1");
    S::new();
    S::from("not a cookie");
}
fn g() {
    use cookie::Cookie as Late;
}
"#,
    );
    let found: Vec<_> = names(&s)
        .into_iter()
        .map(|(n, _, _, via)| (n, via))
        .collect();
    assert_eq!(
        found,
        [
            ("c".to_string(), "Cookie::new"),
            ("biscuit".into(), "Cookie::from"),
            ("recipe".into(), "CookieBuilder::new"),
            ("module".into(), "Cookie::new"),
            ("crumb".into(), "Cookie::build"),
            ("crust".into(), "Cookie::named"),
            ("late".into(), "Cookie::new"),
            ("sc".into(), "a Set-Cookie header"),
        ]
    );
}

#[test]
fn qualified_paths_name_their_type() {
    assert_eq!(
        set_in(
            "",
            r#"
    <Cookie>::new("plain", "1");
    <Cookie<'static>>::new("with_lifetime", "1");
    <Cookie as From<&str>>::from("as_trait");
    <cookie::Cookie<'_> as From<(&str, &str)>>::from(("as_trait_tuple", "1"));
    Cookie::<'static>::new("turbofish", "1");
    <String as From<&str>>::from("not a cookie");
"#
        ),
        [
            "plain",
            "with_lifetime",
            "as_trait",
            "as_trait_tuple",
            "turbofish"
        ]
    );
}

#[test]
fn every_constructor_gives_its_name() {
    let found = set_in(
        r#"const SESSION: &str = "sessionid";"#,
        r#"
    Cookie::from("from_str");
    Cookie::from(("from_tuple", "1"));
    Cookie::from(String::from("from_string"));
    Cookie::from(SESSION);
    Cookie::from(name);
    Cookie::from(Cookie::build(("from_builder", "1")).path("/"));
    Cookie::from(existing);
    Cookie::named("named");
    Cookie::build("build_name");
    Cookie::build(("build_tuple", "1"));
    Cookie::build("build_two", "1");
    let built = Cookie::new("built", "1");
    Cookie::build(built.clone());
    CookieBuilder::new("builder", "1");
    Cookie::parse("parsed=1; Path=/");
    Cookie::parse_encoded("encoded=a%20b");
    Cookie::parse("no equals sign");
    Cookie::parse(format!("{}={}", SESSION, v));
    Cookie::parse(header);
    names.into_iter().map(Cookie::from);
    texts.map(cookie::Cookie::parse);
"#,
    );
    assert_eq!(
        found,
        [
            "from_str",
            "from_tuple",
            "from_string",
            "sessionid",
            "?name",
            "from_builder",
            "?existing",
            "named",
            "build_name",
            "build_tuple",
            "build_two",
            "built",
            "builder",
            "parsed",
            "encoded",
            "sessionid",
            "?text header",
            "?Cookie::from",
            "?cookie::Cookie::parse",
        ]
    );
}

#[test]
fn set_name_counts_on_cookies_only() {
    let found = set_in(
        "struct Holder { session_cookie: Cookie<'static> }",
        r#"
    let mut c = Cookie::new("first", "1");
    c.set_name("renamed");
    c.set_name(other);
    let mut parsed = Cookie::parse("p=1").unwrap();
    parsed.set_name("from_parsed");
    let mut typed: Cookie = make();
    typed.set_name("typed");
    let mut cookie = jar.get("x").cloned().unwrap();
    cookie.set_name("by_name");
    holder.session_cookie.set_name("field");
    cookies[0].set_name("indexed");
    Cookie::new("temporary", "1").set_name("chained");
    jar.iter_mut().for_each(|c: &mut Cookie<'_>| c.set_name("closure"));
    person.set_name("Ada");
    let c = Person::default();
    c.set_name("shadowed");
    builder.set_name("not a cookie either");
"#,
    );
    assert_eq!(
        found,
        [
            "first",
            "renamed",
            "?other",
            "p",
            "from_parsed",
            "typed",
            "by_name",
            "field",
            "indexed",
            // The call is seen before its receiver.
            "chained",
            "temporary",
            "closure",
        ]
    );
}

#[test]
fn locals_belong_to_their_function() {
    let s = scan(
        r#"
fn a(c: &mut Cookie<'static>) { c.set_name("a"); }
fn b(c: &mut Person) { c.set_name("b"); }
impl X { fn c(&self) { let h = HeaderName::from_static("set-cookie"); m.insert(h, "c=1"); } }
fn d() { m.insert(h, "d=1"); }
"#,
    );
    let found: Vec<_> = names(&s).into_iter().map(|(n, ..)| n).collect();
    assert_eq!(found, ["a", "c"]);
}

#[test]
fn set_cookie_headers_in_every_form() {
    let found = set_in(
        r#"
const CONSENT: &str = "consent=yes; Path=/";
const SESSION: &str = "sessionid";
const NOT_A_COOKIE: &str = "nothing";"#,
        r#"
    headers.insert(HeaderName::from_static("set-cookie"), HeaderValue::from_static("from_static=1"));
    headers.append(HeaderName::from_bytes(b"Set-Cookie").unwrap(), HeaderValue::from_bytes(b"bytes=1").unwrap());
    headers.append("set-cookie".parse::<HeaderName>().unwrap(), "parsed=1".parse().unwrap());
    headers.append(HeaderName::try_from("SET-COOKIE").unwrap(), HeaderValue::try_from("try_from=1").unwrap());
    headers.append(header::SET_COOKIE, "module=1");
    headers.append(http::header::SET_COOKIE, "full=1");
    let name = HeaderName::from_static("set-cookie");
    headers.append(&name, HeaderValue::from_static("via_local=1"));
    headers.append(name.clone(), "via_clone=1");
    HeaderMap::from_iter([(SET_COOKIE, HeaderValue::from_static("from_iter=1"))]);
    response.append_header(("Set-Cookie", " spaced \t=1"));
    headers.append(SET_COOKIE, HeaderValue::from_static("nameless"));
    headers.append(SET_COOKIE, HeaderValue::from_static(CONSENT));
    Cookie::parse(NOT_A_COOKIE);
    headers.append(SET_COOKIE, format!("formatted={}; Path=/", v));
    headers.append(SET_COOKIE, format!("{}={}", SESSION, v));
    headers.append(SET_COOKIE, format!("{SESSION}={v}"));
    headers.append(SET_COOKIE, format!("{n}={v}", n = "named_arg", v = 1));
    headers.append(SET_COOKIE, format!("{1}={0}", v, "indexed_arg"));
    headers.append(SET_COOKIE, format!("{}; Path=/", "whole=1"));
    headers.append(SET_COOKIE, format!("{name:?}=1"));
    headers.append(SET_COOKIE, format!("{}_id=1", prefix));
    headers.append(SET_COOKIE, format!("{}=1", user_name));
    headers.append(SET_COOKIE, value);
    headers.append(SET_COOKIE, make_header());
    let c = Cookie::new("built", "1");
    headers.append(SET_COOKIE, c.to_string());
    headers.append(SET_COOKIE, HeaderValue::from_str(&c.encoded().to_string()).unwrap());
    headers.append(SET_COOKIE, format!("{}", c));
    headers.append(SET_COOKIE, format!("{c}; Max-Age=0"));
"#,
    );
    assert_eq!(
        found,
        [
            "from_static",
            "bytes",
            "parsed",
            "try_from",
            "module",
            "full",
            "via_local",
            "via_clone",
            "from_iter",
            "spaced",
            "",
            "consent",
            "formatted",
            "sessionid",
            "sessionid",
            "named_arg",
            "indexed_arg",
            "whole",
            "?format!(\"{name:?}=1\")",
            "?format!(\"{}_id=1\", prefix)",
            "?user_name",
            "?text value",
            "?make_header()",
            "built",
        ]
    );
}

#[test]
fn unrelated_code_sets_no_cookie() {
    let found = set_in(
        "use walkdir::WalkBuilder as Builder;",
        r#"
    let mut map = HashMap::new();
    map.insert("set_cookie_count", 1);
    response.header("Content-Type", "text/html; charset=utf-8");
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("a=b"));
    let s = String::from("x=1");
    let v: Vec<u8> = Vec::new();
    walker.add("src");
    total.add(1);
    println!("{}={}", key, value);
    let text = format!("{}={}; Path=/", key, value);
    sql!(SELECT name FROM cookies WHERE name = "x");
    html! { <p class="cookie">{ "Cookie::new" }</p> };
    person.set_name("Ada");
    thread::Builder::new().name("worker".into());
    let parsed = Cookie::parse;
    standard_headers! { (SetCookie, SET_COOKIE, b"set-cookie"); }
"#,
    );
    assert_eq!(found, ["?Cookie::parse"]);
}

/// A small deterministic generator (xorshift64*), so that every run tries the same inputs.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
    }
}

/// Balanced tokens, otherwise anything: what a macro's arguments may hold.
fn random_tokens(rng: &mut Rng, depth: usize, out: &mut String) {
    const ATOMS: &[&str] = &[
        "Cookie",
        "new",
        "from",
        "build",
        "parse",
        "set_name",
        "add",
        "SET_COOKIE",
        "C",
        "jar",
        "cookie",
        "\"set-cookie\"",
        "\"a=b; Path=/\"",
        "\"nameless\"",
        "b\"set-cookie\"",
        "1",
        "'a",
        "$",
        "$crate",
        "$name",
        "::",
        ":",
        ",",
        ";",
        "=",
        "==",
        "=>",
        "<",
        ">",
        ".",
        "&",
        "#",
        "!",
        "?",
        "|",
        "@",
        "*",
        "let",
        "static",
        "ref",
        "fn",
        "const",
        "use",
        "as",
        "type",
        "_",
        "format!",
        "vec!",
        "\"{}={}\"",
        "\"{\"",
        "\"}}={{\"",
        "\"{:?}=\"",
        "\"{x\"",
        "\"{0}=\"",
        "\"{99}=\"",
        "\"{}; x\"",
        "x",
        "r#type",
        "HeaderName",
        "from_static",
    ];
    for _ in 0..rng.below(12) {
        match rng.below(8) {
            0 if depth < 4 => {
                let (open, close) = [("(", ")"), ("[", "]"), ("{", "}")][rng.below(3)];
                out.push_str(open);
                random_tokens(rng, depth + 1, out);
                out.push_str(close);
            }
            _ => out.push_str(ATOMS[rng.below(ATOMS.len())]),
        }
        out.push(' ');
    }
}

#[test]
fn any_tokens_in_macro_arguments_scan_without_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut scanned = 0;
    for _ in 0..3_000 {
        let mut tokens = String::new();
        random_tokens(&mut rng, 0, &mut tokens);
        let source = format!(
            "fn f() {{ m!({tokens}); h.insert(SET_COOKIE, format!({tokens})); }}\n\
             macro_rules! r {{ ({tokens}) => {{ {tokens} }}; }}"
        );
        // Unbalanced only through `'` or a lone `$`-less oddity: skip what is not valid Rust.
        if let Ok(file) = syn::parse_file(&source) {
            let _ = scan_file(&file, &context());
            scanned += 1;
        }
    }
    assert!(scanned > 2_000, "only {scanned} inputs were valid Rust");
}

#[test]
fn any_format_string_reads_without_panic() {
    let mut rng = Rng(0x0123_4567_89AB_CDEF);
    let pieces = [
        "{", "}", "=", ";", ":", "?", "0", "9", "x", " ", "\t", "é", "{{", "}}",
    ];
    for _ in 0..10_000 {
        let text: String = (0..rng.below(16))
            .map(|_| pieces[rng.below(pieces.len())])
            .collect();
        let _ = names::format_name(&text);
        let _ = TextReader::Browser.name(&text);
        let _ = TextReader::CookieCrate.name(&text);
    }
}

#[test]
fn format_strings_name_their_cookie() {
    use names::{Argument, FormatName, format_name};
    assert_eq!(format_name("a={}"), FormatName::Text("a".into()));
    assert_eq!(format_name(" a ={}"), FormatName::Text(" a ".into()));
    assert_eq!(format_name("{{a}}={}"), FormatName::Text("{a}".into()));
    assert_eq!(
        format_name("{}={}"),
        FormatName::Argument(Argument::Position(0))
    );
    assert_eq!(
        format_name(" {2} =1"),
        FormatName::Argument(Argument::Position(2))
    );
    assert_eq!(
        format_name("{name}={value}"),
        FormatName::Argument(Argument::Named("name".into()))
    );
    assert_eq!(
        format_name("{}; Path=/"),
        FormatName::Whole(Argument::Position(0))
    );
    assert_eq!(
        format_name("{c}"),
        FormatName::Whole(Argument::Named("c".into()))
    );
    assert_eq!(
        format_name("nameless; Path=/"),
        FormatName::NoEquals("nameless".into())
    );
    assert_eq!(format_name("{}_id=1"), FormatName::Unknown);
    assert_eq!(format_name("{:?}=1"), FormatName::Unknown);
    assert_eq!(format_name("{}{}=1"), FormatName::Unknown);
}
