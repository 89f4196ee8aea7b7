//! The generated part of the corpus (`corpus/generated.txt`): lines assembled from the
//! grammar's pieces by a fixed-seed generator, in groups, each group leaning on one kind of
//! oddity. `cargo run -p test-browser-set-cookie --bin generate-corpus` rewrites the file; the
//! `generated_corpus_is_up_to_date` test fails when it differs from what this gives.
//!
//! Pieces are written in the corpus syntax ([`crate::corpus`]), so that raw bytes, invisible
//! white space and the 30-days-ahead date placeholders go into the file spelled out.

use std::fmt::Write as _;

/// The generator's seed.
pub const SEED: u64 = 0x6265_6973_0156_0001;

/// Lines per group.
pub const LINES_PER_GROUP: usize = 50;

/// SplitMix64: tiny, and the same on every platform and Rust version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const NAMES: &[&str] = &[
    "tracker",
    "_pk_id",
    "sessionid",
    "csrftoken",
    "a",
    "ID",
    "x.y",
    "$Version",
    "na me",
    "\\\"q\\\"",
];
const PREFIXED_NAMES: &[&str] = &[
    "__Secure-id",
    "__secure-ID",
    "__SECURE-x",
    "__Secure-",
    "__Host-id",
    "__host-id",
    "__HOST-x",
    "__Http-id",
    "__http-x",
    "__Host-Http-id",
    "__host-http-x",
    "__Secure-Http-id",
    "__Hostile",
    "_Secure-id",
];
const UNICODE_NAMES: &[&str] = &[
    "\\u{a0}csrftoken",
    "csrftoken\\u{a0}",
    "csrf\\u{3000}token",
    "\\u{2003}tracker",
    "tracker\\u{85}",
    "\\u{1680}a",
    "a\\u{2028}",
    "\\u{feff}id",
    "n\\xe9",
    "\\xc3\\xa9t\\xc3\\xa9",
    "\\xff\\xfe",
    "\\xe2\\x82",
    "\\u{1f36a}",
];
const VALUES: &[&str] = &[
    "1",
    "v",
    "",
    "abc123",
    "\\\"quoted\\\"",
    "\\\"a b\\\"",
    "a b",
    "x=y",
    "==",
    "%20",
    "\\\\",
    "{}",
    ",",
    "__Secure-x",
    "__host-y",
];
const UNICODE_VALUES: &[&str] = &[
    "\\u{2003}v\\u{2003}",
    "\\u{a0}",
    "\\u{3000}1",
    "\\xc3\\xa9",
    "\\xff\\xfe",
    "x\\xffy",
    "\\xe2\\x82",
    "\\xc0\\x80",
    "\\u{1f36a}",
];
const EQUALS: &[&str] = &["=", "=", "=", " = ", "\\t=", "= ", " =\\t", "\\t=\\t"];
const SPACE: &[&str] = &["", "", "", " ", "\\t", "  ", " \\t "];
const SEPARATORS: &[&str] = &[
    ";", ";", "; ", "; ", "; ", " ;", ";;", "; ;", ";\\t", "\\t;", "  ;  ", ";;;",
];

const MAX_AGE_NAMES: &[&str] = &[
    "Max-Age",
    "Max-Age",
    "max-age",
    "MAX-AGE",
    "mAx-AgE",
    " Max-Age ",
    "Max-Age\\t",
    "\\u{a0}Max-Age",
    "Max\\u{a0}-Age",
    "Max-Age\\u{3000}",
    "MaxAge",
];
const MAX_AGES: &[&str] = &[
    "0",
    "-1",
    "+0",
    "-0",
    "60",
    "+60",
    "3600",
    "86400",
    "-",
    "+",
    "",
    "5a",
    "x",
    " 5 ",
    "\\t7",
    "\\u{a0}5",
    "5\\u{a0}",
    "5 6",
    "99999999999",
    "99999999999999999999",
    "-99999999999999999999",
    "99999999999999999999x",
    "-99999999999999999999x",
    "9x99999999999999999999",
    "0x10",
    "1e3",
    "+-5",
    "--5",
    "00060",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
];
const EXPIRES_NAMES: &[&str] = &[
    "Expires",
    "Expires",
    "expires",
    "EXPIRES",
    " Expires",
    "Expires ",
    "\\u{a0}Expires",
    "Expire",
];
/// Dates 30 days ahead, in the shapes servers send and some they should not.
const FUTURE_DATES: &[&str] = &[
    "\\{date}",
    "\\{date}",
    "\\{weekday}, \\{dd}-\\{mon}-\\{yy} \\{HH}:\\{MM}:\\{SS} GMT",
    "\\{wkd} \\{mon} \\{d} \\{HH}:\\{MM}:\\{SS} \\{yyyy}",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS} UTC",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS} +0000",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS} -0800",
    "\\{yyyy} \\{month} \\{d} \\{HH}:\\{MM}:\\{SS}",
    "\\{mon} \\{dd} \\{HH}:\\{MM}:\\{SS} \\{yy}",
    "\\{dd}.\\{mon}.\\{yyyy}.\\{HH}:\\{MM}:\\{SS}",
    "\\{dd}=\\{mon}=\\{yyyy}=\\{HH}:\\{MM}:\\{SS}",
    "\\\"\\{date}\\\"",
    "\\{dd} \\{mon} 0\\{yyyy} \\{HH}:\\{MM}:\\{SS}",
    "\\{dd} \\{mon} \\{yyyy} 0\\{HH}:\\{MM}:\\{SS}",
    "x\\{dd} \\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}",
    "\\{dd}x \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}",
    "\\{dd} \\{mon} \\{yyyy}x \\{HH}:\\{MM}:\\{SS}",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}",
    "\\{dd} \\{mon} \\{yyyy}",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}:00",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}x",
    "\\{dd} \\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}\\u{e9}",
    "\\{dd}\\u{a0}\\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}",
    "\\{dd}\\t\\{mon} \\{yyyy} \\{HH}:\\{MM}:\\{SS}",
];
const PAST_DATES: &[&str] = &[
    "Thu, 01 Jan 1970 00:00:00 GMT",
    "Thu, 01 Jan 1970 00:00:00 UTC",
    "Thu, 01 Jan 1970 00:00:00 +0000",
    "Thu, 01-Jan-70 00:00:01 GMT",
    "Sun, 06 Nov 1994 08:49:37 GMT",
    "Sunday, 06-Nov-94 08:49:37 GMT",
    "Sun Nov  6 08:49:37 1994",
    "01 Jan 1000 00:00:00",
    "01 Jan 1600 23:59:59",
    "Mon, 01 Jan 1601 00:00:00 GMT",
    "01 Jan 100 00:00:00",
    "01 Jan 0 00:00:00",
    "1 Jan 2 3:4:5",
];
const OTHER_DATES: &[&str] = &[
    "Fri, 01 Jan 2100 00:00:00 GMT",
    "01 Jan 99999 00:00:00",
    "31 Dec 9999 23:59:59 GMT",
    "garbage",
    "",
    "0",
    "Thu, 31 Apr 2100 00:00:00 GMT",
    "Feb 30 2100 00:00:00",
    "29 Feb 2101 00:00:00",
    "01 Jan 2100 24:00:00",
    "01 Jan 2100 23:59:60",
    "01 Jan 100000 00:00:00",
    "Thu, 01 Jan 1970",
    "2100-01-01T00:00:00Z",
];
const DOMAIN_NAMES: &[&str] = &["Domain", "Domain", "domain", "DOMAIN", " Domain "];
const DOMAINS: &[&str] = &[
    "127.0.0.1",
    ".127.0.0.1",
    "127.0.0.1.",
    "localhost",
    ".localhost",
    "example.com",
    ".example.com",
    "EXAMPLE.COM",
    "www.example.com",
    "com",
    ".com",
    "other.com",
    "ample.com",
    "example.co.uk",
    "co.uk",
    "b.example.co.uk",
    ".b.example.co.uk",
    "a.b.example.co.uk",
    "",
    ".",
    "example.com.",
    "..example.com",
    "\\u{e9}xample.com",
    "exa mple.com",
];
const PATH_NAMES: &[&str] = &["Path", "Path", "path", "PATH", " Path "];
const PATHS: &[&str] = &[
    "/",
    "/",
    "/dir",
    "/dir/",
    "/dir/page",
    "",
    "x",
    "dir/page",
    "/a b",
    "/%ff",
    "/\\u{e9}",
    "/\\u{a0}",
    "//",
    "/;",
];
const SAME_SITE_NAMES: &[&str] = &["SameSite", "SameSite", "samesite", "SAMESITE", "Same-Site"];
const SAME_SITES: &[&str] = &[
    "Strict",
    "strict",
    "Lax",
    "LAX",
    "None",
    "none",
    "",
    "bogus",
    "Lax\\u{a0}",
    " Lax ",
    "Extended",
];
const FLAGS: &[&str] = &[
    "Secure",
    "Secure",
    "secure",
    "SECURE",
    "Secure=false",
    " Secure ",
    "Secure\\t",
    "\\u{a0}Secure",
    "HttpOnly",
    "HttpOnly",
    "httponly",
    "HttpOnly=no",
    "Partitioned",
    "partitioned",
    "Partitioned=0",
    "Priority=High",
    "priority=LOW",
    "Foo=bar",
    "Version=1",
    "Comment=x",
    "SameParty",
    "=",
    "",
    "=x",
];
const CONTROLS: &[&str] = &["\\x01", "\\x1f", "\\x7f", "\\x0b", "\\x0c", "\\t", "\\x08"];
/// Pages lines are served from.
const PAGES: &[&str] = &[
    "http://127.0.0.1/dir/page",
    "http://localhost/",
    "http://www.example.com/dir/page",
    "http://a.b.example.co.uk/a/b/c/",
    "http://127.0.0.1/",
];

/// The group titles, in order; each has its own way of building a line (see [`line`]).
const GROUPS: [&str; 12] = [
    "Max-Age repeated and contradicting: the last one counts, valid or not",
    "Max-Age against Expires, in any order and number",
    "Expires in every shape (30 days ahead, past, far future, invalid), repeated",
    "Odd spacing around `=` and `;`, empty attributes, odd separators",
    "Unicode white space and raw bytes in names, values and attribute names",
    "Name prefixes in any case, with and without Secure, HttpOnly, Path=/ and Domain",
    "Domain and Path, repeated, against every page",
    "SameSite, Secure, HttpOnly, Partitioned and unknown attributes",
    "Cookies without a name, and empty pairs",
    "Control characters anywhere",
    "Attribute values and name-value pairs around the size limits",
    "Everything at once",
];

fn attribute(rng: &mut Rng, names: &[&str], values: &[&str]) -> String {
    format!("{}={}", rng.pick(names), rng.pick(values))
}

fn max_age(rng: &mut Rng) -> String {
    attribute(rng, MAX_AGE_NAMES, MAX_AGES)
}

fn expires(rng: &mut Rng) -> String {
    let dates = match rng.below(10) {
        0..=4 => FUTURE_DATES,
        5..=7 => PAST_DATES,
        _ => OTHER_DATES,
    };
    attribute(rng, EXPIRES_NAMES, dates)
}

fn any_attribute(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => max_age(rng),
        1 => expires(rng),
        2 => attribute(rng, DOMAIN_NAMES, DOMAINS),
        3 => attribute(rng, PATH_NAMES, PATHS),
        4 => attribute(rng, SAME_SITE_NAMES, SAME_SITES),
        _ => rng.pick(FLAGS).to_string(),
    }
}

/// `name=value`, with white space around each part.
fn pair(rng: &mut Rng, names: &[&str], values: &[&str]) -> String {
    format!(
        "{}{}{}{}{}",
        rng.pick(SPACE),
        rng.pick(names),
        rng.pick(EQUALS),
        rng.pick(values),
        rng.pick(SPACE)
    )
}

/// `pair` followed by `attributes`, each after a separator.
fn join(rng: &mut Rng, pair: String, attributes: Vec<String>) -> String {
    let mut line = pair;
    for attribute in attributes {
        line.push_str(rng.pick(SEPARATORS));
        line.push_str(&attribute);
    }
    line
}

fn several(rng: &mut Rng, min: usize, max: usize, make: fn(&mut Rng) -> String) -> Vec<String> {
    let count = min + rng.below(max - min + 1);
    (0..count).map(|_| make(rng)).collect()
}

/// One line of `group`, in corpus syntax (without the quotes).
fn line(rng: &mut Rng, group: usize) -> String {
    match group {
        0 => {
            let pair = pair(rng, NAMES, VALUES);
            let attributes = several(rng, 2, 4, max_age);
            join(rng, pair, attributes)
        }
        1 => {
            let pair = pair(rng, NAMES, VALUES);
            let attributes = several(rng, 2, 4, |rng| {
                if rng.chance(50) {
                    max_age(rng)
                } else {
                    expires(rng)
                }
            });
            join(rng, pair, attributes)
        }
        2 => {
            let pair = pair(rng, NAMES, VALUES);
            let attributes = several(rng, 1, 3, expires);
            join(rng, pair, attributes)
        }
        3 => {
            let pair = pair(rng, NAMES, VALUES);
            let attributes = several(rng, 0, 5, |rng| {
                let name = rng.pick(&["Max-Age", "Path", "Domain", "SameSite", "Secure", ""]);
                let value = rng.pick(&["60", "/", "example.com", "Lax", "", "0"]);
                format!(
                    "{}{name}{}{}{value}{}",
                    rng.pick(SPACE),
                    rng.pick(SPACE),
                    rng.pick(EQUALS),
                    rng.pick(SPACE)
                )
            });
            join(rng, pair, attributes)
        }
        4 => {
            let names: Vec<&str> = UNICODE_NAMES.iter().chain(NAMES).copied().collect();
            let values: Vec<&str> = UNICODE_VALUES.iter().chain(VALUES).copied().collect();
            let pair = pair(rng, &names, &values);
            let attributes = several(rng, 0, 3, any_attribute);
            join(rng, pair, attributes)
        }
        5 => {
            let pair = pair(rng, PREFIXED_NAMES, VALUES);
            let attributes = several(rng, 0, 4, |rng| match rng.below(5) {
                0 | 1 => rng
                    .pick(&["Secure", "secure", "HttpOnly", "Secure", "HttpOnly"])
                    .to_string(),
                2 => attribute(rng, PATH_NAMES, &["/", "/", "/dir", "", "x"]),
                3 => attribute(
                    rng,
                    DOMAIN_NAMES,
                    &["127.0.0.1", "localhost", "example.com", ""],
                ),
                _ => any_attribute(rng),
            });
            join(rng, pair, attributes)
        }
        6 => {
            let pair = pair(rng, NAMES, VALUES);
            let attributes = several(rng, 1, 4, |rng| {
                if rng.chance(55) {
                    attribute(rng, DOMAIN_NAMES, DOMAINS)
                } else {
                    attribute(rng, PATH_NAMES, PATHS)
                }
            });
            join(rng, pair, attributes)
        }
        7 => {
            let pair = pair(rng, NAMES, VALUES);
            let attributes = several(rng, 1, 5, |rng| {
                if rng.chance(30) {
                    attribute(rng, SAME_SITE_NAMES, SAME_SITES)
                } else {
                    rng.pick(FLAGS).to_string()
                }
            });
            join(rng, pair, attributes)
        }
        8 => {
            let start = match rng.below(4) {
                0 => format!("{}={}", rng.pick(SPACE), rng.pick(VALUES)),
                1 => format!(
                    "{}{}",
                    rng.pick(SPACE),
                    rng.pick(&["tracker", "v", "__Secure-x", "__HOST-y", "a b", ""])
                ),
                2 => rng.pick(&["", " ", ";", "=", " = ", "=;"]).to_string(),
                _ => format!("={}", rng.pick(UNICODE_VALUES)),
            };
            let attributes = several(rng, 0, 3, any_attribute);
            join(rng, start, attributes)
        }
        9 => {
            let mut pair = pair(rng, NAMES, VALUES);
            let mut attributes = several(rng, 0, 3, any_attribute);
            let control = rng.pick(CONTROLS);
            // Into the pair or one of the attributes, at a random place.
            let spot = rng.below(attributes.len() + 1);
            let text = attributes.get_mut(spot).unwrap_or(&mut pair);
            *text = insert(rng, text, control);
            join(rng, pair, attributes)
        }
        10 => {
            let name = rng.pick(NAMES);
            let value_length = [4096, 4095, 4094, 4097, 2048][rng.below(5)] - name.len();
            let pair = format!("{name}={}", "v".repeat(value_length));
            let long = |rng: &mut Rng| {
                let length = [1023, 1024, 1025, 2000][rng.below(4)];
                match rng.below(4) {
                    0 => format!("Max-Age={}", "1".repeat(length)),
                    1 => format!("Path=/{}", "p".repeat(length - 1)),
                    2 => format!("Domain={}example.com", "a.".repeat((length - 11) / 2)),
                    _ => format!("Max-Age=0; Max-Age={}9", "0".repeat(length - 1)),
                }
            };
            let attributes = several(rng, 1, 2, long);
            join(rng, pair, attributes)
        }
        _ => {
            let names: Vec<&str> = NAMES
                .iter()
                .chain(PREFIXED_NAMES)
                .chain(UNICODE_NAMES)
                .copied()
                .collect();
            let values: Vec<&str> = VALUES.iter().chain(UNICODE_VALUES).copied().collect();
            let pair = pair(rng, &names, &values);
            let attributes = several(rng, 0, 7, any_attribute);
            join(rng, pair, attributes)
        }
    }
}

/// `text` with `piece` inserted between two of its characters or escapes, at random.
fn insert(rng: &mut Rng, text: &str, piece: &str) -> String {
    let mut boundaries = vec![0];
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        at += match rest.as_bytes() {
            [b'\\', b'x', ..] => 4,
            [b'\\', b'u' | b'{', ..] => rest.find('}').map_or(rest.len(), |end| end + 1),
            [b'\\', ..] => 2,
            _ => rest.chars().next().map_or(1, char::len_utf8),
        };
        boundaries.push(at.min(text.len()));
    }
    let at = boundaries[rng.below(boundaries.len())];
    format!("{}{piece}{}", &text[..at], &text[at..])
}

/// The whole of `corpus/generated.txt`.
pub fn generate() -> String {
    let mut rng = Rng(SEED);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Generated by tests/browser-set-cookie/src/generate.rs (seed {SEED:#x}): do not edit, run\n\
         # `cargo run -p test-browser-set-cookie --bin generate-corpus` after changing the generator.\n\
         # Syntax: src/corpus.rs."
    );
    let mut page = "";
    for (group, title) in GROUPS.iter().enumerate() {
        let _ = writeln!(out, "\n# {title}");
        for index in 0..LINES_PER_GROUP {
            if index % 10 == 0 {
                let next = PAGES[rng.below(PAGES.len())];
                if next != page || index == 0 {
                    page = next;
                    let _ = writeln!(out, "origin {page}");
                }
            }
            let _ = writeln!(out, "\"{}\"", line(&mut rng, group));
        }
    }
    out
}
