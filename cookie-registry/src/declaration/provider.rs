//! Who sets a cookie.

/// Who sets the cookie, and where their privacy policy is.
///
/// ```
/// use cookie_registry::declaration::Provider;
/// const MATOMO: Provider = Provider::new("Matomo", Some("https://matomo.org/privacy-policy/"));
/// assert_eq!(MATOMO.name(), "Matomo");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Provider {
    name: &'static str,
    privacy_policy: Option<&'static str>,
}

impl Provider {
    /// A provider by name, with an optional link to its privacy policy.
    pub const fn new(name: &'static str, privacy_policy: Option<&'static str>) -> Provider {
        Provider {
            name,
            privacy_policy,
        }
    }

    /// The provider's name, as shown in the policy (a proper noun: not translated).
    pub const fn name(&self) -> &'static str {
        self.name
    }

    /// The address of the provider's privacy policy, if declared.
    pub const fn privacy_policy(&self) -> Option<&'static str> {
        self.privacy_policy
    }
}
