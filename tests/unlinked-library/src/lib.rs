//! Deliberately empty: no code names the library, and no declaration here makes the macros name
//! it. See the test.
