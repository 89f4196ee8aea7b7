//! [`ConsentLog`], the front every backend shares.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use cookie_registry::Revision;
use cookie_registry::consent::ConsentId;
use tokio::sync::oneshot;

use crate::record::unix_millis;
use crate::writer::{Command, Job, Reply, Shared};
use crate::{
    ConsentRecord, Error, LogOptions, NewRecord, PolicySnapshot, RecordId, export, sqlite,
};

/// What [`ConsentLog::record`] did with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum Receipt {
    /// Committed to disk (SQLite) or to the server (PostgreSQL), under this number.
    Stored(RecordId),
    /// A refusal, while the database is unavailable: kept in memory and retried until
    /// stored. Apply the refusal anyway.
    Spooled,
}

/// An append-only log of consent choices: the server-side proof that GDPR art. 7(1) asks for.
///
/// Each [`NewRecord`] names the policy revision the visitor chose on; the policy itself is
/// stored once per revision ([`register_policy`](Self::register_policy)), with its SHA-256. A
/// withdrawal is a new record; nothing is ever updated, and only the retention purge deletes.
///
/// Every method is `async` and never blocks the caller's runtime: the backend's writer does
/// the work and answers through a channel. A `ConsentLog` is cheap to clone (an `Arc`), for
/// every handler of a server.
///
/// ```
/// use cookie_registry::render::Policy;
/// use cookie_registry::{Registry, cookie};
/// use cookie_registry::consent::{CategorySet, ConsentState, ConsentId};
/// use cookie_registry::declaration::Category;
/// use cookie_registry_consent_log::{ConsentLog, LogOptions, NewRecord, PolicySnapshot, Receipt, Source};
/// use std::time::SystemTime;
///
/// #[cookie(
///     provider = "Example", category = statistics, lifetime = "13 months",
///     function(en = "Analytics", fr = "Statistiques"),
///     purpose(en = "To count visits", fr = "Compter les visites"),
/// )]
/// const ANALYTICS: &str = "_analytics";
///
/// # tokio::runtime::Builder::new_current_thread().build()?.block_on(async {
/// # let dir = std::env::temp_dir().join(format!("consent-log-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// let log = ConsentLog::open_sqlite(dir.join("consent.sqlite3"), LogOptions::default())?;
///
/// // At start-up: the policy the banner shows, once per revision.
/// let registry = Registry::global()?;
/// log.register_policy(PolicySnapshot::of_policy(&registry.policy(), &["en", "fr"], None)?).await?;
///
/// // On each choice (the state comes from `ConsentCookie::choose` or `update`).
/// let state = ConsentState::given(
///     CategorySet::NONE.with(Category::Statistics), SystemTime::now(), registry.revision(),
/// ).with_consent_id(ConsentId::random()?);
/// let receipt = log.record(NewRecord::from_state(&state, Source::BannerForm)?).await?;
/// assert!(matches!(receipt, Receipt::Stored(_)));
///
/// // The visitor's download.
/// let records = log.records_of(state.consent_id().unwrap()).await?;
/// assert_eq!(records.len(), 1);
/// assert!(records[0].granted.contains(Category::Statistics));
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct ConsentLog {
    inner: Arc<Inner>,
}

struct Inner {
    commands: Commands,
    shared: Arc<Shared>,
    /// The revisions with a stored snapshot: a record for another is refused before it is
    /// queued, so that one bad record never fails a batch of good ones.
    known: RwLock<HashSet<Revision>>,
    options: LogOptions,
}

/// The writer's end of the channel, per backend.
pub(crate) enum Commands {
    Sqlite(std::sync::mpsc::Sender<Command>),
    #[cfg(feature = "postgres")]
    Postgres(tokio::sync::mpsc::UnboundedSender<Command>),
}

impl Commands {
    fn send(&self, command: Command) -> Result<(), Error> {
        match self {
            Commands::Sqlite(sender) => sender.send(command).map_err(|_| Error::Closed),
            #[cfg(feature = "postgres")]
            Commands::Postgres(sender) => sender.send(command).map_err(|_| Error::Closed),
        }
    }
}

impl ConsentLog {
    /// Opens the SQLite log at `path`, creating and migrating it as needed, and starts its
    /// writer thread.
    ///
    /// This call itself does file I/O (opening, migrating): make it at start-up, before
    /// serving, or inside `spawn_blocking`. Every later call is asynchronous.
    ///
    /// # Errors
    ///
    /// [`Error::Database`] when the file cannot be opened, put in WAL mode or migrated;
    /// [`Error::SchemaTooNew`] when a newer release migrated it.
    pub fn open_sqlite(path: impl AsRef<Path>, options: LogOptions) -> Result<ConsentLog, Error> {
        let shared = Shared::new(options.max_spooled);
        let (sender, known) = sqlite::open(path.as_ref(), &options, Arc::clone(&shared))?;
        let log = ConsentLog::with_commands(Commands::Sqlite(sender), shared, options);
        log.remember(known);
        Ok(log)
    }

    /// Connects to the PostgreSQL database `config` describes (a libpq-style connection
    /// string: `host=/run/postgresql dbname=app user=app`, or `postgresql://…`) with
    /// `connections` connections (at least one), migrates it, and starts a worker task per
    /// connection. Call it inside a tokio runtime, with its time driver enabled.
    ///
    /// Several servers may share one database: migrations take an advisory lock, and each
    /// server registers its policy snapshot as usual.
    ///
    /// ```no_run
    /// # async fn start() -> Result<(), cookie_registry_consent_log::Error> {
    /// use cookie_registry_consent_log::{ConsentLog, LogOptions};
    ///
    /// let log = ConsentLog::connect_postgres(
    ///     "host=/run/postgresql dbname=app user=app",
    ///     4,
    ///     LogOptions::default(),
    /// )
    /// .await?;
    /// # let _ = log; Ok(()) }
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Database`] for a bad connection string or a failed migration,
    /// [`Error::Unavailable`] when the server cannot be reached, [`Error::SchemaTooNew`] when a
    /// newer release migrated the database.
    #[cfg(feature = "postgres")]
    #[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
    pub async fn connect_postgres(
        config: &str,
        connections: usize,
        options: LogOptions,
    ) -> Result<ConsentLog, Error> {
        let shared = Shared::new(options.max_spooled);
        let (sender, known) =
            crate::postgres::connect(config, connections, &options, Arc::clone(&shared)).await?;
        let log = ConsentLog::with_commands(Commands::Postgres(sender), shared, options);
        log.remember(known);
        Ok(log)
    }

    pub(crate) fn with_commands(
        commands: Commands,
        shared: Arc<Shared>,
        options: LogOptions,
    ) -> ConsentLog {
        ConsentLog {
            inner: Arc::new(Inner {
                commands,
                shared,
                known: RwLock::new(HashSet::new()),
                options,
            }),
        }
    }

    pub(crate) fn remember(&self, revisions: impl IntoIterator<Item = Revision>) {
        self.inner
            .known
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .extend(revisions);
    }

    fn knows(&self, revision: Revision) -> bool {
        self.inner
            .known
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains(&revision)
    }

    async fn ask<T>(&self, command: impl FnOnce(Reply<T>) -> Command) -> Result<T, Error> {
        let (reply, answer) = oneshot::channel();
        self.inner.commands.send(command(reply))?;
        answer.await.map_err(|_| Error::Closed)?
    }

    /// The options the log was opened with.
    pub fn options(&self) -> &LogOptions {
        &self.inner.options
    }

    /// Stores the policy snapshot of a revision, once: registering the same snapshot again
    /// does nothing. Call it at start-up, before recording choices made on that revision.
    ///
    /// # Errors
    ///
    /// [`Error::PolicyMismatch`] when another snapshot is stored for the same revision;
    /// [`Error::Database`] or [`Error::Closed`] otherwise.
    pub async fn register_policy(&self, snapshot: PolicySnapshot) -> Result<(), Error> {
        let revision = snapshot.revision();
        self.ask(|reply| Command::RegisterPolicy(snapshot, reply))
            .await?;
        self.remember([revision]);
        Ok(())
    }

    /// The snapshot stored for `revision`, checked against its stored hash.
    ///
    /// # Errors
    ///
    /// [`Error::Corrupt`] when the stored text no longer matches its hash; [`Error::Database`]
    /// or [`Error::Closed`] otherwise.
    pub async fn policy(&self, revision: Revision) -> Result<Option<PolicySnapshot>, Error> {
        self.ask(|reply| Command::Policy(revision, reply)).await
    }

    /// Records a choice, and returns once it is durably stored (or spooled, for a refusal
    /// during an outage).
    ///
    /// What the application does with the result:
    ///
    /// * a **refusal** ([`NewRecord::is_refusal`]) is applied whatever happens: this method
    ///   never makes it wait on an outage and never fails it for one. While the database is
    ///   unavailable it answers [`Receipt::Spooled`] at once; the record is kept in memory and
    ///   retried every [`retry_interval`](LogOptions::retry_interval).
    /// * an **acceptance** is applied only on [`Receipt::Stored`]. During an outage it fails
    ///   with [`Error::Unavailable`]: a consent the site cannot prove is one it cannot rely on.
    ///   Show the visitor a page that says their choice could not be saved (nothing was set,
    ///   as if they had refused) and to try again.
    ///
    /// The IP prefix and the user agent are dropped here unless the options keep them.
    ///
    /// # Errors
    ///
    /// [`Error::Unavailable`] for an acceptance during an outage; [`Error::UnknownRevision`]
    /// when no snapshot was registered for the record's revision; [`Error::Closed`] when the
    /// writer has stopped.
    pub async fn record(&self, record: NewRecord) -> Result<Receipt, Error> {
        let record = self.inner.options.strip(record);
        if !self.knows(record.revision) {
            return Err(Error::UnknownRevision(record.revision));
        }
        let shared = &self.inner.shared;
        if record.is_refusal() && shared.is_down() {
            // The writer stores or spools it; nobody waits for that.
            shared.submitted();
            self.inner
                .commands
                .send(Command::Insert(Job {
                    record,
                    reply: None,
                }))
                .inspect_err(|_| shared.withdrawn())?;
            return Ok(Receipt::Spooled);
        }
        let (reply, answer) = oneshot::channel();
        shared.submitted();
        self.inner
            .commands
            .send(Command::Insert(Job {
                record,
                reply: Some(reply),
            }))
            .inspect_err(|_| shared.withdrawn())?;
        answer.await.map_err(|_| Error::Closed)?
    }

    /// Every record made under a consent ID, oldest first: what the visitor who quotes it may
    /// download ([`export::visitor_json`]).
    ///
    /// # Errors
    ///
    /// [`Error::Database`], [`Error::Corrupt`] or [`Error::Closed`].
    pub async fn records_of(&self, consent_id: ConsentId) -> Result<Vec<ConsentRecord>, Error> {
        self.ask(|reply| Command::RecordsOf(consent_id, reply))
            .await
    }

    /// The visitor's download: [`records_of`](Self::records_of) as
    /// [`export::visitor_json`] writes it.
    ///
    /// # Errors
    ///
    /// As [`records_of`](Self::records_of).
    pub async fn visitor_download(&self, consent_id: ConsentId) -> Result<String, Error> {
        let records = self.records_of(consent_id).await?;
        Ok(export::visitor_json(consent_id, &records))
    }

    /// Every record of choices made in `period` (start included, end excluded), oldest first,
    /// for an export ([`export::to_csv`], [`export::to_json`]).
    ///
    /// # Errors
    ///
    /// [`Error::Database`], [`Error::Corrupt`] or [`Error::Closed`].
    pub async fn records_between(
        &self,
        period: Range<SystemTime>,
    ) -> Result<Vec<ConsentRecord>, Error> {
        let (from_millis, to_millis) = (unix_millis(period.start), unix_millis(period.end));
        self.ask(|reply| Command::Period {
            from_millis,
            to_millis,
            reply,
        })
        .await
    }

    /// Deletes the records of choices made before `before`; returns how many.
    ///
    /// # Errors
    ///
    /// [`Error::Database`] or [`Error::Closed`].
    pub async fn purge_before(&self, before: SystemTime) -> Result<u64, Error> {
        let before_millis = unix_millis(before);
        self.ask(|reply| Command::Purge {
            before_millis,
            reply,
        })
        .await
    }

    /// Deletes the records older than the retention period ([`LogOptions::retention`]) at
    /// `now`; returns how many. Run it daily. Policy snapshots are kept: they hold no personal
    /// data.
    ///
    /// # Errors
    ///
    /// As [`purge_before`](Self::purge_before).
    pub async fn purge_expired(&self, now: SystemTime) -> Result<u64, Error> {
        let cutoff = now
            .checked_sub(self.inner.options.retention.duration())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        self.purge_before(cutoff).await
    }

    /// Tries to store the spooled refusals now; returns how many are still spooled (0 once the
    /// database is back). For a clean shutdown, and for tests.
    ///
    /// # Errors
    ///
    /// [`Error::Closed`].
    pub async fn flush(&self) -> Result<usize, Error> {
        self.ask(Command::Flush).await
    }

    /// How many refusals are spooled, waiting for the database.
    pub fn spooled(&self) -> usize {
        self.inner.shared.spooled()
    }

    /// How many spooled refusals were dropped because the spool was full
    /// ([`LogOptions::max_spooled`]).
    pub fn dropped(&self) -> u64 {
        self.inner.shared.dropped()
    }

    /// Whether the last write failed: the database is unavailable, as far as the log knows.
    pub fn is_unavailable(&self) -> bool {
        self.inner.shared.is_down()
    }
}
