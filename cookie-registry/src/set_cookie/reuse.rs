//! The enforcement's reading of a `Set-Cookie`, reusing what the same thread read of the same
//! attributes before.
//!
//! A server sends the same few cookies over and over: the same attributes after the name-value
//! pair (`; Path=/; Max-Age=31556952; Secure; SameSite=Lax`) with a value that changes. Reading
//! the attributes is most of the cost of a header, and what they say does not depend on the
//! pair. So each thread keeps the last attribute strings it read, a few of them, with what they
//! say; a header whose attributes are byte for byte one of those only has its pair read.
//!
//! The result is exactly [`SetCookie::parse`]'s (a property test compares them on headers that
//! share attributes): only headers without control bytes are read this way, and for those
//! `parse` reads the pair (up to the first `;`) and the attributes (after it) apart, the
//! attributes alone deciding everything but the name and the value. What a thread keeps is
//! bounded ([`SLOTS`] strings of at most [`MAX_ATTRIBUTES`] bytes): a visitor sending odd
//! headers only evicts entries, and a header past the bound is read in full.

use std::cell::RefCell;
use std::hash::Hasher;

use super::{Expiry, Ignored, Reading, SameSiteAttribute, SetCookie, has_control_byte};
use crate::bytes::find;
use crate::static_hash::StaticHasher;

/// How many attribute strings a thread keeps: a site sets a handful of cookies. A power of
/// two, the slot being the top bits of the string's hash (the well-mixed ones).
const SLOTS: usize = 16;

/// The longest attribute string kept; a longer one is read each time.
const MAX_ATTRIBUTES: usize = 256;

/// What an attribute string says, its `Domain` and `Path` values as ranges in it.
#[derive(Clone, Copy)]
struct Attributes {
    expiry: Expiry,
    domain: Option<(usize, usize)>,
    path: Option<(usize, usize)>,
    secure: bool,
    http_only: bool,
    same_site: SameSiteAttribute,
    partitioned: bool,
}

struct Slot {
    attributes_text: Box<[u8]>,
    attributes: Attributes,
}

thread_local! {
    static KEPT: RefCell<[Option<Slot>; SLOTS]> = const { RefCell::new([const { None }; SLOTS]) };
}

/// [`SetCookie::parse`] of `header`, with the attributes of a header read before on this
/// thread taken as they were read.
pub(crate) fn parse(header: &[u8]) -> Result<SetCookie<'_>, Ignored> {
    let end = find(header, 0, b';');
    if end == header.len() {
        return SetCookie::parse(header);
    }
    let (pair, text) = (&header[..end], &header[end + 1..]);
    if text.len() > MAX_ATTRIBUTES || has_control_byte(pair) {
        return SetCookie::parse(header);
    }
    let slot = {
        let mut hasher = StaticHasher::default();
        hasher.write(text);
        (hasher.finish() >> (64 - SLOTS.trailing_zeros())) as usize
    };
    let known = KEPT
        .try_with(|kept| {
            kept.borrow()[slot]
                .as_ref()
                .filter(|kept| *kept.attributes_text == *text)
                .map(|kept| kept.attributes)
        })
        .ok()
        .flatten();
    if let Some(attributes) = known {
        let mut cookie = Reading::pair(pair)?.cookie;
        cookie.domain = attributes.domain.map(|(from, to)| &text[from..to]);
        cookie.path = attributes.path.map(|(from, to)| &text[from..to]);
        cookie.secure = attributes.secure;
        cookie.http_only = attributes.http_only;
        cookie.same_site = attributes.same_site;
        cookie.partitioned = attributes.partitioned;
        return cookie.finish_with(attributes.expiry);
    }
    read_and_keep(header, text, slot)
}

/// [`SetCookie::parse`] of `header`, its attributes `text` kept in `slot`: the first time a
/// thread reads them, out of the way of the path that finds them kept.
#[cold]
#[inline(never)]
fn read_and_keep<'h>(header: &'h [u8], text: &[u8], slot: usize) -> Result<SetCookie<'h>, Ignored> {
    let cookie = SetCookie::parse(header)?;
    // Kept only when the attributes hold no control byte: then `parse` read them on their own.
    if !has_control_byte(text)
        && let Some(attributes) = Attributes::of(&cookie, text)
    {
        // A thread being torn down keeps nothing: the reading stands all the same.
        let _ = KEPT.try_with(|kept| {
            kept.borrow_mut()[slot] = Some(Slot {
                attributes_text: text.into(),
                attributes,
            });
        });
    }
    Ok(cookie)
}

impl Attributes {
    /// What `cookie`'s attributes say, its values as ranges in `text`, the header's attributes.
    fn of(cookie: &SetCookie<'_>, text: &[u8]) -> Option<Attributes> {
        let range = |value: Option<&[u8]>| -> Option<Option<(usize, usize)>> {
            let Some(value) = value else {
                return Some(None);
            };
            let from = (value.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
            let to = from.checked_add(value.len())?;
            (to <= text.len()).then_some(Some((from, to)))
        };
        Some(Attributes {
            expiry: cookie.expiry,
            domain: range(cookie.domain)?,
            path: range(cookie.path)?,
            secure: cookie.secure,
            http_only: cookie.http_only,
            same_site: cookie.same_site,
            partitioned: cookie.partitioned,
        })
    }
}
