//! Deleting an account: everything about the reader goes in one transaction,
//! across the tables of accounts, comments, the conversation and moderation.

use crate::sql::Pool;

use crate::accounts::{sessions, users};
use crate::comments::store;
use crate::conversation::forget::forget;
use crate::error::Result;
use crate::moderation::store::{audit, reports};

/// Deletes an account. The row stays as "[verwijderd account]" without name or
/// password, because reactions and the audit log point at it; `keep_reactions`
/// decides whether its reactions stay under that name or go.
pub async fn delete_account(
    pool: &Pool,
    user_id: i64,
    keep_reactions: bool,
    now: i64,
) -> Result<()> {
    let mut tx = crate::db::begin_write(pool).await?;
    if !keep_reactions {
        store::mark_deleted_all_of(&mut *tx, user_id, now).await?;
    }
    // Earlier versions and the log's copies of their words go either way: what
    // stays is what the reader chose to leave standing.
    store::delete_revisions_of(&mut *tx, user_id).await?;
    audit::redact_user(&mut *tx, user_id).await?;
    reports::delete_by(&mut *tx, user_id).await?;
    sessions::delete_all_of(&mut *tx, user_id).await?;
    forget(&mut tx, user_id).await?;
    // The address, its links and every mail to it (sent or waiting) go too.
    crate::mail::addresses::remove(&mut tx, user_id).await?;
    crate::mail::tokens::delete_all_of(&mut tx, user_id).await?;
    crate::mail::outbox::delete_all_of(&mut tx, user_id).await?;
    users::anonymise(&mut *tx, user_id, now).await?;
    tx.commit().await?;
    Ok(())
}
