//! Fuzz target `consent_cookie`: see `consent_cookie_oracle` in tests/middleware/tests/fuzz_corpus_replay.rs,
//! which this target includes so that the corpus replay and the fuzzer share one oracle.
#![no_main]
#![allow(dead_code)]

include!("../../tests/middleware/tests/fuzz_corpus_replay.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| consent_cookie_oracle(data));
