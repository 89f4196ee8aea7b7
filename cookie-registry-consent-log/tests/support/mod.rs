//! What the SQLite tests share: a scratch directory, a policy, records.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use cookie_registry::Revision;
use cookie_registry::consent::{CategorySet, ConsentId};
use cookie_registry::declaration::Category;
use cookie_registry_consent_log::{NewRecord, PolicySnapshot, Source};

/// A directory of its own under the system's temporary directory, removed on drop.
pub struct ScratchDir(PathBuf);

impl ScratchDir {
    pub fn new(name: &str) -> ScratchDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "consent-log-{name}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a scratch directory");
        ScratchDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    pub fn database(&self) -> PathBuf {
        self.0.join("consent.sqlite3")
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub const REVISION: Revision = Revision::from_u64(0x3c5e_0d7b_1a2f_9e84);

pub fn snapshot() -> PolicySnapshot {
    PolicySnapshot::from_json(format!(
        r#"{{"revision":"{REVISION}","documents":{{"en":{{"title":"Cookie policy"}}}}}}"#
    ))
    .expect("a valid snapshot")
}

pub fn accept_statistics(consent_id: ConsentId, second: u64) -> NewRecord {
    NewRecord::new(
        consent_id,
        UNIX_EPOCH + Duration::from_secs(1_750_000_000 + second),
        REVISION,
        CategorySet::NONE.with(Category::Statistics),
        Source::BannerForm,
    )
}

pub fn refuse(consent_id: ConsentId, second: u64) -> NewRecord {
    NewRecord::new(
        consent_id,
        UNIX_EPOCH + Duration::from_secs(1_750_000_000 + second),
        REVISION,
        CategorySet::NONE,
        Source::BannerForm,
    )
}

/// A consent ID made of `n`, so that a child process and its parent agree on it.
pub fn consent_id(n: u64) -> ConsentId {
    let mut bytes = [0; 16];
    bytes[8..].copy_from_slice(&n.to_be_bytes());
    ConsentId::from_bytes(bytes)
}
