//! The worker's side of the outbox: which mails are due, what they are about,
//! and what became of each attempt.

use crate::sql::Pool;

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
pub async fn due(pool: &Pool, now: i64) -> Result<Vec<Due>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", idempotency_key, kind, user_id, address, reaction_id, detail, token,
                  batch, digest, send_after, attempts
           FROM mail_outbox
           WHERE status = 'waiting' AND next_attempt_at <= $1 AND send_after <= $1
           ORDER BY id LIMIT $2"#,
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
pub async fn still_wanted(pool: &Pool, row: &Due) -> Result<bool> {
    let wanted = match row.kind.as_str() {
        "reply" => {
            sqlx::query_scalar!(
                r#"SELECT EXISTS (
                 SELECT 1 FROM reactions r JOIN mail_addresses m ON m.user_id = $2
                 WHERE r.id = $1 AND r.status = 'approved' AND m.replies = 1
                   AND m.address = $3) AS "ok!: bool""#,
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
                              WHERE m.user_id = $1 AND m.address = $2 AND m.alerts <> 'off')
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
pub async fn reaction(pool: &Pool, id: i64) -> Result<Option<AboutReaction>> {
    let row = sqlx::query!(
        r#"SELECT r.id AS "id!", r.article_slug, r.body_source, r.pending_body_source,
                  COALESCE(u.display_name, u.username, r.guest_name, '') AS "writer!: String"
           FROM reactions r LEFT JOIN users u ON u.id = r.user_id WHERE r.id = $1"#,
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
pub async fn unsubscribe_secret(pool: &Pool, user_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar!(
        "SELECT unsubscribe FROM mail_addresses WHERE user_id = $1",
        user_id
    )
    .fetch_optional(pool)
    .await?)
}

/// Marks mails sent; a link's token is forgotten once its mail is out.
pub async fn mark(pool: &Pool, ids: &[i64], status: &str, now: i64) -> Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    for id in ids {
        sqlx::query!(
            "UPDATE mail_outbox SET status = $1, sent_at = $2, token = NULL WHERE id = $3",
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
/// after a permanent refusal or `MAX_ATTEMPTS`. `error` is a `Failure`'s
/// stored form and never holds an address.
pub async fn failed_attempt(
    pool: &Pool,
    ids: &[i64],
    permanent: bool,
    error: &str,
    now: i64,
) -> Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    for id in ids {
        sqlx::query!(
            "UPDATE mail_outbox
             SET attempts = attempts + 1, last_error = $2,
                 status = CASE WHEN $3 OR attempts + 1 >= $4 THEN 'failed' ELSE 'waiting' END,
                 token = CASE WHEN $3 OR attempts + 1 >= $4 THEN NULL ELSE token END,
                 next_attempt_at = $5 + CASE WHEN attempts >= 7 THEN 3600
                                              ELSE 30 * (CAST(1 AS BIGINT) << CAST(attempts AS INTEGER)) END
             WHERE id = $1",
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

/// Why an attempt failed, stored without words so that the author reads it in
/// the language of their page: `refused 550` or `temporary 421` with the
/// server's reply on the next line, `unreachable host:port`, `compose`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// Refused for good (a 5xx), with the server's reply.
    Refused(String, String),
    /// Refused for now (a 4xx), with the server's reply.
    Temporary(String, String),
    /// No answer from the mail server at this address.
    Unreachable(String),
    /// The mail could not be put together (an address lettre refuses).
    Compose,
}

/// The longest server reply kept.
const MAX_REPLY_CHARS: usize = 300;

impl Failure {
    /// The form kept in `mail_outbox.last_error`.
    pub fn stored(&self) -> String {
        match self {
            Self::Refused(code, reply) => format!("refused {code}\n{reply}"),
            Self::Temporary(code, reply) => format!("temporary {code}\n{reply}"),
            Self::Unreachable(server) => format!("unreachable {server}"),
            Self::Compose => "compose".to_owned(),
        }
    }

    /// The stored form read back; `None` for a reason kept in words by an
    /// older version (shown as it is).
    pub fn parse(stored: &str) -> Option<Self> {
        let (head, reply) = stored.split_once('\n').unwrap_or((stored, ""));
        let (kind, detail) = head.split_once(' ').unwrap_or((head, ""));
        let reply = reply.to_owned();
        match kind {
            "refused" => Some(Self::Refused(detail.to_owned(), reply)),
            "temporary" => Some(Self::Temporary(detail.to_owned(), reply)),
            "unreachable" => Some(Self::Unreachable(detail.to_owned())),
            "compose" if detail.is_empty() => Some(Self::Compose),
            _ => None,
        }
    }
}

/// The reason of a failed mail as a sentence in the current language.
pub fn failure_text(stored: &str) -> String {
    match Failure::parse(stored) {
        Some(failure) => crate::i18n::t().mail_failure(&failure),
        None => stored.to_owned(),
    }
}

/// A server's reply with every word that holds an `@` (an address) left out,
/// on one line and not too long: the author's page never shows addresses.
pub fn without_addresses(reply: &str) -> String {
    reply
        .split_whitespace()
        .map(|word| if word.contains('@') { "…" } else { word })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_REPLY_CHARS)
        .collect()
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
pub async fn failed(pool: &Pool, limit: i64) -> Result<Vec<Failed>> {
    let rows = sqlx::query!(
        r#"SELECT id AS "id!", kind, created_at, attempts, COALESCE(last_error, '') AS "error!: String"
           FROM mail_outbox WHERE status = 'failed' ORDER BY created_at DESC, id DESC LIMIT $1"#,
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
pub async fn username(pool: &Pool, user_id: i64) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar!("SELECT username FROM users WHERE id = $1", user_id)
            .fetch_optional(pool)
            .await?,
    )
}

/// How many mails failed for good since `since` (the author's header counts them).
pub async fn failed_since(pool: &Pool, since: i64) -> Result<i64> {
    Ok(sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM mail_outbox WHERE status = 'failed' AND created_at > $1"#,
        since
    )
    .fetch_one(pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_is_stored_without_words_and_read_back() {
        for failure in [
            Failure::Refused("550".into(), "5.1.1 … No such user".into()),
            Failure::Temporary("421".into(), String::new()),
            Failure::Unreachable("smtp.example.nl:587".into()),
            Failure::Compose,
        ] {
            assert_eq!(Failure::parse(&failure.stored()), Some(failure));
        }
        assert_eq!(Failure::parse("geweigerd door de mailserver (550)"), None);
        assert_eq!(
            without_addresses("5.1.1 <iemand@example.nl>:\r\n No such user"),
            "5.1.1 … No such user"
        );
    }
}
