//! What a visitor has agreed to.

use std::time::SystemTime;

use super::categories::CategorySet;
use super::id::ConsentId;
use super::proof::{self, ConsentCategory, Granted, NotGranted};
use super::{from_unix_seconds, unix_seconds, value};
use crate::DeclaredCookie;
use crate::declaration::{Category, CookieDeclaration};
use crate::registry::Revision;

/// What the visitor has agreed to: granted categories, when, and for which policy revision.
///
/// Necessary cookies are always allowed, whatever the state. [`ConsentState::NONE`] is "no
/// choice yet" (show the banner; silence means refusal); a state made with
/// [`given`](ConsentState::given) records a choice, possibly to refuse everything.
///
/// ```
/// use cookie_registry::consent::{CategorySet, ConsentState};
/// use cookie_registry::declaration::Category;
/// use cookie_registry::Revision;
/// use std::time::{Duration, UNIX_EPOCH};
///
/// let none = ConsentState::NONE;
/// assert!(!none.is_given());
/// assert!(none.grants(Category::Necessary));
/// assert!(!none.grants(Category::Statistics));
///
/// let choice = ConsentState::given(
///     CategorySet::NONE.with(Category::Statistics),
///     UNIX_EPOCH + Duration::from_secs(1_750_000_000),
///     Revision::from_u64(0x3c5e_0d7b_1a2f_9e84),
/// );
/// assert!(choice.is_given());
/// assert!(choice.grants(Category::Statistics));
/// assert!(!choice.grants(Category::Marketing));
/// assert_eq!(choice.cookie_value().as_deref(), Some("1.s.1750000000.3c5e0d7b1a2f9e84"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsentState {
    granted: CategorySet,
    /// When (Unix seconds) and for which revision, once a choice is made.
    choice: Option<(u64, Revision)>,
    /// The browser's consent ID, once a choice is made with one.
    id: Option<ConsentId>,
}

impl ConsentState {
    /// No choice yet: only necessary cookies are allowed.
    pub const NONE: ConsentState = ConsentState {
        granted: CategorySet::NONE.with(Category::Necessary),
        choice: None,
        id: None,
    };

    /// A choice made at `at` for the policy `revision`, granting `granted` (necessary is added:
    /// it is always allowed). The time is kept to the second; a time before 1970 counts as
    /// 1970.
    ///
    /// This is how an application records what the visitor just chose in the banner; a
    /// consent cookie helps: [`ConsentCookie::choose`](super::ConsentCookie::choose).
    pub fn given(granted: CategorySet, at: SystemTime, revision: Revision) -> ConsentState {
        ConsentState::given_at_unix(granted, unix_seconds(at), revision)
    }

    pub(crate) const fn given_at_unix(
        granted: CategorySet,
        at: u64,
        revision: Revision,
    ) -> ConsentState {
        ConsentState {
            granted: granted.with(Category::Necessary),
            choice: Some((at, revision)),
            id: None,
        }
    }

    /// This choice, recorded under the consent ID `id` (nothing changes before any choice,
    /// which has nothing to record). [`ConsentCookie::choose`](super::ConsentCookie::choose)
    /// and [`update`](super::ConsentCookie::update) give every choice one.
    #[must_use]
    pub const fn with_consent_id(mut self, id: ConsentId) -> ConsentState {
        if self.choice.is_some() {
            self.id = Some(id);
        }
        self
    }

    /// This state without `category` granted, everything else kept (the choice, its time,
    /// revision and ID): what an opt-out signal such as Global Privacy Control does to a
    /// consent ([`interop::gpc`](crate::interop::gpc)). Necessary cookies stay allowed.
    ///
    /// ```
    /// use cookie_registry::consent::{CategorySet, ConsentState};
    /// use cookie_registry::declaration::Category;
    /// use cookie_registry::Revision;
    ///
    /// let all = ConsentState::given(CategorySet::ALL, std::time::SystemTime::now(), Revision::from_u64(1));
    /// let refused = all.without(Category::Marketing);
    /// assert!(!refused.grants(Category::Marketing));
    /// assert!(refused.grants(Category::Statistics));
    /// assert_eq!(refused.given_at(), all.given_at());
    /// assert!(refused.without(Category::Necessary).grants(Category::Necessary));
    /// ```
    #[must_use]
    pub const fn without(mut self, category: Category) -> ConsentState {
        if !matches!(category, Category::Necessary) {
            self.granted = self.granted.without(category);
        }
        self
    }

    /// The browser's consent ID, for a choice made with one: what the visitor quotes, and what
    /// the server's records of their choices share.
    pub const fn consent_id(&self) -> Option<ConsentId> {
        self.id
    }

    /// Whether the visitor has made a choice (possibly refusing everything).
    pub const fn is_given(&self) -> bool {
        self.choice.is_some()
    }

    /// The granted categories; always contains [`Category::Necessary`].
    pub const fn categories(&self) -> CategorySet {
        self.granted
    }

    /// Whether cookies of `category` may be set (always for necessary ones).
    pub const fn grants(&self, category: Category) -> bool {
        self.granted.contains(category)
    }

    /// Whether the cookie a declaration describes may be set: it needs no consent
    /// ([`CookieDeclaration::consent_category`] is `None`), or its category is granted.
    pub const fn allows(&self, declaration: &CookieDeclaration) -> bool {
        match declaration.consent_category() {
            None => true,
            Some(category) => self.grants(category),
        }
    }

    /// When the choice was made; `None` before any choice.
    pub fn given_at(&self) -> Option<SystemTime> {
        self.choice.map(|(at, _)| from_unix_seconds(at))
    }

    /// When the choice was made, in Unix seconds.
    pub(crate) const fn given_at_unix_seconds(&self) -> Option<u64> {
        match self.choice {
            Some((at, _)) => Some(at),
            None => None,
        }
    }

    /// The policy revision the choice was made for; `None` before any choice.
    pub const fn revision(&self) -> Option<Revision> {
        match self.choice {
            Some((_, revision)) => Some(revision),
            None => None,
        }
    }

    /// The proof of consent to `C`, if this state grants `C`.
    ///
    /// ```
    /// use cookie_registry::consent::{ConsentState, Statistics};
    /// assert!(ConsentState::NONE.granted::<Statistics>().is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`NotGranted`] when it does not.
    pub fn granted<C: ConsentCategory>(&self) -> Result<Granted<C>, NotGranted> {
        if self.grants(C::CATEGORY) {
            Ok(Granted::new())
        } else {
            Err(NotGranted::new(C::CATEGORY))
        }
    }

    /// The proof the typed handle `T` needs ([`DeclaredCookie::Consent`]), if this state gives
    /// it: always for an exempt cookie, when its category is granted otherwise.
    ///
    /// # Errors
    ///
    /// [`NotGranted`] when this state does not grant `T`'s category.
    pub fn proof_for<T: DeclaredCookie>(&self) -> Result<T::Consent, NotGranted> {
        proof::proof_for::<T>(self)
    }

    /// The consent cookie's value for this state (the format is in
    /// [`ConsentCookie`](super::ConsentCookie)'s docs); `None` before any choice, which has
    /// nothing to record.
    pub fn cookie_value(&self) -> Option<String> {
        value::encode(self)
    }
}
