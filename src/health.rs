//! Whether the server can write to its database: `/healthz` asks on every call,
//! start-up once. Taking the write lock and rewriting one row (then rolling
//! back) catches a lock another process holds, a read-only or damaged file and
//! a closed pool. A full disk shows only when a commit needs room, so the writer
//! of reactions reports its batches here: after a failed batch `/healthz` says
//! so until a batch is stored again (a tiny probe commit could still fit where
//! reactions no longer do).

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::sql::Pool;

use crate::security::ServerKey;

/// How long `/healthz` waits for the write lock before it reports trouble.
const PROBE_TIMEOUT: Duration = Duration::from_secs(1);

/// Whether the last batch of reactions failed; shared by the writer and `/healthz`.
#[derive(Debug, Default)]
pub struct WriteHealth {
    failing: AtomicBool,
}

impl WriteHealth {
    /// A batch failed (full disk, I/O error, lock): report it until one is stored.
    pub fn failed(&self) {
        self.failing.store(true, Ordering::Release);
    }

    /// A batch was stored.
    pub fn succeeded(&self) {
        self.failing.store(false, Ordering::Release);
    }

    /// Whether the last write failed.
    pub fn is_failing(&self) -> bool {
        self.failing.load(Ordering::Acquire)
    }
}

/// Takes the write lock and rewrites one row; `commit` makes the disk take it.
async fn probe(pool: &Pool, commit: bool) -> sqlx::Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    ServerKey::rewrite(&mut tx).await?;
    if commit {
        tx.commit().await
    } else {
        tx.rollback().await
    }
}

/// Whether a write is possible now (within a second), and the last batch of
/// reactions was stored.
pub async fn can_write(pool: &Pool, health: &WriteHealth) -> bool {
    if health.is_failing() {
        return false;
    }
    match tokio::time::timeout(PROBE_TIMEOUT, probe(pool, false)).await {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "{}", crate::i18n::logs().log.database_takes_no_writes);
            false
        }
        Err(_) => {
            tracing::warn!("{}", crate::i18n::logs().log.write_lock_stuck);
            false
        }
    }
}

/// At start-up: a real, committed write, or a Dutch message naming the file.
pub async fn ensure_writable(pool: &Pool, database: &Path) -> anyhow::Result<()> {
    probe(pool, true)
        .await
        .map_err(|e| crate::db::explain(e, database))
        .map_err(|e| {
            e.context(format!(
                "Reacties kan niet schrijven in de database {}",
                crate::db::shown(database)
            ))
        })
}
