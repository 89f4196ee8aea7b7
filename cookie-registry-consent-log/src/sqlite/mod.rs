//! The SQLite backend: one file in WAL mode, written by one dedicated thread.
//!
//! Every write goes through the writer thread, fed by a channel, so that no caller's task ever
//! waits on SQLite's file locks or `fsync`. The thread takes every record waiting in the channel
//! (up to [`LogOptions::max_batch`](crate::LogOptions::max_batch)), writes them in one
//! transaction, and acknowledges each caller only after the `COMMIT` returned: with
//! `synchronous=FULL` in WAL mode, the commit has reached the disk (`fsync` of the WAL) by then.
//! That is group commit: one `fsync` for the whole batch, however many writers wait.
//!
//! Two things keep the batches full and the commits short under load (docs/consent-log.md,
//! measurements): a batch waits a moment for the records already on their way ([`LogOptions::batch_wait`](crate::LogOptions::batch_wait)), and the WAL is
//! checkpointed by the writer after a batch's acknowledgements, not inside a `COMMIT`, where
//! SQLite's automatic checkpoint would hold every waiting caller.

mod migrations;

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use cookie_registry::Revision;
use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};

use crate::record::{CONSENT_CATEGORIES, RawRecord, parse_revision, unix_millis};
use crate::writer::{Batch, Command, Job, Shared};
use crate::{ConsentRecord, Error, LogOptions, NewRecord, PolicySnapshot, RecordId};

pub(crate) use migrations::LATEST_VERSION;

/// Records written between two checkpoints of the writer's own. About 1.3 WAL pages per
/// record (a row, and a page of the consent-ID index, whose keys are random): a WAL of about
/// 20 MB at most. Larger than SQLite's default (1000 pages), because pages written several
/// times between two checkpoints are copied into the database once.
const CHECKPOINT_EVERY: usize = 4096;

/// SQLite's own automatic checkpoint, inside a `COMMIT`: only a backstop for records far
/// larger than usual (long user agents), which fill the WAL before
/// [`CHECKPOINT_EVERY`] records.
const AUTOCHECKPOINT_PAGES: u32 = 20_000;

/// Opens (creating it if needed) and migrates the database at `path`, then starts its writer
/// thread. Runs on the caller's thread: call it at start-up (or in `spawn_blocking`).
pub(crate) fn open(
    path: &Path,
    options: &LogOptions,
    shared: Arc<Shared>,
) -> Result<(mpsc::Sender<Command>, Vec<Revision>), Error> {
    let mut connection = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(database)?;
    configure(&connection, options)?;
    migrations::migrate(&mut connection)?;
    let known = known_revisions(&connection)?;
    let (sender, receiver) = mpsc::channel();
    let writer = Writer {
        connection,
        shared,
        max_batch: options.max_batch,
        batch_wait: options.batch_wait,
        retry_interval: options.retry_interval,
        since_checkpoint: 0,
    };
    thread::Builder::new()
        .name("consent-log-sqlite".into())
        .spawn(move || writer.run(receiver))
        .map_err(|e| Error::Database(format!("cannot start the writer thread: {e}")))?;
    Ok((sender, known))
}

/// WAL with `synchronous=FULL`: a commit is on disk when `COMMIT` returns (NORMAL would only
/// promise it after the next checkpoint, and lose the last commits on a power cut).
fn configure(connection: &Connection, options: &LogOptions) -> Result<(), Error> {
    connection
        .busy_timeout(options.busy_timeout)
        .map_err(database)?;
    let mode: String = connection
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .map_err(database)?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(Error::Database(format!(
            "SQLite would not switch to WAL mode (it stays in {mode:?}): is the file on a network file system?"
        )));
    }
    connection
        .execute_batch(&format!(
            "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; \
             PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT_PAGES};"
        ))
        .map_err(database)
}

pub(crate) fn database(error: rusqlite::Error) -> Error {
    Error::Database(error.to_string())
}

struct Writer {
    connection: Connection,
    shared: Arc<Shared>,
    max_batch: usize,
    batch_wait: Duration,
    retry_interval: Duration,
    /// Records written since the writer's last checkpoint.
    since_checkpoint: usize,
}

impl Writer {
    fn run(mut self, commands: Receiver<Command>) {
        // A command that came in while a batch was being gathered, to run after it.
        let mut next: Option<Command> = None;
        loop {
            let command = match next.take() {
                Some(command) => command,
                None if self.shared.spooled() == 0 && !self.shared.is_down() => {
                    match commands.recv() {
                        Ok(command) => command,
                        Err(_) => break,
                    }
                }
                // Refusals are spooled: wake up to retry them even if nothing comes.
                None => match commands.recv_timeout(self.retry_interval) {
                    Ok(command) => command,
                    Err(RecvTimeoutError::Timeout) => {
                        self.write(Vec::new());
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => break,
                },
            };
            match command {
                Command::Insert(job) => {
                    let (jobs, other) = self.gather(job, &commands);
                    next = other;
                    self.write(jobs);
                }
                Command::Flush(reply) => {
                    self.write(Vec::new());
                    let _ = reply.send(Ok(self.shared.spooled()));
                }
                other => self.answer(other),
            }
        }
        // Every `ConsentLog` is gone: a last try for the spooled refusals.
        if self.shared.spooled() > 0 {
            self.write(Vec::new());
        }
    }

    /// A batch: `first`, every insert waiting behind it (up to `max_batch`), and, while the
    /// batch holds fewer than the records outstanding ([`Shared::batch_target`]), those
    /// arriving within `batch_wait` of the start. Also returns the first other command met,
    /// to run after the batch.
    fn gather(&mut self, first: Job, commands: &Receiver<Command>) -> (Vec<Job>, Option<Command>) {
        let mut batch = Batch::new(first, &self.shared, 1, self.max_batch);
        let deadline = Instant::now() + self.batch_wait;
        while batch.is_open() {
            let waiting = deadline.saturating_duration_since(Instant::now());
            let command = match commands.try_recv() {
                Ok(command) => command,
                Err(_) if batch.is_short() && !waiting.is_zero() => {
                    match commands.recv_timeout(waiting) {
                        Ok(command) => command,
                        Err(_) => break,
                    }
                }
                Err(_) => break,
            };
            batch.push(command);
        }
        (batch.jobs, batch.other)
    }

    /// Writes the spooled refusals and `jobs` in one transaction, acknowledges, then
    /// checkpoints if it is time.
    fn write(&mut self, jobs: Vec<Job>) {
        let spooled = self.shared.take_spooled();
        if spooled.is_empty() && jobs.is_empty() {
            return;
        }
        let records = spooled.iter().chain(jobs.iter().map(|job| &job.record));
        let result = insert(&mut self.connection, records).map_err(|e| Error::Unavailable {
            reason: e.to_string(),
        });
        if result.is_ok() {
            self.since_checkpoint += spooled.len() + jobs.len();
        }
        self.shared.settle(spooled, jobs, result);
        if self.since_checkpoint >= CHECKPOINT_EVERY {
            self.checkpoint();
        }
    }

    /// Copies the WAL into the database, as far as readers in other processes allow
    /// (`PASSIVE`: it never waits for them); the next write then starts the WAL over. A
    /// failure costs nothing but a longer WAL: it is logged, and SQLite's own checkpoint is
    /// the backstop.
    fn checkpoint(&mut self) {
        self.since_checkpoint = 0;
        if let Err(error) = self
            .connection
            .query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()))
        {
            tracing::warn!(%error, "consent log: the SQLite checkpoint failed; the WAL grows until the next one");
        }
    }

    fn answer(&mut self, command: Command) {
        let connection = &mut self.connection;
        match command {
            Command::RegisterPolicy(snapshot, reply) => {
                let _ = reply.send(register_policy(connection, &snapshot));
            }
            Command::Policy(revision, reply) => {
                let _ = reply.send(policy(connection, revision));
            }
            Command::RecordsOf(id, reply) => {
                let _ = reply.send(select(
                    connection,
                    "WHERE r.consent_id = ?1 ORDER BY r.id",
                    params![id.to_string()],
                ));
            }
            Command::Period {
                from_millis,
                to_millis,
                reply,
            } => {
                let _ = reply.send(select(
                    connection,
                    "WHERE r.at_ms >= ?1 AND r.at_ms < ?2 ORDER BY r.id",
                    params![from_millis, to_millis],
                ));
            }
            Command::Purge {
                before_millis,
                reply,
            } => {
                let result = connection
                    .execute(
                        "DELETE FROM consent_records WHERE at_ms < ?1",
                        [before_millis],
                    )
                    .map(|n| n as u64)
                    .map_err(database);
                let _ = reply.send(result);
            }
            Command::Insert(_) | Command::Flush(_) => {
                unreachable!("run() handles inserts and flushes")
            }
        }
    }
}

fn insert<'a>(
    connection: &mut Connection,
    records: impl Iterator<Item = &'a NewRecord>,
) -> rusqlite::Result<Vec<RecordId>> {
    let transaction =
        connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut ids = Vec::new();
    {
        let mut statement = transaction.prepare_cached(
            "INSERT INTO consent_records (consent_id, at_ms, revision, functionality, statistics, \
             marketing, source, ip_prefix, user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for record in records {
            let [functionality, statistics, marketing] =
                CONSENT_CATEGORIES.map(|c| record.granted.contains(c));
            let id = statement.insert(params![
                record.consent_id.to_string(),
                record.at_millis,
                record.revision.to_string(),
                functionality,
                statistics,
                marketing,
                record.source.as_str(),
                record.ip.map(|ip| ip.to_string()),
                record.user_agent,
            ])?;
            ids.push(RecordId(id));
        }
    }
    transaction.commit()?;
    Ok(ids)
}

fn register_policy(connection: &Connection, snapshot: &PolicySnapshot) -> Result<(), Error> {
    let inserted = connection
        .execute(
            "INSERT INTO policy_snapshots (revision, sha256, policy_json, stored_at_ms) \
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (revision) DO NOTHING",
            params![
                snapshot.revision().to_string(),
                snapshot.sha256().to_string(),
                snapshot.json(),
                unix_millis(SystemTime::now()),
            ],
        )
        .map_err(database)?;
    if inserted == 0 {
        let stored: String = connection
            .query_row(
                "SELECT sha256 FROM policy_snapshots WHERE revision = ?1",
                [snapshot.revision().to_string()],
                |row| row.get(0),
            )
            .map_err(database)?;
        crate::policy::check_stored(snapshot, &stored)?;
    }
    Ok(())
}

fn known_revisions(connection: &Connection) -> Result<Vec<Revision>, Error> {
    let mut statement = connection
        .prepare("SELECT revision FROM policy_snapshots")
        .map_err(database)?;
    let rows = statement
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(database)?;
    rows.map(|text| {
        let text = text.map_err(database)?;
        parse_revision(&text)
    })
    .collect()
}

fn policy(connection: &Connection, revision: Revision) -> Result<Option<PolicySnapshot>, Error> {
    let row = connection
        .query_row(
            "SELECT sha256, policy_json FROM policy_snapshots WHERE revision = ?1",
            [revision.to_string()],
            |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
        )
        .optional()
        .map_err(database)?;
    row.map(|(sha256, json)| crate::policy::checked_snapshot(revision, &sha256, json))
        .transpose()
}

fn select(
    connection: &Connection,
    filter: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<ConsentRecord>, Error> {
    let sql = format!(
        "SELECT r.id, r.consent_id, r.at_ms, r.revision, p.sha256, r.functionality, \
         r.statistics, r.marketing, r.source, r.ip_prefix, r.user_agent \
         FROM consent_records r JOIN policy_snapshots p ON p.revision = r.revision {filter}"
    );
    let mut statement = connection.prepare_cached(&sql).map_err(database)?;
    let rows = statement.query_map(params, read_row).map_err(database)?;
    rows.map(|row| row.map_err(database)?).collect()
}

/// A row as text and numbers, checked into a record after the query (so that a corrupt row is
/// an [`Error::Corrupt`], not a driver error).
fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<ConsentRecord, Error>> {
    let raw = RawRecord {
        id: row.get(0)?,
        consent_id: row.get(1)?,
        at_millis: row.get(2)?,
        revision: row.get(3)?,
        sha256: row.get(4)?,
        granted: [row.get(5)?, row.get(6)?, row.get(7)?],
        source: row.get(8)?,
        ip: row.get(9)?,
        user_agent: row.get(10)?,
    };
    Ok(raw.check())
}
