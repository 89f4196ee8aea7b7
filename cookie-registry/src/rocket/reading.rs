//! A request's consent as its guard read it, recalled at its response by the bytes it was read
//! from.
//!
//! Rocket keeps a value for the length of a request only in the request's local cache, a type
//! map that allocates its table and a box for the first value a request stores, and frees both
//! when the request ends: two allocations and two frees per request, and the cache misses of the
//! allocator's own data (callgrind counts about 40 fewer data-cache misses per request without
//! them, for about as many instructions). Yet from the guard to the response the request does
//! not change: its `Cookie` headers are the same bytes, and the reading of a consent cookie
//! depends on the time in whole seconds only. So a guard leaves on its thread, with what it
//! read, what it read it from: the `Cookie` header values, the enforcer's policy and the second.
//! At the response, the fairing takes that reading when its request's headers are those, byte
//! for byte, under the same policy, in the same second: the very reading it would make afresh.
//! Otherwise (the response on another thread, in the next second, or the reading pushed out by
//! the requests that ran in between) it reads afresh.
//!
//! Only a reading the response would make identically is kept: the enforcer reads its own
//! consent cookie ([`Enforcer::reads_whole_seconds`]), and the request's `Cookie` header
//! values fit in [`MAX_BYTES`]; other requests keep their reading in the local cache. No
//! reading is handed from a request to another's guard: every guard reads, and only the
//! response recalls.

use std::cell::RefCell;
use std::time::SystemTime;

use crate::consent::{ConsentState, unix_seconds};
use crate::enforce::Enforcer;

/// How many readings a thread keeps: a request's response finds its guard's reading after up
/// to three other requests' guards ran on the thread in between (handlers that wait).
const KEPT: usize = 4;

/// The most bytes of `Cookie` header values a kept reading is made from, with two bytes per
/// value (its length): most browsers' headers for a site fit.
pub(super) const MAX_BYTES: usize = 2048;

/// One kept reading; an `enforcer` of 0 for none (policies are numbered from 1).
#[derive(Clone, Copy)]
struct Reading {
    enforcer: u64,
    second: u64,
    consent: ConsentState,
    /// The `Cookie` header values, in order, each as its length (two bytes, little-endian)
    /// then its bytes, in the first `len` bytes.
    len: u16,
    bytes: [u8; MAX_BYTES],
}

impl Reading {
    const NONE: Reading = Reading {
        enforcer: 0,
        second: 0,
        consent: ConsentState::NONE,
        len: 0,
        bytes: [0; MAX_BYTES],
    };

    /// Whether it was read from exactly `headers`.
    fn read_from(&self, headers: &[&[u8]]) -> bool {
        let kept = &self.bytes[..usize::from(self.len)];
        let mut at = 0;
        for header in headers {
            let Some(rest) = kept.get(at..) else {
                return false;
            };
            let Some((length, rest)) = rest.split_first_chunk::<2>() else {
                return false;
            };
            if usize::from(u16::from_le_bytes(*length)) != header.len() || !rest.starts_with(header)
            {
                return false;
            }
            at += 2 + header.len();
        }
        at == kept.len()
    }
}

struct Readings {
    kept: [Reading; KEPT],
    /// The place of the next reading kept: the oldest one's.
    next: usize,
}

thread_local! {
    // No destructor to register, nothing allocated: zeros, filled in place.
    static READINGS: RefCell<Readings> = const {
        RefCell::new(Readings { kept: [Reading::NONE; KEPT], next: 0 })
    };
}

/// Whether a reading of `headers` by `enforcer` can be kept (see the module docs).
pub(super) fn keepable(enforcer: &Enforcer, headers: &[&[u8]]) -> bool {
    enforcer.reads_whole_seconds()
        && headers.iter().map(|header| 2 + header.len()).sum::<usize>() <= MAX_BYTES
}

/// Keeps `consent`, read by `enforcer` from `headers` at `now`. `headers` must be
/// [`keepable`].
pub(super) fn keep(enforcer: &Enforcer, now: SystemTime, headers: &[&[u8]], consent: ConsentState) {
    // A thread being torn down keeps nothing.
    let _ = READINGS.try_with(|readings| {
        let mut readings = readings.borrow_mut();
        let place = readings.next;
        readings.next = (place + 1) % KEPT;
        let reading = &mut readings.kept[place];
        let mut len = 0;
        for header in headers {
            let end = len + 2 + header.len();
            let (Some(slot), Ok(length)) =
                (reading.bytes.get_mut(len..end), u16::try_from(header.len()))
            else {
                // Not keepable after all: no reading rather than a wrong one.
                reading.enforcer = 0;
                return;
            };
            slot[..2].copy_from_slice(&length.to_le_bytes());
            slot[2..].copy_from_slice(header);
            len = end;
        }
        reading.enforcer = enforcer.id();
        reading.second = unix_seconds(now);
        reading.consent = consent;
        // At most MAX_BYTES, checked above.
        reading.len = len as u16;
    });
}

/// The consent `enforcer` read from exactly `headers` in `now`'s second, if this thread kept
/// it.
pub(super) fn recall(
    enforcer: &Enforcer,
    now: SystemTime,
    headers: &[&[u8]],
) -> Option<ConsentState> {
    let (id, second) = (enforcer.id(), unix_seconds(now));
    READINGS
        .try_with(|readings| {
            let readings = readings.borrow();
            // The latest first: a response usually follows its own guard.
            (1..=KEPT)
                .map(|back| &readings.kept[(readings.next + KEPT - back) % KEPT])
                .find(|reading| {
                    reading.enforcer == id && reading.second == second && reading.read_from(headers)
                })
                .map(|reading| reading.consent)
        })
        .ok()
        .flatten()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use super::*;
    use crate::consent::{CategorySet, ConsentCookie};
    use crate::declaration::{Category, CookieDeclaration, DeclarationParts, Exemption};
    use crate::registry::Registry;

    fn enforcer() -> Enforcer {
        let preferences: &'static CookieDeclaration = Box::leak(Box::new(
            CookieDeclaration::__from_parts(DeclarationParts {
                category: Category::Necessary,
                exemption: Some(Exemption::ConsentStorage),
                ..DeclarationParts::for_test("prefs")
            }),
        ));
        let registry: &'static Registry =
            Box::leak(Box::new(Registry::from_declarations(vec![preferences])));
        Enforcer::new(
            registry,
            ConsentCookie::new(preferences, registry.revision()).unwrap(),
        )
    }

    fn given(now: SystemTime) -> ConsentState {
        ConsentState::given(
            CategorySet::ALL,
            now,
            crate::registry::Revision::from_u64(1),
        )
    }

    #[test]
    fn a_reading_is_recalled_only_for_the_same_bytes_policy_and_second() {
        let enforcer = enforcer();
        let now = UNIX_EPOCH + Duration::from_millis(1_750_000_000_300);
        let headers: [&[u8]; 2] = [b"a=1; prefs=x", b"b=2"];
        let consent = given(now);
        keep(&enforcer, now, &headers, consent);

        let later_in_the_second = now + Duration::from_millis(600);
        assert_eq!(
            recall(&enforcer, later_in_the_second, &headers),
            Some(consent)
        );
        // Another second, another policy, other bytes, fewer or more headers: read afresh.
        let next_second = now + Duration::from_millis(700);
        assert_eq!(recall(&enforcer, next_second, &headers), None);
        let other = enforcer.clone().mode(crate::enforce::Mode::Audit);
        assert_eq!(recall(&other, now, &headers), None);
        for different in [
            &[b"a=1; prefs=y".as_slice(), b"b=2"][..],
            &[b"a=1; prefs=x", b"b=2 "],
            &[b"a=1; prefs=x"],
            &[b"a=1; prefs=x", b"b=2", b""],
            &[b"a=1; prefs=xb=2"],
            &[],
        ] {
            assert_eq!(recall(&enforcer, now, different), None, "{different:?}");
        }
        // A clone is the same policy.
        assert_eq!(recall(&enforcer.clone(), now, &headers), Some(consent));
    }

    #[test]
    fn the_last_readings_are_kept_and_the_oldest_go() {
        let enforcer = enforcer();
        let now = UNIX_EPOCH + Duration::from_secs(1_750_000_000);
        let values: Vec<String> = (0..=KEPT).map(|i| format!("prefs={i}")).collect();
        for (i, value) in values.iter().enumerate() {
            let consent = given(now + Duration::from_secs(i as u64));
            keep(&enforcer, now, &[value.as_bytes()], consent);
        }
        assert_eq!(recall(&enforcer, now, &[values[0].as_bytes()]), None);
        for (i, value) in values.iter().enumerate().skip(1) {
            assert_eq!(
                recall(&enforcer, now, &[value.as_bytes()]),
                Some(given(now + Duration::from_secs(i as u64))),
                "{value}"
            );
        }
    }

    #[test]
    fn only_headers_that_fit_are_keepable() {
        let enforcer = enforcer();
        let fits = vec![b'a'; MAX_BYTES - 2];
        let too_long = vec![b'a'; MAX_BYTES - 1];
        assert!(keepable(&enforcer, &[fits.as_slice()]));
        assert!(!keepable(&enforcer, &[too_long.as_slice()]));
        assert!(!keepable(
            &enforcer,
            &[&fits[..10], &fits[..MAX_BYTES - 13]]
        ));
        let now = SystemTime::now();
        keep(&enforcer, now, &[fits.as_slice()], given(now));
        assert_eq!(recall(&enforcer, now, &[fits.as_slice()]), Some(given(now)));
    }
}
