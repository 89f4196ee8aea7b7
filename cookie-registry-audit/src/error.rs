//! The audit's error type.

use std::fmt;

use crate::browser::LaunchError;
use crate::policy::PolicyError;

/// Why an audit could not run.
///
/// A page that fails to load or a consent state that cannot be set is not an error: the report
/// records it (and [`AuditReport::exit_code`](crate::AuditReport::exit_code) is 2 when nothing
/// serious was found).
#[derive(Debug)]
#[non_exhaustive]
pub enum AuditError {
    /// The browser could not be started.
    Launch(LaunchError),
    /// The policy could not be read.
    Policy(PolicyError),
    /// The audit's settings do not fit together.
    Settings(String),
}

impl fmt::Display for AuditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuditError::Launch(error) => error.fmt(f),
            AuditError::Policy(error) => error.fmt(f),
            AuditError::Settings(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for AuditError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            AuditError::Launch(error) => Some(error),
            AuditError::Policy(error) => Some(error),
            AuditError::Settings(_) => None,
        }
    }
}

impl From<LaunchError> for AuditError {
    fn from(error: LaunchError) -> Self {
        AuditError::Launch(error)
    }
}

impl From<PolicyError> for AuditError {
    fn from(error: PolicyError) -> Self {
        AuditError::Policy(error)
    }
}
