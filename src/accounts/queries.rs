//! SQL for users and sessions.

use sqlx::SqlitePool;

use super::{Ban, CurrentUser, Role};
use crate::error::Result;

/// A user row as needed for logging in.
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
}

/// Inserts a reader; `Ok(None)` when the name (by key) is taken.
pub async fn insert_user(
    pool: &SqlitePool,
    username: &str,
    key: &str,
    password_hash: &str,
    now: i64,
) -> Result<Option<i64>> {
    let result = sqlx::query!(
        "INSERT INTO users (username, username_key, password_hash, role, created_at)
         VALUES (?, ?, ?, 'reader', ?)",
        username,
        key,
        password_hash,
        now
    )
    .execute(pool)
    .await;
    match result {
        Ok(done) => Ok(Some(done.last_insert_rowid())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether a name with this key exists.
pub async fn key_taken(pool: &SqlitePool, key: &str) -> Result<bool> {
    let row = sqlx::query!("SELECT id FROM users WHERE username_key = ?", key)
        .fetch_optional(pool)
        .await?;
    Ok(row.is_some())
}

/// The id and hash for a login attempt, looked up by key.
pub async fn login_row(pool: &SqlitePool, key: &str) -> Result<Option<LoginRow>> {
    Ok(sqlx::query_as!(
        LoginRow,
        "SELECT id, password_hash FROM users WHERE username_key = ?",
        key
    )
    .fetch_optional(pool)
    .await?)
}

/// Stores a new session.
pub async fn insert_session(
    pool: &SqlitePool,
    token_hash: &str,
    user_id: i64,
    now: i64,
    expires_at: i64,
    draft: Option<&Draft>,
) -> Result<()> {
    let (slug, parent, body) = match draft {
        Some(d) => (Some(d.slug.as_str()), d.parent_id, Some(d.body.as_str())),
        None => (None, None, None),
    };
    sqlx::query!(
        "INSERT INTO sessions (token_hash, user_id, created_at, expires_at,
                               draft_slug, draft_parent_id, draft_body)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        token_hash,
        user_id,
        now,
        expires_at,
        slug,
        parent,
        body
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A live session and its user.
pub struct SessionRow {
    pub user: CurrentUser,
    pub expires_at: i64,
}

/// Looks up a session that has not expired.
pub async fn find_session(
    pool: &SqlitePool,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionRow>> {
    let row = sqlx::query!(
        "SELECT u.id, u.username, u.role, u.created_at, u.trusted, u.shadowbanned,
                u.banned_at, u.banned_until, u.ban_reason, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ?",
        token_hash,
        now
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| SessionRow {
        user: CurrentUser {
            id: r.id,
            username: r.username,
            role: Role::from_db(&r.role),
            created_at: r.created_at,
            trusted: r.trusted != 0,
            shadowbanned: r.shadowbanned != 0,
            ban: Ban::active(r.banned_at, r.banned_until, r.ban_reason, now),
            waiting: 0,
        },
        expires_at: r.expires_at,
    }))
}

/// Moves a session's expiry forward (rolling expiry).
pub async fn extend_session(pool: &SqlitePool, token_hash: &str, expires_at: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
        expires_at,
        token_hash
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Ends one session.
pub async fn delete_session(pool: &SqlitePool, token_hash: &str) -> Result<()> {
    sqlx::query!("DELETE FROM sessions WHERE token_hash = ?", token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Removes every expired session; returns how many.
pub async fn purge_expired_sessions(pool: &SqlitePool, now: i64) -> Result<u64> {
    let done = sqlx::query!("DELETE FROM sessions WHERE expires_at <= ?", now)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// A reaction typed before logging in, kept with the session until it is posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub slug: String,
    pub parent_id: Option<i64>,
    pub body: String,
}

/// The draft saved with this session for this article, if any.
pub async fn session_draft(
    pool: &SqlitePool,
    token_hash: &str,
    slug: &str,
) -> Result<Option<Draft>> {
    let row = sqlx::query!(
        r#"SELECT draft_slug AS "slug!", draft_parent_id AS parent_id, draft_body AS "body!"
           FROM sessions
           WHERE token_hash = ? AND draft_slug = ? AND draft_body IS NOT NULL"#,
        token_hash,
        slug
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| Draft {
        slug: r.slug,
        parent_id: r.parent_id,
        body: r.body,
    }))
}

/// Forgets the draft once it has been posted.
pub async fn clear_draft(pool: &SqlitePool, token_hash: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE sessions SET draft_slug = NULL, draft_parent_id = NULL, draft_body = NULL
         WHERE token_hash = ?",
        token_hash
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// The author accounts' names, for the look-alike check at registration.
pub async fn author_names(pool: &SqlitePool) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar!("SELECT username FROM users WHERE role = 'author'")
            .fetch_all(pool)
            .await?,
    )
}
