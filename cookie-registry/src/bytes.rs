//! Byte searches and the hexadecimal reading for the header readers on the request path (the
//! consent cookie in `Cookie`, each `Set-Cookie` in the layer): headers are short, and setting
//! up `str::find`'s searcher or stepping through an iterator byte by byte costs more than the
//! search itself.

/// The value of each lowercase hexadecimal digit; `0xFF` for every other byte.
const HEX_DIGITS: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut digit = 0;
    while digit < 16 {
        let byte = if digit < 10 {
            b'0' + digit
        } else {
            b'a' + digit - 10
        };
        table[byte as usize] = digit;
        digit += 1;
    }
    table
};

/// Exactly 16 lowercase hexadecimal digits as a number (the consent cookie's revision and the
/// halves of its consent ID, read on every request): a table look-up per digit, and one test
/// for the whole, instead of a branch per digit.
#[inline]
pub(crate) fn hex_u64(text: &[u8]) -> Option<u64> {
    let digits: &[u8; 16] = text.try_into().ok()?;
    let mut value = 0u64;
    let mut invalid = 0u8;
    for &byte in digits {
        let digit = HEX_DIGITS[usize::from(byte)];
        invalid |= digit;
        value = value << 4 | u64::from(digit & 0x0f);
    }
    (invalid & 0xf0 == 0).then_some(value)
}

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
    fn reads_sixteen_lowercase_hexadecimal_digits_and_nothing_else() {
        assert_eq!(hex_u64(b"0123456789abcdef"), Some(0x0123_4567_89ab_cdef));
        assert_eq!(hex_u64(b"ffffffffffffffff"), Some(u64::MAX));
        assert_eq!(hex_u64(b"0123456789abcde"), None);
        assert_eq!(hex_u64(b"0123456789abcdef0"), None);
        for byte in 0..=u8::MAX {
            let mut text = *b"0000000000000000";
            text[7] = byte;
            let expected = match byte {
                b'0'..=b'9' => Some(u64::from(byte - b'0') << 32),
                b'a'..=b'f' => Some(u64::from(byte - b'a' + 10) << 32),
                _ => None,
            };
            assert_eq!(hex_u64(&text), expected, "{byte:#x}");
        }
    }

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
