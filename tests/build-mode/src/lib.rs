//! Tests only: see `tests/` and the fixture crates in `fixtures/`.
