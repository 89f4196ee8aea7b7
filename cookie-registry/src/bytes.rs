//! Byte searches for the header readers on the request path (the consent cookie in `Cookie`,
//! each `Set-Cookie` in the layer): headers are short, and setting up `str::find`'s searcher or
//! stepping through an iterator byte by byte costs more than the search itself.

/// The position of the first `byte` in `bytes` from `start` on, or the length.
#[inline]
pub(crate) fn find(bytes: &[u8], start: usize, byte: u8) -> usize {
    find2(bytes, start, byte, byte)
}

/// The position of the first `a` or `b` in `bytes` from `start` on, or the length.
///
/// Eight bytes at a time (cookie values are often 20 to 40 bytes of token): a word's bytes
/// equal to `a` become zero in `word ^ a…a`, and `(x - 0x01…01) & !x & 0x80…80` sets the high
/// bit of each zero byte, the lowest one exactly (higher ones may be false positives, which
/// does not matter: the first is taken).
#[inline]
pub(crate) fn find2(bytes: &[u8], start: usize, a: u8, b: u8) -> usize {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_bytes = |x: u64| x.wrapping_sub(LOW) & !x & HIGH;
    let (a_word, b_word) = (LOW * u64::from(a), LOW * u64::from(b));
    let mut at = start;
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let found = zero_bytes(word ^ a_word) | zero_bytes(word ^ b_word);
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while at < bytes.len() && bytes[at] != a && bytes[at] != b {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_first_of_two_bytes_at_every_offset() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if at < len {
                    bytes[at] = b';';
                }
                // A later `=` never hides an earlier `;`, and both are found past `start`.
                if at + 3 < len {
                    bytes[at + 3] = b'=';
                }
                for start in 0..=at {
                    assert_eq!(find2(&bytes, start, b'=', b';'), at, "{len} {at} {start}");
                    assert_eq!(find(&bytes, start, b';'), at, "{len} {at} {start}");
                }
            }
        }
        // Bytes with the high bit set, and bytes one above the needle, are not matches.
        let bytes = [0xff, 0x80, b'<', 0x3c, b';' + 1, b'=' + 1, 0x00, b';'];
        assert_eq!(find2(&bytes, 0, b'=', b';'), 7);
    }
}
