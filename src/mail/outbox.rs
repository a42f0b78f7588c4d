//! Writing to the outbox, always inside the transaction that causes the mail:
//! the mail exists exactly when what it tells of was committed. Each row has
//! an idempotency key, so causing the same mail twice (a double approve, a
//! hide and approve again) adds nothing.
//!
//! Notifications go to a reader's confirmed address only. Replies to one
//! reader in one thread are mailed at most once an hour: the first goes at
//! once, later ones wait for one digest at the end of that hour.

use crate::sql::Conn;

use super::addresses::Alerts;
use crate::error::Result;

/// At most one mail per thread per reader within this many seconds.
pub const DIGEST_SECS: i64 = 3600;

/// A mail caused by something an account did or asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The link that confirms a new address.
    Confirm,
    /// Told to the old address when a new one was confirmed.
    Changed,
    /// The link that resets a password.
    Reset,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Changed => "changed",
            Self::Reset => "reset",
        }
    }
}

/// Queues a mail with a link (or the note about a changed address) to `address`.
pub async fn queue_direct(
    conn: &mut Conn,
    kind: Kind,
    user_id: i64,
    address: &str,
    token: Option<&str>,
    now: i64,
) -> Result<()> {
    // A token is new every time, so it makes the key unique; the change note
    // is once per moment.
    let key = match token {
        Some(token) => format!("{}:{}", kind.as_str(), super::tokens::hash(token)),
        None => format!("{}:{user_id}:{now}", kind.as_str()),
    };
    let kind = kind.as_str();
    sqlx::query!(
        "INSERT INTO mail_outbox
             (idempotency_key, kind, user_id, address, token, send_after, next_attempt_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6)
         ON CONFLICT DO NOTHING",
        key,
        kind,
        user_id,
        address,
        token,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many confirmation links an account asked for since `since`.
pub async fn confirms_since(conn: &mut Conn, user_id: i64, since: i64) -> Result<i64> {
    let n = sqlx::query_scalar!(
        r#"SELECT COUNT(*) AS "n!: i64" FROM mail_outbox
           WHERE user_id = $1 AND kind = 'confirm' AND created_at > $2"#,
        user_id,
        since
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(n)
}

/// When a mail of `batch` to `user_id` may go: now alone, or in the digest
/// that waits for the end of the hour since the last one.
async fn slot(conn: &mut Conn, user_id: i64, batch: &str, now: i64) -> Result<(bool, i64)> {
    let waiting = sqlx::query_scalar!(
        r#"SELECT MAX(send_after) AS "t: i64" FROM mail_outbox
           WHERE user_id = $1 AND batch = $2 AND digest = 1 AND status = 'waiting' AND send_after > $3"#,
        user_id,
        batch,
        now
    )
    .fetch_one(&mut *conn)
    .await?;
    if let Some(at) = waiting {
        return Ok((true, at));
    }
    let since = now - DIGEST_SECS;
    let last = sqlx::query_scalar!(
        r#"SELECT MAX(send_after) AS "t: i64" FROM mail_outbox
           WHERE user_id = $1 AND batch = $2 AND status <> 'dropped' AND send_after > $3"#,
        user_id,
        batch,
        since
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(match last {
        Some(last) => (true, last + DIGEST_SECS),
        None => (false, now),
    })
}

/// A reaction became public: the writer of the reaction it answers hears of it
/// by mail when they asked for that and have a confirmed address. Never for
/// their own reply, never for anything not approved.
pub async fn queue_reply(conn: &mut Conn, reaction_id: i64, now: i64) -> Result<()> {
    let Some(to) = sqlx::query_as!(
        ReplyMail,
        r#"SELECT r.id AS "reaction_id!", p.user_id AS "user_id!", m.address AS "address!",
                  COALESCE(r.root_id, r.id) AS "root!: i64"
           FROM reactions r
           JOIN reactions p ON p.id = r.parent_id
           JOIN mail_addresses m ON m.user_id = p.user_id
           JOIN users u ON u.id = p.user_id
           WHERE r.id = $1 AND r.status = 'approved' AND p.user_id IS DISTINCT FROM r.user_id
             AND p.status <> 'deleted' AND m.address IS NOT NULL AND m.replies = 1
             AND u.deleted_at IS NULL"#,
        reaction_id
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(());
    };
    queue_reply_to(conn, &to, now).await
}

/// Who is mailed about a reply (see `queue_reply`, which finds them).
#[derive(Debug)]
pub struct ReplyMail {
    pub reaction_id: i64,
    pub user_id: i64,
    pub address: String,
    /// The thread's top reaction: replies in one thread share a digest.
    pub root: i64,
}

/// Queues the mail about a reply for the one `queue_reply` found.
pub async fn queue_reply_to(conn: &mut Conn, to: &ReplyMail, now: i64) -> Result<()> {
    let reaction_id = to.reaction_id;
    let batch = format!("reply:{}", to.root);
    let (digest, send_after) = slot(conn, to.user_id, &batch, now).await?;
    let key = format!("reply:{reaction_id}:{}", to.user_id);
    sqlx::query!(
        "INSERT INTO mail_outbox
             (idempotency_key, kind, user_id, address, reaction_id, batch, digest, send_after,
              next_attempt_at, created_at)
         VALUES ($1, 'reply', $2, $3, $4, $5, $6, $7, $7, $8)
         ON CONFLICT DO NOTHING",
        key,
        to.user_id,
        to.address,
        reaction_id,
        batch,
        i64::from(digest),
        send_after,
        now
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `queue_reply` for a whole group commit's new reactions at once, on
/// PostgreSQL: one query finds every reader to mail (the same rules), then
/// each mail is queued. `stored` maps each id to when it was written. (The
/// ids come in through `UNNEST` for the plan's sake: see `notify::published_all`.)
#[cfg(postgres)]
pub async fn queue_replies(
    conn: &mut Conn,
    stored: &std::collections::HashMap<i64, i64>,
) -> Result<()> {
    let ids: Vec<i64> = stored.keys().copied().collect();
    let mails = sqlx::query_as!(
        ReplyMail,
        r#"SELECT r.id AS "reaction_id!", p.user_id AS "user_id!", m.address AS "address!",
                  COALESCE(r.root_id, r.id) AS "root!: i64"
           FROM UNNEST($1::int8[]) AS b(id)
           JOIN reactions r ON r.id = b.id
           JOIN reactions p ON p.id = r.parent_id
           JOIN mail_addresses m ON m.user_id = p.user_id
           JOIN users u ON u.id = p.user_id
           WHERE r.status = 'approved' AND p.user_id IS DISTINCT FROM r.user_id
             AND p.status <> 'deleted' AND m.address IS NOT NULL AND m.replies = 1
             AND u.deleted_at IS NULL
           ORDER BY r.id"#,
        &ids
    )
    .fetch_all(&mut *conn)
    .await?;
    for to in &mails {
        if let Some(at) = stored.get(&to.reaction_id) {
            queue_reply_to(conn, to, *at).await?;
        }
    }
    Ok(())
}

/// What the author is alerted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    /// A reaction waits for approval.
    Held,
    /// A reader reported a reaction (`reporter` tells the reports apart).
    Report { reporter: i64 },
    /// A published reaction's edit waits for approval (`at` tells edits apart).
    HeldEdit { at: i64 },
}

/// Alerts the author (with a confirmed address and alerts on): one mail now,
/// or a place in the hourly digest.
pub async fn queue_alert(conn: &mut Conn, reaction_id: i64, alert: Alert, now: i64) -> Result<()> {
    if alert == Alert::Held {
        // A shadowbanned writer's "held" reaction is not in the queue.
        let pending = sqlx::query_scalar!(
            r#"SELECT EXISTS (SELECT 1 FROM reactions WHERE id = $1 AND status = 'pending')
               AS "pending!: bool""#,
            reaction_id
        )
        .fetch_one(&mut *conn)
        .await?;
        if !pending {
            return Ok(());
        }
    }
    let authors = sqlx::query!(
        r#"SELECT m.user_id AS "user_id!", m.address AS "address!", m.alerts
           FROM mail_addresses m JOIN users u ON u.id = m.user_id
           WHERE u.role = 'author' AND u.deleted_at IS NULL AND m.address IS NOT NULL
             AND m.alerts <> 'off'"#
    )
    .fetch_all(&mut *conn)
    .await?;
    let (detail, key) = match alert {
        Alert::Held => ("held", format!("alert:held:{reaction_id}")),
        Alert::Report { reporter } => ("report", format!("alert:report:{reaction_id}:{reporter}")),
        Alert::HeldEdit { at } => ("edit", format!("alert:edit:{reaction_id}:{at}")),
    };
    for author in authors {
        let batch = "alert";
        let (digest, send_after) = if Alerts::parse(&author.alerts) == Some(Alerts::Hourly) {
            match slot(conn, author.user_id, batch, now).await? {
                (true, at) => (true, at),
                // Hourly means hourly: even the first waits for the digest.
                (false, _) => (true, now + DIGEST_SECS),
            }
        } else {
            (false, now)
        };
        let key = format!("{key}:{}", author.user_id);
        sqlx::query!(
            "INSERT INTO mail_outbox
                 (idempotency_key, kind, user_id, address, reaction_id, detail, batch, digest,
                  send_after, next_attempt_at, created_at)
             VALUES ($1, 'alert', $2, $3, $4, $5, $6, $7, $8, $8, $9)
         ON CONFLICT DO NOTHING",
            key,
            author.user_id,
            author.address,
            reaction_id,
            detail,
            batch,
            i64::from(digest),
            send_after,
            now
        )
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A reaction left the public page: reply mails about it that have not gone
/// out yet are dropped.
pub async fn withdraw_reply(conn: &mut Conn, reaction_id: i64) -> Result<()> {
    sqlx::query!(
        "UPDATE mail_outbox SET status = 'dropped'
         WHERE reaction_id = $1 AND kind = 'reply' AND status = 'waiting'",
        reaction_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Forgets every mail to an account (when it is deleted).
pub async fn delete_all_of(conn: &mut Conn, user_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM mail_outbox WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
