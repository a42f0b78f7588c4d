//! Group commit: one task writes new reactions, taking everything that is waiting
//! into one statement and one transaction, so a burst of readers posting at once
//! costs one fsync (and one round trip to SQLite) instead of one each. A reaction
//! is acknowledged only after its commit.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::error::{AppError, Result};

/// The most reactions one transaction takes.
const MAX_BATCH: usize = 512;
/// The same text from the same account within this window is refused.
pub const DUPLICATE_WINDOW_SECS: i64 = 3600;

/// A reaction to store.
#[derive(Debug, Clone, Serialize)]
pub struct NewReaction {
    pub slug: String,
    pub user_id: Option<i64>,
    pub guest_name: Option<String>,
    pub parent_id: Option<i64>,
    pub source: String,
    /// Short hash of `source`, for the duplicate check (see [`body_hash`]).
    pub body_hash: String,
    pub html: String,
    /// approved, pending or shadow.
    pub status: &'static str,
    pub held_reason: Option<String>,
    pub created_at: i64,
    /// The session whose saved draft this reaction was; the draft is cleared with it.
    #[serde(skip)]
    pub draft_of: Option<String>,
}

impl NewReaction {
    /// Who wrote it and what: two reactions with the same key are the same text
    /// posted twice.
    fn key(&self) -> (Option<i64>, Option<String>, String) {
        (self.user_id, self.guest_name.clone(), self.source.clone())
    }
}

/// The short hash of a reaction's text kept beside it for the duplicate check.
pub fn body_hash(source: &str) -> String {
    let mut hash = crate::security::sha256_hex(source);
    hash.truncate(16);
    hash
}

/// What became of a reaction handed to the writer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    /// Committed, with this id.
    Id(i64),
    /// The same account posted the same text within the hour; nothing stored.
    Duplicate,
}

type Reply = oneshot::Sender<std::result::Result<Stored, String>>;

struct Job {
    reaction: NewReaction,
    reply: Reply,
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
    let (unique, repeated): (Vec<Job>, Vec<Job>) = batch
        .into_iter()
        .partition(|job| seen.insert(job.reaction.key()));
    for job in repeated {
        let _ = job.reply.send(Ok(Stored::Duplicate));
    }
    match insert_all(pool, &unique).await {
        Ok(ids) => {
            for job in unique {
                let stored = ids
                    .get(&job.reaction.key())
                    .map_or(Stored::Duplicate, |id| Stored::Id(*id));
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

/// Inserts every reaction that is not a recent duplicate, in one statement and
/// one transaction; returns the new ids by reaction key.
async fn insert_all(
    pool: &SqlitePool,
    jobs: &[Job],
) -> std::result::Result<HashMap<(Option<i64>, Option<String>, String), i64>, sqlx::Error> {
    let reactions: Vec<&NewReaction> = jobs.iter().map(|j| &j.reaction).collect();
    let rows =
        serde_json::to_string(&reactions).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let drafts: Vec<&str> = reactions
        .iter()
        .filter_map(|r| r.draft_of.as_deref())
        .collect();
    let drafts =
        serde_json::to_string(&drafts).map_err(|e| sqlx::Error::Protocol(e.to_string()))?;
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query!(
        r#"INSERT INTO reactions (article_slug, user_id, guest_name, parent_id, root_id, body_source,
                                  body_hash, body_html, status, held_reason, created_at)
           SELECT j.value ->> 'slug', j.value ->> 'user_id', j.value ->> 'guest_name', j.value ->> 'parent_id',
                  (SELECT COALESCE(p.root_id, p.id) FROM reactions p WHERE p.id = j.value ->> 'parent_id'),
                  j.value ->> 'source', j.value ->> 'body_hash', j.value ->> 'html', j.value ->> 'status',
                  j.value ->> 'held_reason', j.value ->> 'created_at'
           FROM json_each(?1) AS j
           WHERE j.value ->> 'user_id' IS NULL OR NOT EXISTS (
               SELECT 1 FROM reactions d
               WHERE d.user_id = j.value ->> 'user_id' AND d.body_hash = j.value ->> 'body_hash'
                 AND d.created_at > (j.value ->> 'created_at') - ?2 AND d.status <> 'deleted'
                 AND d.body_source = j.value ->> 'source')
           RETURNING id AS "id!", user_id, guest_name, body_source"#,
        rows,
        DUPLICATE_WINDOW_SECS
    )
    .fetch_all(&mut *tx)
    .await?;
    sqlx::query!(
        "UPDATE sessions SET draft_slug = NULL, draft_parent_id = NULL, draft_body = NULL
         WHERE token_hash IN (SELECT value FROM json_each(?)) AND draft_body IS NOT NULL",
        drafts
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(inserted
        .into_iter()
        .map(|r| ((r.user_id, r.guest_name, r.body_source), r.id))
        .collect())
}
