//! The `reports` table: readers' reports and the author resolving them.

use crate::sql::Executor;

use crate::error::Result;

/// Records a report; `false` when this reader already reported this reaction.
pub async fn insert_report(
    db: impl Executor<'_>,
    reaction_id: i64,
    user_id: i64,
    reason: &str,
    now: i64,
) -> Result<bool> {
    // A second report by the same reader is no error: an error would end the
    // whole transaction on PostgreSQL.
    let done = sqlx::query!(
        "INSERT INTO reports (reaction_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (reaction_id, user_id) DO NOTHING",
        reaction_id,
        user_id,
        reason,
        now
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Distinct readers with an open report on this reaction.
pub async fn open_report_count(db: impl Executor<'_>, reaction_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reports WHERE reaction_id = $1 AND resolved_at IS NULL"#,
        reaction_id
    )
    .fetch_one(db)
    .await?)
}

/// Distinct readers with standing who have an open report on this reaction:
/// not shadowbanned, not banned at `now`, and the author, a trusted reader, or
/// an account created at or before `old_enough` with at least one approved
/// reaction. Only these reports count towards taking a reaction down; the
/// others are kept for the author to read.
pub async fn weighty_report_count(
    db: impl Executor<'_>,
    reaction_id: i64,
    old_enough: i64,
    now: i64,
) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64"
           FROM reports p JOIN users u ON u.id = p.user_id
           WHERE p.reaction_id = $1 AND p.resolved_at IS NULL
             AND u.deleted_at IS NULL AND u.shadowbanned = 0
             AND (u.banned_at IS NULL OR (u.banned_until IS NOT NULL AND u.banned_until <= $3))
             AND (u.role = 'author' OR u.trusted = 1
                  OR (u.created_at <= $2 AND EXISTS (
                      SELECT 1 FROM reactions a WHERE a.user_id = u.id AND a.status = 'approved')))"#,
        reaction_id,
        old_enough,
        now
    )
    .fetch_one(db)
    .await?)
}

/// Marks a reaction's open reports as dealt with.
pub async fn resolve_reports(db: impl Executor<'_>, reaction_id: i64, now: i64) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE reports SET resolved_at = $1 WHERE reaction_id = $2 AND resolved_at IS NULL",
        now,
        reaction_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// Whether this reader already reported this reaction.
pub async fn has_reported(db: impl Executor<'_>, reaction_id: i64, user_id: i64) -> Result<bool> {
    let found = sqlx::query_scalar!(
        "SELECT id FROM reports WHERE reaction_id = $1 AND user_id = $2",
        reaction_id,
        user_id
    )
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Removes every report an account made (when the account goes).
pub async fn delete_by(db: impl Executor<'_>, user_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM reports WHERE user_id = $1", user_id)
        .execute(db)
        .await?;
    Ok(())
}
