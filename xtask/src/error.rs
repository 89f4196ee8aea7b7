//! The one error type of every subcommand.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What stops a subcommand; `main` prints it and exits with status 1 (2 for [`Error::Usage`]).
#[derive(Debug)]
pub enum Error {
    /// The command line is wrong: unknown subcommand or option, bad value.
    Usage(String),
    /// Reading or writing a file failed.
    Io { path: PathBuf, source: io::Error },
    /// A program this one runs failed or could not start; `detail` holds the end of its output.
    Command { command: String, detail: String },
    /// A file or a program's output is not what it should be (a report without its numbers, a
    /// generated crate that registers the wrong count...).
    Unexpected(String),
    /// A check of the workspace found a problem (`linkme-packages`).
    Check(String),
}

impl Error {
    /// An [`Error::Io`] for `path`, for `map_err`.
    pub fn io(path: impl AsRef<Path>) -> impl FnOnce(io::Error) -> Error {
        let path = path.as_ref().to_path_buf();
        move |source| Error::Io { path, source }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) => write!(f, "{message}\n(see `cargo xtask help`)"),
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Command { command, detail } => write!(f, "`{command}` failed:\n{detail}"),
            Error::Unexpected(message) | Error::Check(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

impl From<lexopt::Error> for Error {
    fn from(error: lexopt::Error) -> Self {
        Error::Usage(error.to_string())
    }
}

/// The result of every subcommand.
pub type Result<T, E = Error> = std::result::Result<T, E>;
