//! Reads for the readers page: every account with its counts.

use crate::sql::Executor;

use crate::accounts::model::Role;
use crate::error::Result;

/// A reader on the readers page.
#[derive(Debug, Clone)]
pub struct ReaderRow {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub created_at: i64,
    pub trusted: bool,
    pub shadowbanned: bool,
    pub banned_at: Option<i64>,
    pub banned_until: Option<i64>,
    pub ban_reason: Option<String>,
    pub approved: i64,
    pub waiting: i64,
    pub removed: i64,
    /// Reactions a ban hid.
    pub hidden_by_ban: i64,
}

/// Every account with its counts, newest first.
pub async fn readers(db: impl Executor<'_>) -> Result<Vec<ReaderRow>> {
    let rows = sqlx::query!(
        r#"SELECT u.id,
                  CASE WHEN u.display_name IS NOT NULL AND u.display_name <> u.username
                       THEN u.display_name || ' (' || u.username || ')' ELSE u.username END
                      AS "username!: String",
                  u.role AS "role: Role", u.created_at, u.trusted, u.shadowbanned,
                  u.banned_at, u.banned_until, u.ban_reason,
                  COUNT(r.id) FILTER (WHERE r.status = 'approved') AS "approved!: i64",
                  COUNT(r.id) FILTER (WHERE r.status IN ('pending', 'shadow')) AS "waiting!: i64",
                  COUNT(r.id) FILTER (WHERE r.status IN ('rejected', 'spam', 'hidden')) AS "removed!: i64",
                  COUNT(r.id) FILTER (WHERE r.status = 'hidden' AND r.hidden_by_ban IS NOT NULL)
                      AS "hidden_by_ban!: i64"
           FROM users u LEFT JOIN reactions r ON r.user_id = u.id
           WHERE u.deleted_at IS NULL
           GROUP BY u.id ORDER BY u.id DESC"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ReaderRow {
            id: r.id,
            username: r.username,
            role: r.role,
            created_at: r.created_at,
            trusted: r.trusted != 0,
            shadowbanned: r.shadowbanned != 0,
            banned_at: r.banned_at,
            banned_until: r.banned_until,
            ban_reason: r.ban_reason,
            approved: r.approved,
            waiting: r.waiting,
            removed: r.removed,
            hidden_by_ban: r.hidden_by_ban,
        })
        .collect())
}
