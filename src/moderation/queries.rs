//! SQL for the policy, the queue, readers' standing, reports and the audit log.

use sqlx::{SqliteConnection, SqlitePool};

use super::policy::{Premoderation, Settings};
use crate::error::{AppError, Result};

/// The author's settings.
pub async fn settings(pool: &SqlitePool) -> Result<Settings> {
    let r = sqlx::query!(
        "SELECT premoderation, guests_allowed, hold_min_links, hold_account_hours, hold_words,
                block_words, auto_close_days, report_threshold, feed_token
         FROM settings WHERE id = 1"
    )
    .fetch_one(pool)
    .await?;
    Ok(Settings {
        premoderation: Premoderation::from_db(&r.premoderation),
        guests_allowed: r.guests_allowed != 0,
        hold_min_links: r.hold_min_links,
        hold_account_hours: r.hold_account_hours,
        hold_words: r.hold_words,
        block_words: r.block_words,
        auto_close_days: r.auto_close_days,
        report_threshold: r.report_threshold,
        feed_token: r.feed_token,
    })
}

/// Stores the settings (all but the feed token).
pub async fn save_settings(conn: &mut SqliteConnection, s: &Settings) -> Result<()> {
    let premoderation = s.premoderation.as_db();
    let guests = i64::from(s.guests_allowed);
    sqlx::query!(
        "UPDATE settings SET premoderation = ?, guests_allowed = ?, hold_min_links = ?,
                hold_account_hours = ?, hold_words = ?, block_words = ?, auto_close_days = ?,
                report_threshold = ?
         WHERE id = 1",
        premoderation,
        guests,
        s.hold_min_links,
        s.hold_account_hours,
        s.hold_words,
        s.block_words,
        s.auto_close_days,
        s.report_threshold
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces the feed token.
pub async fn set_feed_token(conn: &mut SqliteConnection, token: &str) -> Result<()> {
    sqlx::query!("UPDATE settings SET feed_token = ? WHERE id = 1", token)
        .execute(conn)
        .await?;
    Ok(())
}

/// Slugs of the articles the author closed by hand.
pub async fn closed_articles(pool: &SqlitePool) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar!(r#"SELECT slug AS "slug!" FROM article_settings WHERE closed = 1"#)
            .fetch_all(pool)
            .await?,
    )
}

/// Opens or closes an article's reactions.
pub async fn set_article_closed(
    conn: &mut SqliteConnection,
    slug: &str,
    closed: bool,
) -> Result<()> {
    let closed = i64::from(closed);
    sqlx::query!(
        "INSERT INTO article_settings (slug, closed) VALUES (?, ?)
         ON CONFLICT (slug) DO UPDATE SET closed = excluded.closed",
        slug,
        closed
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// How many reactions of this account the author has let through.
pub async fn approved_count(pool: &SqlitePool, user_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions WHERE user_id = ? AND status = 'approved'"#,
        user_id
    )
    .fetch_one(pool)
    .await?)
}

/// Items in the queue: held reactions plus reactions with open reports.
pub async fn waiting_count(pool: &SqlitePool) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reactions r
           WHERE r.status = 'pending'
              OR (r.status IN ('approved', 'hidden', 'shadow') AND EXISTS
                  (SELECT 1 FROM reports p WHERE p.reaction_id = r.id AND p.resolved_at IS NULL))"#
    )
    .fetch_one(pool)
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
    pub status: String,
    pub held_reason: Option<String>,
    pub created_at: i64,
}

/// The queue, newest first.
pub async fn queue(pool: &SqlitePool) -> Result<Vec<QueueRow>> {
    let rows = sqlx::query!(
        r#"SELECT r.id, r.article_slug, r.parent_id, r.user_id, r.guest_name, r.body_html,
                  r.status, r.held_reason, r.created_at,
                  u.username AS "username?", u.created_at AS "account_created_at?",
                  (SELECT COUNT(*) FROM reactions a WHERE a.user_id = r.user_id AND a.status = 'approved')
                      AS "approved_count!: i64",
                  pr.body_html AS "parent_html?", pr.status AS "parent_status?",
                  COALESCE(pu.username, pr.guest_name) AS "parent_writer?: String"
           FROM reactions r
           LEFT JOIN users u ON u.id = r.user_id
           LEFT JOIN reactions pr ON pr.id = r.parent_id
           LEFT JOIN users pu ON pu.id = pr.user_id
           WHERE r.status = 'pending'
              OR (r.status IN ('approved', 'hidden', 'shadow') AND EXISTS
                  (SELECT 1 FROM reports p WHERE p.reaction_id = r.id AND p.resolved_at IS NULL))
           ORDER BY r.id DESC"#
    )
    .fetch_all(pool)
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
                .filter(|_| r.parent_status.as_deref() != Some("deleted")),
            user_id: r.user_id,
            is_guest: r.user_id.is_none(),
            writer: r.username.or(r.guest_name).unwrap_or_default(),
            account_created_at: r.account_created_at,
            approved_count: r.approved_count,
            body_html: r.body_html,
            status: r.status,
            held_reason: r.held_reason,
            created_at: r.created_at,
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
pub async fn open_reports(pool: &SqlitePool) -> Result<Vec<OpenReport>> {
    Ok(sqlx::query_as!(
        OpenReport,
        "SELECT p.reaction_id, u.username AS reporter, p.reason
         FROM reports p JOIN users u ON u.id = p.user_id
         WHERE p.resolved_at IS NULL ORDER BY p.id"
    )
    .fetch_all(pool)
    .await?)
}

/// A reaction as moderation actions see it.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: i64,
    pub article_slug: String,
    pub user_id: Option<i64>,
    pub body_source: String,
    pub status: String,
    pub pinned: bool,
    pub locked: bool,
}

/// Loads a reaction inside a transaction.
pub async fn target(conn: &mut SqliteConnection, id: i64) -> Result<Target> {
    let r = sqlx::query!(
        "SELECT id, article_slug, user_id, body_source, status, pinned, locked FROM reactions WHERE id = ?",
        id
    )
    .fetch_optional(conn)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Target {
        id: r.id,
        article_slug: r.article_slug,
        user_id: r.user_id,
        body_source: r.body_source,
        status: r.status,
        pinned: r.pinned != 0,
        locked: r.locked != 0,
    })
}

/// Sets a reaction's status; a deletion also removes its text.
pub async fn set_status(
    conn: &mut SqliteConnection,
    id: i64,
    status: &str,
    now: i64,
) -> Result<()> {
    if status == "deleted" {
        sqlx::query!(
            "UPDATE reactions SET status = 'deleted', body_source = '', body_html = '', deleted_at = ?
             WHERE id = ?",
            now,
            id
        )
        .execute(conn)
        .await?;
    } else {
        sqlx::query!("UPDATE reactions SET status = ? WHERE id = ?", status, id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

/// Pins a reaction to the top of its article, or unpins it.
pub async fn set_pinned(conn: &mut SqliteConnection, id: i64, pinned: bool) -> Result<()> {
    let pinned = i64::from(pinned);
    sqlx::query!("UPDATE reactions SET pinned = ? WHERE id = ?", pinned, id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Locks or unlocks the thread below a reaction.
pub async fn set_locked(conn: &mut SqliteConnection, id: i64, locked: bool) -> Result<()> {
    let locked = i64::from(locked);
    sqlx::query!("UPDATE reactions SET locked = ? WHERE id = ?", locked, id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a reaction's open reports as dealt with.
pub async fn resolve_reports(
    conn: &mut SqliteConnection,
    reaction_id: i64,
    now: i64,
) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE reports SET resolved_at = ? WHERE reaction_id = ? AND resolved_at IS NULL",
        now,
        reaction_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Keeps the current text in the reaction's history before an edit.
pub async fn save_revision(
    conn: &mut SqliteConnection,
    reaction_id: i64,
    old_source: &str,
    edited_by: i64,
    note: Option<&str>,
    now: i64,
) -> Result<()> {
    sqlx::query!(
        "INSERT INTO reaction_revisions (reaction_id, body_source, edited_by, note, created_at)
         VALUES (?, ?, ?, ?, ?)",
        reaction_id,
        old_source,
        edited_by,
        note,
        now
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces a reaction's text.
pub async fn set_body(
    conn: &mut SqliteConnection,
    id: i64,
    source: &str,
    html: &str,
    now: i64,
) -> Result<()> {
    let hash = crate::comments::writer::body_hash(source);
    sqlx::query!(
        "UPDATE reactions SET body_source = ?, body_hash = ?, body_html = ?, edited_at = ? WHERE id = ?",
        source,
        hash,
        html,
        now,
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

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

/// Appends to the audit log.
pub async fn audit(conn: &mut SqliteConnection, e: &AuditEntry<'_>, now: i64) -> Result<()> {
    sqlx::query!(
        "INSERT INTO audit_log (actor_id, action, reaction_id, user_id, detail, before, after, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        e.actor_id,
        e.action,
        e.reaction_id,
        e.user_id,
        e.detail,
        e.before,
        e.after,
        now
    )
    .execute(conn)
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
}

/// The audit log, newest first.
pub async fn audit_log(pool: &SqlitePool, limit: i64) -> Result<Vec<AuditRow>> {
    Ok(sqlx::query_as!(
        AuditRow,
        r#"SELECT l.id, a.username AS "actor?", l.action, l.reaction_id, r.article_slug AS "article_slug?",
                  t.username AS "target_user?", l.detail, l.before, l.after, l.created_at
           FROM audit_log l
           LEFT JOIN users a ON a.id = l.actor_id
           LEFT JOIN users t ON t.id = l.user_id
           LEFT JOIN reactions r ON r.id = l.reaction_id
           ORDER BY l.id DESC LIMIT ?"#,
        limit
    )
    .fetch_all(pool)
    .await?)
}

/// A reader on the readers page.
#[derive(Debug, Clone)]
pub struct ReaderRow {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub created_at: i64,
    pub trusted: bool,
    pub shadowbanned: bool,
    pub banned_at: Option<i64>,
    pub banned_until: Option<i64>,
    pub ban_reason: Option<String>,
    pub approved: i64,
    pub waiting: i64,
    pub removed: i64,
}

/// Every account with its counts, newest first.
pub async fn readers(pool: &SqlitePool) -> Result<Vec<ReaderRow>> {
    let rows = sqlx::query!(
        r#"SELECT u.id, u.username, u.role, u.created_at, u.trusted, u.shadowbanned,
                  u.banned_at, u.banned_until, u.ban_reason,
                  COALESCE(SUM(r.status = 'approved'), 0) AS "approved!: i64",
                  COALESCE(SUM(r.status IN ('pending', 'shadow')), 0) AS "waiting!: i64",
                  COALESCE(SUM(r.status IN ('rejected', 'spam', 'hidden')), 0) AS "removed!: i64"
           FROM users u LEFT JOIN reactions r ON r.user_id = u.id
           WHERE u.deleted_at IS NULL
           GROUP BY u.id ORDER BY u.id DESC"#
    )
    .fetch_all(pool)
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
        })
        .collect())
}

/// A reader's standing, for actions on them.
#[derive(Debug, Clone)]
pub struct Standing {
    pub id: i64,
    pub username: String,
    pub role: String,
    pub trusted: bool,
    pub shadowbanned: bool,
    pub banned_at: Option<i64>,
    pub banned_until: Option<i64>,
}

/// Loads a user's standing inside a transaction.
pub async fn standing(conn: &mut SqliteConnection, id: i64) -> Result<Standing> {
    let r = sqlx::query!(
        "SELECT id, username, role, trusted, shadowbanned, banned_at, banned_until FROM users WHERE id = ?",
        id
    )
    .fetch_optional(conn)
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
pub async fn ban(
    conn: &mut SqliteConnection,
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
    .execute(conn)
    .await?;
    Ok(())
}

/// Lifts a ban.
pub async fn unban(conn: &mut SqliteConnection, id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE users SET banned_at = NULL, banned_until = NULL, ban_reason = NULL WHERE id = ?",
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Hides every visible or waiting reaction of a user; returns how many.
pub async fn hide_all_of(conn: &mut SqliteConnection, user_id: i64) -> Result<u64> {
    let done = sqlx::query!(
        "UPDATE reactions SET status = 'hidden'
         WHERE user_id = ? AND status IN ('approved', 'pending', 'shadow')",
        user_id
    )
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}

/// Sets or clears the shadowban flag.
pub async fn set_shadowbanned(conn: &mut SqliteConnection, id: i64, on: bool) -> Result<()> {
    let on = i64::from(on);
    sqlx::query!("UPDATE users SET shadowbanned = ? WHERE id = ?", on, id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Sets or clears the trusted flag.
pub async fn set_trusted(conn: &mut SqliteConnection, id: i64, on: bool) -> Result<()> {
    let on = i64::from(on);
    sqlx::query!("UPDATE users SET trusted = ? WHERE id = ?", on, id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records a report; `false` when this reader already reported this reaction.
pub async fn insert_report(
    conn: &mut SqliteConnection,
    reaction_id: i64,
    user_id: i64,
    reason: &str,
    now: i64,
) -> Result<bool> {
    let result = sqlx::query!(
        "INSERT INTO reports (reaction_id, user_id, reason, created_at) VALUES (?, ?, ?, ?)",
        reaction_id,
        user_id,
        reason,
        now
    )
    .execute(conn)
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Distinct readers with an open report on this reaction.
pub async fn open_report_count(conn: &mut SqliteConnection, reaction_id: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM reports WHERE reaction_id = ? AND resolved_at IS NULL"#,
        reaction_id
    )
    .fetch_one(conn)
    .await?)
}

/// Holds a reaction for the author, with the reason.
pub async fn hold(conn: &mut SqliteConnection, id: i64, reason: &str) -> Result<()> {
    sqlx::query!(
        "UPDATE reactions SET status = 'pending', held_reason = ? WHERE id = ?",
        reason,
        id
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Whether this reader already reported this reaction.
pub async fn has_reported(pool: &SqlitePool, reaction_id: i64, user_id: i64) -> Result<bool> {
    let found = sqlx::query_scalar!(
        "SELECT id FROM reports WHERE reaction_id = ? AND user_id = ?",
        reaction_id,
        user_id
    )
    .fetch_optional(pool)
    .await?;
    Ok(found.is_some())
}
