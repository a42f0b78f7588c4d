//! Account administration from the command line: creating the author and
//! resetting passwords.

use secrecy::SecretString;
use sqlx::SqlitePool;

use super::model::Role;
use super::{password, sessions, username, users};
use crate::workers::Workers;

/// The command line hashes one password: one thread of its own.
async fn hash(new_password: &SecretString) -> anyhow::Result<String> {
    let workers = Workers::new("hashing", 1, 1)?;
    password::hash(&workers, new_password.clone())
        .await
        .map_err(|e| anyhow::anyhow!(e))
}

/// Creates the author account.
pub async fn create_author(
    pool: &SqlitePool,
    name: &str,
    new_password: &SecretString,
    now: i64,
) -> anyhow::Result<i64> {
    let name = username::parse(name).map_err(|m| anyhow::anyhow!(m))?;
    password::check_strength(new_password, &name.display).map_err(|m| anyhow::anyhow!(m))?;
    let hash = hash(new_password).await?;
    users::insert(pool, &name.display, &name.key, &hash, Role::Author, now)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or_else(|| anyhow::anyhow!("De gebruikersnaam '{}' is al in gebruik.", name.display))
}

/// Sets a new password for any account and ends all its sessions; returns how
/// many sessions ended.
pub async fn reset_password(
    pool: &SqlitePool,
    name: &str,
    new_password: &SecretString,
) -> anyhow::Result<u64> {
    let key = username::key(name);
    let row = users::login_row(pool, &key)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or_else(|| anyhow::anyhow!("Er is geen account met de naam '{name}'."))?;
    password::check_strength(new_password, name).map_err(|m| anyhow::anyhow!(m))?;
    let hash = hash(new_password).await?;
    let mut tx = pool.begin().await?;
    users::set_password(&mut *tx, row.id, &hash)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let revoked = sessions::delete_all_of(&mut *tx, row.id)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    tx.commit().await?;
    Ok(revoked)
}
