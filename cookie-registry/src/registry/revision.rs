//! The policy revision: a hash of the whole declaration set, so that a consent given for one
//! policy does not count for another.

use core::fmt;

use crate::declaration::{CookieDeclaration, CookieName, Text};
use crate::registry::Registry;

/// A stable hash of a declaration set: the policy revision a consent is given for.
///
/// ```
/// use cookie_registry::{Cookie, DeclaredCookie, Revision};
///
/// #[derive(Cookie)]
/// #[cookie(
///     name = "sessionid", provider = "Example", category = necessary, lifetime = "2 weeks",
///     function(en = "Login", fr = "Connexion"),
///     purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
/// )]
/// struct SessionId;
///
/// let revision = Revision::of([SessionId::DECLARATION]);
/// assert_eq!(revision.to_string().len(), 16);
/// assert_eq!(Revision::parse_hex(revision.to_string().as_bytes()), Some(revision));
/// ```
///
/// # Algorithm
///
/// FNV-1a, 64 bits (offset basis `0xcbf29ce484222325`, prime `0x100000001b3`), over the
/// canonical form below. Nothing in it depends on the platform, the Rust version, the order
/// the linker collected the declarations in, or the process (no `std::hash`, no random keys).
/// It is not a cryptographic hash: it tells policies apart, it does not resist forgery, and it
/// does not need to (a consent cookie is the user's own).
///
/// # Canonical form, version 1
///
/// An *atom* is a byte string written as its length in decimal ASCII, `:`, then its bytes
/// (`9:sessionid`). An *optional* is `-` for none, or `+` then the value. A *text* is its
/// number of languages in decimal ASCII, `:`, then for each language, sorted by tag, the atom
/// of the tag and the atom of the text.
///
/// A declaration's record is, in this order, each field as the atom of its key followed by its
/// value:
///
/// | key | value |
/// |---|---|
/// | `name` | atom: the name, a family with its trailing `*` (`_ga_*`) |
/// | `provider` | atom |
/// | `privacy_policy` | optional atom |
/// | `category` | atom: the keyword (`statistics`) |
/// | `party` | atom: `first` or `third` |
/// | `function` | text |
/// | `purpose` | text |
/// | `justification` | optional text |
/// | `lifetime` | atom: as declared, canonically (`session`, `13 months`) |
/// | `storage` | atom: `http_cookie`, `local_storage` or `session_storage` |
/// | `exemption` | optional atom: the exemption in force (`strictly_necessary`, ...) |
/// | `domain` | optional atom |
/// | `path` | atom |
/// | `secure` | atom: `true` or `false` |
/// | `http_only` | atom: `true` or `false` |
/// | `same_site` | atom: `strict`, `lax` or `none` |
/// | `partitioned` | atom: `true` or `false` |
///
/// Where a declaration was written (crate, file, line) is left out: moving code does not
/// change the policy. The hashed input is the atom `cookie-registry revision 1`, the number of
/// distinct records in decimal ASCII and `:`, then each distinct record as an atom, records
/// sorted bytewise. So the same set of declarations gives the same revision in any order, and
/// a declaration written identically in two crates counts once, as in the
/// [`Registry`].
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Revision(u64);

impl Revision {
    /// A revision from its 64-bit value (tests, or a revision stored elsewhere).
    pub const fn from_u64(value: u64) -> Revision {
        Revision(value)
    }

    /// The 64-bit value.
    pub const fn as_u64(self) -> u64 {
        self.0
    }

    /// The revision of a set of declarations, whatever their order; identical declarations
    /// count once.
    pub fn of<'a, I>(declarations: I) -> Revision
    where
        I: IntoIterator<Item = &'a CookieDeclaration>,
    {
        let mut records: Vec<Vec<u8>> = declarations.into_iter().map(record).collect();
        records.sort_unstable();
        records.dedup();
        let mut hash = Fnv1a::new();
        atom(&mut hash, b"cookie-registry revision 1");
        decimal(&mut hash, records.len());
        hash.write(b":");
        for record in &records {
            atom(&mut hash, record);
        }
        Revision(hash.finish())
    }

    /// Parses the 16 lowercase hexadecimal digits [`Display`](fmt::Display) writes; `None`
    /// for anything else.
    pub fn parse_hex(text: &[u8]) -> Option<Revision> {
        crate::bytes::hex_u64(text).map(Revision)
    }
}

impl fmt::Display for Revision {
    /// 16 lowercase hexadecimal digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Revision({self})")
    }
}

impl Registry {
    /// The policy revision of this registry's declarations: any change to a declaration (a
    /// text in any language, a lifetime, an attribute, a cookie added or removed) changes it;
    /// the order the declarations were collected in does not.
    ///
    /// It hashes every declaration, so compute it once, at start-up, and keep it (in a
    /// [`ConsentCookie`](crate::consent::ConsentCookie), say).
    ///
    /// ```
    /// # #[cookie_registry::cookie(
    /// #     provider = "Example", category = necessary, lifetime = "session",
    /// #     function(en = "Login", fr = "Connexion"),
    /// #     purpose(en = "Keeps you logged in", fr = "Vous garder connecté"),
    /// # )]
    /// # const SESSION: &str = "session";
    /// let registry = cookie_registry::Registry::global()?;
    /// let revision = registry.revision();
    /// assert_eq!(revision, registry.revision());
    /// # Ok::<(), cookie_registry::RegistryError>(())
    /// ```
    pub fn revision(&self) -> Revision {
        Revision::of(self.iter())
    }
}

/// A declaration's record in the canonical form.
fn record(d: &CookieDeclaration) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    let a = d.attributes();
    field(&mut out, "name", |o| {
        let name = d.name();
        let family = matches!(name, CookieName::Prefix(_));
        // The stem, then the family's `*`: the declared name as written, without a String.
        decimal(o, name.stem().len() + usize::from(family));
        o.push(b':');
        o.extend_from_slice(name.stem().as_bytes());
        if family {
            o.push(b'*');
        }
    });
    field(&mut out, "provider", |o| {
        atom(o, d.provider().name().as_bytes())
    });
    field(&mut out, "privacy_policy", |o| {
        optional(o, d.provider().privacy_policy(), |o, v| {
            atom(o, v.as_bytes())
        })
    });
    field(&mut out, "category", |o| {
        atom(o, d.category().as_str().as_bytes())
    });
    field(&mut out, "party", |o| {
        atom(o, d.party().as_str().as_bytes())
    });
    field(&mut out, "function", |o| text(o, d.function()));
    field(&mut out, "purpose", |o| text(o, d.purpose()));
    field(&mut out, "justification", |o| {
        optional(o, d.justification(), text)
    });
    field(&mut out, "lifetime", |o| {
        // `session` or `13 months` (at most 21 bytes: `4294967295 minutes`), written into a
        // stack buffer rather than a String.
        let mut lifetime = Short::default();
        let _ = fmt::Write::write_fmt(&mut lifetime, format_args!("{}", d.lifetime()));
        atom(o, lifetime.as_bytes());
    });
    field(&mut out, "storage", |o| {
        atom(o, d.storage().as_str().as_bytes())
    });
    field(&mut out, "exemption", |o| {
        optional(o, d.exemption(), |o, e| atom(o, e.as_str().as_bytes()))
    });
    field(&mut out, "domain", |o| {
        optional(o, a.domain(), |o, v| atom(o, v.as_bytes()))
    });
    field(&mut out, "path", |o| atom(o, a.path().as_bytes()));
    field(&mut out, "secure", |o| boolean(o, a.secure()));
    field(&mut out, "http_only", |o| boolean(o, a.http_only()));
    field(&mut out, "same_site", |o| {
        atom(o, a.same_site().as_str().as_bytes())
    });
    field(&mut out, "partitioned", |o| boolean(o, a.partitioned()));
    out
}

/// Where the canonical form is written: a byte buffer (a record) or the hash itself.
trait Sink {
    fn write(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn write(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

fn field(out: &mut Vec<u8>, key: &str, value: impl FnOnce(&mut Vec<u8>)) {
    atom(out, key.as_bytes());
    value(out);
}

fn atom(out: &mut impl Sink, bytes: &[u8]) {
    decimal(out, bytes.len());
    out.write(b":");
    out.write(bytes);
}

/// A short text written on the stack.
#[derive(Default)]
struct Short {
    bytes: [u8; 32],
    len: usize,
}

impl Short {
    fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl fmt::Write for Short {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        let end = self.len + text.len();
        self.bytes
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(text.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `n` in decimal ASCII, written without allocating.
fn decimal(out: &mut impl Sink, mut n: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.write(&digits[start..]);
}

fn optional<T>(out: &mut Vec<u8>, value: Option<T>, write: impl FnOnce(&mut Vec<u8>, T)) {
    match value {
        None => out.push(b'-'),
        Some(v) => {
            out.push(b'+');
            write(out, v);
        }
    }
}

fn boolean(out: &mut Vec<u8>, value: bool) {
    atom(out, if value { b"true" } else { b"false" });
}

fn text(out: &mut Vec<u8>, text: Text) {
    let entries = text.entries();
    decimal(out, entries.len());
    out.push(b':');
    // Sorted by tag, then text, without copying the entries: the macro writes them in the
    // declared order, so usually sorted already.
    let mut previous: Option<&(&str, &str)> = None;
    for _ in 0..entries.len() {
        let next = entries
            .iter()
            .filter(|e| previous.is_none_or(|p| *e > p))
            .min();
        let Some(entry) = next else { break };
        // Identical entries count once each, as the sort of a copy would keep them.
        let copies = entries.iter().filter(|e| *e == entry).count();
        for _ in 0..copies {
            atom(out, entry.0.as_bytes());
            atom(out, entry.1.as_bytes());
        }
        previous = Some(entry);
    }
}

/// FNV-1a, 64 bits.
struct Fnv1a(u64);

impl Fnv1a {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;

    fn new() -> Self {
        Fnv1a(Self::OFFSET_BASIS)
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl Sink for Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declaration::{
        Category, CookieName, DeclarationParts, DeclarationSite, Exemption, HttpAttributes,
        Lifetime, Party, Provider, SameSite, Storage, TimeUnit,
    };

    fn fnv(bytes: &[u8]) -> u64 {
        let mut h = Fnv1a::new();
        h.write(bytes);
        h.finish()
    }

    #[test]
    fn fnv1a_matches_the_reference_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv(b""), 0xcbf29ce484222325);
        assert_eq!(fnv(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv(b"foobar"), 0x85944171f73967e8);
    }

    fn base() -> DeclarationParts {
        // Every field written out (no `..`): a new field must be added here, and to the
        // canonical form, or this stops compiling.
        DeclarationParts {
            name: CookieName::Exact("sessionid"),
            provider: Provider::new("Example", Some("https://example.org/privacy")),
            category: Category::Necessary,
            party: Party::First,
            function: Text::new(&[("en", "Login"), ("fr", "Connexion")]),
            purpose: Text::new(&[("en", "Keeps you logged in")]),
            justification: None,
            lifetime: Lifetime::Persistent {
                amount: 2,
                unit: TimeUnit::Week,
            },
            storage: Storage::HttpCookie,
            exemption: Some(Exemption::StrictlyNecessary),
            attributes: HttpAttributes::DEFAULT,
            site: DeclarationSite::new("app", "app", "src/lib.rs", 1, 1),
        }
    }

    fn revision(parts: DeclarationParts) -> Revision {
        let declaration = CookieDeclaration::__from_parts(parts);
        Revision::of([&declaration])
    }

    #[test]
    fn every_field_but_the_site_changes_the_revision() {
        let original = revision(base());
        let a = HttpAttributes::DEFAULT;
        let with_attributes = |attributes| DeclarationParts {
            attributes,
            ..base()
        };
        let changes: Vec<(&str, DeclarationParts)> = vec![
            (
                "name",
                DeclarationParts {
                    name: CookieName::Exact("sid"),
                    ..base()
                },
            ),
            (
                "name kind",
                DeclarationParts {
                    name: CookieName::Prefix("sessionid"),
                    ..base()
                },
            ),
            (
                "provider",
                DeclarationParts {
                    provider: Provider::new("Other", Some("https://example.org/privacy")),
                    ..base()
                },
            ),
            (
                "privacy link",
                DeclarationParts {
                    provider: Provider::new("Example", Some("https://example.org/p")),
                    ..base()
                },
            ),
            (
                "no privacy link",
                DeclarationParts {
                    provider: Provider::new("Example", None),
                    ..base()
                },
            ),
            (
                "category",
                DeclarationParts {
                    category: Category::Functionality,
                    ..base()
                },
            ),
            (
                "party",
                DeclarationParts {
                    party: Party::Third,
                    ..base()
                },
            ),
            (
                "function text",
                DeclarationParts {
                    function: Text::new(&[("en", "Log in"), ("fr", "Connexion")]),
                    ..base()
                },
            ),
            (
                "function language",
                DeclarationParts {
                    function: Text::new(&[("en", "Login"), ("fr-CA", "Connexion")]),
                    ..base()
                },
            ),
            (
                "function French text",
                DeclarationParts {
                    function: Text::new(&[("en", "Login"), ("fr", "Connexion !")]),
                    ..base()
                },
            ),
            (
                "purpose",
                DeclarationParts {
                    purpose: Text::new(&[("en", "Keeps you logged in.")]),
                    ..base()
                },
            ),
            (
                "purpose languages",
                DeclarationParts {
                    purpose: Text::new(&[("en", "Keeps you logged in"), ("fr", "Garde")]),
                    ..base()
                },
            ),
            (
                "justification",
                DeclarationParts {
                    justification: Some(Text::new(&[("en", "Because")])),
                    ..base()
                },
            ),
            (
                "empty justification",
                DeclarationParts {
                    justification: Some(Text::new(&[])),
                    ..base()
                },
            ),
            (
                "lifetime amount",
                DeclarationParts {
                    lifetime: Lifetime::Persistent {
                        amount: 3,
                        unit: TimeUnit::Week,
                    },
                    ..base()
                },
            ),
            (
                "lifetime unit",
                DeclarationParts {
                    lifetime: Lifetime::Persistent {
                        amount: 2,
                        unit: TimeUnit::Day,
                    },
                    ..base()
                },
            ),
            (
                "session",
                DeclarationParts {
                    lifetime: Lifetime::Session,
                    ..base()
                },
            ),
            (
                "storage",
                DeclarationParts {
                    storage: Storage::LocalStorage,
                    ..base()
                },
            ),
            (
                "exemption",
                DeclarationParts {
                    exemption: Some(Exemption::ConsentStorage),
                    ..base()
                },
            ),
            (
                "no exemption",
                // A necessary cookie always has one: the change is to a category without.
                DeclarationParts {
                    category: Category::Functionality,
                    exemption: None,
                    ..base()
                },
            ),
            (
                "domain",
                with_attributes(a.with_domain(Some("example.org"))),
            ),
            ("path", with_attributes(a.with_path("/app"))),
            ("secure", with_attributes(a.with_secure(false))),
            ("http_only", with_attributes(a.with_http_only(false))),
            (
                "same_site",
                with_attributes(a.with_same_site(SameSite::Strict)),
            ),
            ("partitioned", with_attributes(a.with_partitioned(true))),
        ];
        let mut seen = std::collections::HashMap::new();
        seen.insert(original, "original");
        for (what, parts) in changes {
            let changed = revision(parts);
            if let Some(earlier) = seen.insert(changed, what) {
                panic!("`{what}` gives the same revision as `{earlier}`: {changed}");
            }
        }

        let moved = DeclarationParts {
            site: DeclarationSite::new("other", "other::m", "src/m.rs", 40, 5),
            ..base()
        };
        assert_eq!(
            revision(moved),
            original,
            "where it is written does not count"
        );
        let reordered = DeclarationParts {
            function: Text::new(&[("fr", "Connexion"), ("en", "Login")]),
            ..base()
        };
        assert_eq!(
            revision(reordered),
            original,
            "the order of languages does not count"
        );
    }

    #[test]
    fn atoms_keep_fields_apart() {
        // "ab" + "c" and "a" + "bc" must not give the same record.
        let one = DeclarationParts {
            provider: Provider::new("ab", Some("https://c")),
            ..base()
        };
        let two = DeclarationParts {
            provider: Provider::new("a", Some("bhttps://c")),
            ..base()
        };
        assert_ne!(revision(one), revision(two));
    }

    #[test]
    fn the_record_reads_as_documented() {
        let declaration = CookieDeclaration::__from_parts(base());
        let record = String::from_utf8(record(&declaration)).unwrap();
        assert_eq!(
            record,
            "4:name9:sessionid8:provider7:Example14:privacy_policy+27:https://example.org/privacy\
             8:category9:necessary5:party5:first8:function2:2:en5:Login2:fr9:Connexion\
             7:purpose1:2:en19:Keeps you logged in13:justification-8:lifetime7:2 weeks\
             7:storage11:http_cookie9:exemption+18:strictly_necessary6:domain-4:path1:/\
             6:secure4:true9:http_only4:true9:same_site3:lax11:partitioned5:false"
        );
    }
}
