//! The `users` table: every statement that writes it, and the reads accounts
//! need. Other domains change a reader's standing through these functions.

use crate::sql::{Executor, Pool};

use super::model::{Ban, CurrentUser, Role};
use super::username::{self, Username};
use crate::error::{AppError, Result};

/// A user row as needed for logging in.
#[derive(Debug)]
pub struct LoginRow {
    pub id: i64,
    pub password_hash: String,
}

/// Inserts an account, with the name it shows on reactions when that differs
/// from the login name; `Ok(None)` when either name is taken: by key, or by a
/// look-alike (either skeleton) of any account's login or shown name. One
/// statement in a write transaction, so two look-alike names registered at once
/// cannot both get in (on PostgreSQL the write lock makes the check and the
/// insert one step, as SQLite's single writer does).
pub async fn insert(
    pool: &Pool,
    name: &Username,
    shown: Option<&Username>,
    password_hash: &str,
    role: Role,
    now: i64,
) -> Result<Option<i64>> {
    let shown_skeletons = shown.unwrap_or(name);
    let display = shown.map(|s| s.display.as_str());
    let mut tx = crate::db::begin_write(pool).await?;
    let result = sqlx::query!(
        "INSERT INTO users (username, username_key, name_skeleton, name_skeleton_lower,
                            display_name, display_skeleton, display_skeleton_lower,
                            password_hash, role, created_at)
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10
         WHERE NOT EXISTS (
             SELECT 1 FROM users
             WHERE name_skeleton IN ($3, $6) OR name_skeleton_lower IN ($4, $7)
                OR display_skeleton IN ($3, $6) OR display_skeleton_lower IN ($4, $7))
         RETURNING id",
        name.display,
        name.key,
        name.skeletons.written,
        name.skeletons.lower,
        display,
        shown_skeletons.skeletons.written,
        shown_skeletons.skeletons.lower,
        password_hash,
        role.as_db(),
        now
    )
    .fetch_optional(&mut *tx)
    .await;
    match result {
        Ok(Some(row)) => {
            tx.commit().await?;
            Ok(Some(row.id))
        }
        Ok(None) => Ok(None),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Whether an account has this name, as login name or shown name: the same
/// key, or a look-alike.
pub async fn name_taken<'e>(db: impl Executor<'e>, name: &Username) -> Result<bool> {
    let taken = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users
                          WHERE username_key = $1 OR name_skeleton = $2 OR name_skeleton_lower = $3
                             OR display_skeleton = $2 OR display_skeleton_lower = $3)
           AS "taken!: bool""#,
        name.key,
        name.skeletons.written,
        name.skeletons.lower
    )
    .fetch_one(db)
    .await?;
    Ok(taken)
}

/// Sets the name an account shows on reactions (`None`: its login name again);
/// `false` when another account's login or shown name looks like it.
pub async fn set_display_name<'e>(
    db: impl Executor<'e>,
    user_id: i64,
    shown: Option<&Username>,
) -> Result<bool> {
    let display = shown.map(|s| s.display.as_str());
    let written = shown.map(|s| s.skeletons.written.as_str());
    let lower = shown.map(|s| s.skeletons.lower.as_str());
    let done = sqlx::query!(
        "UPDATE users SET display_name = $2, display_skeleton = $3, display_skeleton_lower = $4
         WHERE id = $1 AND (CAST($3 AS TEXT) IS NULL OR NOT EXISTS (
             SELECT 1 FROM users o
             WHERE o.id <> $1
               AND (o.name_skeleton = $3 OR o.name_skeleton_lower = $4
                    OR o.display_skeleton = $3 OR o.display_skeleton_lower = $4)))",
        user_id,
        display,
        written,
        lower
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives author accounts without a shown name the one the articles carry
/// (their `author` field); returns how many. Run at start-up.
pub async fn default_author_display<'e>(db: impl Executor<'e>, shown: &Username) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE users SET display_name = $1, display_skeleton = $2, display_skeleton_lower = $3
         WHERE role = 'author' AND display_name IS NULL AND deleted_at IS NULL",
        shown.display,
        shown.skeletons.written,
        shown.skeletons.lower
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Fills in the skeletons of accounts from before they were stored (SQLite
/// cannot compute them); returns how many. Run at start-up and by the CLI.
pub async fn backfill_skeletons(pool: &Pool) -> Result<u64> {
    let rows = sqlx::query!(
        "SELECT id, username, username_key, deleted_at FROM users WHERE name_skeleton IS NULL"
    )
    .fetch_all(pool)
    .await?;
    let mut filled = 0;
    for row in rows {
        // A deleted account keeps its placeholder key, which no real name matches.
        let (written, lower) = if row.deleted_at.is_some() {
            (row.username_key.clone(), row.username_key)
        } else {
            let s = username::skeletons(&row.username);
            (s.written, s.lower)
        };
        sqlx::query!(
            "UPDATE users SET name_skeleton = $1, name_skeleton_lower = $2 WHERE id = $3",
            written,
            lower,
            row.id
        )
        .execute(pool)
        .await?;
        filled += 1;
    }
    Ok(filled)
}

/// The login names of the author accounts.
pub async fn author_names<'e>(db: impl Executor<'e>) -> Result<Vec<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT username FROM users WHERE role = 'author' AND deleted_at IS NULL ORDER BY id"
    )
    .fetch_all(db)
    .await?)
}

/// Gives an account the author's role.
pub async fn make_author<'e>(db: impl Executor<'e>, user_id: i64) -> Result<()> {
    sqlx::query!("UPDATE users SET role = 'author' WHERE id = $1", user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Whether an author account exists.
pub async fn has_author<'e>(db: impl Executor<'e>) -> Result<bool> {
    let found = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM users WHERE role = 'author' AND deleted_at IS NULL) AS "found!: bool""#
    )
    .fetch_one(db)
    .await?;
    Ok(found)
}

/// The id and hash for a login attempt, looked up by key.
pub async fn login_row<'e>(db: impl Executor<'e>, key: &str) -> Result<Option<LoginRow>> {
    Ok(sqlx::query_as!(
        LoginRow,
        "SELECT id, password_hash FROM users WHERE username_key = $1 AND deleted_at IS NULL",
        key
    )
    .fetch_optional(db)
    .await?)
}

/// The current password hash of an account.
pub async fn password_hash<'e>(db: impl Executor<'e>, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT password_hash FROM users WHERE id = $1 AND deleted_at IS NULL",
        user_id
    )
    .fetch_optional(db)
    .await?)
}

/// An account's login name (empty for an unknown or deleted one).
pub async fn username_of<'e>(db: impl Executor<'e>, user_id: i64) -> Result<String> {
    let name = sqlx::query_scalar!(
        "SELECT username FROM users WHERE id = $1 AND deleted_at IS NULL",
        user_id
    )
    .fetch_optional(db)
    .await?;
    Ok(name.unwrap_or_default())
}

/// Replaces an account's password hash.
pub async fn set_password<'e>(db: impl Executor<'e>, user_id: i64, hash: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET password_hash = $1 WHERE id = $2",
        hash,
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Empties a deleted account's row: it stays as "[verwijderd account]" without
/// name or password, because reactions and the audit log point at it.
pub async fn anonymise<'e>(db: impl Executor<'e>, user_id: i64, now: i64) -> Result<()> {
    let key = format!("[verwijderd:{user_id}]");
    sqlx::query!(
        "UPDATE users SET username = '[verwijderd account]', username_key = $1,
                name_skeleton = $1, name_skeleton_lower = $1, display_name = NULL,
                display_skeleton = NULL, display_skeleton_lower = NULL, password_hash = '!',
                trusted = 0, shadowbanned = 0, banned_at = NULL, banned_until = NULL, ban_reason = NULL,
                deleted_at = $2
         WHERE id = $3",
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
    /// What the session keeps besides the user (see `Session`).
    pub reaction_order: Option<String>,
    pub draft_slug: Option<String>,
    pub unread: i64,
}

/// The live session with this token hash and its user, with what a page needs
/// of the session in the same query: every logged-in request starts here, and
/// each further query is a hop to the database threads and back.
pub async fn by_session<'e>(
    db: impl Executor<'e>,
    token_hash: &str,
    now: i64,
) -> Result<Option<SessionUser>> {
    let row = sqlx::query!(
        r#"SELECT u.id, u.username, COALESCE(u.display_name, u.username) AS "display_name!: String",
                  u.role AS "role: Role", u.created_at, u.trusted, u.shadowbanned,
                  u.banned_at, u.banned_until, u.ban_reason, u.password_hash, s.password_fp, s.expires_at,
                  s.reaction_order, s.draft_slug,
                  (SELECT COUNT(*) FROM (SELECT 1 FROM notifications n
                                         WHERE n.user_id = u.id AND n.read_at IS NULL LIMIT $3) AS capped) AS "unread!: i64"
           FROM sessions s JOIN users u ON u.id = s.user_id
           WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deleted_at IS NULL"#,
        token_hash,
        now,
        crate::conversation::inbox::COUNT_CAP
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| SessionUser {
        user: CurrentUser {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            role: r.role,
            created_at: r.created_at,
            trusted: r.trusted != 0,
            shadowbanned: r.shadowbanned != 0,
            ban: Ban::active(r.banned_at, r.banned_until, r.ban_reason, now),
        },
        password_hash: r.password_hash,
        password_fp: r.password_fp,
        expires_at: r.expires_at,
        reaction_order: r.reaction_order,
        draft_slug: r.draft_slug,
        unread: r.unread,
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
pub async fn standing<'e>(db: impl Executor<'e>, id: i64) -> Result<Standing> {
    let r = sqlx::query!(
        r#"SELECT id, username, role AS "role: Role", trusted, shadowbanned, banned_at, banned_until
           FROM users WHERE id = $1"#,
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
    db: impl Executor<'e>,
    id: i64,
    reason: &str,
    until: Option<i64>,
    now: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET banned_at = $1, banned_until = $2, ban_reason = $3 WHERE id = $4",
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
pub async fn unban<'e>(db: impl Executor<'e>, id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET banned_at = NULL, banned_until = NULL, ban_reason = NULL WHERE id = $1",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Sets or clears the shadowban flag.
pub async fn set_shadowbanned<'e>(db: impl Executor<'e>, id: i64, on: bool) -> Result<()> {
    let on = i64::from(on);
    sqlx::query!("UPDATE users SET shadowbanned = $1 WHERE id = $2", on, id)
        .execute(db)
        .await?;
    Ok(())
}

/// Sets or clears the trusted flag.
pub async fn set_trusted<'e>(db: impl Executor<'e>, id: i64, on: bool) -> Result<()> {
    let on = i64::from(on);
    sqlx::query!("UPDATE users SET trusted = $1 WHERE id = $2", on, id)
        .execute(db)
        .await?;
    Ok(())
}
