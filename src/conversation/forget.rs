//! What the conversation keeps about a reader, gone when their account goes:
//! stances (and their log), appreciation, notifications and the feed's secret.

use crate::sql::Conn;

use crate::error::Result;

/// Deletes everything of the conversation about `user_id`, inside the
/// account's deletion transaction.
pub async fn forget(conn: &mut Conn, user_id: i64) -> Result<()> {
    sqlx::query!("DELETE FROM stances WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM stance_changes WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM appreciations WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("DELETE FROM notifications WHERE user_id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query!("UPDATE users SET feed_token = NULL WHERE id = $1", user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
