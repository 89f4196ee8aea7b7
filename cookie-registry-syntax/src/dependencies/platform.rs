//! Which `[target.'cfg(...)'.dependencies]` conditions the compiler evaluates as cargo does.
//!
//! Cargo decides whether such a table applies from `rustc --print cfg` for the target: the
//! target's own settings and the `--cfg`s of `RUSTFLAGS`. The crate being compiled sees more:
//! `feature = "..."`, `test`, `debug_assertions` (which follows the profile), `panic` (likewise),
//! `proc_macro`, and the `cargo::rustc-cfg`s of its build script. A condition that names one of
//! those can hold in the crate while cargo left the dependency out, and an `extern crate` under
//! it would not compile. So only conditions built from the target's own settings are carried
//! over; any other keeps its dependency unlinked rather than risk a build error.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// Settings that are a property of the target alone, the same for cargo and for the compiler.
const TARGET_NAMES: &[&str] = &["unix", "windows"];
const TARGET_KEYS: &[&str] = &[
    "target_abi",
    "target_arch",
    "target_endian",
    "target_env",
    "target_family",
    "target_feature",
    "target_has_atomic",
    "target_os",
    "target_pointer_width",
    "target_vendor",
];

/// The predicate of a target table's key, `cfg(PREDICATE)`, when the compiler evaluates it as
/// cargo did; `None` for a target triple (`x86_64-unknown-linux-gnu`) or any other condition.
pub fn portable_predicate(table_key: &str) -> Option<&str> {
    let inner = table_key
        .trim()
        .strip_prefix("cfg")?
        .trim_start()
        .strip_prefix('(')?
        .strip_suffix(')')?;
    let tokens: TokenStream = inner.parse().ok()?;
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    is_predicate(&tokens).then_some(inner.trim())
}

/// `name`, `key = "value"`, or `all(...)`/`any(...)`/`not(...)` of predicates, each made only of
/// target settings.
fn is_predicate(tokens: &[TokenTree]) -> bool {
    match tokens {
        [TokenTree::Ident(name)] => TARGET_NAMES.contains(&name.to_string().as_str()),
        [
            TokenTree::Ident(key),
            TokenTree::Punct(eq),
            TokenTree::Literal(value),
        ] => {
            eq.as_char() == '='
                && TARGET_KEYS.contains(&key.to_string().as_str())
                && value.to_string().starts_with('"')
        }
        [TokenTree::Ident(op), TokenTree::Group(group)]
            if group.delimiter() == Delimiter::Parenthesis =>
        {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            let mut operands: Vec<&[TokenTree]> = inner
                .split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                .collect();
            // A trailing comma, or no operand at all, leaves one empty piece at the end.
            if operands.last().is_some_and(|last| last.is_empty()) {
                operands.pop();
            }
            operands.iter().all(|operand| is_predicate(operand))
                && match op.to_string().as_str() {
                    "all" | "any" => true,
                    "not" => operands.len() == 1,
                    _ => false,
                }
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_settings_are_carried_over() {
        assert_eq!(portable_predicate("cfg(unix)"), Some("unix"));
        assert_eq!(
            portable_predicate(r#"cfg(target_os = "linux")"#),
            Some(r#"target_os = "linux""#)
        );
        assert_eq!(
            portable_predicate(r#"cfg(all(unix, not(target_arch = "wasm32"),))"#),
            Some(r#"all(unix, not(target_arch = "wasm32"),)"#)
        );
        assert_eq!(
            portable_predicate(r#" cfg (any(windows, target_family = "wasm")) "#),
            Some(r#"any(windows, target_family = "wasm")"#)
        );
    }

    #[test]
    fn anything_the_crate_sees_differently_is_not() {
        for key in [
            "x86_64-unknown-linux-gnu",
            "cfg(test)",
            "cfg(debug_assertions)",
            "cfg(proc_macro)",
            r#"cfg(feature = "x")"#,
            r#"cfg(panic = "abort")"#,
            "cfg(my_build_script_cfg)",
            r#"cfg(all(unix, feature = "x"))"#,
            "cfg(not(unix, windows))",
            "cfg(any(unix,,windows))",
            "cfg(target_os)",
            "cfg(target_os = linux)",
            "cfg()",
            "cfg(unix",
            "cfg(\"unix\")",
        ] {
            assert_eq!(portable_predicate(key), None, "{key}");
        }
    }
}
