//! Group commit: one task writes new reactions, taking everything that is waiting
//! into one transaction, so a burst of readers posting at once costs one fsync
//! instead of one each. A reaction is acknowledged only after its commit.

use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::error::{AppError, Result};

/// The most reactions one transaction takes.
const MAX_BATCH: usize = 512;

/// A reaction to store.
#[derive(Debug, Clone)]
pub struct NewReaction {
    pub slug: String,
    pub user_id: Option<i64>,
    pub guest_name: Option<String>,
    pub parent_id: Option<i64>,
    pub source: String,
    pub html: String,
    /// approved, pending or shadow.
    pub status: &'static str,
    pub held_reason: Option<String>,
    pub created_at: i64,
    /// The session whose saved draft this reaction was; the draft is cleared with it.
    pub draft_of: Option<String>,
}

struct Job {
    reaction: NewReaction,
    reply: oneshot::Sender<std::result::Result<i64, String>>,
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

    /// Stores a reaction; returns its id once it is committed.
    pub async fn insert(&self, reaction: NewReaction) -> Result<i64> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Job { reaction, reply })
            .await
            .map_err(|_| AppError::Internal(anyhow::anyhow!("writer task stopped")))?;
        match answer.await {
            Ok(Ok(id)) => Ok(id),
            Ok(Err(e)) => Err(AppError::Internal(anyhow::anyhow!(
                "storing a reaction: {e}"
            ))),
            Err(_) => Err(AppError::Internal(anyhow::anyhow!("writer task stopped"))),
        }
    }
}

async fn write_batch(pool: &SqlitePool, batch: Vec<Job>) {
    let mut results: Vec<std::result::Result<i64, String>> = Vec::with_capacity(batch.len());
    let committed = async {
        let mut tx = pool.begin().await?;
        for job in &batch {
            results.push(
                insert_one(&mut tx, &job.reaction)
                    .await
                    .map_err(|e| e.to_string()),
            );
        }
        tx.commit().await
    }
    .await;
    if let Err(e) = committed {
        tracing::error!(error = %e, size = batch.len(), "group commit failed");
        results = batch.iter().map(|_| Err(e.to_string())).collect();
    }
    for (job, result) in batch.into_iter().zip(results) {
        // The poster may have gone away; the reaction is stored all the same.
        let _ = job.reply.send(result);
    }
}

async fn insert_one(
    conn: &mut sqlx::SqliteConnection,
    r: &NewReaction,
) -> std::result::Result<i64, sqlx::Error> {
    let done = sqlx::query!(
        "INSERT INTO reactions (article_slug, user_id, guest_name, parent_id, root_id, body_source,
                                body_html, status, held_reason, created_at)
         VALUES (?1, ?2, ?3, ?4, (SELECT COALESCE(root_id, id) FROM reactions WHERE id = ?4),
                 ?5, ?6, ?7, ?8, ?9)",
        r.slug,
        r.user_id,
        r.guest_name,
        r.parent_id,
        r.source,
        r.html,
        r.status,
        r.held_reason,
        r.created_at
    )
    .execute(&mut *conn)
    .await?;
    if let Some(token_hash) = &r.draft_of {
        sqlx::query!(
            "UPDATE sessions SET draft_slug = NULL, draft_parent_id = NULL, draft_body = NULL
             WHERE token_hash = ? AND draft_body IS NOT NULL",
            token_hash
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(done.last_insert_rowid())
}
