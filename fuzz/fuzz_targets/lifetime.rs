//! Fuzz target `lifetime`: see `lifetime_oracle` in cookie-registry/tests/fuzz_corpus_replay.rs,
//! which this target includes so that the corpus replay and the fuzzer share one oracle.
#![no_main]
#![allow(dead_code)]

include!("../../cookie-registry/tests/fuzz_corpus_replay.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| lifetime_oracle(data));
