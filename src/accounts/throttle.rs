//! The `login_failures` table: failed logins per (account, client), kept as a
//! keyed hash only. Too many within the window and that client waits.

use crate::sql::{Executor, Pool};

use crate::error::{AppError, Result};
use crate::security::ServerKey;

/// Failed logins count within this window.
pub const LOGIN_WINDOW_SECS: i64 = 15 * 60;

/// The key under which failed logins for this account from this client are counted.
pub fn login_key(key: &ServerKey, account_key: &str, client: &str) -> String {
    key.sign(&["login", account_key, client])
}

/// The key under which wrong current passwords for this account are counted,
/// from any client: a stolen session may come from many addresses.
pub fn password_key(key: &ServerKey, user_id: i64) -> String {
    key.sign(&["wachtwoord", &user_id.to_string()])
}

/// Counts a login attempt as a failure before its password is checked, or
/// refuses it while this account already has `allowed` or more recent failures
/// from this client. Check and count are one write transaction (BEGIN
/// IMMEDIATE), so twenty guesses sent at once cannot all pass the check before
/// any of them is counted. A successful login then [`clear`]s the count.
pub async fn count_attempt(pool: &Pool, key: &str, allowed: i64, now: i64) -> Result<()> {
    let since = now - LOGIN_WINDOW_SECS;
    let mut tx = crate::db::begin_write(pool).await?;
    let row = sqlx::query!(
        r#"SELECT COUNT(*) AS "n!: i64", MIN(created_at) AS "oldest: i64"
           FROM login_failures WHERE key_hash = $1 AND created_at > $2"#,
        key,
        since
    )
    .fetch_one(&mut *tx)
    .await?;
    if row.n >= allowed {
        let oldest = row.oldest.unwrap_or(now);
        let wait = (oldest + LOGIN_WINDOW_SECS - now).max(1);
        let minutes = (wait + 59) / 60;
        return Err(AppError::TooMany {
            retry_after: u64::try_from(wait).unwrap_or(1),
            message: crate::i18n::t().wrong_passwords(allowed, minutes),
        });
    }
    sqlx::query!(
        "INSERT INTO login_failures (key_hash, created_at) VALUES ($1, $2)",
        key,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets the failures after a successful login.
pub async fn clear<'e>(db: impl Executor<'e>, key: &str) -> Result<()> {
    sqlx::query!("DELETE FROM login_failures WHERE key_hash = $1", key)
        .execute(db)
        .await?;
    Ok(())
}

/// Deletes failure records older than the window; returns how many.
pub async fn purge<'e>(db: impl Executor<'e>, now: i64) -> Result<u64> {
    let before = now - LOGIN_WINDOW_SECS;
    let done = sqlx::query!("DELETE FROM login_failures WHERE created_at <= $1", before)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
