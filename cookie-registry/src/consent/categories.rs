//! A set of categories: what a visitor granted, or what some declarations use.

use core::fmt;

use crate::declaration::Category;

/// A set of [`Category`] values, as a bit set: `Copy`, no allocation.
///
/// ```
/// use cookie_registry::consent::CategorySet;
/// use cookie_registry::declaration::Category;
///
/// let chosen: CategorySet = [Category::Statistics, Category::Marketing].into_iter().collect();
/// assert!(chosen.contains(Category::Statistics));
/// assert!(!chosen.contains(Category::Functionality));
/// assert_eq!(chosen.iter().collect::<Vec<_>>(), [Category::Statistics, Category::Marketing]);
/// assert_eq!(format!("{chosen:?}"), "{statistics, marketing}");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CategorySet(u8);

impl CategorySet {
    /// No category.
    pub const NONE: CategorySet = CategorySet(0);

    /// Every category, [`Category::Necessary`] included: what "accept all" grants.
    pub const ALL: CategorySet = CategorySet::NONE
        .with(Category::Necessary)
        .with(Category::Functionality)
        .with(Category::Statistics)
        .with(Category::Marketing);

    const fn bit(category: Category) -> u8 {
        1 << (category as u8)
    }

    /// This set with `category` added.
    #[must_use]
    pub const fn with(self, category: Category) -> CategorySet {
        CategorySet(self.0 | CategorySet::bit(category))
    }

    /// This set without `category`.
    #[must_use]
    pub const fn without(self, category: Category) -> CategorySet {
        CategorySet(self.0 & !CategorySet::bit(category))
    }

    /// Whether `category` is in the set.
    pub const fn contains(self, category: Category) -> bool {
        self.0 & CategorySet::bit(category) != 0
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The categories in either set.
    #[must_use]
    pub const fn union(self, other: CategorySet) -> CategorySet {
        CategorySet(self.0 | other.0)
    }

    /// The categories in `self` and not in `other`: for consent, what was withdrawn between an
    /// earlier grant (`self`) and the current one (`other`).
    #[must_use]
    pub const fn difference(self, other: CategorySet) -> CategorySet {
        CategorySet(self.0 & !other.0)
    }

    /// The categories in the set, in [`Category::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Category> + Clone {
        Category::ALL
            .iter()
            .copied()
            .filter(move |c| self.contains(*c))
    }
}

impl FromIterator<Category> for CategorySet {
    fn from_iter<I: IntoIterator<Item = Category>>(iter: I) -> Self {
        iter.into_iter().fold(CategorySet::NONE, CategorySet::with)
    }
}

impl fmt::Debug for CategorySet {
    /// `{statistics, marketing}`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Keyword(&'static str);
        impl fmt::Debug for Keyword {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0)
            }
        }
        f.debug_set()
            .entries(self.iter().map(|c| Keyword(c.as_str())))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_operations() {
        let a = CategorySet::NONE
            .with(Category::Statistics)
            .with(Category::Marketing);
        let b = CategorySet::NONE.with(Category::Statistics);
        assert_eq!(a.difference(b), CategorySet::NONE.with(Category::Marketing));
        assert_eq!(a.union(b), a);
        assert_eq!(a.without(Category::Marketing), b);
        assert!(CategorySet::NONE.is_empty());
        assert_eq!(CategorySet::ALL.iter().count(), 4);
        assert_eq!(format!("{:?}", CategorySet::NONE), "{}");
    }
}
