//! PostgreSQL's way to store a group commit's new reactions: one statement for
//! all the rows and one for each kind of notification (`notify::published_all`,
//! `outbox::queue_replies`), where row by row costs a handful of round trips to
//! the server per reaction (and those, not the server's work, bound the writes
//! per second). What it stores is what
//! `reactions::insert` and `notify::published` store row by row, which SQLite
//! does (its statements are calls, not round trips) and PostgreSQL falls back
//! to when a row is refused.

use std::collections::HashMap;

use super::reactions::{DUPLICATE_WINDOW_SECS, Inserted, NewReaction, body_hash, not_inserted};
use crate::comments::model::ReactionStatus;
use crate::conversation::notify;
use crate::error::Result;
use crate::mail::outbox;
use crate::sql::Conn;

/// Who wrote a reaction and what: unique within a batch (the writer drops the
/// second of two alike), so it tells which returned row is whose.
type Key = (Option<i64>, Option<String>, String);

/// Inserts `batch` (no two with the same writer and text) as `reactions::insert`
/// would one by one, with their notifications and mails. A row the database
/// refuses fails the statement, and with it the transaction: the caller
/// (`writer::write_batch`) then rolls the batch back and stores it row by row.
///
/// The same-text-within-the-hour check is a `LATERAL` subquery, not `NOT
/// EXISTS`: PostgreSQL turned the latter into a hash anti join over every
/// reaction of the site (30 ms a batch at 70,000 reactions, and growing with
/// the site), where `LATERAL … LIMIT 1` keeps it one index probe per row.
pub async fn insert_batch(conn: &mut Conn, batch: &[&NewReaction]) -> Result<Vec<Inserted>> {
    let hashes: Vec<String> = batch.iter().map(|r| body_hash(&r.source)).collect();
    let column =
        |f: fn(&NewReaction) -> Option<i64>| batch.iter().map(|r| f(r)).collect::<Vec<_>>();
    let rows = sqlx::query!(
        r#"INSERT INTO reactions (article_slug, user_id, guest_name, parent_id, root_id, body_source,
                                  body_hash, body_html, status, held_reason, created_at, reason)
           SELECT t.slug, t.user_id, t.guest_name, t.parent_id,
                  (SELECT COALESCE(p.root_id, p.id) FROM reactions p WHERE p.id = t.parent_id),
                  t.source, t.hash, t.html,
                  CASE WHEN t.status IN ('approved', 'pending') AND EXISTS (
                           SELECT 1 FROM users s WHERE s.id = t.user_id AND s.shadowbanned = 1)
                       THEN 'shadow' ELSE t.status END,
                  t.held_reason, t.created_at, t.reason
           FROM UNNEST($1::text[], $2::int8[], $3::text[], $4::int8[], $5::text[], $6::text[],
                       $7::text[], $8::text[], $9::text[], $10::int8[], $11::int8[])
                AS t(slug, user_id, guest_name, parent_id, source, hash, html, status,
                     held_reason, created_at, reason)
           LEFT JOIN LATERAL (
                      SELECT 1 AS found FROM reactions d
                      WHERE d.user_id IS NOT DISTINCT FROM t.user_id AND d.body_hash = t.hash
                        AND d.created_at > t.created_at - $12
                        AND d.guest_name IS NOT DISTINCT FROM t.guest_name AND d.status <> 'deleted'
                      LIMIT 1) AS earlier ON true
           WHERE earlier.found IS NULL
             AND NOT EXISTS (
                      SELECT 1 FROM users b
                      WHERE b.id = t.user_id AND b.banned_at IS NOT NULL
                        AND (b.banned_until IS NULL OR b.banned_until > t.created_at))
           RETURNING id AS "id!", user_id, guest_name, body_hash AS "hash!""#,
        &batch.iter().map(|r| r.slug.clone()).collect::<Vec<_>>(),
        &column(|r| r.user_id) as &[Option<i64>],
        &batch.iter().map(|r| r.guest_name.clone()).collect::<Vec<_>>() as &[Option<String>],
        &column(|r| r.parent_id) as &[Option<i64>],
        &batch.iter().map(|r| r.source.clone()).collect::<Vec<_>>(),
        &hashes,
        &batch.iter().map(|r| r.html.clone()).collect::<Vec<_>>(),
        &batch.iter().map(|r| r.status.as_db().to_owned()).collect::<Vec<_>>(),
        &batch.iter().map(|r| r.held_reason.clone()).collect::<Vec<_>>() as &[Option<String>],
        &batch.iter().map(|r| r.created_at).collect::<Vec<_>>(),
        &column(|r| r.reason) as &[Option<i64>],
        DUPLICATE_WINDOW_SECS
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut ids: HashMap<Key, i64> = rows
        .into_iter()
        .map(|row| ((row.user_id, row.guest_name, row.hash), row.id))
        .collect();
    let mut answers = Vec::with_capacity(batch.len());
    for (r, hash) in batch.iter().zip(hashes) {
        let key = (r.user_id, r.guest_name.clone(), hash);
        answers.push(match ids.remove(&key) {
            Some(id) => Inserted::Id(id),
            None => not_inserted(conn, r).await?,
        });
    }
    let stored: HashMap<i64, i64> = batch
        .iter()
        .zip(&answers)
        .filter_map(|(r, a)| match a {
            Inserted::Id(id) => Some((*id, r.created_at)),
            _ => None,
        })
        .collect();
    if !stored.is_empty() {
        notify::published_all(conn, &stored).await?;
    }
    for (r, answer) in batch.iter().zip(&answers) {
        if let (Inserted::Id(id), ReactionStatus::Pending) = (answer, r.status) {
            // The author hears of it by mail too, when they asked for that.
            let held = outbox::Alert::Held;
            outbox::queue_alert(&mut *conn, *id, held, r.created_at).await?;
        }
    }
    Ok(answers)
}
