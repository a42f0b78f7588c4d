//! Producing notifications, inside the transaction that caused them. Each is
//! one statement; the unique index on (reader, kind, reaction) makes producing
//! the same one twice (a double approve, a hide and approve again) a no-op, so
//! every notification exists exactly once. Only what everyone may see is ever
//! announced to others: a reply is announced when it is approved, never while
//! held or shadowed.

use crate::sql::Conn;

use crate::error::Result;

/// A reaction became public: its parent's writer hears of the reply, and the
/// author of a new reaction (unless the author wrote it, or already hears of it
/// as a reply). Does nothing unless the reaction is approved now.
pub async fn published(conn: &mut Conn, reaction_id: i64, now: i64) -> Result<()> {
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT p.user_id, 'reply', r.id, $2
           FROM reactions r JOIN reactions p ON p.id = r.parent_id
           WHERE r.id = $1 AND r.status = 'approved' AND p.user_id IS NOT NULL
             AND p.user_id IS DISTINCT FROM r.user_id AND p.status <> 'deleted'
         ON CONFLICT DO NOTHING"#,
        reaction_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    // And by mail, for a reader who asked for it (same rules, same transaction).
    crate::mail::outbox::queue_reply(conn, reaction_id, now).await?;
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT u.id, 'new', r.id, $2
           FROM reactions r, users u
           WHERE r.id = $1 AND r.status = 'approved' AND u.role = 'author'
             AND r.user_id IS DISTINCT FROM u.id
             AND NOT EXISTS (SELECT 1 FROM notifications n
                             WHERE n.user_id = u.id AND n.kind = 'reply' AND n.reaction_id = r.id)
         ON CONFLICT DO NOTHING"#,
        reaction_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    // Readers who asked to hear of reactions about the reasons they said JA or
    // NEE to (not the writer, nor whoever already hears of it as a reply).
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT s.user_id, 'reason', r.id, $2
           FROM reactions r
           JOIN stances s ON s.article_slug = r.article_slug AND s.reason = r.reason
           JOIN users u ON u.id = s.user_id
           WHERE r.id = $1 AND r.status = 'approved' AND r.reason IS NOT NULL
             AND u.notify_reasons = 1 AND u.deleted_at IS NULL
             AND s.user_id IS DISTINCT FROM r.user_id
             AND NOT EXISTS (SELECT 1 FROM notifications n
                             WHERE n.user_id = s.user_id AND n.kind = 'reply' AND n.reaction_id = r.id)
         ON CONFLICT DO NOTHING"#,
        reaction_id,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `published` for a whole group commit's new reactions at once, on
/// PostgreSQL (`UNNEST` of an array, which SQLite lacks): one statement per
/// kind instead of one per kind and reaction. The same rules; the reply goes
/// first, so whoever hears of a reaction as a reply is not told again. `stored`
/// maps each id to when it was written (when its notifications are dated).
///
/// The ids are joined in from `UNNEST`, not matched with `r.id = ANY($1)`:
/// beside `r.status = 'approved'` that made PostgreSQL's generic plan combine
/// the primary key with the status index, reading every approved reaction of
/// the site per batch (2 ms at 34,000 reactions, and growing with the site).
#[cfg(postgres)]
pub async fn published_all(
    conn: &mut Conn,
    stored: &std::collections::HashMap<i64, i64>,
) -> Result<()> {
    let ids: Vec<i64> = stored.keys().copied().collect();
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT p.user_id, 'reply', r.id, r.created_at
           FROM UNNEST($1::int8[]) AS b(id)
           JOIN reactions r ON r.id = b.id JOIN reactions p ON p.id = r.parent_id
           WHERE r.status = 'approved' AND p.user_id IS NOT NULL
             AND p.user_id IS DISTINCT FROM r.user_id AND p.status <> 'deleted'
         ON CONFLICT DO NOTHING"#,
        &ids
    )
    .execute(&mut *conn)
    .await?;
    // And by mail, for readers who asked for it (same rules, same transaction).
    crate::mail::outbox::queue_replies(conn, stored).await?;
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT u.id, 'new', r.id, r.created_at
           FROM UNNEST($1::int8[]) AS b(id) JOIN reactions r ON r.id = b.id, users u
           WHERE r.status = 'approved' AND u.role = 'author'
             AND r.user_id IS DISTINCT FROM u.id
             AND NOT EXISTS (SELECT 1 FROM notifications n
                             WHERE n.user_id = u.id AND n.kind = 'reply' AND n.reaction_id = r.id)
         ON CONFLICT DO NOTHING"#,
        &ids
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT s.user_id, 'reason', r.id, r.created_at
           FROM UNNEST($1::int8[]) AS b(id) JOIN reactions r ON r.id = b.id
           JOIN stances s ON s.article_slug = r.article_slug AND s.reason = r.reason
           JOIN users u ON u.id = s.user_id
           WHERE r.status = 'approved' AND r.reason IS NOT NULL
             AND u.notify_reasons = 1 AND u.deleted_at IS NULL
             AND s.user_id IS DISTINCT FROM r.user_id
             AND NOT EXISTS (SELECT 1 FROM notifications n
                             WHERE n.user_id = s.user_id AND n.kind = 'reply' AND n.reaction_id = r.id)
         ON CONFLICT DO NOTHING"#,
        &ids
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A reaction left the public page (hidden, rejected, shadowed): announcements
/// of it that nobody has read yet are taken back, so no one is pointed at what
/// they may not see. An approval later announces it again.
pub async fn withdrawn(conn: &mut Conn, reaction_id: i64) -> Result<()> {
    sqlx::query!(
        r#"DELETE FROM notifications
           WHERE reaction_id = $1 AND kind IN ('reply', 'new', 'reason') AND read_at IS NULL
             AND EXISTS (SELECT 1 FROM reactions r WHERE r.id = $1 AND r.status <> 'approved')"#,
        reaction_id
    )
    .execute(&mut *conn)
    .await?;
    crate::mail::outbox::withdraw_reply(conn, reaction_id).await?;
    Ok(())
}

/// The author decided on a held reaction: its writer (an account) hears of it.
pub async fn decided(conn: &mut Conn, reaction_id: i64, placed: bool, now: i64) -> Result<()> {
    let kind = if placed { "approved" } else { "rejected" };
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT r.user_id, $2, r.id, $3 FROM reactions r
           WHERE r.id = $1 AND r.user_id IS NOT NULL
         ON CONFLICT DO NOTHING"#,
        reaction_id,
        kind,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What brings a notification back to unread each time it happens again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Again {
    /// A reaction was reported: the author hears of it.
    Reported,
    /// Someone appreciated a reaction: its writer hears of it (the page counts
    /// the readers live).
    Appreciated,
}

/// Produces the one notification of this kind about a reaction, or makes it
/// unread again.
pub async fn again(conn: &mut Conn, what: Again, reaction_id: i64, now: i64) -> Result<()> {
    let kind = match what {
        Again::Reported => "report",
        Again::Appreciated => "appreciated",
    };
    sqlx::query!(
        r#"INSERT INTO notifications (user_id, kind, reaction_id, created_at)
           SELECT u.id, $2, r.id, $3 FROM reactions r
           JOIN users u ON ($2 = 'report' AND u.role = 'author')
                        OR ($2 = 'appreciated' AND u.id = r.user_id)
           WHERE r.id = $1
           ON CONFLICT (user_id, kind, reaction_id)
           DO UPDATE SET read_at = NULL, created_at = excluded.created_at"#,
        reaction_id,
        kind,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
