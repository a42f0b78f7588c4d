//! The `sessions` table: every statement that writes it, and the draft reaction
//! a session keeps across a login.

use crate::sql::Executor;

use super::model::Draft;
use crate::error::Result;

/// A session to store.
#[derive(Debug)]
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    /// Fingerprint of the password hash the session was created under.
    pub password_fp: &'a str,
    pub now: i64,
    pub expires_at: i64,
    pub draft: Option<&'a Draft>,
}

/// Stores a new session.
pub async fn insert<'e>(db: impl Executor<'e>, s: &NewSession<'_>) -> Result<()> {
    let (slug, parent, reason, body) = match s.draft {
        Some(d) => (
            Some(d.slug.as_str()),
            d.parent_id,
            d.reason,
            Some(d.body.as_str()),
        ),
        None => (None, None, None, None),
    };
    sqlx::query!(
        "INSERT INTO sessions (token_hash, user_id, password_fp, created_at, expires_at,
                               draft_slug, draft_parent_id, draft_reason, draft_body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        s.token_hash,
        s.user_id,
        s.password_fp,
        s.now,
        s.expires_at,
        slug,
        parent,
        reason,
        body
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Moves a session's expiry forward (rolling expiry).
pub async fn extend<'e>(db: impl Executor<'e>, token_hash: &str, expires_at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE sessions SET expires_at = $1 WHERE token_hash = $2",
        expires_at,
        token_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete<'e>(db: impl Executor<'e>, token_hash: &str) -> Result<()> {
    sqlx::query!("DELETE FROM sessions WHERE token_hash = $1", token_hash)
        .execute(db)
        .await?;
    Ok(())
}

/// Ends every session of an account; returns how many.
pub async fn delete_all_of<'e>(db: impl Executor<'e>, user_id: i64) -> Result<u64> {
    let done = sqlx::query!("DELETE FROM sessions WHERE user_id = $1", user_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Ends every session of an account but one.
pub async fn delete_others<'e>(db: impl Executor<'e>, user_id: i64, keep: &str) -> Result<()> {
    sqlx::query!(
        "DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2",
        user_id,
        keep
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Removes every expired session; returns how many.
pub async fn purge_expired<'e>(db: impl Executor<'e>, now: i64) -> Result<u64> {
    let done = sqlx::query!("DELETE FROM sessions WHERE expires_at <= $1", now)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Live sessions of an account.
pub async fn count_of<'e>(db: impl Executor<'e>, user_id: i64, now: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM sessions WHERE user_id = $1 AND expires_at > $2"#,
        user_id,
        now
    )
    .fetch_one(db)
    .await?)
}

/// The draft saved with this session for this article, if any.
pub async fn draft<'e>(
    db: impl Executor<'e>,
    token_hash: &str,
    slug: &str,
) -> Result<Option<Draft>> {
    let row = sqlx::query!(
        r#"SELECT draft_slug AS "slug!", draft_parent_id AS parent_id, draft_reason AS reason,
                  draft_body AS "body!"
           FROM sessions
           WHERE token_hash = $1 AND draft_slug = $2 AND draft_body IS NOT NULL"#,
        token_hash,
        slug
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Draft {
        slug: r.slug,
        parent_id: r.parent_id,
        reason: r.reason,
        body: r.body,
    }))
}

/// Forgets the draft once it has been posted (in the posting transaction).
pub async fn clear_draft<'e>(db: impl Executor<'e>, token_hash: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE sessions SET draft_slug = NULL, draft_parent_id = NULL, draft_reason = NULL,
                             draft_body = NULL
         WHERE token_hash = $1 AND draft_body IS NOT NULL",
        token_hash
    )
    .execute(db)
    .await?;
    Ok(())
}

/// `clear_draft` for the sessions of a whole group commit at once: one round
/// trip on PostgreSQL instead of one per reaction.
#[cfg(postgres)]
pub async fn clear_drafts<'e>(db: impl Executor<'e>, token_hashes: &[String]) -> Result<()> {
    sqlx::query!(
        "UPDATE sessions SET draft_slug = NULL, draft_parent_id = NULL, draft_reason = NULL,
                             draft_body = NULL
         WHERE token_hash = ANY($1) AND draft_body IS NOT NULL",
        token_hashes
    )
    .execute(db)
    .await?;
    Ok(())
}
