//! Single-use links sent by mail (confirming an address, resetting a password):
//! a random token goes out in the mail, only its SHA-256 is stored, and using it
//! marks it used in the same statement that finds it, so it works once.

use crate::sql::Conn;
use sha2::{Digest, Sha256};

use crate::error::Result;

/// A link to confirm an address stays valid this long.
pub const CONFIRM_SECS: i64 = 24 * 3600;
/// A link to reset a password stays valid this long.
pub const RESET_SECS: i64 = 30 * 60;

/// What a token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Confirm,
    Reset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Reset => "reset",
        }
    }

    fn lifetime(self) -> i64 {
        match self {
            Self::Confirm => CONFIRM_SECS,
            Self::Reset => RESET_SECS,
        }
    }
}

/// A new random token (64 hex characters) and its hash.
pub fn new_token() -> anyhow::Result<(String, String)> {
    let token = crate::security::random_hex()?;
    let hash = hash(&token);
    Ok((token, hash))
}

/// The stored form of a token. The lookup is by this hash (an index), so the
/// comparison never touches the secret itself: timing tells nothing about it.
pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.trim().as_bytes()))
}

/// Stores a token for `user_id`; earlier unused ones for the same purpose stop
/// working (only the newest link counts). Returns the token for the mail.
pub async fn issue(
    conn: &mut Conn,
    user_id: i64,
    purpose: Purpose,
    address: Option<&str>,
    now: i64,
) -> Result<String> {
    let (token, token_hash) = new_token()?;
    let kind = purpose.as_str();
    sqlx::query!(
        "UPDATE mail_tokens SET used_at = $3 WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL",
        user_id,
        kind,
        now
    )
    .execute(&mut *conn)
    .await?;
    let expires = now + purpose.lifetime();
    sqlx::query!(
        "INSERT INTO mail_tokens (token_hash, user_id, purpose, address, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
        token_hash,
        user_id,
        kind,
        address,
        now,
        expires
    )
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// A valid token, found and used up.
#[derive(Debug)]
pub struct Used {
    pub user_id: i64,
    pub address: Option<String>,
}

/// Uses the token: `None` when it is unknown, used, expired or for another
/// purpose. Run inside the transaction that acts on it.
pub async fn consume(
    conn: &mut Conn,
    token: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<Used>> {
    let token_hash = hash(token);
    let kind = purpose.as_str();
    let row = sqlx::query!(
        r#"UPDATE mail_tokens SET used_at = $3
           WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
           RETURNING user_id AS "user_id!", address"#,
        token_hash,
        kind,
        now
    )
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|r| Used {
        user_id: r.user_id,
        address: r.address,
    }))
}

/// Whether the token would work now (for the page that asks to use it).
pub async fn is_valid(conn: &mut Conn, token: &str, purpose: Purpose, now: i64) -> Result<bool> {
    let token_hash = hash(token);
    let kind = purpose.as_str();
    let valid = sqlx::query_scalar!(
        r#"SELECT EXISTS (SELECT 1 FROM mail_tokens
                          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3)
           AS "valid!: bool""#,
        token_hash,
        kind,
        now
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(valid)
}

/// Forgets every token of an account (when it is deleted).
pub async fn delete_all_of(conn: &mut Conn, user_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM mail_tokens WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The account a valid token belongs to, without using it.
pub async fn peek(conn: &mut Conn, token: &str, purpose: Purpose, now: i64) -> Result<Option<i64>> {
    let token_hash = hash(token);
    let kind = purpose.as_str();
    Ok(sqlx::query_scalar!(
        "SELECT user_id FROM mail_tokens
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        token_hash,
        kind,
        now
    )
    .fetch_optional(&mut *conn)
    .await?)
}
