//! The `settings` and `article_settings` tables: every statement on them.

use crate::sql::Executor;

use super::rules::{Premoderation, Settings};
use crate::error::Result;

/// The author's settings.
pub async fn settings<'e>(db: impl Executor<'e>) -> Result<Settings> {
    let r = sqlx::query!(
        "SELECT premoderation, guests_allowed, hold_min_links, hold_account_hours, hold_words,
                block_words, auto_close_days, report_threshold, feed_token
         FROM settings WHERE id = 1"
    )
    .fetch_one(db)
    .await?;
    Ok(Settings {
        premoderation: Premoderation::from_db(&r.premoderation),
        guests_allowed: r.guests_allowed != 0,
        hold_min_links: r.hold_min_links,
        hold_account_hours: r.hold_account_hours,
        hold_words: r.hold_words,
        block_words: r.block_words,
        auto_close_days: r.auto_close_days,
        report_threshold: r.report_threshold,
        feed_token: r.feed_token,
    })
}

/// Stores the settings (all but the feed token).
pub async fn save_settings<'e>(db: impl Executor<'e>, s: &Settings) -> Result<()> {
    let premoderation = s.premoderation.as_db();
    let guests = i64::from(s.guests_allowed);
    sqlx::query!(
        "UPDATE settings SET premoderation = $1, guests_allowed = $2, hold_min_links = $3,
                hold_account_hours = $4, hold_words = $5, block_words = $6, auto_close_days = $7,
                report_threshold = $8
         WHERE id = 1",
        premoderation,
        guests,
        s.hold_min_links,
        s.hold_account_hours,
        s.hold_words,
        s.block_words,
        s.auto_close_days,
        s.report_threshold
    )
    .execute(db)
    .await?;
    Ok(())
}

/// Replaces the feed token.
pub async fn set_feed_token<'e>(db: impl Executor<'e>, token: &str) -> Result<()> {
    sqlx::query!("UPDATE settings SET feed_token = $1 WHERE id = 1", token)
        .execute(db)
        .await?;
    Ok(())
}

/// Slugs of the articles the author closed by hand.
pub async fn closed_articles<'e>(db: impl Executor<'e>) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar!(r#"SELECT slug AS "slug!" FROM article_settings WHERE closed = 1"#)
            .fetch_all(db)
            .await?,
    )
}

/// Opens or closes an article's reactions.
pub async fn set_article_closed<'e>(db: impl Executor<'e>, slug: &str, closed: bool) -> Result<()> {
    let closed = i64::from(closed);
    sqlx::query!(
        "INSERT INTO article_settings (slug, closed) VALUES ($1, $2)
         ON CONFLICT (slug) DO UPDATE SET closed = excluded.closed",
        slug,
        closed
    )
    .execute(db)
    .await?;
    Ok(())
}
