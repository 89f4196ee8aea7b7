//! Texts given per language: a cookie's function, purpose and justification.

/// A text given per language, such as a cookie's purpose.
///
/// Entries are `(tag, text)` pairs with canonical BCP 47 tags (`en`, `fr`, `fr-CA`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Text {
    entries: &'static [(&'static str, &'static str)],
}

impl Text {
    /// The language a text falls back to when it has no entry for the requested language nor
    /// for its primary language: `en`.
    pub const FALLBACK_LANGUAGE: &'static str = "en";

    /// A text from `(language tag, text)` pairs. The macro passes canonical tags; pass
    /// [`LanguageTag::as_str`](super::LanguageTag::as_str) values if you build one by hand.
    ///
    /// ```
    /// use cookie_registry::declaration::Text;
    /// const PURPOSE: Text = Text::new(&[("en", "To remember your language"), ("fr", "Se souvenir de votre langue")]);
    /// assert_eq!(PURPOSE.resolve("fr-CA"), "Se souvenir de votre langue");
    /// assert_eq!(PURPOSE.resolve("de"), "To remember your language");
    /// ```
    pub const fn new(entries: &'static [(&'static str, &'static str)]) -> Text {
        Text { entries }
    }

    /// The `(tag, text)` pairs, in declaration order.
    pub const fn entries(&self) -> &'static [(&'static str, &'static str)] {
        self.entries
    }

    /// The text for exactly this tag, if the declaration gives one.
    ///
    /// ```
    /// # use cookie_registry::declaration::Text;
    /// let text = Text::new(&[("fr-CA", "Bonjour")]);
    /// assert_eq!(text.get("fr-ca"), Some("Bonjour"));
    /// assert_eq!(text.get("fr"), None);
    /// ```
    pub fn get(&self, tag: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(t, _)| t.eq_ignore_ascii_case(tag))
            .map(|(_, text)| *text)
    }

    /// The text to show a reader of `tag`: that tag, else the same primary language (`fr` for
    /// `fr-CA`, or the other way round), else [`FALLBACK_LANGUAGE`](Self::FALLBACK_LANGUAGE),
    /// else the first text given; `""` for a text without entries.
    pub fn resolve(&self, tag: &str) -> &'static str {
        self.resolve_entry(tag).map_or("", |(_, text)| text)
    }

    /// The `(tag, text)` entry [`resolve`](Self::resolve) picks, `None` when there is none.
    pub(crate) fn resolve_entry(&self, tag: &str) -> Option<(&'static str, &'static str)> {
        use cookie_registry_syntax::language::primary_subtag;
        let primary = primary_subtag(tag);
        let find = |wanted: &dyn Fn(&str) -> bool| self.entries.iter().find(|(t, _)| wanted(t));
        find(&|t| t.eq_ignore_ascii_case(tag))
            .or_else(|| find(&|t| primary_subtag(t).eq_ignore_ascii_case(primary)))
            .or_else(|| find(&|t| t.eq_ignore_ascii_case(Self::FALLBACK_LANGUAGE)))
            .or_else(|| self.entries.first())
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_chain() {
        let t = Text::new(&[("fr", "bonjour"), ("en", "hello"), ("pt-BR", "olá")]);
        assert_eq!(t.resolve("fr"), "bonjour");
        assert_eq!(t.resolve("FR-ca"), "bonjour");
        assert_eq!(t.resolve("pt"), "olá");
        assert_eq!(t.resolve("de"), "hello");
        let only_fr = Text::new(&[("fr", "bonjour")]);
        assert_eq!(only_fr.resolve("de"), "bonjour");
        assert_eq!(Text::new(&[]).resolve("en"), "");
    }
}
