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
        "SELECT id, password_hash FROM users WHERE username_key = ? AND deleted_at IS NULL",
        key
    )
    .fetch_optional(pool)
    .await?)
}

/// A session to store.
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
pub async fn insert_session(pool: &SqlitePool, s: &NewSession<'_>) -> Result<()> {
    let (slug, parent, body) = match s.draft {
        Some(d) => (Some(d.slug.as_str()), d.parent_id, Some(d.body.as_str())),
        None => (None, None, None),
    };
    sqlx::query!(
        "INSERT INTO sessions (token_hash, user_id, password_fp, created_at, expires_at,
                               draft_slug, draft_parent_id, draft_body)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        s.token_hash,
        s.user_id,
        s.password_fp,
        s.now,
        s.expires_at,
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
                u.banned_at, u.banned_until, u.ban_reason, u.password_hash, s.password_fp, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = ? AND s.expires_at > ? AND u.deleted_at IS NULL",
        token_hash,
        now
    )
    .fetch_optional(pool)
    .await?;
    // A session belongs to the password it was made under: a changed password ends it.
    let row =
        row.filter(|r| super::session::password_fingerprint(&r.password_hash) == r.password_fp);
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

/// The current password hash of an account.
pub async fn password_hash(pool: &SqlitePool, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT password_hash FROM users WHERE id = ? AND deleted_at IS NULL",
        user_id
    )
    .fetch_optional(pool)
    .await?)
}

/// Replaces an account's password hash.
pub async fn set_password(pool: &SqlitePool, user_id: i64, hash: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET password_hash = ? WHERE id = ?",
        hash,
        user_id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Live sessions of an account.
pub async fn session_count(pool: &SqlitePool, user_id: i64, now: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM sessions WHERE user_id = ? AND expires_at > ?"#,
        user_id,
        now
    )
    .fetch_one(pool)
    .await?)
}

/// Ends every session of an account.
pub async fn delete_sessions_of(pool: &SqlitePool, user_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM sessions WHERE user_id = ?", user_id)
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every session of an account but one.
pub async fn delete_other_sessions(pool: &SqlitePool, user_id: i64, keep: &str) -> Result<()> {
    sqlx::query!(
        "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?",
        user_id,
        keep
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// A reaction in a data export.
#[derive(Debug, serde::Serialize)]
pub struct ExportReaction {
    pub id: i64,
    pub artikel: String,
    pub antwoord_op: Option<i64>,
    pub tekst: String,
    pub status: String,
    #[serde(serialize_with = "as_iso")]
    pub geplaatst: i64,
    #[serde(serialize_with = "as_iso_opt")]
    pub bewerkt: Option<i64>,
}

fn as_iso<S: serde::Serializer>(seconds: &i64, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&crate::dates::iso(crate::dates::from_unix(*seconds)))
}

fn as_iso_opt<S: serde::Serializer>(
    seconds: &Option<i64>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match seconds {
        Some(seconds) => as_iso(seconds, s),
        None => s.serialize_none(),
    }
}

/// All reactions of an account.
pub async fn export_reactions(pool: &SqlitePool, user_id: i64) -> Result<Vec<ExportReaction>> {
    Ok(sqlx::query_as!(
        ExportReaction,
        r#"SELECT id, article_slug AS artikel, parent_id AS antwoord_op, body_source AS tekst, status,
                  created_at AS geplaatst, edited_at AS bewerkt
           FROM reactions WHERE user_id = ? ORDER BY id"#,
        user_id
    )
    .fetch_all(pool)
    .await?)
}

/// A report in a data export.
#[derive(Debug, serde::Serialize)]
pub struct ExportReport {
    pub reactie: i64,
    pub reden: String,
    #[serde(serialize_with = "as_iso")]
    pub gemeld: i64,
}

/// All reports an account made.
pub async fn export_reports(pool: &SqlitePool, user_id: i64) -> Result<Vec<ExportReport>> {
    Ok(sqlx::query_as!(
        ExportReport,
        r#"SELECT reaction_id AS reactie, reason AS reden, created_at AS gemeld
           FROM reports WHERE user_id = ? ORDER BY id"#,
        user_id
    )
    .fetch_all(pool)
    .await?)
}

/// A session in a data export (never its token).
#[derive(Debug, serde::Serialize)]
pub struct ExportSession {
    #[serde(serialize_with = "as_iso")]
    pub begonnen: i64,
    #[serde(serialize_with = "as_iso")]
    pub verloopt: i64,
}

/// All sessions of an account.
pub async fn export_sessions(pool: &SqlitePool, user_id: i64) -> Result<Vec<ExportSession>> {
    Ok(sqlx::query_as!(
        ExportSession,
        r#"SELECT created_at AS begonnen, expires_at AS verloopt FROM sessions WHERE user_id = ? ORDER BY created_at"#,
        user_id
    )
    .fetch_all(pool)
    .await?)
}

/// Deletes an account in one transaction. The row stays as "[verwijderd account]"
/// without name or password, because reactions and the audit log point at it;
/// `keep_reactions` decides whether its reactions stay under that name or go.
pub async fn delete_account(
    pool: &SqlitePool,
    user_id: i64,
    keep_reactions: bool,
    now: i64,
) -> Result<()> {
    let mut tx = pool.begin().await?;
    if !keep_reactions {
        sqlx::query!(
            "UPDATE reactions SET status = 'deleted', body_source = '', body_html = '', deleted_at = ?
             WHERE user_id = ? AND status <> 'deleted'",
            now,
            user_id
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            "DELETE FROM reaction_revisions
             WHERE reaction_id IN (SELECT id FROM reactions WHERE user_id = ?)",
            user_id
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!("DELETE FROM reports WHERE user_id = ?", user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("DELETE FROM sessions WHERE user_id = ?", user_id)
        .execute(&mut *tx)
        .await?;
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
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
