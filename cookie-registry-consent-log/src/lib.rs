//! Proof of consent for [cookie-registry](cookie_registry): an append-only log of every consent
//! choice, with the policy each one was made on.
//!
//! GDPR art. 7(1) asks the controller to be able to *demonstrate* that a visitor consented. A
//! consent cookie proves nothing to anyone but the visitor's browser; this crate keeps, on the
//! server, one record per choice ([`NewRecord`]): the browser's random consent ID (the one the
//! consent cookie carries, so the visitor can quote it), the time, the policy revision, the
//! choice for each category (refusals included), where it came from ([`Source`]), and,
//! only when the options say so, a truncated IP address and the user agent. The policy of
//! each revision is stored once, as JSON with its SHA-256 ([`PolicySnapshot`]), so each
//! record shows what the visitor was shown.
//!
//! * [`ConsentLog`]: the log. [`ConsentLog::open_sqlite`] (the default, embedded: one file,
//!   nothing to install) or, with the `postgres` feature, `ConsentLog::connect_postgres` for an
//!   application on several machines. Versioned migrations run on open.
//! * Nothing acknowledged is lost: [`ConsentLog::record`] returns after the commit reached the
//!   disk (SQLite `synchronous=FULL` in WAL mode; PostgreSQL's commit), many callers sharing
//!   one commit (group commit).
//! * Nothing blocked by an outage: a refusal is applied at once and its record spooled and
//!   retried; an acceptance fails with [`Error::Unavailable`], since a consent the site cannot
//!   prove is one it cannot rely on. The guide, docs/consent-log.md, has the reasoning.
//! * [`export`]: the visitor's download (JSON) and the operator's export of a period (CSV and
//!   JSON); [`ConsentLog::purge_expired`] applies the [`Retention`] period.
//!
//! # Feature flags
//!
//! | feature | default | what it does |
//! |---|---|---|
//! | `postgres` | no | `ConsentLog::connect_postgres`: the log on PostgreSQL, through `tokio-postgres` (needs a tokio runtime) |
#![deny(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod error;
pub mod export;
mod log;
mod options;
mod policy;
#[cfg(feature = "postgres")]
mod postgres;
mod record;
mod sqlite;
mod time;
mod writer;

pub use error::Error;
pub use log::{ConsentLog, Receipt};
pub use options::{LogOptions, Retention};
pub use policy::{PolicyHash, PolicySnapshot};
pub use record::{ConsentRecord, MAX_USER_AGENT_LEN, NewRecord, RecordId, Source, TruncatedIp};

/// The schema version an SQLite log is at once opened by this release.
pub const SQLITE_SCHEMA_VERSION: i64 = sqlite::LATEST_VERSION;

/// The schema version a PostgreSQL log is at once connected by this release.
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub const POSTGRES_SCHEMA_VERSION: i64 = postgres::LATEST_VERSION;
