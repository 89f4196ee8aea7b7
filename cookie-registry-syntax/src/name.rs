//! Cookie names: the RFC 6265 token rule, the `__Secure-` / `__Host-` prefixes, and name families.
//!
//! A declared name is either exact (`sessionid`) or a family written with one trailing `*`
//! (`_ga_*`), which covers every name that starts with the text before the star. Families exist
//! because some providers mint names per property (Google Analytics' `_ga_<container-id>`).

use core::fmt;

/// A declared cookie name or family of names, borrowing its text.
///
/// Ordered by text (`_ga_*` before `sessionid`), an exact name before a family of the same stem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NamePattern<'a> {
    /// Exactly this name.
    Exact(&'a str),
    /// Every name that starts with this prefix (declared as `prefix*`).
    Prefix(&'a str),
}

impl<'a> NamePattern<'a> {
    /// Reads a declared name: a trailing `*` makes it a family.
    ///
    /// ```
    /// use cookie_registry_syntax::name::NamePattern;
    /// assert_eq!(NamePattern::parse("_ga_*"), NamePattern::Prefix("_ga_"));
    /// assert_eq!(NamePattern::parse("sessionid"), NamePattern::Exact("sessionid"));
    /// ```
    pub fn parse(declared: &'a str) -> NamePattern<'a> {
        match declared.strip_suffix('*') {
            Some(prefix) => NamePattern::Prefix(prefix),
            None => NamePattern::Exact(declared),
        }
    }

    /// The text before any `*`: the whole name, or the family's prefix.
    pub const fn stem(self) -> &'a str {
        match self {
            NamePattern::Exact(s) | NamePattern::Prefix(s) => s,
        }
    }

    /// Whether a concrete cookie name is covered by this declaration.
    pub fn matches(self, name: &str) -> bool {
        match self {
            NamePattern::Exact(exact) => exact == name,
            NamePattern::Prefix(prefix) => name.len() > prefix.len() && name.starts_with(prefix),
        }
    }

    /// The `__Secure-` or `__Host-` prefix this name carries, if any.
    pub fn security_prefix(self) -> Option<SecurityPrefix> {
        SecurityPrefix::of(self.stem())
    }
}

impl Ord for NamePattern<'_> {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        let family = |p: &NamePattern<'_>| matches!(p, NamePattern::Prefix(_));
        self.stem()
            .cmp(other.stem())
            .then_with(|| family(self).cmp(&family(other)))
    }
}

impl PartialOrd for NamePattern<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for NamePattern<'_> {
    /// As declared: `sessionid`, `_ga_*`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NamePattern::Exact(s) => f.write_str(s),
            NamePattern::Prefix(s) => write!(f, "{s}*"),
        }
    }
}

/// A name prefix that browsers enforce (RFC 6265bis section 4.1.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecurityPrefix {
    /// `__Secure-`: the cookie must be `Secure`.
    Secure,
    /// `__Host-`: the cookie must be `Secure`, have `Path=/` and no `Domain`.
    Host,
}

impl SecurityPrefix {
    /// The prefix as it appears in the name.
    pub const fn as_str(self) -> &'static str {
        match self {
            SecurityPrefix::Secure => "__Secure-",
            SecurityPrefix::Host => "__Host-",
        }
    }

    /// The prefix a name starts with. Browsers match these case-insensitively (RFC 6265bis),
    /// so `__host-id` is held to the `__Host-` rules too.
    pub fn of(name: &str) -> Option<SecurityPrefix> {
        let starts = |p: &str| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p);
        if starts("__Host-") {
            Some(SecurityPrefix::Host)
        } else if starts("__Secure-") {
            Some(SecurityPrefix::Secure)
        } else {
            None
        }
    }
}

/// Why a declared name is not a valid cookie name.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum NameError {
    /// The name (or a family's prefix) is empty.
    Empty,
    /// The name contains a character that RFC 6265 does not allow in a token.
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Its byte offset in the declared text.
        offset: usize,
    },
    /// A `*` appears other than as the last character.
    MisplacedWildcard {
        /// Byte offset of the star.
        offset: usize,
    },
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NameError::Empty => f.write_str("a cookie name cannot be empty"),
            NameError::InvalidCharacter { character, .. } => {
                let shown = match character {
                    ' ' => "a space".to_string(),
                    '\t' => "a tab".to_string(),
                    c if c.is_control() => format!("the control character {:?}", c),
                    c if !c.is_ascii() => format!("the non-ASCII character `{c}`"),
                    c => format!("`{c}`"),
                };
                write!(
                    f,
                    "a cookie name cannot contain {shown}: it must be an RFC 6265 token \
                     (visible ASCII except the separators ()<>@,;:\\\"/[]?={{}})"
                )
            }
            NameError::MisplacedWildcard { .. } => {
                f.write_str("`*` may only end a name, to declare a family of names such as `_ga_*`")
            }
        }
    }
}

crate::__debug_as_display!(NameError);
impl std::error::Error for NameError {}

/// Whether a byte may appear in an RFC 6265 cookie name (an RFC 7230 `tchar`).
pub const fn is_token_byte(b: u8) -> bool {
    matches!(b,
        b'!' | b'#' | b'$' | b'%' | b'&' | b'\'' | b'*' | b'+' | b'-' | b'.' | b'^' | b'_' | b'`' | b'|' | b'~'
        | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z')
}

/// Checks a declared name or family against RFC 6265.
///
/// ```
/// use cookie_registry_syntax::name::{validate, NameError};
/// assert!(validate("sessionid").is_ok());
/// assert!(validate("_ga_*").is_ok());
/// assert!(matches!(validate("my cookie"), Err(NameError::InvalidCharacter { character: ' ', .. })));
/// ```
pub fn validate(declared: &str) -> Result<NamePattern<'_>, NameError> {
    let pattern = NamePattern::parse(declared);
    let stem = pattern.stem();
    if stem.is_empty() {
        return Err(NameError::Empty);
    }
    for (offset, character) in stem.char_indices() {
        if character == '*' {
            return Err(NameError::MisplacedWildcard { offset });
        }
        if !character.is_ascii() || !is_token_byte(character as u8) {
            return Err(NameError::InvalidCharacter { character, offset });
        }
    }
    Ok(pattern)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_names_are_valid() {
        for name in [
            "sessionid",
            "django_language",
            "csrftoken",
            "cookies_preferences",
            "__Host-id",
        ] {
            assert_eq!(validate(name), Ok(NamePattern::Exact(name)));
        }
    }

    #[test]
    fn separators_and_controls_are_rejected() {
        for (name, bad) in [
            ("a b", ' '),
            ("a;b", ';'),
            ("a=b", '='),
            ("a\"b", '"'),
            ("a\u{1}b", '\u{1}'),
            ("café", 'é'),
        ] {
            match validate(name) {
                Err(NameError::InvalidCharacter { character, .. }) => assert_eq!(character, bad),
                other => panic!("{name:?}: {other:?}"),
            }
        }
        assert_eq!(validate(""), Err(NameError::Empty));
        assert_eq!(validate("*"), Err(NameError::Empty));
        assert_eq!(
            validate("a*b*"),
            Err(NameError::MisplacedWildcard { offset: 1 })
        );
    }

    #[test]
    fn families_match_longer_names_only() {
        let ga = NamePattern::parse("_ga_*");
        assert!(ga.matches("_ga_ABC123"));
        assert!(!ga.matches("_ga_"));
        assert!(!ga.matches("_gat"));
        assert!(NamePattern::parse("sid").matches("sid"));
    }

    #[test]
    fn prefixes_are_case_insensitive() {
        assert_eq!(SecurityPrefix::of("__Host-id"), Some(SecurityPrefix::Host));
        assert_eq!(SecurityPrefix::of("__host-id"), Some(SecurityPrefix::Host));
        assert_eq!(
            SecurityPrefix::of("__SECURE-x"),
            Some(SecurityPrefix::Secure)
        );
        assert_eq!(SecurityPrefix::of("__Hostx"), None);
        assert_eq!(SecurityPrefix::of("_"), None);
    }
}
