//! The worker's side of the outbox: which mails are due, what they are about,
//! and what became of each attempt.

use sqlx::SqlitePool;

use crate::error::Result;

/// Attempts before a mail counts as failed for good.
pub const MAX_ATTEMPTS: i64 = 10;
/// Mails taken per round.
const ROUND: i64 = 50;

/// A row of the outbox that is due.
#[derive(Debug, Clone)]
pub struct Due {
    pub id: i64,
    pub key: String,
    pub kind: String,
    pub user_id: Option<i64>,
    pub address: String,
    pub reaction_id: Option<i64>,
    pub detail: Option<String>,
    pub token: Option<String>,
    pub batch: Option<String>,
    pub digest: bool,
    pub send_after: i64,
    pub attempts: i64,
}

impl Due {
    /// Rows with the same group key go out as one mail (a digest).
    pub fn group(&self) -> String {
        match (&self.batch, self.digest) {
            (Some(batch), true) => format!(
                "{}:{}:{batch}:{}",
                self.user_id.unwrap_or(0),
                self.address,
                self.send_after
            ),
            _ => format!("#{}", self.id),
        }
    }
}

/// The mails due now, oldest first.
pub async fn due(pool: &SqlitePool, now: i64) -> Result<Vec<Due>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", idempotency_key, kind, user_id, address, reaction_id, detail, token,
                  batch, digest, send_after, attempts
           FROM mail_outbox
           WHERE status = 'waiting' AND next_attempt_at <= ?1 AND send_after <= ?1
           ORDER BY id LIMIT ?2"#,
        now,
        ROUND
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Due {
            id: r.id,
            key: r.idempotency_key,
            kind: r.kind,
            user_id: r.user_id,
            address: r.address,
            reaction_id: r.reaction_id,
            detail: r.detail,
            token: r.token,
            batch: r.batch,
            digest: r.digest == 1,
            send_after: r.send_after,
            attempts: r.attempts,
        })
        .collect())
}

/// Still wanted when it is sent: the reply is still approved, the address still
/// the reader's, reply mail still on; for alerts, the address still the author's.
pub async fn still_wanted(pool: &SqlitePool, row: &Due) -> Result<bool> {
    let wanted = match row.kind.as_str() {
        "reply" => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (
                 SELECT 1 FROM reactions r JOIN mail_addresses m ON m.user_id = ?2
                 WHERE r.id = ?1 AND r.status = 'approved' AND m.replies = 1
                   AND m.address = ?3) AS "ok!: bool""#,
                row.reaction_id,
                row.user_id,
                row.address
            )
            .fetch_one(pool)
            .await?
        }
        "alert" => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (SELECT 1 FROM mail_addresses m
                              WHERE m.user_id = ? AND m.address = ? AND m.alerts <> 'off')
               AS "ok!: bool""#,
                row.user_id,
                row.address
            )
            .fetch_one(pool)
            .await?
        }
        _ => true,
    };
    Ok(wanted)
}

/// What a notification mail tells about a reaction.
#[derive(Debug, Clone)]
pub struct AboutReaction {
    pub id: i64,
    pub slug: String,
    pub writer: String,
    pub text: String,
    /// A held edit's new text.
    pub pending: Option<String>,
}

/// The reaction a mail is about (any status: the author's alerts are about held ones).
pub async fn reaction(pool: &SqlitePool, id: i64) -> Result<Option<AboutReaction>> {
    let row = sqlx::query!(
        r#"SELECT r.id AS "id!", r.article_slug, r.body_source, r.pending_body_source,
                  COALESCE(u.display_name, u.username, r.guest_name, '') AS "writer!: String"
           FROM reactions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = ?"#,
        id
    )
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|r| AboutReaction {
        id: r.id,
        slug: r.article_slug,
        writer: r.writer,
        text: r.body_source,
        pending: r.pending_body_source,
    }))
}

/// The unsubscribe secret of an account.
pub async fn unsubscribe_secret(pool: &SqlitePool, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT unsubscribe FROM mail_addresses WHERE user_id = ?",
        user_id
    )
    .fetch_optional(pool)
    .await?)
}

/// Marks mails sent; a link's token is forgotten once its mail is out.
pub async fn mark(pool: &SqlitePool, ids: &[i64], status: &str, now: i64) -> Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    for id in ids {
        sqlx::query!(
            "UPDATE mail_outbox SET status = ?, sent_at = ?, token = NULL WHERE id = ?",
            status,
            now,
            id
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Counts a failed attempt: tried again later (backing off), or failed for good
/// after a permanent refusal or `MAX_ATTEMPTS`. `error` never holds an address.
pub async fn failed_attempt(
    pool: &SqlitePool,
    ids: &[i64],
    permanent: bool,
    error: &str,
    now: i64,
) -> Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    for id in ids {
        sqlx::query!(
            "UPDATE mail_outbox
             SET attempts = attempts + 1, last_error = ?2,
                 status = CASE WHEN ?3 OR attempts + 1 >= ?4 THEN 'failed' ELSE 'waiting' END,
                 token = CASE WHEN ?3 OR attempts + 1 >= ?4 THEN NULL ELSE token END,
                 next_attempt_at = ?5 + MIN(30 * (1 << MIN(attempts, 7)), 3600)
             WHERE id = ?1",
            id,
            error,
            permanent,
            MAX_ATTEMPTS,
            now
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A mail that could not be delivered, for the author's moderation pages.
#[derive(Debug, Clone)]
pub struct Failed {
    pub id: i64,
    pub kind: String,
    pub created_at: i64,
    pub attempts: i64,
    pub error: String,
}

/// The most recent mails that failed for good (without their addresses).
pub async fn failed(pool: &SqlitePool, limit: i64) -> Result<Vec<Failed>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", kind, created_at, attempts, COALESCE(last_error, '') AS "error!: String"
           FROM mail_outbox WHERE status = 'failed' ORDER BY created_at DESC, id DESC LIMIT ?"#,
        limit
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Failed {
            id: r.id,
            kind: r.kind,
            created_at: r.created_at,
            attempts: r.attempts,
            error: r.error,
        })
        .collect())
}

/// An account's login name, for the greeting of a link mail.
pub async fn username(pool: &SqlitePool, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT username FROM users WHERE id = ?", user_id)
            .fetch_optional(pool)
            .await?,
    )
}

/// How many mails failed for good since `since` (the author's header counts them).
pub async fn failed_since(pool: &SqlitePool, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM mail_outbox WHERE status = 'failed' AND created_at > ?"#,
        since
    )
    .fetch_one(pool)
    .await?)
}
