//! The hash of the maps keyed by the program's own declarations: the registry's name index, and
//! the rendering's row groups.
//!
//! Every response's cookies are looked up by name, so the hash is on the layer's hot path:
//! std's default, SipHash-1-3, costs about 190 instructions for a 10-byte name, two thirds of a
//! look-up. SipHash is keyed to stop an attacker from filling a table with colliding keys;
//! these tables are filled from the program's declarations only, so a look-up of a hostile
//! name costs at most the probes of a table no attacker shaped. A multiply-rotate hash over
//! 8-byte words (the scheme of rustc's `FxHasher`) is enough here, at a tenth of the cost.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A `HashMap` whose keys come from the program's declarations.
pub(crate) type StaticMap<K, V> = HashMap<K, V, BuildHasherDefault<StaticHasher>>;

#[derive(Default)]
pub(crate) struct StaticHasher {
    hash: u64,
}

/// An odd constant with well-spread bits (from `FxHasher`).
const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl StaticHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for StaticHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps "a" and "a\0" apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply leaves its best bits high; hashbrown takes the bucket from the low ones.
        self.hash.rotate_left(26)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::BuildHasher;

    fn hash(name: &str) -> u64 {
        BuildHasherDefault::<StaticHasher>::default().hash_one(name)
    }

    #[test]
    fn tells_apart_names_that_differ_in_length_or_one_byte() {
        let names = [
            "",
            "a",
            "a\0",
            "_ga",
            "_gid",
            "_ga_",
            "cookie_1",
            "cookie_10",
            "cookie_11",
            "cookie_100",
            "cookie_1000",
            "prefix_12345678",
            "prefix_12345679",
        ];
        let mut hashes: Vec<u64> = names.iter().map(|n| hash(n)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), names.len());
    }

    #[test]
    fn spreads_numbered_names_over_buckets() {
        // 10,000 names `cookie_N` into 16,384 buckets by the low bits, as hashbrown does: a
        // good hash fills about 1 - e^(-10000/16384) = 46% of them.
        let mut used = vec![false; 1 << 14];
        for n in 0..10_000 {
            used[(hash(&format!("cookie_{n}")) & ((1 << 14) - 1)) as usize] = true;
        }
        let filled = used.iter().filter(|u| **u).count();
        assert!(filled > 6_500, "only {filled} buckets of 16,384 used");
    }
}
