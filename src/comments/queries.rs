//! SQL for reactions.

use std::collections::HashMap;

use sqlx::SqlitePool;

use super::tree::Row;
use crate::error::Result;

/// The shown reactions of one article (approved, plus deleted ones that may
/// still hold replies), oldest first, in one query.
pub async fn thread_rows(pool: &SqlitePool, slug: &str) -> Result<Vec<Row>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.parent_id, r.user_id, u.username, u.role, r.body_html, r.status,
                  r.created_at, r.edited_at
           FROM reactions r JOIN users u ON u.id = r.user_id
           WHERE r.article_slug = ? AND r.status IN ('approved', 'deleted')
           ORDER BY r.id"#,
        slug
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Row {
            id: r.id,
            parent_id: r.parent_id,
            user_id: r.user_id,
            username: r.username,
            is_author: r.role == "author",
            body_html: r.body_html,
            deleted: r.status == "deleted",
            created_at: r.created_at,
            edited_at: r.edited_at,
        })
        .collect())
}

/// Approved reactions per article slug.
pub async fn counts(pool: &SqlitePool) -> Result<HashMap<String, i64>> {
    let rows = sqlx::query!(
        r#"SELECT article_slug, COUNT(*) AS "count!: i64"
           FROM reactions WHERE status = 'approved' GROUP BY article_slug"#
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.article_slug, r.count))
        .collect())
}

/// A new, approved reaction; returns its id once committed.
pub async fn insert(
    pool: &SqlitePool,
    slug: &str,
    user_id: i64,
    parent_id: Option<i64>,
    source: &str,
    html: &str,
    now: i64,
) -> Result<i64> {
    let done = sqlx::query!(
        "INSERT INTO reactions (article_slug, user_id, parent_id, body_source, body_html, status, created_at)
         VALUES (?, ?, ?, ?, ?, 'approved', ?)",
        slug,
        user_id,
        parent_id,
        source,
        html,
        now
    )
    .execute(pool)
    .await?;
    Ok(done.last_insert_rowid())
}

/// One reaction, for permission checks and edit forms.
#[derive(Debug, Clone)]
pub struct Reaction {
    pub id: i64,
    pub article_slug: String,
    pub user_id: i64,
    pub body_source: String,
    pub status: String,
    pub created_at: i64,
}

/// Looks up one reaction by id.
pub async fn find(pool: &SqlitePool, id: i64) -> Result<Option<Reaction>> {
    Ok(sqlx::query_as!(
        Reaction,
        "SELECT id, article_slug, user_id, body_source, status, created_at
         FROM reactions WHERE id = ?",
        id
    )
    .fetch_optional(pool)
    .await?)
}

/// Replaces the text of a reaction and marks it edited.
pub async fn update_body(
    pool: &SqlitePool,
    id: i64,
    source: &str,
    html: &str,
    now: i64,
) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET body_source = ?, body_html = ?, edited_at = ? WHERE id = ?",
        source,
        html,
        now,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}

/// Deletes a reaction's text; the row stays so replies keep their place.
pub async fn mark_deleted(pool: &SqlitePool, id: i64, now: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET status = 'deleted', body_source = '', body_html = '', deleted_at = ?
         WHERE id = ?",
        now,
        id
    )
    .execute(pool)
    .await?;
    Ok(())
}
