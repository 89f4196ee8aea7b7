//! What the front ([`ConsentLog`](crate::ConsentLog)) sends its backend's writer, and what every
//! writer does with a batch's outcome: acknowledge after the commit, spool refusals when the
//! database is unavailable, refuse acceptances.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use cookie_registry::Revision;
use cookie_registry::consent::ConsentId;
use tokio::sync::oneshot;

use crate::{ConsentRecord, Error, NewRecord, PolicySnapshot, Receipt, RecordId};

/// Where a writer sends a command's result.
pub(crate) type Reply<T> = oneshot::Sender<Result<T, Error>>;

/// A record to store. `reply` is `None` for a refusal sent while the database is known to be
/// down: the caller was already told it is spooled.
pub(crate) struct Job {
    pub record: NewRecord,
    pub reply: Option<Reply<Receipt>>,
}

/// One request to a writer. Only `Insert`s are batched; the others are rare (start-up, a
/// visitor's download, an export, the purge) and run one at a time.
pub(crate) enum Command {
    Insert(Job),
    RegisterPolicy(PolicySnapshot, Reply<()>),
    Policy(Revision, Reply<Option<PolicySnapshot>>),
    RecordsOf(ConsentId, Reply<Vec<ConsentRecord>>),
    Period {
        from_millis: i64,
        to_millis: i64,
        reply: Reply<Vec<ConsentRecord>>,
    },
    Purge {
        before_millis: i64,
        reply: Reply<u64>,
    },
    /// Write the spooled refusals now; replies with how many are left.
    Flush(Reply<usize>),
}

/// A batch being gathered by a writer: the inserts taken so far, and how many it should
/// wait for.
pub(crate) struct Batch {
    pub jobs: Vec<Job>,
    /// The first other command met: it ends the batch, and runs after it.
    pub other: Option<Command>,
    target: usize,
    max: usize,
}

impl Batch {
    /// A batch of `first`, holding at most `max_batch` records, that waits for its share of
    /// the records outstanding with `committers` writing at once ([`Shared::batch_target`]).
    pub fn new(first: Job, shared: &Shared, committers: usize, max_batch: usize) -> Batch {
        Batch {
            jobs: vec![first],
            other: None,
            target: shared.batch_target(committers).min(max_batch),
            max: max_batch,
        }
    }

    /// Whether it takes more commands: it is not full, and no other command ended it.
    pub fn is_open(&self) -> bool {
        self.other.is_none() && self.jobs.len() < self.max
    }

    /// Whether it is worth waiting for more: fewer records than its share.
    pub fn is_short(&self) -> bool {
        self.jobs.len() < self.target
    }

    pub fn push(&mut self, command: Command) {
        match command {
            Command::Insert(job) => self.jobs.push(job),
            other => self.other = Some(other),
        }
    }
}

/// Shared between the front and the writers: whether the database is down, and the spool.
pub(crate) struct Shared {
    down: AtomicBool,
    /// Records sent to the writers and not yet settled: what a batch takes its share of.
    outstanding: AtomicUsize,
    spooled: AtomicUsize,
    dropped: AtomicU64,
    spool: Mutex<VecDeque<NewRecord>>,
    max_spooled: usize,
}

impl Shared {
    pub fn new(max_spooled: usize) -> Arc<Shared> {
        Arc::new(Shared {
            down: AtomicBool::new(false),
            outstanding: AtomicUsize::new(0),
            spooled: AtomicUsize::new(0),
            dropped: AtomicU64::new(0),
            spool: Mutex::new(VecDeque::new()),
            max_spooled,
        })
    }

    pub fn is_down(&self) -> bool {
        self.down.load(Ordering::Acquire)
    }

    /// Counts a record on its way to a writer; [`settle`](Shared::settle) counts it off.
    pub fn submitted(&self) {
        self.outstanding.fetch_add(1, Ordering::AcqRel);
    }

    /// Counts off a record that never reached a writer.
    pub fn withdrawn(&self) {
        self.outstanding.fetch_sub(1, Ordering::AcqRel);
    }

    /// How many records a batch should wait for (at least one), with `committers` writing
    /// batches at once: its share of the records outstanding. With 64 callers each waiting for
    /// its record and 2 connections, about 32; with one caller, 1, so that a lone record never
    /// waits.
    pub fn batch_target(&self, committers: usize) -> usize {
        self.outstanding
            .load(Ordering::Acquire)
            .div_ceil(committers.max(1))
            .max(1)
    }

    pub fn spooled(&self) -> usize {
        self.spooled.load(Ordering::Acquire)
    }

    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Acquire)
    }

    fn spool(&self) -> std::sync::MutexGuard<'_, VecDeque<NewRecord>> {
        // A writer that panicked mid-push left a consistent queue: take it.
        self.spool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Takes the spooled refusals, to write ahead of a batch; [`settle`](Shared::settle)
    /// puts them back if the batch fails. Taken, not copied, so that two PostgreSQL workers
    /// never write the same one twice.
    pub fn take_spooled(&self) -> Vec<NewRecord> {
        self.spool().drain(..).collect()
    }

    fn push(&self, spool: &mut VecDeque<NewRecord>, record: NewRecord) {
        if spool.len() >= self.max_spooled {
            spool.pop_front();
            self.dropped.fetch_add(1, Ordering::AcqRel);
            tracing::error!(
                max_spooled = self.max_spooled,
                "consent log: spool full while the database is unavailable; the oldest spooled refusal's record was dropped"
            );
        }
        spool.push_back(record);
    }

    /// Acknowledges a batch whose rows were the `spooled` records then `jobs`' records: after
    /// the commit (`result` is the rows' IDs in order), or after the failure.
    pub fn settle(
        &self,
        spooled: Vec<NewRecord>,
        jobs: Vec<Job>,
        result: Result<Vec<RecordId>, Error>,
    ) {
        self.outstanding.fetch_sub(jobs.len(), Ordering::AcqRel);
        let mut spool = self.spool();
        let spooled_count = spooled.len();
        match result {
            Ok(ids) => {
                if self.down.swap(false, Ordering::AcqRel) {
                    tracing::info!("consent log: the database is available again");
                }
                for (job, id) in jobs.into_iter().zip(ids.into_iter().skip(spooled_count)) {
                    if let Some(reply) = job.reply {
                        // The caller may have gone (a cancelled request): the record is stored.
                        let _ = reply.send(Ok(Receipt::Stored(id)));
                    }
                }
            }
            Err(error) => {
                if !self.down.swap(true, Ordering::AcqRel) {
                    tracing::error!(%error, "consent log: the database is unavailable; refusals are spooled, acceptances refused");
                }
                // Back at the front, in their order, ahead of any spooled meanwhile.
                for record in spooled.into_iter().rev() {
                    spool.push_front(record);
                }
                while spool.len() > self.max_spooled {
                    spool.pop_front();
                    self.dropped.fetch_add(1, Ordering::AcqRel);
                }
                let reason = match error {
                    Error::Unavailable { reason } => reason,
                    other => other.to_string(),
                };
                for job in jobs {
                    if job.record.is_refusal() {
                        self.push(&mut spool, job.record);
                        if let Some(reply) = job.reply {
                            let _ = reply.send(Ok(Receipt::Spooled));
                        }
                    } else if let Some(reply) = job.reply {
                        let _ = reply.send(Err(Error::Unavailable {
                            reason: reason.clone(),
                        }));
                    }
                }
            }
        }
        self.spooled.store(spool.len(), Ordering::Release);
    }
}
