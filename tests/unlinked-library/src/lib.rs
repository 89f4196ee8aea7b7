//! Deliberately empty: see the test.
