//! Changing a reaction's text: edits that replace it (keeping the old text in
//! `reaction_revisions`), edits the author's rules hold beside it, and the
//! history's removal.

use crate::sql::{Conn, Executor};

use super::reactions::body_hash;
use crate::error::Result;

/// An edit the author's rules hold: it waits beside the published text.
#[derive(Debug)]
pub struct HeldEdit<'a> {
    pub id: i64,
    pub source: &'a str,
    pub html: &'a str,
    pub reason: &'a str,
    pub now: i64,
}

/// Keeps an edit for the author to approve (replacing one that was waiting);
/// the published text stays until then.
pub async fn hold_edit<'e>(db: impl Executor<'e>, e: &HeldEdit<'_>) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET pending_body_source = $1, pending_body_html = $2, pending_reason = $3,
                pending_at = $4
         WHERE id = $5",
        e.source,
        e.html,
        e.reason,
        e.now,
        e.id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The waiting edit of a reaction: its Markdown and HTML.
pub async fn held_edit<'e>(db: impl Executor<'e>, id: i64) -> Result<Option<(String, String)>> {
    let row = sqlx::query!(
        r#"SELECT pending_body_source AS "source!", pending_body_html AS "html!"
           FROM reactions WHERE id = $1 AND pending_body_source IS NOT NULL
             AND pending_body_html IS NOT NULL"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.source, r.html)))
}

/// Drops a reaction's waiting edit, if any.
pub async fn discard_edit<'e>(db: impl Executor<'e>, id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET pending_body_source = NULL, pending_body_html = NULL,
                pending_reason = NULL, pending_at = NULL
         WHERE id = $1 AND pending_at IS NOT NULL",
        id
    )
    .execute(db)
    .await?;
    Ok(())
}

/// An edit: the new text, who made it and why.
#[derive(Debug, Clone, Copy)]
pub struct Edit<'a> {
    pub id: i64,
    pub old_source: &'a str,
    pub new_source: &'a str,
    pub new_html: &'a str,
    pub edited_by: i64,
    pub note: Option<&'a str>,
    pub now: i64,
}

/// Replaces a reaction's text, keeping the old text in its history; a waiting
/// edit is dropped (this text replaces it).
pub async fn edit(conn: &mut Conn, e: &Edit<'_>) -> Result<()> {
    discard_edit(&mut *conn, e.id).await?;
    sqlx::query!(
        "INSERT INTO reaction_revisions (reaction_id, body_source, edited_by, note, created_at)
         VALUES ($1, $2, $3, $4, $5)",
        e.id,
        e.old_source,
        e.edited_by,
        e.note,
        e.now
    )
    .execute(&mut *conn)
    .await?;
    let hash = body_hash(e.new_source);
    sqlx::query!(
        "UPDATE reactions SET body_source = $1, body_hash = $2, body_html = $3, edited_at = $4 WHERE id = $5",
        e.new_source,
        hash,
        e.new_html,
        e.now,
        e.id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Removes the edit history of every reaction of an account.
pub async fn delete_revisions_of<'e>(db: impl Executor<'e>, user_id: i64) -> Result<()> {
    sqlx::query!(
        "DELETE FROM reaction_revisions
         WHERE reaction_id IN (SELECT id FROM reactions WHERE user_id = $1)",
        user_id
    )
    .execute(db)
    .await?;
    Ok(())
}
