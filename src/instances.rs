//! What the instances of one site tell each other. On SQLite there is one
//! instance per site (the lock file keeps a second server off), so nothing is
//! told and every periodic job is this instance's; the PostgreSQL build's
//! `instances_postgres.rs` has the same functions and does the telling.

use crate::sql::Pool;

pub use crate::change::Change;

/// Tells the other instances what changed: nothing to tell on SQLite.
#[derive(Debug, Default)]
pub struct Notifier;

impl Notifier {
    /// A notifier for this instance.
    pub fn new(_pool: &Pool) -> anyhow::Result<Self> {
        Ok(Self)
    }

    /// Adds `change` to what the next `announce` tells.
    pub fn note(&self, _change: Change) {}

    /// Tells the other instances (there are none on SQLite).
    pub async fn announce(&self, _change: Change) {}
}

/// Hears what other instances changed and applies it with `apply`; on SQLite
/// there is no one to hear, so it returns at once.
pub async fn listen(_notifier: &Notifier, _apply: impl Fn(Change) + Send + Sync + 'static) {}

/// A periodic job that only one instance of a site may run at a time.
#[derive(Debug)]
pub struct Duty;

impl Duty {
    /// The duty named `name` (the mail outbox, housekeeping).
    pub fn new(_name: &'static str) -> Self {
        Self
    }

    /// Whether this instance runs the job now: always, on SQLite.
    pub async fn mine(&mut self, _pool: &Pool) -> bool {
        true
    }
}
