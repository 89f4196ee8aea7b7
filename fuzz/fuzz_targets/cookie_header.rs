//! Fuzz target `cookie_header`: see `cookie_header_oracle` in tests/middleware/tests/fuzz_corpus_replay.rs,
//! which this target includes so that the corpus replay and the fuzzer share one oracle.
#![no_main]
#![allow(dead_code)]

include!("../../tests/middleware/tests/fuzz_corpus_replay.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| cookie_header_oracle(data));
