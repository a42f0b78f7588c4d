//! Group commit: one task writes new reactions, readers' stances on reasons and
//! their appreciation of reactions, taking everything that is waiting into one transaction, so a burst of readers
//! posting or voting at once costs one fsync instead of one each.
//!
//! Nothing acknowledged is ever lost: a reaction is answered as stored only after
//! its batch committed. A row the database refuses (a constraint) fails only its
//! own request; anything else (a full disk, an I/O error, a lock that stays
//! taken) fails the whole batch, tells every waiting request, and closes the
//! connection, so no later batch runs inside what is left of that transaction.
//! The next batch starts afresh, so writes recover by themselves when the cause
//! goes away.

use std::collections::HashSet;
use std::sync::Arc;

use crate::sql::{Conn, Pool};
use tokio::sync::{mpsc, oneshot};

use super::store::{self, Inserted, NewReaction};
use crate::accounts::sessions;
use crate::conversation::appreciation::{self, Appreciated, Appreciation, NotAppreciated};
use crate::conversation::stances::{self, Applied, StanceChange};
use crate::db;
use crate::error::{AppError, Result};
use crate::health::WriteHealth;

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
    /// The writer was banned before it could be stored; nothing stored.
    Banned,
}

/// The reaction could not be stored (the disk is full, the database is locked or
/// damaged, or it refused this row); nothing of it was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("de reactie kon niet worden opgeslagen")]
pub struct NotSaved;

type Answer = std::result::Result<Stored, NotSaved>;

struct Job {
    reaction: NewReaction,
    reply: oneshot::Sender<Answer>,
}

/// A stance change waiting for its batch.
struct StanceJob {
    change: StanceChange,
    reply: oneshot::Sender<std::result::Result<Applied, NotSaved>>,
}

/// What became of an appreciation handed to the writer.
pub type AppreciationAnswer =
    std::result::Result<std::result::Result<Appreciated, NotAppreciated>, NotSaved>;

/// An appreciation waiting for its batch.
struct AppreciationJob {
    change: Appreciation,
    reply: oneshot::Sender<AppreciationAnswer>,
}

/// What the writer is handed.
enum Work {
    Reaction(Job),
    Stance(StanceJob),
    Appreciation(AppreciationJob),
}

/// The stance changes and appreciations of one batch, beside its reactions.
#[derive(Default)]
struct Others {
    votes: Vec<StanceJob>,
    likes: Vec<AppreciationJob>,
}

impl Others {
    /// Tells everyone waiting that nothing of theirs was stored.
    fn refuse(self) {
        for job in self.votes {
            let _ = job.reply.send(Err(NotSaved));
        }
        for job in self.likes {
            let _ = job.reply.send(Err(NotSaved));
        }
    }
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

    fn answer(self, answer: Answer) {
        // The poster may have gone away; what happened to the reaction stands.
        let _ = self.reply.send(answer);
    }
}

/// A handle to the writer task.
#[derive(Clone, Debug)]
pub struct Writer {
    jobs: mpsc::Sender<Work>,
}

impl Writer {
    /// Starts the writer task on `pool`; it reports each batch to `health`.
    pub fn spawn(pool: Pool, health: Arc<WriteHealth>) -> Self {
        let (jobs, mut queue) = mpsc::channel::<Work>(4 * MAX_BATCH);
        tokio::spawn(async move {
            while let Some(first) = queue.recv().await {
                let mut batch = vec![first];
                while batch.len() < MAX_BATCH {
                    match queue.try_recv() {
                        Ok(job) => batch.push(job),
                        Err(_) => break,
                    }
                }
                write_batch(&pool, &health, batch).await;
            }
        });
        Self { jobs }
    }

    /// Stores a reaction; answers once its batch is committed (or it is refused).
    pub async fn insert(&self, reaction: NewReaction) -> std::result::Result<Stored, NotSaved> {
        let (reply, answer) = oneshot::channel();
        let work = Work::Reaction(Job { reaction, reply });
        if self.jobs.send(work).await.is_err() {
            tracing::error!("{}", crate::i18n::logs().log.reaction_writer_stopped);
            return Err(NotSaved);
        }
        answer.await.unwrap_or(Err(NotSaved))
    }

    /// Stores a stance change; answers once its batch is committed.
    pub async fn stance(&self, change: StanceChange) -> std::result::Result<Applied, NotSaved> {
        let (reply, answer) = oneshot::channel();
        let work = Work::Stance(StanceJob { change, reply });
        if self.jobs.send(work).await.is_err() {
            tracing::error!("{}", crate::i18n::logs().log.writer_stopped);
            return Err(NotSaved);
        }
        answer.await.unwrap_or(Err(NotSaved))
    }

    /// Stores an appreciation (or takes one back); answers once its batch is
    /// committed, or why it was refused (one's own reaction, not public).
    pub async fn appreciate(&self, change: Appreciation) -> AppreciationAnswer {
        let (reply, answer) = oneshot::channel();
        let work = Work::Appreciation(AppreciationJob { change, reply });
        if self.jobs.send(work).await.is_err() {
            tracing::error!("{}", crate::i18n::logs().log.writer_stopped);
            return Err(NotSaved);
        }
        answer.await.unwrap_or(Err(NotSaved))
    }
}

async fn write_batch(pool: &Pool, health: &WriteHealth, work: Vec<Work>) {
    let mut batch = Vec::with_capacity(work.len());
    let mut others = Others::default();
    for item in work {
        match item {
            Work::Reaction(job) => batch.push(job),
            Work::Stance(job) => others.votes.push(job),
            Work::Appreciation(job) => others.likes.push(job),
        }
    }
    // Within one batch the second of two identical reactions is a duplicate too.
    let mut seen = HashSet::new();
    let first: Vec<bool> = batch.iter().map(|job| seen.insert(job.key())).collect();
    drop(seen);
    let mut unique = Vec::with_capacity(batch.len());
    for (job, first) in batch.into_iter().zip(first) {
        if first {
            unique.push(job);
        } else {
            job.answer(Ok(Stored::Duplicate));
        }
    }
    let mut conn = match pool.acquire().await {
        Ok(conn) => conn,
        Err(e) => {
            tracing::error!(error = %e, size = unique.len(), "{}", crate::i18n::logs().log.group_commit_no_connection);
            health.failed();
            unique.into_iter().for_each(|job| job.answer(Err(NotSaved)));
            others.refuse();
            return;
        }
    };
    let result = insert_all(&mut conn, &unique, &others, Rows::Together).await;
    // The batch statement refused a row and took its transaction down with it
    // (rolled back as it was dropped): the batch goes again, row by row.
    #[cfg(postgres)]
    let result = match result {
        Err(e) if refuses_only_this_row(&e) => {
            insert_all(&mut conn, &unique, &others, Rows::OneByOne).await
        }
        result => result,
    };
    match result {
        Ok((answers, applied, liked)) => {
            health.succeeded();
            for (job, answer) in unique.into_iter().zip(answers) {
                job.answer(answer);
            }
            // Whoever asked may have gone away; what was stored stands.
            for (job, answer) in others.votes.into_iter().zip(applied) {
                let _ = job.reply.send(answer);
            }
            for (job, answer) in others.likes.into_iter().zip(liked) {
                let _ = job.reply.send(answer);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, size = unique.len(), "{}", crate::i18n::logs().log.group_commit_failed);
            health.failed();
            // Never reused: closing makes SQLite roll back whatever it still holds.
            if let Err(e) = conn.close().await {
                tracing::warn!(error = %e, "{}", crate::i18n::logs().log.closing_failed_connection);
            }
            unique.into_iter().for_each(|job| job.answer(Err(NotSaved)));
            others.refuse();
        }
    }
}

type VoteAnswer = std::result::Result<Applied, NotSaved>;

/// How a batch's reactions go in: on PostgreSQL all in one statement
/// (`store::insert_batch`), or row by row, each behind a savepoint so a
/// refused row fails only its own request. SQLite always goes row by row
/// (its statements are calls, not round trips).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rows {
    Together,
    #[cfg_attr(not(postgres), allow(dead_code))]
    OneByOne,
}

/// Inserts every reaction and applies every stance change and appreciation in
/// one transaction; what became of each, in order. An error here fails the
/// whole batch (with `Rows::Together`, a refused row too: see `write_batch`).
async fn insert_all(
    conn: &mut Conn,
    jobs: &[Job],
    others: &Others,
    rows: Rows,
) -> Result<(Vec<Answer>, Vec<VoteAnswer>, Vec<AppreciationAnswer>)> {
    let mut tx = db::begin_write_on(conn).await?;
    let answers = reactions_in(&mut tx, jobs, rows).await?;
    // The drafts the stored reactions were: cleared with them.
    let drafts: Vec<String> = jobs
        .iter()
        .zip(&answers)
        .filter_map(|(job, answer)| match (answer, &job.reaction.draft_of) {
            (Ok(Stored::Id(_)), Some(token_hash)) => Some(token_hash.clone()),
            _ => None,
        })
        .collect();
    #[cfg(postgres)]
    if !drafts.is_empty() {
        sessions::clear_drafts(&mut *tx, &drafts).await?;
    }
    #[cfg(not(postgres))]
    for token_hash in &drafts {
        sessions::clear_draft(&mut *tx, token_hash).await?;
    }
    let mut applied = Vec::with_capacity(others.votes.len());
    for vote in &others.votes {
        db::row_begins(&mut tx).await?;
        let result = stances::apply(&mut tx, &vote.change).await;
        db::row_ends(&mut tx, refused(&result)).await?;
        applied.push(match result {
            Ok(done) => Ok(done),
            Err(e) if refuses_only_this_row(&e) => {
                tracing::warn!(error = %e, "{}", crate::i18n::logs().log.refused_stance);
                Err(NotSaved)
            }
            Err(e) => return Err(e),
        });
    }
    let mut liked = Vec::with_capacity(others.likes.len());
    for like in &others.likes {
        db::row_begins(&mut tx).await?;
        let result = appreciation::apply(&mut tx, &like.change).await;
        db::row_ends(&mut tx, refused(&result)).await?;
        liked.push(match result {
            Ok(done) => Ok(done),
            Err(e) if refuses_only_this_row(&e) => {
                tracing::warn!(error = %e, "{}", crate::i18n::logs().log.refused_appreciation);
                Err(NotSaved)
            }
            Err(e) => return Err(e),
        });
    }
    tx.commit().await?;
    Ok((answers, applied, liked))
}

/// Inserts the batch's reactions; what became of each, in order. On
/// PostgreSQL, `Rows::Together` puts all of them in one statement (see
/// `store::insert_batch`), with no savepoint: a refused row fails the batch,
/// which then goes again `Rows::OneByOne`, as on SQLite, so the refusal fails
/// only its own request. Two round trips fewer on the path that runs one
/// batch at a time, and refusals are rare.
async fn reactions_in(tx: &mut Conn, jobs: &[Job], rows: Rows) -> Result<Vec<Answer>> {
    if jobs.is_empty() {
        return Ok(Vec::new());
    }
    #[cfg(postgres)]
    if rows == Rows::Together {
        let batch: Vec<&NewReaction> = jobs.iter().map(|job| &job.reaction).collect();
        let inserted = store::insert_batch(tx, &batch).await?;
        return Ok(inserted.into_iter().map(stored).collect());
    }
    #[cfg(not(postgres))]
    let _ = rows;
    let mut answers = Vec::with_capacity(jobs.len());
    for job in jobs {
        db::row_begins(tx).await?;
        let result = store::insert(tx, &job.reaction).await;
        db::row_ends(tx, refused(&result)).await?;
        answers.push(match result {
            Ok(inserted) => stored(inserted),
            Err(e) if refuses_only_this_row(&e) => {
                tracing::warn!(error = %e, "{}", crate::i18n::logs().log.refused_reaction);
                Err(NotSaved)
            }
            Err(e) => return Err(e),
        });
    }
    Ok(answers)
}

fn stored(inserted: Inserted) -> Answer {
    Ok(match inserted {
        Inserted::Id(id) => Stored::Id(id),
        Inserted::Duplicate => Stored::Duplicate,
        Inserted::Banned => Stored::Banned,
    })
}

/// Errors that refuse only their own row (a constraint: a reply to a reaction
/// that is gone; a value too big or of the wrong type). Everything else may have
/// ended the transaction, so it fails the batch.
fn refuses_only_this_row(error: &AppError) -> bool {
    matches!(error, AppError::Database(e) if db::refuses_only_this_row(e))
}

fn refused<T>(result: &Result<T>) -> bool {
    matches!(result, Err(e) if refuses_only_this_row(e))
}
