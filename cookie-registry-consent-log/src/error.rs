//! The log's one error type.

use core::fmt;

use cookie_registry::Revision;

use crate::policy::PolicyHash;

/// What went wrong with a [`ConsentLog`](crate::ConsentLog) call.
///
/// The one an application must handle on every choice is [`Error::Unavailable`]: the database
/// could not store an acceptance, so the acceptance must not be applied (see
/// [`ConsentLog::record`](crate::ConsentLog::record)). A refusal never gets it.
///
/// ```
/// use cookie_registry_consent_log::Error;
///
/// let error = Error::Unavailable { reason: "disk I/O error".into() };
/// assert!(error.is_unavailable());
/// assert_eq!(
///     error.to_string(),
///     "the consent log is unavailable (disk I/O error): the choice was not recorded",
/// );
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The database could not be reached or written (down, locked, read-only, full): the
    /// choice was not recorded.
    Unavailable {
        /// What the database said.
        reason: String,
    },
    /// No policy snapshot is registered for this revision: register it
    /// ([`ConsentLog::register_policy`](crate::ConsentLog::register_policy)) at start-up,
    /// before recording choices made on it.
    UnknownRevision(Revision),
    /// A different snapshot is already stored for this revision: the same revision must be
    /// rendered the same way (same languages, same site) by every server.
    PolicyMismatch {
        /// The revision.
        revision: Revision,
        /// The hash of the snapshot stored.
        stored: PolicyHash,
        /// The hash of the snapshot given.
        given: PolicyHash,
    },
    /// The consent state records no choice, or one without a consent ID.
    NoChoice,
    /// The policy could not be rendered or read as a snapshot.
    Policy(String),
    /// The database was migrated by a newer release of this crate than this one.
    SchemaTooNew {
        /// The database's schema version.
        found: i64,
        /// The newest this release knows.
        supported: i64,
    },
    /// The database could not be opened or migrated, or a query failed.
    Database(String),
    /// A stored row does not read back as a record or a snapshot (edited by hand, or a stored
    /// policy whose text no longer matches its hash).
    Corrupt(String),
    /// The log was closed: its writer has stopped.
    Closed,
}

impl Error {
    /// Whether this is [`Error::Unavailable`]: an outage, worth a retry later.
    pub const fn is_unavailable(&self) -> bool {
        matches!(self, Error::Unavailable { .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unavailable { reason } => write!(
                f,
                "the consent log is unavailable ({reason}): the choice was not recorded"
            ),
            Error::UnknownRevision(revision) => write!(
                f,
                "no policy snapshot is registered for revision {revision}: call `register_policy` at start-up"
            ),
            Error::PolicyMismatch {
                revision,
                stored,
                given,
            } => write!(
                f,
                "revision {revision} is already stored with the snapshot {stored}, not {given}: every server must render the same revision the same way"
            ),
            Error::NoChoice => f.write_str(
                "the consent state records no choice with a consent ID: make it with `ConsentCookie::choose` or `update`",
            ),
            Error::Policy(reason) => write!(f, "the policy snapshot: {reason}"),
            Error::SchemaTooNew { found, supported } => write!(
                f,
                "the consent log's schema is at version {found}, newer than this release knows ({supported}): upgrade cookie-registry-consent-log"
            ),
            Error::Database(reason) => write!(f, "the consent log's database: {reason}"),
            Error::Corrupt(reason) => write!(f, "a stored consent record is corrupt: {reason}"),
            Error::Closed => f.write_str("the consent log is closed"),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}
