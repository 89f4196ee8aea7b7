//! Verdicts a thread reached before, recalled for a `Set-Cookie` that differs from an earlier
//! one only in its cookie's value.
//!
//! A server sets the same few cookies over and over: the same name and attributes, with a
//! value that changes from visitor to visitor. Whether such a header is declared, which
//! consent it needs and whether its attributes drift from the declaration do not depend on
//! the value, and reading the header, looking the name up and comparing the attributes is
//! most of what a response's judgment costs — and, the code being out of the processor's
//! caches by the next response, more than its instructions say. So each thread keeps, for a
//! few headers it allowed, the header with the value cut out: the bytes up to the first `=`
//! (the name) and from the first `;` after it (the attributes). A header that matches one of
//! these byte for byte, and whose value the browser accepts, gets the same verdict without
//! being read.
//!
//! Why the verdict is the same: with the name's bytes and the attribute bytes unchanged, the
//! browser's reading ([`SetCookie::parse`](crate::set_cookie::SetCookie::parse)) differs only
//! in the value, which it rejects for two reasons alone — a control byte, or a name and value
//! longer than [`MAX_NAME_VALUE_BYTES`] together — and both are tested here on the new value.
//! The rest of the reading (a nameless cookie's rules) concerns only headers without a name,
//! which are never kept. Only verdicts that hold at any time are kept: a declared cookie
//! without drift whose expiry does not depend on the clock (a session cookie, or a positive
//! `Max-Age`); the consent the declaration needs is kept and tested on each header. A property
//! test compares recalled and fresh verdicts.
//!
//! What a thread keeps is bounded and allocated once: [`SETS`] × [`WAYS`] headers of at most
//! [`MAX_KEPT`] bytes without their values, about 9 KB. A header goes to the set its name
//! picks, in place of the one of the set least recently used: two or three cookies whose names
//! fall in one set are all kept, and a cookie whose name changes with every visitor (`_ga_<id>`,
//! say) evicts only what has not been used since. Each registry has its own verdicts (its
//! identity is part of the key). Only the judgment of responses recalls verdicts
//! ([`check_recalling`](super::check::check_recalling)); [`check_set_cookie`](super::check_set_cookie)
//! reads each header afresh.

use std::cell::RefCell;
use std::hash::Hasher;

use crate::bytes::{find, find2};
use crate::declaration::Category;
use crate::registry::Registry;
use crate::set_cookie::{Expiry, MAX_NAME_VALUE_BYTES, SetCookie, has_control_byte};
use crate::static_hash::StaticHasher;

/// How many sets of kept headers a thread has: a power of two, the set being the top bits of
/// a hash of the header's name.
const SETS: usize = 8;

/// How many headers a set keeps.
const WAYS: usize = 4;

/// The longest header kept, without its value; a longer one is read each time.
const MAX_KEPT: usize = 248;

/// A header allowed before: what the verdict of a header with the same name and attributes is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Recalled<'h> {
    /// The cookie's name, as the browser stores it.
    pub(super) name: &'h [u8],
    /// The category whose consent the declaration needs, if any.
    pub(super) consent: Option<Category>,
}

/// A header cut around its value: `head` up to and including the first `=`, `value` up to the
/// first `;` after it, `tail` from that `;` on.
struct Cut<'h> {
    head: &'h [u8],
    value: &'h [u8],
    tail: &'h [u8],
}

impl<'h> Cut<'h> {
    /// `None` for a header without `=` before its first `;` (a nameless cookie) or too long to
    /// keep.
    #[inline]
    fn of(header: &'h [u8]) -> Option<Cut<'h>> {
        let stop = find2(header, 0, b'=', b';');
        if header.get(stop) != Some(&b'=') {
            return None;
        }
        let end = find(header, stop + 1, b';');
        if header.len() - (end - stop - 1) > MAX_KEPT {
            return None;
        }
        Some(Cut {
            head: &header[..=stop],
            value: &header[stop + 1..end],
            tail: &header[end..],
        })
    }

    /// The set of the header's name and the length of its attributes: enough to spread a
    /// site's few cookies (the comparison decides), at a few words of hashing.
    fn set(&self) -> usize {
        let mut hasher = StaticHasher::default();
        hasher.write(self.head);
        hasher.write_usize(self.tail.len());
        (hasher.finish() >> (64 - SETS.trailing_zeros())) as usize
    }
}

/// One kept header; all zeros for none (no header has an empty head: it holds the `=`).
#[derive(Clone, Copy)]
struct Slot {
    registry: u64,
    /// When it was last kept or recalled, in the thread's ticks: the least recent goes first.
    used: u64,
    /// The header without its value: head, then tail, in the first `len` bytes.
    kept: [u8; MAX_KEPT],
    len: u16,
    head_len: u16,
    /// Where the name, as stored, lies in the head.
    name: (u16, u16),
    consent: Option<Category>,
}

impl Slot {
    const EMPTY: Slot = Slot {
        registry: 0,
        used: 0,
        kept: [0; MAX_KEPT],
        len: 0,
        head_len: 0,
        name: (0, 0),
        consent: None,
    };

    fn holds(&self, registry: u64, cut: &Cut<'_>) -> bool {
        let head_len = usize::from(self.head_len);
        self.registry == registry
            && head_len == cut.head.len()
            && usize::from(self.len) == head_len + cut.tail.len()
            && self.kept[..head_len] == *cut.head
            && self.kept[head_len..usize::from(self.len)] == *cut.tail
    }
}

/// A thread's kept headers, and the ticks of its clock of uses.
struct Kept {
    sets: [[Slot; WAYS]; SETS],
    ticks: u64,
}

thread_local! {
    // No destructor to register, nothing allocated: zeros, filled in place.
    static KEPT: RefCell<Kept> = const {
        RefCell::new(Kept { sets: [[Slot::EMPTY; WAYS]; SETS], ticks: 0 })
    };
}

/// The verdict kept for a header with `header`'s name and attributes under `registry`, when
/// the browser accepts `header`'s value.
#[inline]
pub(super) fn recall<'h>(registry: &Registry, header: &'h [u8]) -> Option<Recalled<'h>> {
    let cut = Cut::of(header)?;
    let set = cut.set();
    let (name, consent) = KEPT
        .try_with(|kept| {
            let mut kept = kept.borrow_mut();
            kept.ticks += 1;
            let now = kept.ticks;
            let slot = kept.sets[set]
                .iter_mut()
                .find(|slot| slot.holds(registry.id(), &cut))?;
            slot.used = now;
            Some((slot.name, slot.consent))
        })
        .ok()
        .flatten()?;
    let name = (usize::from(name.0), usize::from(name.1));
    // The value decides only whether the browser ignores the header (see the module docs);
    // the name's bytes are the kept head's.
    if has_control_byte(cut.value) || (name.1 - name.0) + cut.value.len() > MAX_NAME_VALUE_BYTES {
        return None;
    }
    Some(Recalled {
        name: &header[name.0..name.1],
        consent,
    })
}

/// Keeps the verdict on `header`, read as `cookie`: declared under `registry`, needing
/// `consent`, its attributes as declared. Kept only when it holds whatever the time (see the
/// module docs). Once per header shape: out of the way of the path that recalls it.
#[cold]
#[inline(never)]
pub(super) fn remember(
    registry: &Registry,
    header: &[u8],
    cookie: &SetCookie<'_>,
    consent: Option<Category>,
) {
    let timeless = match cookie.expiry() {
        Expiry::Session => true,
        Expiry::MaxAge(seconds) => seconds > 0,
        Expiry::Expires(_) => false,
    };
    if !timeless || cookie.name().is_empty() || has_control_byte(header) {
        return;
    }
    let Some(cut) = Cut::of(header) else {
        return;
    };
    // The name is a slice of the head: where it lies there.
    let Some(from) = (cookie.name().as_ptr() as usize).checked_sub(header.as_ptr() as usize) else {
        return;
    };
    let to = from + cookie.name().len();
    if to >= cut.head.len() {
        return;
    }
    let set = cut.set();
    // A thread being torn down keeps nothing: the verdict stands all the same.
    let _ = KEPT.try_with(|kept| {
        let mut kept = kept.borrow_mut();
        kept.ticks += 1;
        let now = kept.ticks;
        let ways = &mut kept.sets[set];
        let Some(slot) = ways.iter_mut().min_by_key(|slot| slot.used) else {
            return;
        };
        let (head_len, len) = (cut.head.len(), cut.head.len() + cut.tail.len());
        slot.kept[..head_len].copy_from_slice(cut.head);
        slot.kept[head_len..len].copy_from_slice(cut.tail);
        // Every length here is under `MAX_KEPT`, which `u16` holds.
        let short = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
        slot.registry = registry.id();
        slot.used = now;
        slot.len = short(len);
        slot.head_len = short(head_len);
        slot.name = (short(from), short(to));
        slot.consent = consent;
    });
}

#[cfg(test)]
mod tests {
    use std::time::SystemTime;

    use proptest::prelude::*;

    use super::{Cut, SETS, WAYS, recall};
    use crate::consent::{CategorySet, ConsentState};
    use crate::declaration::{
        Category, CookieDeclaration, CookieName, DeclarationParts, HttpAttributes, Lifetime,
    };
    use crate::enforce::check::{Verdict, check, check_recalling};
    use crate::registry::{Registry, Revision};

    const NOW: i64 = 1_750_000_000;

    fn registry() -> Registry {
        let declare = |parts: DeclarationParts| -> &'static CookieDeclaration {
            Box::leak(Box::new(CookieDeclaration::__from_parts(parts)))
        };
        let hour = Lifetime::parse("1 hour").unwrap();
        Registry::from_declarations([
            declare(DeclarationParts::for_test("sid")),
            declare(DeclarationParts {
                name: CookieName::Prefix("c_"),
                ..DeclarationParts::for_test("c_")
            }),
            declare(DeclarationParts {
                category: Category::Statistics,
                lifetime: hour,
                ..DeclarationParts::for_test("_pk_id")
            }),
            declare(DeclarationParts {
                name: CookieName::Prefix("_ga_"),
                category: Category::Marketing,
                lifetime: hour,
                attributes: HttpAttributes::DEFAULT.with_domain(Some("example.org")),
                ..DeclarationParts::for_test("_ga_")
            }),
        ])
    }

    fn consents() -> [ConsentState; 2] {
        [
            ConsentState::NONE,
            ConsentState::given(
                CategorySet::ALL,
                SystemTime::UNIX_EPOCH,
                Revision::from_u64(1),
            ),
        ]
    }

    /// A header allowed once gives its verdict to the next one that differs only in its value,
    /// unless that value is one the browser ignores; headers whose verdict depends on the
    /// clock, or that drift, are not kept; another registry never shares a verdict.
    #[test]
    fn recalls_only_what_holds_for_the_new_header() {
        let registry = registry();
        let [none, all] = consents();
        let first = b"sid=abc; Path=/; Secure; HttpOnly; SameSite=Lax";
        assert!(recall(&registry, first).is_none(), "nothing kept yet");
        check(&registry, &none, first, NOW);
        assert!(recall(&registry, first).is_none(), "`check` keeps nothing");
        check_recalling(&registry, &none, first, NOW);
        let recalled = recall(
            &registry,
            b"sid=other value; Path=/; Secure; HttpOnly; SameSite=Lax",
        )
        .expect("the same name and attributes");
        assert_eq!((recalled.name, recalled.consent), (&b"sid"[..], None));
        assert!(
            recall(
                &registry,
                b"sid=a\x01b; Path=/; Secure; HttpOnly; SameSite=Lax"
            )
            .is_none()
        );
        let long = |length| {
            [
                &b"sid="[..],
                &vec![b'v'; length],
                b"; Path=/; Secure; HttpOnly; SameSite=Lax",
            ]
            .concat()
        };
        assert!(
            recall(&registry, &long(4093)).is_some(),
            "4,096 bytes with the name: kept"
        );
        assert!(recall(&registry, &long(4094)).is_none(), "4,097: ignored");
        assert!(
            recall(&registry_again(), first).is_none(),
            "another registry"
        );

        // A consent-needing cookie: its category kept, tested again on each header.
        for _ in 0..2 {
            check_recalling(
                &registry,
                &all,
                b"_pk_id=1; Max-Age=3600; Secure; HttpOnly",
                NOW,
            );
        }
        let recalled = recall(&registry, b"_pk_id=2; Max-Age=3600; Secure; HttpOnly").unwrap();
        assert_eq!(recalled.consent, Some(Category::Statistics));
        assert!(matches!(
            check_recalling(
                &registry,
                &none,
                b"_pk_id=3; Max-Age=3600; Secure; HttpOnly",
                NOW
            ),
            Verdict::Rejected(_)
        ));

        for not_kept in [
            &b"sid=1; Expires=Wed, 01 Jan 2100 00:00:00 GMT; Secure; HttpOnly"[..],
            b"sid=1; Max-Age=0; Secure; HttpOnly",
            b"sid=1; Secure",
            b"=1; Secure; HttpOnly",
        ] {
            for _ in 0..2 {
                check_recalling(&registry, &all, not_kept, NOW);
            }
            assert!(
                recall(&registry, not_kept).is_none(),
                "{}",
                not_kept.escape_ascii()
            );
        }
    }

    /// A set keeps as many headers as it has ways, whatever else passes through it: the one
    /// least recently used goes first.
    #[test]
    fn a_set_keeps_its_most_recently_used_headers() {
        let registry = registry();
        let [none, _] = consents();
        let header = |n: usize| format!("c_{n}=v; Secure; HttpOnly").into_bytes();
        // Names of one set, more than it has ways.
        let set = |n: usize| Cut::of(&header(n)).map(|cut| cut.set());
        let one_set: Vec<usize> = (0..SETS * 64)
            .filter(|&n| set(n) == set(0))
            .take(WAYS + 8)
            .collect();
        assert_eq!(one_set.len(), WAYS + 8);
        let (kept, passing) = one_set.split_at(WAYS);
        for &n in kept {
            check_recalling(&registry, &none, &header(n), NOW);
        }
        for &n in kept {
            assert!(recall(&registry, &header(n)).is_some(), "c_{n}");
        }
        // A stream of names that come once, the first of the set used before and between
        // each: it stays.
        assert!(recall(&registry, &header(kept[0])).is_some());
        for &n in passing {
            check_recalling(&registry, &none, &header(n), NOW);
            assert!(recall(&registry, &header(kept[0])).is_some());
        }
        // Besides it, the latest ones; the older ones made way.
        let (older, latest) = passing.split_at(passing.len() - (WAYS - 1));
        assert!(
            latest
                .iter()
                .all(|&n| recall(&registry, &header(n)).is_some())
        );
        assert!(
            older
                .iter()
                .all(|&n| recall(&registry, &header(n)).is_none())
        );
    }

    /// A second registry, with the same declarations: a registry of its own all the same.
    fn registry_again() -> Registry {
        registry()
    }

    fn pick(options: &'static [&'static str]) -> BoxedStrategy<Vec<u8>> {
        prop::sample::select(options)
            .prop_map(|s| s.as_bytes().to_vec())
            .boxed()
    }

    /// A cookie value: tokens mostly, sometimes what makes the browser ignore the header or
    /// what only looks like a separator.
    fn value() -> BoxedStrategy<Vec<u8>> {
        prop_oneof![
            6 => prop::collection::vec(prop::sample::select(&b"ab09-._~"[..]), 0..40),
            3 => prop::collection::vec(
                prop::sample::select(&b"a =\"\t\x01\x7f,\xc3\xa9"[..]),
                0..8
            ),
            1 => prop::sample::select(&[4092, 4093, 4094][..]).prop_map(|n| vec![b'v'; n]),
        ]
        .boxed()
    }

    proptest! {
        /// Over a run of headers that share names and attributes, the verdict of [`check`]
        /// (recalled when it can be) is the verdict of a fresh reading, header after header.
        #[test]
        fn recalled_verdicts_are_the_fresh_verdicts(
            headers in prop::collection::vec(
                (
                    // One shape mostly, so that most headers follow one that was kept.
                    prop_oneof![
                        4 => pick(&["sid"]),
                        3 => pick(&[" sid", "sid ", "_pk_id", "_ga_1", "_ga_", "other", "", "s\u{a0}id"]),
                    ],
                    value(),
                    prop_oneof![4 => pick(&["; Path=/; Secure; HttpOnly; SameSite=Lax"]), 3 => pick(&[
                        "; Secure; HttpOnly",
                        "; Max-Age=3600; Secure; HttpOnly",
                        "; Max-Age=3600; Domain=.example.org; Secure; HttpOnly",
                        "; Max-Age=0; Secure; HttpOnly",
                        "; Max-Age=-; Secure; HttpOnly",
                        "; Expires=Wed, 01 Jan 2100 00:00:00 GMT; Secure; HttpOnly",
                        "; Secure",
                        "",
                        ";",
                        "; Max-Age=3600; Max-Age=x; Secure; HttpOnly",
                    ])],
                    any::<bool>(),
                ),
                1..24,
            )
        ) {
            let registry = registry();
            let consents = consents();
            for (name, value, attributes, consented) in headers {
                let header = [&name[..], b"=", &value, attributes.as_slice()].concat();
                let consent = &consents[usize::from(consented)];
                prop_assert_eq!(
                    format!("{:?}", check_recalling(&registry, consent, &header, NOW)),
                    format!("{:?}", check(&registry, consent, &header, NOW)),
                    "{}", header.escape_ascii()
                );
            }
        }
    }
}
