//! The policy a visitor was shown, stored once per revision with its hash.

use core::fmt;

use cookie_registry::Revision;
use cookie_registry::render::{Format, Policy, PolicyOptions};
use sha2::{Digest, Sha256};

use crate::Error;

/// A SHA-256 hash of a stored policy snapshot.
///
/// ```
/// use cookie_registry_consent_log::PolicyHash;
///
/// let hash = PolicyHash::of(b"abc");
/// assert_eq!(
///     hash.to_string(),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
/// );
/// assert_eq!(PolicyHash::parse_hex(&hash.to_string()), Some(hash));
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PolicyHash([u8; 32]);

impl PolicyHash {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> PolicyHash {
        PolicyHash(Sha256::digest(bytes).into())
    }

    /// The 32 bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Reads the 64 lowercase hexadecimal digits [`Display`](fmt::Display) writes.
    pub fn parse_hex(text: &str) -> Option<PolicyHash> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = [0; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.chunks_exact(2)) {
            *byte = hex_digit(pair[0])? << 4 | hex_digit(pair[1])?;
        }
        Some(PolicyHash(bytes))
    }
}

fn hex_digit(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        _ => None,
    }
}

impl fmt::Display for PolicyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for PolicyHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PolicyHash({self})")
    }
}

/// The policy of one revision as it was shown: its JSON text and that text's SHA-256.
///
/// A log stores each revision's snapshot once, and every record points at its revision, so a
/// record proves which texts the visitor chose on (the CNIL's "timestamped hash of each version
/// of the consent interface and its texts"). Register it at start-up with
/// [`ConsentLog::register_policy`](crate::ConsentLog::register_policy).
///
/// ```
/// use cookie_registry::render::Policy;
/// use cookie_registry::{Registry, cookie};
/// use cookie_registry_consent_log::PolicySnapshot;
///
/// #[cookie(
///     provider = "Example", category = statistics, lifetime = "13 months",
///     function(en = "Analytics", fr = "Statistiques"),
///     purpose(en = "To count visits", fr = "Compter les visites"),
/// )]
/// const ANALYTICS: &str = "_analytics";
///
/// let registry = Registry::global()?;
/// let snapshot = PolicySnapshot::of_policy(&registry.policy(), &["en", "fr"], None)?;
/// assert_eq!(snapshot.revision(), registry.revision());
/// assert!(snapshot.json().contains("\"documents\""));
/// assert_eq!(PolicySnapshot::from_json(snapshot.json().to_owned())?, snapshot);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicySnapshot {
    revision: Revision,
    json: String,
    sha256: PolicyHash,
}

impl PolicySnapshot {
    /// The snapshot of `policy` rendered as JSON in each of `languages` (the languages the
    /// banner and the policy page are shown in), for the site `site`:
    /// `{"revision": "…", "documents": {"en": {…}, "fr": {…}}}`, each document as
    /// [`Format::Json`] renders it.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when the policy does not render (no declarations, a language tag that
    /// is not one) or `languages` is empty.
    pub fn of_policy(
        policy: &Policy<'_>,
        languages: &[&str],
        site: Option<&str>,
    ) -> Result<PolicySnapshot, Error> {
        if languages.is_empty() {
            return Err(Error::Policy("no language to render the policy in".into()));
        }
        let revision = Revision::of(policy.declarations().iter().copied());
        let mut documents = serde_json::Map::new();
        for language in languages {
            let mut options =
                PolicyOptions::new(language).map_err(|e| Error::Policy(e.to_string()))?;
            if let Some(site) = site {
                options = options.with_site(site);
            }
            let text = policy
                .render(Format::Json, &options)
                .map_err(|e| Error::Policy(e.to_string()))?;
            let document: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Error::Policy(e.to_string()))?;
            documents.insert((*language).to_owned(), document);
        }
        let json = serde_json::json!({
            "revision": revision.to_string(),
            "documents": documents,
        })
        .to_string();
        Ok(PolicySnapshot::new(revision, json))
    }

    /// A snapshot of any JSON document whose top-level `"revision"` is the policy revision (as
    /// [`Format::Json`] writes it, or [`of_policy`](Self::of_policy)). The text is kept byte
    /// for byte: the hash is over exactly these bytes.
    ///
    /// # Errors
    ///
    /// [`Error::Policy`] when `json` is not a JSON object with a `"revision"` of 16 lowercase
    /// hexadecimal digits.
    pub fn from_json(json: String) -> Result<PolicySnapshot, Error> {
        #[derive(serde::Deserialize)]
        struct Head {
            revision: String,
        }
        let head: Head = serde_json::from_str(&json)
            .map_err(|e| Error::Policy(format!("not a policy document: {e}")))?;
        let revision = Revision::parse_hex(head.revision.as_bytes()).ok_or_else(|| {
            Error::Policy(format!(
                "\"revision\" is {:?}, not 16 lowercase hexadecimal digits",
                head.revision
            ))
        })?;
        Ok(PolicySnapshot::new(revision, json))
    }

    pub(crate) fn new(revision: Revision, json: String) -> PolicySnapshot {
        let sha256 = PolicyHash::of(json.as_bytes());
        PolicySnapshot {
            revision,
            json,
            sha256,
        }
    }

    /// The policy revision.
    pub const fn revision(&self) -> Revision {
        self.revision
    }

    /// The JSON text, as stored.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The SHA-256 of [`json`](Self::json).
    pub const fn sha256(&self) -> PolicyHash {
        self.sha256
    }
}

/// A snapshot read back from a database, checked against its stored hash: a policy text
/// edited after the fact no longer proves anything, and says so.
pub(crate) fn checked_snapshot(
    revision: Revision,
    stored_sha256: &str,
    json: String,
) -> Result<PolicySnapshot, Error> {
    let snapshot = PolicySnapshot::new(revision, json);
    if PolicyHash::parse_hex(stored_sha256) != Some(snapshot.sha256) {
        return Err(Error::Corrupt(format!(
            "the policy of revision {revision} no longer matches its stored hash {stored_sha256}"
        )));
    }
    Ok(snapshot)
}

/// Registering `snapshot` found `stored_sha256` already stored for its revision: the same
/// snapshot is fine, another is [`Error::PolicyMismatch`].
pub(crate) fn check_stored(snapshot: &PolicySnapshot, stored_sha256: &str) -> Result<(), Error> {
    let stored = PolicyHash::parse_hex(stored_sha256)
        .ok_or_else(|| Error::Corrupt(format!("stored policy hash {stored_sha256:?}")))?;
    if stored != snapshot.sha256 {
        return Err(Error::PolicyMismatch {
            revision: snapshot.revision,
            stored,
            given: snapshot.sha256,
        });
    }
    Ok(())
}
