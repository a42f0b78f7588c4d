//! The `audit_log` table: appended to by every moderation action, never deleted
//! from by the application.

use crate::sql::Executor;

use crate::error::Result;

/// One entry for the audit log.
#[derive(Debug, Default)]
pub struct AuditEntry<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub reaction_id: Option<i64>,
    pub user_id: Option<i64>,
    pub detail: Option<&'a str>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

/// Appends to the audit log, its details marked as written in the current
/// language.
pub async fn audit(db: impl Executor<'_>, e: &AuditEntry<'_>, now: i64) -> Result<()> {
    let lang = crate::i18n::current().code();
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, action, reaction_id, user_id, detail, before, after, created_at, lang)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        e.actor_id,
        e.action,
        e.reaction_id,
        e.user_id,
        e.detail,
        e.before,
        e.after,
        now,
        lang
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Removes a reaction's text from the log (its before/after), keeping the entry.
pub async fn redact_reaction(db: impl Executor<'_>, reaction_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE audit_log SET before = NULL, after = NULL
         WHERE reaction_id = $1 AND (before IS NOT NULL OR after IS NOT NULL)",
        reaction_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Removes the text of a deleted account's reactions from the log, keeping the
/// entries (who did what, when).
pub async fn redact_user(db: impl Executor<'_>, user_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE audit_log SET before = NULL, after = NULL
         WHERE (user_id = $1 OR reaction_id IN (SELECT id FROM reactions WHERE user_id = $1))
           AND (before IS NOT NULL OR after IS NOT NULL)",
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// An audit log line for the log page.
#[derive(Debug, Clone)]
pub struct AuditRow {
    pub id: i64,
    pub actor: Option<String>,
    pub action: String,
    pub reaction_id: Option<i64>,
    pub article_slug: Option<String>,
    pub target_user: Option<String>,
    pub detail: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub created_at: i64,
    /// The language `detail`, `before` and `after` were written in.
    pub lang: String,
}

/// The audit log, newest first.
pub async fn audit_log(db: impl Executor<'_>, limit: i64) -> Result<Vec<AuditRow>> {
    Ok(sqlx::query_as!(
        AuditRow,
        r#"SELECT l.id, a.username AS "actor?", l.action, l.reaction_id, r.article_slug AS "article_slug?",
                  t.username AS "target_user?", l.detail, l.before, l.after, l.created_at, l.lang
           FROM audit_log l
           LEFT JOIN users a ON a.id = l.actor_id
           LEFT JOIN users t ON t.id = l.user_id
           LEFT JOIN reactions r ON r.id = l.reaction_id
           ORDER BY l.id DESC LIMIT $1"#,
        limit
    )
    .fetch_all(db)
    .await?)
}
