//! Account administration from the command line: creating the author and
//! resetting passwords.

use crate::sql::Pool;
use secrecy::SecretString;

use super::model::Role;
use super::{password, sessions, username, users};
use crate::i18n::t;
use crate::workers::Workers;

/// The command line hashes one password: one thread of its own.
async fn hash(new_password: &SecretString) -> anyhow::Result<String> {
    let workers = Workers::new("hashing", 1, 1)?;
    password::hash(&workers, new_password.clone())
        .await
        .map_err(|e| anyhow::anyhow!(e))
}

/// Refuses a second author unless asked for one: a site has one author, and a
/// mistyped `author create` must not quietly make two.
async fn ensure_first_author(pool: &Pool, additional: bool) -> anyhow::Result<()> {
    let existing = users::author_names(pool)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    if !existing.is_empty() && !additional {
        anyhow::bail!(t().cli_author_exists(&existing.join(", ")));
    }
    Ok(())
}

/// Creates the author account, under the same name rules as a reader's: no
/// invisible characters, no look-alike of any account, none of the reserved
/// words. (The names in the articles' `author` field are the author's own, so
/// they are not reserved here.)
pub async fn create_author(
    pool: &Pool,
    name: &str,
    new_password: &SecretString,
    now: i64,
    additional: bool,
) -> anyhow::Result<i64> {
    ensure_first_author(pool, additional).await?;
    let name = username::parse(name).map_err(|m| anyhow::anyhow!(m))?;
    if username::is_reserved(&name, std::iter::empty()) {
        anyhow::bail!(t().cli_name_reserved(&name.display));
    }
    password::check_strength(new_password, &name.display).map_err(|m| anyhow::anyhow!(m))?;
    users::backfill_skeletons(pool)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let hash = hash(new_password).await?;
    users::insert(pool, &name, None, &hash, Role::Author, now)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or_else(|| anyhow::anyhow!(t().cli_name_taken(&name.display)))
}

/// Makes an existing account (one the author registered on the site) the author.
pub async fn promote(pool: &Pool, name: &str, additional: bool) -> anyhow::Result<()> {
    ensure_first_author(pool, additional).await?;
    let row = users::login_row(pool, &username::key(name))
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or_else(|| anyhow::anyhow!(t().cli_no_account(name)))?;
    users::make_author(pool, row.id)
        .await
        .map_err(|e| anyhow::anyhow!(e))
}

/// Sets a new password for any account and ends all its sessions; returns how
/// many sessions ended.
pub async fn reset_password(
    pool: &Pool,
    name: &str,
    new_password: &SecretString,
) -> anyhow::Result<u64> {
    let key = username::key(name);
    let row = users::login_row(pool, &key)
        .await
        .map_err(|e| anyhow::anyhow!(e))?
        .ok_or_else(|| anyhow::anyhow!(t().cli_no_account(name)))?;
    password::check_strength(new_password, name).map_err(|m| anyhow::anyhow!(m))?;
    let hash = hash(new_password).await?;
    let mut tx = crate::db::begin_write(pool).await?;
    users::set_password(&mut *tx, row.id, &hash)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    let revoked = sessions::delete_all_of(&mut *tx, row.id)
        .await
        .map_err(|e| anyhow::anyhow!(e))?;
    tx.commit().await?;
    Ok(revoked)
}
