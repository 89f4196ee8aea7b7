//! BCP 47 language tags, checked for shape and put in canonical case.
//!
//! Declarations write tags as keys (`purpose(en = "...", fr-CA = "...")`) and manifests list
//! them as strings; both go through [`LanguageTag::parse`] so that `FR`, `fr` and `fr` written
//! as an identifier are the same language. This is a well-formedness check (RFC 5646 section
//! 2.1 shape), not a registry look-up: any tag of the right shape is accepted.

use core::fmt;

/// A well-formed BCP 47 language tag in canonical case (`en`, `fr-CA`, `zh-Hant-TW`, `es-419`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanguageTag(String);

/// Why a text is not a language tag.
#[derive(Clone, PartialEq, Eq)]
pub struct LanguageTagError {
    tag: String,
}

impl fmt::Display for LanguageTagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a BCP 47 language tag: write a 2- or 3-letter language code, optionally \
             followed by subtags separated by `-`, such as `en`, `fr` or `fr-CA`",
            self.tag
        )
    }
}

crate::__debug_as_display!(LanguageTagError);
impl std::error::Error for LanguageTagError {}

impl LanguageTag {
    /// Parses a tag, accepting `_` as a separator (`fr_CA`) and any letter case.
    ///
    /// ```
    /// use cookie_registry_syntax::language::LanguageTag;
    /// assert_eq!(LanguageTag::parse("FR_ca").unwrap().as_str(), "fr-CA");
    /// assert_eq!(LanguageTag::parse("zh-hant-tw").unwrap().as_str(), "zh-Hant-TW");
    /// assert!(LanguageTag::parse("english!").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<LanguageTag, LanguageTagError> {
        let error = || LanguageTagError {
            tag: text.to_string(),
        };
        let mut out = String::with_capacity(text.len());
        for (i, subtag) in text.split(['-', '_']).enumerate() {
            // RFC 5646 reserves 4-letter primary subtags and allows 5 to 8 letters for
            // registrations that do not exist in practice; accepting them would let
            // `english = "..."` pass as a language. A primary subtag is an ISO 639 code.
            let ok_len = if i == 0 {
                (2..=3).contains(&subtag.len())
            } else {
                (1..=8).contains(&subtag.len())
            };
            if !ok_len || !subtag.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(error());
            }
            if i == 0 {
                if !subtag.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(error());
                }
                out.push_str(&subtag.to_ascii_lowercase());
                continue;
            }
            out.push('-');
            // RFC 5646 section 2.1.1: regions upper case, scripts title case, the rest lower.
            let is_region = subtag.len() == 2 && subtag.bytes().all(|b| b.is_ascii_alphabetic());
            let is_script = subtag.len() == 4 && subtag.bytes().all(|b| b.is_ascii_alphabetic());
            if is_region {
                out.push_str(&subtag.to_ascii_uppercase());
            } else if is_script {
                out.push_str(&subtag[..1].to_ascii_uppercase());
                out.push_str(&subtag[1..].to_ascii_lowercase());
            } else {
                out.push_str(&subtag.to_ascii_lowercase());
            }
        }
        Ok(LanguageTag(out))
    }

    /// The tag in canonical case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag (`fr` for `fr-CA`).
    pub fn primary(&self) -> &str {
        primary_subtag(&self.0)
    }
}

/// The primary language subtag of a canonical tag (`fr` for `fr-CA`).
pub fn primary_subtag(tag: &str) -> &str {
    tag.split('-').next().unwrap_or(tag)
}

impl fmt::Display for LanguageTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for LanguageTag {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_case() {
        for (input, want) in [
            ("en", "en"),
            ("EN", "en"),
            ("fr-ca", "fr-CA"),
            ("es-419", "es-419"),
            ("sr-latn-rs", "sr-Latn-RS"),
        ] {
            assert_eq!(LanguageTag::parse(input).unwrap().as_str(), want);
        }
    }

    #[test]
    fn malformed_tags() {
        for bad in [
            "",
            "e",
            "en-",
            "-en",
            "en--us",
            "1en",
            "en us",
            "français",
            "abcdefghi",
            "english",
            "fren-CA",
        ] {
            assert!(LanguageTag::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn primary() {
        assert_eq!(LanguageTag::parse("fr-CA").unwrap().primary(), "fr");
    }
}
