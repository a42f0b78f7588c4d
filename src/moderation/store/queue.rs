//! Reads for the queue: held reactions, and reactions with open reports.

use crate::sql::Executor;

use crate::comments::model::ReactionStatus;
use crate::error::Result;

/// Items in the queue: held reactions, held edits, and reactions with open reports.
pub async fn waiting_count(db: impl Executor<'_>) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions r
           WHERE r.status = 'pending' OR r.pending_at IS NOT NULL
              OR (r.status IN ('approved', 'hidden', 'shadow') AND EXISTS
                  (SELECT 1 FROM reports p WHERE p.reaction_id = r.id AND p.resolved_at IS NULL))"#
    )
    .fetch_one(db)
    .await?)
}

/// One item in the moderation queue.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub id: i64,
    pub article_slug: String,
    pub parent_id: Option<i64>,
    pub parent_writer: Option<String>,
    pub parent_html: Option<String>,
    pub user_id: Option<i64>,
    pub writer: String,
    pub is_guest: bool,
    pub account_created_at: Option<i64>,
    pub approved_count: i64,
    pub body_html: String,
    pub status: ReactionStatus,
    pub held_reason: Option<String>,
    pub created_at: i64,
    /// A held edit of a published reaction: its HTML and why it was held.
    pub edit: Option<(String, String)>,
}

/// The queue, newest first.
pub async fn queue(db: impl Executor<'_>) -> Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.article_slug, r.parent_id, r.user_id, r.guest_name, r.body_html,
                  r.status AS "status: ReactionStatus", r.held_reason, r.created_at,
                  r.pending_body_html, r.pending_reason,
                                    CASE WHEN u.display_name IS NOT NULL AND u.display_name <> u.username
                       THEN u.display_name || ' (' || u.username || ')' ELSE u.username END
                      AS "username?: String",
                  u.created_at AS "account_created_at?",
                  (SELECT COUNT(*) FROM reactions a WHERE a.user_id = r.user_id AND a.status = 'approved')
                      AS "approved_count!: i64",
                  pr.body_html AS "parent_html?", pr.status AS "parent_status?: ReactionStatus",
                                    COALESCE(pu.display_name, pu.username, pr.guest_name) AS "parent_writer?: String"
           FROM reactions r
           LEFT JOIN users u ON u.id = r.user_id
           LEFT JOIN reactions pr ON pr.id = r.parent_id
           LEFT JOIN users pu ON pu.id = pr.user_id
           WHERE r.status = 'pending' OR r.pending_at IS NOT NULL
              OR (r.status IN ('approved', 'hidden', 'shadow') AND EXISTS
                  (SELECT 1 FROM reports p WHERE p.reaction_id = r.id AND p.resolved_at IS NULL))
           ORDER BY r.id DESC"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueRow {
            id: r.id,
            article_slug: r.article_slug,
            parent_id: r.parent_id,
            parent_writer: r.parent_writer,
            parent_html: r
                .parent_html
                .filter(|_| r.parent_status != Some(ReactionStatus::Deleted)),
            user_id: r.user_id,
            is_guest: r.user_id.is_none(),
            writer: r.username.or(r.guest_name).unwrap_or_default(),
            account_created_at: r.account_created_at,
            approved_count: r.approved_count,
            body_html: r.body_html,
            status: r.status,
            held_reason: r.held_reason,
            created_at: r.created_at,
            edit: r
                .pending_body_html
                .map(|html| (html, r.pending_reason.unwrap_or_default())),
        })
        .collect())
}

/// An open report, for the queue.
#[derive(Debug, Clone)]
pub struct OpenReport {
    pub reaction_id: i64,
    pub reporter: String,
    pub reason: String,
}

/// All open reports.
pub async fn open_reports(db: impl Executor<'_>) -> Result<Vec<OpenReport>> {
    Ok(sqlx::query_as!(
        OpenReport,
        "SELECT p.reaction_id, u.username AS reporter, p.reason
         FROM reports p JOIN users u ON u.id = p.user_id
         WHERE p.resolved_at IS NULL ORDER BY p.id"
    )
    .fetch_all(db)
    .await?)
}

/// The name shown for a reaction's writer (account or guest).
pub async fn writer_name(db: impl Executor<'_>, reaction_id: i64) -> Result<String> {
    let name = sqlx::query_scalar!(
        r#"SELECT COALESCE(u.display_name, u.username, r.guest_name) AS "name?: String"
           FROM reactions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = $1"#,
        reaction_id
    )
    .fetch_optional(db)
    .await?;
    Ok(name.flatten().unwrap_or_default())
}
