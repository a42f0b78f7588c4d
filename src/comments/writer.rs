//! Group commit: one task writes new reactions, taking everything that is waiting
//! into one transaction, so a burst of readers posting at once costs one fsync
//! instead of one each. A reaction is acknowledged only after its commit.

use std::collections::HashSet;

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use super::store::{self, NewReaction};
use crate::accounts::sessions;
use crate::error::{AppError, Result};

/// The most reactions one transaction takes.
const MAX_BATCH: usize = 512;

/// What became of a reaction handed to the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Committed, with this id.
    Id(i64),
    /// The same writer (account or guest name) posted the same text within the
    /// hour; nothing stored.
    Duplicate,
}

type Reply = oneshot::Sender<std::result::Result<Stored, String>>;

struct Job {
    reaction: NewReaction,
    reply: Reply,
}

impl Job {
    /// Who wrote it and what (white space collapsed, as `store::insert` compares
    /// it): two reactions with the same key are the same text posted twice.
    fn key(&self) -> (Option<i64>, Option<&str>, String) {
        let r = &self.reaction;
        (
            r.user_id,
            r.guest_name.as_deref(),
            store::body_hash(&r.source),
        )
    }
}

/// A handle to the writer task.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Job>,
}

impl Writer {
    /// Starts the writer task on `pool`.
    pub fn spawn(pool: SqlitePool) -> Self {
        let (jobs, mut queue) = mpsc::channel::<Job>(4 * MAX_BATCH);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                write_batch(&pool, batch).await;
            }
        });
        Self { jobs }
    }

    /// Stores a reaction; answers once it is committed (or refused as a duplicate).
    pub async fn insert(&self, reaction: NewReaction) -> Result<Stored> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { reaction, reply })
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("writer task stopped")))?;
        match answer.await {
            Ok(Ok(stored)) => Ok(stored),
            Ok(Err(e)) => Err(AppError::Internal(anyhow::anyhow!(
                "storing a reaction: {e}"
            ))),
            Err(_) => Err(AppError::Internal(anyhow::anyhow!("writer task stopped"))),
        }
    }
}

async fn write_batch(pool: &SqlitePool, batch: Vec<Job>) {
    // Within one batch the second of two identical reactions is a duplicate too.
    let mut seen = HashSet::new();
    let first: Vec<bool> = batch.iter().map(|job| seen.insert(job.key())).collect();
    drop(seen);
    let mut unique = Vec::with_capacity(batch.len());
    for (job, first) in batch.into_iter().zip(first) {
        if first {
            unique.push(job);
        } else {
            let _ = job.reply.send(Ok(Stored::Duplicate));
        }
    }
    match insert_all(pool, &unique).await {
        Ok(stored) => {
            for (job, stored) in unique.into_iter().zip(stored) {
                // The poster may have gone away; the reaction is stored all the same.
                let _ = job.reply.send(Ok(stored));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, size = unique.len(), "group commit failed");
            for job in unique {
                let _ = job.reply.send(Err(e.to_string()));
            }
        }
    }
}

/// Inserts every reaction that is not a recent duplicate, in one transaction;
/// returns what became of each, in order.
async fn insert_all(pool: &SqlitePool, jobs: &[Job]) -> Result<Vec<Stored>> {
    let mut tx = pool.begin().await?;
    let mut stored = Vec::with_capacity(jobs.len());
    for job in jobs {
        let outcome = match store::insert(&mut tx, &job.reaction).await? {
            Some(id) => Stored::Id(id),
            None => Stored::Duplicate,
        };
        if let (Stored::Id(_), Some(token_hash)) = (outcome, &job.reaction.draft_of) {
            sessions::clear_draft(&mut *tx, token_hash).await?;
        }
        stored.push(outcome);
    }
    tx.commit().await?;
    Ok(stored)
}
