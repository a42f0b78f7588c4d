//! The `reactions` table: inserting, reading one row, and the author's changes
//! to a reaction's standing (status, pins, locks, bans). Text changes are in
//! `edits`.

use crate::sql::{Conn, Executor};

use crate::accounts::users;
use crate::comments::model::{Reaction, ReactionStatus};
use crate::conversation::notify;
use crate::error::{AppError, Result};

/// A reaction to store.
#[derive(Debug, Clone)]
pub struct NewReaction {
    pub slug: String,
    pub user_id: Option<i64>,
    pub guest_name: Option<String>,
    pub parent_id: Option<i64>,
    /// The article's reason it is about ("over reden 3"), checked by the poster.
    pub reason: Option<i64>,
    pub source: String,
    pub html: String,
    /// Approved, Pending or Shadow.
    pub status: ReactionStatus,
    pub held_reason: Option<String>,
    pub created_at: i64,
    /// The session whose saved draft this reaction was; the draft is cleared with it.
    pub draft_of: Option<String>,
}

/// The same text from the same account (or guest name) within this window is refused.
pub const DUPLICATE_WINDOW_SECS: i64 = 3600;

/// The short hash of a reaction's text kept beside it for the duplicate check:
/// of the text with its white space collapsed, so a text sent twice with an
/// extra space or line break is still the same text.
pub fn body_hash(source: &str) -> String {
    let collapsed = source.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut hash = crate::security::sha256_hex(&collapsed);
    hash.truncate(16);
    hash
}

/// What `insert` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inserted {
    Id(i64),
    /// The writer posted the same text within the duplicate window.
    Duplicate,
    /// The writer is banned now (the ban landed after the post was checked).
    Banned,
}

/// Inserts a reaction unless its writer (an account, or a guest by name)
/// posted the same text within the duplicate window, or is banned. The same
/// text is the same [`body_hash`]: 64 bits, so two different texts of one
/// writer within the hour practically never collide. The writer's standing is
/// read in the same statement, inside the committing transaction: a ban or
/// shadowban that landed after the post was checked still applies (a ban's
/// "hide earlier reactions" sees everything committed before it, and nothing is
/// stored after it).
pub async fn insert(conn: &mut Conn, r: &NewReaction) -> Result<Inserted> {
    let hash = body_hash(&r.source);
    let since = r.created_at - DUPLICATE_WINDOW_SECS;
    let id = sqlx::query_scalar!(
        r#"INSERT INTO reactions (article_slug, user_id, guest_name, parent_id, root_id, body_source,
                                  body_hash, body_html, status, held_reason, created_at, reason)
           SELECT $1, $2, $3, $4,
                  (SELECT COALESCE(p.root_id, p.id) FROM reactions p WHERE p.id = $4),
                  $5, $6, $7,
                  CASE WHEN $8 IN ('approved', 'pending') AND EXISTS (
                           SELECT 1 FROM users s WHERE s.id = $2 AND s.shadowbanned = 1)
                       THEN 'shadow' ELSE $8 END,
                  $9, $10, $12
           WHERE NOT EXISTS (
                      SELECT 1 FROM reactions d
                      WHERE d.user_id IS NOT DISTINCT FROM $2 AND d.body_hash = $6 AND d.created_at > $11
                        AND d.guest_name IS NOT DISTINCT FROM $3 AND d.status <> 'deleted')
             AND NOT EXISTS (
                      SELECT 1 FROM users b
                      WHERE b.id = $2 AND b.banned_at IS NOT NULL
                        AND (b.banned_until IS NULL OR b.banned_until > $10))
           RETURNING id AS "id!""#,
        r.slug,
        r.user_id,
        r.guest_name,
        r.parent_id,
        r.source,
        hash,
        r.html,
        r.status.as_db(),
        r.held_reason,
        r.created_at,
        since,
        r.reason
    )
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(id) = id {
        notify::published(&mut *conn, id, r.created_at).await?;
        if r.status == ReactionStatus::Pending {
            // The author hears of it by mail too, when they asked for that.
            let held = crate::mail::outbox::Alert::Held;
            crate::mail::outbox::queue_alert(&mut *conn, id, held, r.created_at).await?;
        }
        return Ok(Inserted::Id(id));
    }
    not_inserted(conn, r).await
}

/// Why a reaction the insert skipped was not stored: its writer is banned
/// now, or it is the same text again.
pub(super) async fn not_inserted(conn: &mut Conn, r: &NewReaction) -> Result<Inserted> {
    let banned = match r.user_id {
        Some(user_id) => match users::standing(&mut *conn, user_id).await {
            Ok(standing) => standing.banned_at(r.created_at),
            Err(AppError::NotFound) => false,
            Err(e) => return Err(e),
        },
        None => false,
    };
    Ok(if banned {
        Inserted::Banned
    } else {
        Inserted::Duplicate
    })
}

/// Looks up one reaction by id.
pub async fn find<'e>(db: impl Executor<'e>, id: i64) -> Result<Option<Reaction>> {
    let row = sqlx::query!(
        r#"SELECT id, article_slug, user_id, parent_id, body_source, status AS "status: ReactionStatus",
                  pinned, locked, created_at, pending_body_source
           FROM reactions WHERE id = $1"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Reaction {
        id: r.id,
        article_slug: r.article_slug,
        user_id: r.user_id,
        parent_id: r.parent_id,
        body_source: r.body_source,
        status: r.status,
        pinned: r.pinned != 0,
        locked: r.locked != 0,
        created_at: r.created_at,
        pending_source: r.pending_body_source,
    }))
}

/// Whether this reaction or one above it has its thread locked.
pub async fn thread_locked<'e>(db: impl Executor<'e>, id: i64) -> Result<bool> {
    let locked = sqlx::query_scalar!(
        r#"WITH RECURSIVE up(id, parent_id, locked) AS (
               SELECT id, parent_id, locked FROM reactions WHERE id = $1
               UNION ALL
               SELECT r.id, r.parent_id, r.locked FROM reactions r JOIN up ON r.id = up.parent_id
           )
           SELECT COALESCE(MAX(locked), 0) AS "locked!: i64" FROM up"#,
        id
    )
    .fetch_one(db)
    .await?;
    Ok(locked != 0)
}

/// How many reactions of this account the author has let through.
pub async fn approved_count<'e>(db: impl Executor<'e>, user_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions WHERE user_id = $1 AND status = 'approved'"#,
        user_id
    )
    .fetch_one(db)
    .await?)
}

/// Deletes a reaction's text and its earlier versions; the row stays so replies
/// keep their place.
pub async fn mark_deleted(conn: &mut Conn, id: i64, now: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET status = 'deleted', body_source = '', body_html = '', deleted_at = $1,
                pending_body_source = NULL, pending_body_html = NULL, pending_reason = NULL,
                pending_at = NULL
         WHERE id = $2",
        now,
        id
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!("DELETE FROM reaction_revisions WHERE reaction_id = $1", id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes the text of every reaction of an account (when the account goes).
pub async fn mark_deleted_all_of<'e>(db: impl Executor<'e>, user_id: i64, now: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET status = 'deleted', body_source = '', body_html = '', deleted_at = $1,
                pending_body_source = NULL, pending_body_html = NULL, pending_reason = NULL,
                pending_at = NULL
         WHERE user_id = $2 AND status <> 'deleted'",
        now,
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Sets a reaction's status; a deletion also removes its text. A waiting edit
/// is dropped: whatever the author decided, it was about the reaction as shown.
pub async fn set_status(conn: &mut Conn, id: i64, status: ReactionStatus, now: i64) -> Result<()> {
    if status == ReactionStatus::Deleted {
        return mark_deleted(conn, id, now).await;
    }
    sqlx::query!(
        "UPDATE reactions SET status = $1, pending_body_source = NULL, pending_body_html = NULL,
                pending_reason = NULL, pending_at = NULL
         WHERE id = $2",
        status.as_db(),
        id
    )
    .execute(&mut *conn)
    .await?;
    // Whoever hears of it hears of it once, and only while everyone may see it.
    if status == ReactionStatus::Approved {
        notify::published(conn, id, now).await
    } else {
        notify::withdrawn(conn, id).await
    }
}

/// Holds a reaction for the author, with the reason shown in the queue.
pub async fn hold<'e>(db: impl Executor<'e>, id: i64, reason: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET status = 'pending', held_reason = $1 WHERE id = $2",
        reason,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Hides every visible or waiting reaction of a user; returns how many.
pub async fn hide_all_of<'e>(db: impl Executor<'e>, user_id: i64) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE reactions SET hidden_by_ban = status, status = 'hidden', pending_body_source = NULL,
                pending_body_html = NULL, pending_reason = NULL, pending_at = NULL
         WHERE user_id = $1 AND status IN ('approved', 'pending', 'shadow')",
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Puts back what a ban hid, each reaction as it was before; returns how many.
pub async fn restore_hidden_by_ban<'e>(db: impl Executor<'e>, user_id: i64) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE reactions SET status = hidden_by_ban, hidden_by_ban = NULL
         WHERE user_id = $1 AND status = 'hidden' AND hidden_by_ban IN ('approved', 'pending', 'shadow')",
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// How many reactions of an account a ban hid (and lifting it can put back).
pub async fn count_hidden_by_ban<'e>(db: impl Executor<'e>, user_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions
           WHERE user_id = $1 AND status = 'hidden' AND hidden_by_ban IS NOT NULL"#,
        user_id
    )
    .fetch_one(db)
    .await?)
}

/// Records why the author did not place a reaction (shown to its writer).
pub async fn set_rejection_reason<'e>(
    db: impl Executor<'e>,
    id: i64,
    reason: Option<&str>,
) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET rejection_reason = $1 WHERE id = $2",
        reason,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Pins a reaction to the top of its article, or unpins it.
pub async fn set_pinned<'e>(db: impl Executor<'e>, id: i64, pinned: bool) -> Result<()> {
    let pinned = i64::from(pinned);
    sqlx::query!("UPDATE reactions SET pinned = $1 WHERE id = $2", pinned, id)
        .execute(db)
        .await?;
    Ok(())
}

/// Locks or unlocks the thread below a reaction.
pub async fn set_locked<'e>(db: impl Executor<'e>, id: i64, locked: bool) -> Result<()> {
    let locked = i64::from(locked);
    sqlx::query!("UPDATE reactions SET locked = $1 WHERE id = $2", locked, id)
        .execute(db)
        .await?;
    Ok(())
}
