//! How a log behaves: what it keeps, for how long, and how it batches and retries.

use std::time::Duration;

/// How long records are kept before [`ConsentLog::purge_expired`](crate::ConsentLog::purge_expired)
/// deletes them.
///
/// The default, [`Retention::DEFAULT`], is 13 months; docs/consent-log.md gives the reasoning:
/// a record must outlive the consent it proves (GDPR art. 7(1): the controller must be able to
/// demonstrate consent while relying on it), and no more than that plus a short margin (art.
/// 5(1)(e), storage limitation). Thirteen months is the longest a consent may be relied on under
/// the CNIL's guidance (trackers' lifetime, hence the renewal of consent, at most 13 months;
/// this crate's consent cookie asks again after 6), so no record older than that backs a
/// consent still in use.
///
/// ```
/// use cookie_registry_consent_log::Retention;
/// use std::time::Duration;
///
/// assert_eq!(Retention::DEFAULT.duration(), Duration::from_secs(395 * 24 * 3600));
/// assert_eq!(Retention::days(30).duration(), Duration::from_secs(30 * 24 * 3600));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Retention(Duration);

impl Retention {
    /// 13 months, counted as 395 days.
    pub const DEFAULT: Retention = Retention::days(395);

    /// Records are kept `days` days.
    pub const fn days(days: u64) -> Retention {
        Retention(Duration::from_secs(days * 24 * 3600))
    }

    /// Records are kept for `duration`.
    pub const fn new(duration: Duration) -> Retention {
        Retention(duration)
    }

    /// How long records are kept.
    pub const fn duration(self) -> Duration {
        self.0
    }
}

impl Default for Retention {
    fn default() -> Self {
        Retention::DEFAULT
    }
}

/// A log's options. The defaults keep neither IP address nor user agent.
///
/// ```
/// use cookie_registry_consent_log::{LogOptions, Retention};
///
/// let options = LogOptions::default()
///     .keep_truncated_ip(true)
///     .retention(Retention::days(365));
/// assert!(options.keeps_truncated_ip());
/// assert!(!options.keeps_user_agent());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogOptions {
    pub(crate) keep_truncated_ip: bool,
    pub(crate) keep_user_agent: bool,
    pub(crate) retention: Retention,
    pub(crate) max_batch: usize,
    pub(crate) batch_wait: Duration,
    pub(crate) max_spooled: usize,
    pub(crate) retry_interval: Duration,
    pub(crate) busy_timeout: Duration,
}

impl Default for LogOptions {
    fn default() -> Self {
        LogOptions {
            keep_truncated_ip: false,
            keep_user_agent: false,
            retention: Retention::DEFAULT,
            max_batch: 1024,
            batch_wait: Duration::from_micros(300),
            max_spooled: 100_000,
            retry_interval: Duration::from_secs(1),
            busy_timeout: Duration::from_secs(2),
        }
    }
}

impl LogOptions {
    /// Keep the truncated IP address a record carries ([`NewRecord::with_ip`](crate::NewRecord::with_ip)).
    /// Off by default: the consent ID and the time prove a choice without it.
    #[must_use]
    pub fn keep_truncated_ip(mut self, keep: bool) -> LogOptions {
        self.keep_truncated_ip = keep;
        self
    }

    /// Keep the user agent a record carries. Off by default.
    #[must_use]
    pub fn keep_user_agent(mut self, keep: bool) -> LogOptions {
        self.keep_user_agent = keep;
        self
    }

    /// How long [`purge_expired`](crate::ConsentLog::purge_expired) keeps records.
    #[must_use]
    pub fn retention(mut self, retention: Retention) -> LogOptions {
        self.retention = retention;
        self
    }

    /// The most records written in one transaction (default 1024; at least 1).
    #[must_use]
    pub fn max_batch(mut self, records: usize) -> LogOptions {
        self.max_batch = records.max(1);
        self
    }

    /// How long a batch may wait after its first record for more (default 300 µs; zero
    /// disables the wait).
    ///
    /// Group commit pays one `fsync` per batch, so fuller batches mean more records per
    /// second. A batch waits only for records already on their way: its share of those sent
    /// and not yet stored (all of them on SQLite, one share per connection on PostgreSQL). A
    /// lone record never waits; under load, the callers woken by one commit's
    /// acknowledgements reach the next batch together instead of splitting into a small one
    /// and a large one. On PostgreSQL the wait is rounded up to tokio's timer (1 ms).
    ///
    /// ```
    /// use cookie_registry_consent_log::LogOptions;
    /// use std::time::Duration;
    ///
    /// // Commit each batch as soon as its first record arrives.
    /// let options = LogOptions::default().batch_wait(Duration::ZERO);
    /// assert_ne!(options, LogOptions::default());
    /// ```
    #[must_use]
    pub fn batch_wait(mut self, wait: Duration) -> LogOptions {
        self.batch_wait = wait;
        self
    }

    /// The most refusals held in memory while the database is unavailable (default 100,000);
    /// past that the oldest are dropped, and counted ([`ConsentLog::dropped`](crate::ConsentLog::dropped)).
    #[must_use]
    pub fn max_spooled(mut self, records: usize) -> LogOptions {
        self.max_spooled = records;
        self
    }

    /// How often spooled refusals are retried while the database is unavailable (default 1 s).
    #[must_use]
    pub fn retry_interval(mut self, interval: Duration) -> LogOptions {
        self.retry_interval = interval;
        self
    }

    /// How long a write waits for a database another process has locked before the log
    /// counts it as unavailable (SQLite's busy timeout, PostgreSQL's connect timeout; default
    /// 2 s).
    #[must_use]
    pub fn busy_timeout(mut self, timeout: Duration) -> LogOptions {
        self.busy_timeout = timeout;
        self
    }

    /// Whether truncated IP addresses are kept.
    pub const fn keeps_truncated_ip(&self) -> bool {
        self.keep_truncated_ip
    }

    /// Whether user agents are kept.
    pub const fn keeps_user_agent(&self) -> bool {
        self.keep_user_agent
    }

    /// How long records are kept.
    pub const fn retention_period(&self) -> Retention {
        self.retention
    }

    /// `record` without what these options do not keep.
    pub(crate) fn strip(&self, mut record: crate::NewRecord) -> crate::NewRecord {
        if !self.keep_truncated_ip {
            record.ip = None;
        }
        if !self.keep_user_agent {
            record.user_agent = None;
        }
        record
    }
}
