//! Fuzz target `set_cookie`: the layer's `Set-Cookie` reader against its model
//! (cookie-registry/src/set_cookie/model.rs), then the layer's check. See `set_cookie_oracle` in
//! tests/middleware/tests/fuzz_corpus_replay.rs, which this target includes so that the corpus
//! replay and the fuzzer share one oracle.
#![no_main]
#![allow(dead_code)]

include!("../../tests/middleware/tests/fuzz_corpus_replay.rs");

libfuzzer_sys::fuzz_target!(|data: &[u8]| set_cookie_oracle(data));
