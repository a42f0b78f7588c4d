//! Account administration from the command line: creating the author and
//! resetting passwords.

use sqlx::SqlitePool;

use super::{password, queries, username};
use crate::error::AppError;

/// Creates the author account.
pub async fn create_author(
    pool: &SqlitePool,
    name: &str,
    new_password: &str,
    now: i64,
) -> anyhow::Result<i64> {
    let name = username::parse(name).map_err(|m| anyhow::anyhow!(m))?;
    password::check_strength(new_password, &name.display).map_err(|m| anyhow::anyhow!(m))?;
    let hash = password::hash(new_password.to_owned()).await?;
    let id = sqlx::query!(
        "INSERT INTO users (username, username_key, password_hash, role, created_at)
         VALUES (?, ?, ?, 'author', ?)",
        name.display,
        name.key,
        hash,
        now
    )
    .execute(pool)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            anyhow::anyhow!("De gebruikersnaam '{}' is al in gebruik.", name.display)
        }
        other => other.into(),
    })?
    .last_insert_rowid();
    Ok(id)
}

/// Sets a new password for any account and ends all its sessions.
pub async fn reset_password(
    pool: &SqlitePool,
    name: &str,
    new_password: &str,
) -> anyhow::Result<u64> {
    let key = username::key(name);
    let row = queries::login_row(pool, &key)
        .await
        .map_err(|e: AppError| anyhow::anyhow!(e))?
        .ok_or_else(|| anyhow::anyhow!("Er is geen account met de naam '{name}'."))?;
    password::check_strength(new_password, name).map_err(|m| anyhow::anyhow!(m))?;
    let hash = password::hash(new_password.to_owned()).await?;
    let mut tx = pool.begin().await?;
    sqlx::query!(
        "UPDATE users SET password_hash = ? WHERE id = ?",
        hash,
        row.id
    )
    .execute(&mut *tx)
    .await?;
    let revoked = sqlx::query!("DELETE FROM sessions WHERE user_id = ?", row.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    tx.commit().await?;
    Ok(revoked)
}
