//! The PostgreSQL backend: a small pool of connections, each driven by a worker task, taking
//! batches from one queue.
//!
//! A worker takes every record waiting in the queue (up to
//! [`LogOptions::max_batch`](crate::LogOptions::max_batch)), writes them with one multi-row
//! `INSERT` in one transaction, and acknowledges each caller after the `COMMIT` returned. While
//! it writes, the next worker gathers the next batch: with more connections, more commits are
//! in flight at once.

mod migrations;

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use cookie_registry::Revision;
use tokio::sync::Mutex;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};
use tokio_postgres::{Client, Config, NoTls, Row};

use crate::record::{CONSENT_CATEGORIES, RawRecord, parse_revision, unix_millis};
use crate::writer::{Command, Job, Shared};
use crate::{ConsentRecord, Error, LogOptions, NewRecord, PolicySnapshot, RecordId};

pub(crate) use migrations::LATEST_VERSION;

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
    for client in clients {
        let worker = Worker {
            client,
            config: config.clone(),
            shared: Arc::clone(&shared),
            max_batch: options.max_batch,
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
    config: Config,
    shared: Arc<Shared>,
    max_batch: usize,
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
                    Some(Command::Insert(job)) => {
                        let mut jobs = vec![job];
                        let mut other = None;
                        while jobs.len() < self.max_batch {
                            match queue.try_recv() {
                                Ok(Command::Insert(job)) => jobs.push(job),
                                Ok(command) => {
                                    other = Some(command);
                                    break;
                                }
                                Err(_) => break,
                            }
                        }
                        (jobs, other)
                    }
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

    /// The connection, reconnecting if it broke.
    async fn client(&mut self) -> Result<&mut Client, Error> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.client = None;
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
            Ok(result) => result,
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
        let client = self.client().await?;
        let count = i32::try_from(records.len()).unwrap_or(i32::MAX);
        let transaction = client.transaction().await.map_err(unavailable)?;
        let ids: Vec<i64> = transaction
            .query(
                "SELECT nextval('consent_records_id_seq') FROM generate_series(1, $1::int)",
                &[&count],
            )
            .await
            .map_err(unavailable)?
            .iter()
            .map(|row| row.get(0))
            .collect();
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
        transaction
            .execute(
                "INSERT INTO consent_records (id, consent_id, at_ms, revision, functionality, \
                 statistics, marketing, source, ip_prefix, user_agent) \
                 SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::text[], \
                 $5::bool[], $6::bool[], $7::bool[], $8::text[], $9::text[], $10::text[])",
                &[
                    &ids,
                    &consent_ids,
                    &times,
                    &revisions,
                    &functionality,
                    &statistics,
                    &marketing,
                    &sources,
                    &ips,
                    &agents,
                ],
            )
            .await
            .map_err(unavailable)?;
        transaction.commit().await.map_err(unavailable)?;
        Ok(ids.into_iter().map(RecordId).collect())
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
