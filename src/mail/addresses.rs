//! The `mail_addresses` table: a reader's confirmed address and what they want
//! mailed. An address is stored here only once confirmed (see `tokens`).

use crate::sql::{Conn, Executor};

use crate::error::Result;

/// The longest address accepted (RFC 5321's limit on a path).
pub const MAX_ADDRESS: usize = 254;

/// The author's choice for alerts about held reactions and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alerts {
    Each,
    Hourly,
    Off,
}

impl Alerts {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Each => "each",
            Self::Hourly => "hourly",
            Self::Off => "off",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "each" => Some(Self::Each),
            "hourly" => Some(Self::Hourly),
            "off" => Some(Self::Off),
            _ => None,
        }
    }
}

/// What an account has set up for mail.
#[derive(Debug, Clone, Default)]
pub struct MailAccount {
    /// The confirmed address.
    pub address: Option<String>,
    /// An address waiting for its confirmation link to be used.
    pub pending: Option<String>,
    pub replies: bool,
    pub alerts: Option<String>,
}

/// Checks a typed address: one that lettre can send to, within the length
/// limit; lower-cased domain, trimmed. `Err` carries the message, in the current language.
pub fn parse(raw: &str) -> std::result::Result<String, &'static str> {
    let typed = raw.trim();
    if typed.is_empty() {
        return Err(crate::i18n::t().mail.error_address_empty);
    }
    if typed.len() > MAX_ADDRESS || typed.chars().any(char::is_control) {
        return Err(crate::i18n::t().mail.error_address_long);
    }
    match typed.parse::<lettre::Address>() {
        Ok(address) if address.domain().contains('.') => Ok(format!(
            "{}@{}",
            address.user(),
            address.domain().to_lowercase()
        )),
        _ => Err(crate::i18n::t().mail.error_address_bad),
    }
}

/// The account's mail settings (all empty without a row).
pub async fn get(conn: &mut Conn, user_id: i64, now: i64) -> Result<MailAccount> {
    let row = sqlx::query!(
        "SELECT address, replies, alerts FROM mail_addresses WHERE user_id = $1",
        user_id
    )
    .fetch_optional(&mut *conn)
    .await?;
    let pending = sqlx::query_scalar!(
        "SELECT address FROM mail_tokens
         WHERE user_id = $1 AND purpose = 'confirm' AND used_at IS NULL AND expires_at > $2
         ORDER BY created_at DESC LIMIT 1",
        user_id,
        now
    )
    .fetch_optional(&mut *conn)
    .await?
    .flatten();
    Ok(match row {
        Some(r) => MailAccount {
            address: r.address,
            pending,
            replies: r.replies == 1,
            alerts: Some(r.alerts),
        },
        None => MailAccount {
            pending,
            ..MailAccount::default()
        },
    })
}

/// Makes the account's row (with its unsubscribe secret) if it has none.
async fn ensure_row(conn: &mut Conn, user_id: i64) -> Result<()> {
    let (secret, _) = super::tokens::new_token()?;
    sqlx::query!(
        "INSERT INTO mail_addresses (user_id, unsubscribe) VALUES ($1, $2)
         ON CONFLICT DO NOTHING",
        user_id,
        secret
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Makes `address` the account's confirmed address; returns the one it
/// replaces (when different), which is told of the change.
pub async fn confirm(
    conn: &mut Conn,
    user_id: i64,
    address: &str,
    now: i64,
) -> Result<Option<String>> {
    ensure_row(conn, user_id).await?;
    let old = sqlx::query_scalar!(
        "SELECT address FROM mail_addresses WHERE user_id = $1",
        user_id
    )
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query!(
        "UPDATE mail_addresses SET address = $1, verified_at = $2 WHERE user_id = $3",
        address,
        now,
        user_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(old.filter(|old| !old.eq_ignore_ascii_case(address)))
}

/// Forgets the account's address (and so every mail to it).
pub async fn remove(conn: &mut Conn, user_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM mail_addresses WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!(
        "UPDATE mail_outbox SET status = 'dropped', token = NULL
         WHERE user_id = $1 AND status = 'waiting'",
        user_id
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets what a reader wants mailed (only with a confirmed address).
pub async fn set_choices<'e>(
    db: impl Executor<'e>,
    user_id: i64,
    replies: bool,
    alerts: Alerts,
) -> Result<bool> {
    let alerts = alerts.as_str();
    let done = sqlx::query!(
        "UPDATE mail_addresses SET replies = $1, alerts = $2 WHERE user_id = $3 AND address IS NOT NULL",
        i64::from(replies),
        alerts,
        user_id
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Switches reply mail off for the account whose unsubscribe secret this is;
/// `false` for an unknown secret.
pub async fn unsubscribe<'e>(db: impl Executor<'e>, secret: &str) -> Result<bool> {
    let done = sqlx::query!(
        "UPDATE mail_addresses SET replies = 0 WHERE unsubscribe = $1",
        secret
    )
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether this is an unsubscribe secret that exists.
pub async fn unsubscribe_known<'e>(db: impl Executor<'e>, secret: &str) -> Result<bool> {
    let known = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM mail_addresses WHERE unsubscribe = $1) AS "known!: bool""#,
        secret
    )
    .fetch_one(db)
    .await?;
    Ok(known)
}

/// The accounts (not deleted) whose confirmed address this is.
pub async fn accounts_with<'e>(db: impl Executor<'e>, address: &str) -> Result<Vec<i64>> {
    let ids = sqlx::query_scalar!(
        r#"SELECT m.user_id AS "id!" FROM mail_addresses m JOIN users u ON u.id = m.user_id
           WHERE lower(m.address) = lower($1) AND u.deleted_at IS NULL ORDER BY m.user_id"#,
        address
    )
    .fetch_all(db)
    .await?;
    Ok(ids)
}
