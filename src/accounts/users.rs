//! The `users` table: every statement that writes it, and the reads accounts
//! need. Other domains change a reader's standing through these functions.

use sqlx::SqliteExecutor;

use super::model::{Ban, CurrentUser, Role};
use crate::error::{AppError, Result};

/// A user row as needed for logging in.
#[derive(Debug)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
}

/// Inserts an account; `Ok(None)` when the name (by key) is taken.
pub async fn insert<'e>(
    db: impl SqliteExecutor<'e>,
    username: &str,
    key: &str,
    password_hash: &str,
    role: Role,
    now: i64,
) -> Result<Option<i64>> {
    let result = sqlx::query!(
        "INSERT INTO users (username, username_key, password_hash, role, created_at)
         VALUES (?, ?, ?, ?, ?)",
        username,
        key,
        password_hash,
        role,
        now
    )
    .execute(db)
    .await;
    match result {
        Ok(done) => Ok(Some(done.last_insert_rowid())),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether a name with this key exists.
pub async fn key_taken<'e>(db: impl SqliteExecutor<'e>, key: &str) -> Result<bool> {
    let row = sqlx::query!("SELECT id FROM users WHERE username_key = ?", key)
        .fetch_optional(db)
        .await?;
    Ok(row.is_some())
}

/// The id and hash for a login attempt, looked up by key.
pub async fn login_row<'e>(db: impl SqliteExecutor<'e>, key: &str) -> Result<Option<LoginRow>> {
    Ok(sqlx::query_as!(
        LoginRow,
        "SELECT id, password_hash FROM users WHERE username_key = ? AND deleted_at IS NULL",
        key
    )
    .fetch_optional(db)
    .await?)
}

/// The author accounts' names, for the look-alike check at registration.
pub async fn author_names<'e>(db: impl SqliteExecutor<'e>) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar!("SELECT username FROM users WHERE role = 'author'")
            .fetch_all(db)
            .await?,
    )
}

/// The current password hash of an account.
pub async fn password_hash<'e>(
    db: impl SqliteExecutor<'e>,
    user_id: i64,
) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT password_hash FROM users WHERE id = ? AND deleted_at IS NULL",
        user_id
    )
    .fetch_optional(db)
    .await?)
}

/// Replaces an account's password hash.
pub async fn set_password<'e>(db: impl SqliteExecutor<'e>, user_id: i64, hash: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET password_hash = ? WHERE id = ?",
        hash,
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Empties a deleted account's row: it stays as "[verwijderd account]" without
/// name or password, because reactions and the audit log point at it.
pub async fn anonymise<'e>(db: impl SqliteExecutor<'e>, user_id: i64, now: i64) -> Result<()> {
    let key = format!("[verwijderd:{user_id}]");
    sqlx::query!(
        "UPDATE users SET username = '[verwijderd account]', username_key = ?, password_hash = '!',
                trusted = 0, shadowbanned = 0, banned_at = NULL, banned_until = NULL, ban_reason = NULL,
                deleted_at = ?
         WHERE id = ?",
        key,
        now,
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A user as the session layer loads it, with the hash the session must match.
#[derive(Debug)]
pub struct SessionUser {
    pub user: CurrentUser,
    pub password_hash: String,
    pub password_fp: String,
    pub expires_at: i64,
}

/// The live session with this token hash and its user.
pub async fn by_session<'e>(
    db: impl SqliteExecutor<'e>,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionUser>> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.username, u.role AS "role: Role", u.created_at, u.trusted, u.shadowbanned,
                  u.banned_at, u.banned_until, u.ban_reason, u.password_hash, s.password_fp, s.expires_at
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = ? AND s.expires_at > ? AND u.deleted_at IS NULL"#,
        token_hash,
        now
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| SessionUser {
        user: CurrentUser {
            id: r.id,
            username: r.username,
            role: r.role,
            created_at: r.created_at,
            trusted: r.trusted != 0,
            shadowbanned: r.shadowbanned != 0,
            ban: Ban::active(r.banned_at, r.banned_until, r.ban_reason, now),
        },
        password_hash: r.password_hash,
        password_fp: r.password_fp,
        expires_at: r.expires_at,
    }))
}

/// A reader's standing, for the author's actions on them.
#[derive(Debug, Clone)]
pub struct Standing {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub trusted: bool,
    pub shadowbanned: bool,
    pub banned_at: Option<i64>,
    pub banned_until: Option<i64>,
}

impl Standing {
    /// Whether a ban is in force at `now`.
    pub fn banned_at(&self, now: i64) -> bool {
        self.banned_at.is_some() && self.banned_until.is_none_or(|until| until > now)
    }
}

/// Loads a user's standing (inside the action's transaction).
pub async fn standing<'e>(db: impl SqliteExecutor<'e>, id: i64) -> Result<Standing> {
    let r = sqlx::query!(
        r#"SELECT id, username, role AS "role: Role", trusted, shadowbanned, banned_at, banned_until
           FROM users WHERE id = ?"#,
        id
    )
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Standing {
        id: r.id,
        username: r.username,
        role: r.role,
        trusted: r.trusted != 0,
        shadowbanned: r.shadowbanned != 0,
        banned_at: r.banned_at,
        banned_until: r.banned_until,
    })
}

/// Bans a user.
pub async fn ban<'e>(
    db: impl SqliteExecutor<'e>,
    id: i64,
    reason: &str,
    until: Option<i64>,
    now: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET banned_at = ?, banned_until = ?, ban_reason = ? WHERE id = ?",
        now,
        until,
        reason,
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Lifts a ban.
pub async fn unban<'e>(db: impl SqliteExecutor<'e>, id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET banned_at = NULL, banned_until = NULL, ban_reason = NULL WHERE id = ?",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Sets or clears the shadowban flag.
pub async fn set_shadowbanned<'e>(db: impl SqliteExecutor<'e>, id: i64, on: bool) -> Result<()> {
    let on = i64::from(on);
    sqlx::query!("UPDATE users SET shadowbanned = ? WHERE id = ?", on, id)
        .execute(db)
        .await?;
    Ok(())
}

/// Sets or clears the trusted flag.
pub async fn set_trusted<'e>(db: impl SqliteExecutor<'e>, id: i64, on: bool) -> Result<()> {
    let on = i64::from(on);
    sqlx::query!("UPDATE users SET trusted = ? WHERE id = ?", on, id)
        .execute(db)
        .await?;
    Ok(())
}
