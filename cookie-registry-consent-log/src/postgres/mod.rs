//! The PostgreSQL backend: a small pool of connections, each driven by a worker task, taking
//! batches from one queue.
//!
//! A worker takes every record waiting in the queue (up to
//! [`LogOptions::max_batch`](crate::LogOptions::max_batch)), and waits
//! [`LogOptions::batch_wait`](crate::LogOptions::batch_wait) at most for its share of the
//! records on their way (the records outstanding divided by the connections), writes them
//! with one multi-row `INSERT` in one transaction, and acknowledges each caller after the
//! `COMMIT` returned. While it writes, the next worker gathers the next batch: with more
//! connections, more commits are in flight at once, each of a full share.
//!
//! A batch costs one round trip: `BEGIN`, the prepared `INSERT` and `COMMIT` are pipelined
//! (sent together, answered in order), and the `INSERT` takes the records' numbers from the
//! sequence and returns them in the batch's order itself.

mod migrations;

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cookie_registry::Revision;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio_postgres::{Client, Config, NoTls, Row, Statement};

use crate::record::{CONSENT_CATEGORIES, RawRecord, parse_revision, unix_millis};
use crate::writer::{Batch, Command, Job, Shared};
use crate::{ConsentRecord, Error, LogOptions, NewRecord, PolicySnapshot, RecordId};

pub(crate) use migrations::LATEST_VERSION;

/// A batch's rows, as one array per column, numbered from the sequence in the batch's order.
/// `numbered` is a CTE with a volatile function (`nextval`), so PostgreSQL evaluates it once,
/// and the insert and the final `SELECT` see the same numbers; `ORDER BY n` returns them in
/// the order of the arrays whatever order the rows were numbered in.
const INSERT_BATCH: &str = "\
    WITH numbered AS ( \
        SELECT nextval('consent_records_id_seq') AS id, r.* \
        FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bool[], $5::bool[], $6::bool[], \
                    $7::text[], $8::text[], $9::text[]) \
            WITH ORDINALITY AS r(consent_id, at_ms, revision, functionality, statistics, \
                                 marketing, source, ip_prefix, user_agent, n) \
    ), stored AS ( \
        INSERT INTO consent_records (id, consent_id, at_ms, revision, functionality, \
                                     statistics, marketing, source, ip_prefix, user_agent) \
        SELECT id, consent_id, at_ms, revision, functionality, statistics, marketing, source, \
               ip_prefix, user_agent \
        FROM numbered \
    ) \
    SELECT id FROM numbered ORDER BY n";

/// Connects `connections` workers (at least one) to the database `config` describes,
/// migrates it, and returns the queue and the revisions already stored.
pub(crate) async fn connect(
    config: &str,
    connections: usize,
    options: &LogOptions,
    shared: Arc<Shared>,
) -> Result<(UnboundedSender<Command>, Vec<Revision>), Error> {
    let mut config =
        Config::from_str(config).map_err(|e| Error::Database(format!("connection string: {e}")))?;
    config.connect_timeout(options.busy_timeout);
    let mut first = open(&config).await?;
    migrations::migrate(&mut first).await?;
    let known = known_revisions(&first).await?;
    let (sender, receiver) = mpsc::unbounded_channel();
    let receiver = Arc::new(Mutex::new(receiver));
    let mut clients = vec![Some(first)];
    for _ in 1..connections.max(1) {
        clients.push(Some(open(&config).await?));
    }
    let committers = clients.len();
    for client in clients {
        let worker = Worker {
            client,
            committers,
            insert_batch: None,
            config: config.clone(),
            shared: Arc::clone(&shared),
            max_batch: options.max_batch,
            batch_wait: options.batch_wait,
            retry_interval: options.retry_interval,
            write_timeout: options.busy_timeout * 10,
        };
        tokio::spawn(worker.run(Arc::clone(&receiver)));
    }
    Ok((sender, known))
}

/// A new connection, its driver spawned on the runtime.
async fn open(config: &Config) -> Result<Client, Error> {
    let (client, connection) = config.connect(NoTls).await.map_err(unavailable)?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::warn!(%error, "consent log: a PostgreSQL connection closed");
        }
    });
    Ok(client)
}

fn unavailable(error: tokio_postgres::Error) -> Error {
    Error::Unavailable {
        reason: error.to_string(),
    }
}

pub(crate) fn database(error: tokio_postgres::Error) -> Error {
    Error::Database(error.to_string())
}

struct Worker {
    /// `None` after the connection broke, until a reconnection succeeds.
    client: Option<Client>,
    /// [`INSERT_BATCH`], prepared on `client`.
    insert_batch: Option<Statement>,
    /// How many workers write batches at once: each batch waits for its share.
    committers: usize,
    config: Config,
    shared: Arc<Shared>,
    max_batch: usize,
    batch_wait: Duration,
    retry_interval: Duration,
    /// How long a batch may take before the log counts the database as unavailable.
    write_timeout: Duration,
}

impl Worker {
    async fn run(mut self, queue: Arc<Mutex<UnboundedReceiver<Command>>>) {
        loop {
            // Gather a batch while holding the queue; write it after letting go, so that the
            // next worker gathers the next batch meanwhile.
            let (jobs, other) = {
                let mut queue = queue.lock().await;
                let first = if self.shared.spooled() == 0 && !self.shared.is_down() {
                    queue.recv().await
                } else {
                    match tokio::time::timeout(self.retry_interval, queue.recv()).await {
                        Ok(command) => command,
                        // Nothing came: retry the spooled refusals.
                        Err(_) => {
                            drop(queue);
                            self.write(Vec::new()).await;
                            continue;
                        }
                    }
                };
                match first {
                    None => break,
                    Some(Command::Insert(job)) => self.gather(job, &mut queue).await,
                    Some(command) => (Vec::new(), Some(command)),
                }
            };
            if !jobs.is_empty() {
                self.write(jobs).await;
            }
            if let Some(command) = other {
                self.answer(command).await;
            }
        }
        if self.shared.spooled() > 0 {
            self.write(Vec::new()).await;
        }
    }

    /// A batch: `first`, every insert waiting behind it (up to `max_batch`), and, while the
    /// batch holds less than its share of the records outstanding
    /// ([`Shared::batch_target`]), those arriving within `batch_wait` of the start (tokio's
    /// timer rounds that up to its millisecond). Also returns the first other command met, to
    /// run after the batch.
    async fn gather(
        &self,
        first: Job,
        queue: &mut UnboundedReceiver<Command>,
    ) -> (Vec<Job>, Option<Command>) {
        let mut batch = Batch::new(first, &self.shared, self.committers, self.max_batch);
        let deadline = tokio::time::Instant::now() + self.batch_wait;
        while batch.is_open() {
            let command = match queue.try_recv() {
                Ok(command) => command,
                Err(_) if batch.is_short() && !self.batch_wait.is_zero() => {
                    match tokio::time::timeout_at(deadline, queue.recv()).await {
                        Ok(Some(command)) => command,
                        Ok(None) | Err(_) => break,
                    }
                }
                Err(_) => break,
            };
            batch.push(command);
        }
        (batch.jobs, batch.other)
    }

    /// The connection, reconnecting if it broke.
    async fn client(&mut self) -> Result<&mut Client, Error> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.client = None;
            self.insert_batch = None;
            self.client = Some(open(&self.config).await?);
        }
        self.client.as_mut().ok_or(Error::Closed)
    }

    /// Writes the spooled refusals and `jobs` in one transaction, then acknowledges.
    async fn write(&mut self, jobs: Vec<Job>) {
        let spooled = self.shared.take_spooled();
        if spooled.is_empty() && jobs.is_empty() {
            return;
        }
        let records: Vec<&NewRecord> = spooled
            .iter()
            .chain(jobs.iter().map(|job| &job.record))
            .collect();
        let timeout = self.write_timeout;
        let result = match tokio::time::timeout(timeout, self.insert(&records)).await {
            Ok(Ok(ids)) => Ok(ids),
            Ok(Err(error)) => {
                // Prepare the insert again next time, in case that is what failed (a schema
                // changed under it).
                self.insert_batch = None;
                Err(error)
            }
            Err(_) => {
                // The connection may be stuck: start a new one next time.
                self.client = None;
                Err(Error::Unavailable {
                    reason: format!("no answer from PostgreSQL within {timeout:?}"),
                })
            }
        };
        self.shared.settle(spooled, jobs, result);
    }

    async fn insert(&mut self, records: &[&NewRecord]) -> Result<Vec<RecordId>, Error> {
        self.client().await?;
        let client = self.client.as_ref().ok_or(Error::Closed)?;
        let statement = match &self.insert_batch {
            Some(statement) => statement.clone(),
            None => {
                let statement = client.prepare(INSERT_BATCH).await.map_err(unavailable)?;
                self.insert_batch = Some(statement.clone());
                statement
            }
        };
        let consent_ids: Vec<String> = records.iter().map(|r| r.consent_id.to_string()).collect();
        let times: Vec<i64> = records.iter().map(|r| r.at_millis).collect();
        let revisions: Vec<String> = records.iter().map(|r| r.revision.to_string()).collect();
        let [functionality, statistics, marketing] = CONSENT_CATEGORIES.map(|category| {
            records
                .iter()
                .map(|r| r.granted.contains(category))
                .collect::<Vec<bool>>()
        });
        let sources: Vec<&str> = records.iter().map(|r| r.source.as_str()).collect();
        let ips: Vec<Option<String>> = records
            .iter()
            .map(|r| r.ip.map(|ip| ip.to_string()))
            .collect();
        let agents: Vec<Option<&str>> = records.iter().map(|r| r.user_agent.as_deref()).collect();
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 9] = [
            &consent_ids,
            &times,
            &revisions,
            &functionality,
            &statistics,
            &marketing,
            &sources,
            &ips,
            &agents,
        ];
        // Pipelined: one round trip. The caller is acknowledged only after `COMMIT` answered,
        // which PostgreSQL does once the commit is flushed (`synchronous_commit`). If the
        // insert fails, the `COMMIT` of the failed transaction rolls it back.
        let (begin, rows, commit) = tokio::join!(
            client.batch_execute("BEGIN"),
            client.query(&statement, &params),
            client.batch_execute("COMMIT"),
        );
        begin.map_err(unavailable)?;
        let rows = rows.map_err(unavailable)?;
        commit.map_err(unavailable)?;
        if rows.len() != records.len() {
            return Err(Error::Database(format!(
                "the batch insert returned {} record numbers for {} records",
                rows.len(),
                records.len()
            )));
        }
        rows.iter()
            .map(|row| row.try_get(0).map(RecordId).map_err(database))
            .collect()
    }

    async fn answer(&mut self, command: Command) {
        match command {
            Command::Flush(reply) => {
                self.write(Vec::new()).await;
                let _ = reply.send(Ok(self.shared.spooled()));
            }
            Command::RegisterPolicy(snapshot, reply) => {
                let result = match self.client().await {
                    Ok(client) => register_policy(client, &snapshot).await,
                    Err(error) => Err(error),
                };
                let _ = reply.send(result);
            }
            Command::Policy(revision, reply) => {
                let result = match self.client().await {
                    Ok(client) => policy(client, revision).await,
                    Err(error) => Err(error),
                };
                let _ = reply.send(result);
            }
            Command::RecordsOf(id, reply) => {
                let result = self
                    .select("WHERE r.consent_id = $1 ORDER BY r.id", &[&id.to_string()])
                    .await;
                let _ = reply.send(result);
            }
            Command::Period {
                from_millis,
                to_millis,
                reply,
            } => {
                let result = self
                    .select(
                        "WHERE r.at_ms >= $1 AND r.at_ms < $2 ORDER BY r.id",
                        &[&from_millis, &to_millis],
                    )
                    .await;
                let _ = reply.send(result);
            }
            Command::Purge {
                before_millis,
                reply,
            } => {
                let result = match self.client().await {
                    Ok(client) => client
                        .execute(
                            "DELETE FROM consent_records WHERE at_ms < $1",
                            &[&before_millis],
                        )
                        .await
                        .map_err(database),
                    Err(error) => Err(error),
                };
                let _ = reply.send(result);
            }
            Command::Insert(job) => self.write(vec![job]).await,
        }
    }

    async fn select(
        &mut self,
        filter: &str,
        params: &[&(dyn tokio_postgres::types::ToSql + Sync)],
    ) -> Result<Vec<ConsentRecord>, Error> {
        let client = self.client().await?;
        let sql = format!(
            "SELECT r.id, r.consent_id, r.at_ms, r.revision, p.sha256, r.functionality, \
             r.statistics, r.marketing, r.source, r.ip_prefix, r.user_agent \
             FROM consent_records r JOIN policy_snapshots p ON p.revision = r.revision {filter}"
        );
        let rows = client.query(&sql, params).await.map_err(database)?;
        rows.iter().map(read_row).collect()
    }
}

fn read_row(row: &Row) -> Result<ConsentRecord, Error> {
    let raw = RawRecord {
        id: row.try_get(0).map_err(database)?,
        consent_id: row.try_get(1).map_err(database)?,
        at_millis: row.try_get(2).map_err(database)?,
        revision: row.try_get(3).map_err(database)?,
        sha256: row.try_get(4).map_err(database)?,
        granted: [
            row.try_get(5).map_err(database)?,
            row.try_get(6).map_err(database)?,
            row.try_get(7).map_err(database)?,
        ],
        source: row.try_get(8).map_err(database)?,
        ip: row.try_get(9).map_err(database)?,
        user_agent: row.try_get(10).map_err(database)?,
    };
    raw.check()
}

async fn register_policy(client: &Client, snapshot: &PolicySnapshot) -> Result<(), Error> {
    let inserted = client
        .execute(
            "INSERT INTO policy_snapshots (revision, sha256, policy_json, stored_at_ms) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (revision) DO NOTHING",
            &[
                &snapshot.revision().to_string(),
                &snapshot.sha256().to_string(),
                &snapshot.json(),
                &unix_millis(SystemTime::now()),
            ],
        )
        .await
        .map_err(database)?;
    if inserted == 0 {
        let stored: String = client
            .query_one(
                "SELECT sha256 FROM policy_snapshots WHERE revision = $1",
                &[&snapshot.revision().to_string()],
            )
            .await
            .map_err(database)?
            .get(0);
        crate::policy::check_stored(snapshot, &stored)?;
    }
    Ok(())
}

async fn known_revisions(client: &Client) -> Result<Vec<Revision>, Error> {
    client
        .query("SELECT revision FROM policy_snapshots", &[])
        .await
        .map_err(database)?
        .iter()
        .map(|row| parse_revision(row.get(0)))
        .collect()
}

async fn policy(client: &Client, revision: Revision) -> Result<Option<PolicySnapshot>, Error> {
    let row = client
        .query_opt(
            "SELECT sha256, policy_json FROM policy_snapshots WHERE revision = $1",
            &[&revision.to_string()],
        )
        .await
        .map_err(database)?;
    row.map(|row| crate::policy::checked_snapshot(revision, row.get(0), row.get(1)))
        .transpose()
}
