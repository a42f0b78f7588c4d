//! Isso's SQLite database: `threads` (an article's path) and `comments` in
//! Markdown, read a page at a time so memory stays flat.

use std::path::Path;

use anyhow::Context;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Row};
use tokio::sync::mpsc::Sender;

use super::item::{Body, Item, Status};

const PAGE: i64 = 500;

/// Reads every comment of the Isso database at `path`, in id order.
pub async fn read(path: &Path, tx: Sender<Item>) -> anyhow::Result<()> {
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .with_context(|| crate::i18n::t().cli_cannot_open_sqlite(path.display()))?;
    let not_isso = || anyhow::anyhow!(crate::i18n::t().cli_not_isso(path.display()));
    // Runtime queries: this is Isso's schema, not ours, so the query macros
    // (checked against our own migrations) cannot check them.
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('comments', 'threads')",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(|_| not_isso())?;
    if tables != 2 {
        return Err(not_isso());
    }
    let mut after = i64::MIN;
    loop {
        let rows = sqlx::query(
            "SELECT c.id, CAST(c.parent AS INTEGER) AS parent, CAST(c.created AS REAL) AS created,
                    CAST(c.mode AS INTEGER) AS mode, CAST(c.text AS TEXT) AS text,
                    CAST(c.author AS TEXT) AS author, CAST(t.uri AS TEXT) AS uri
             FROM comments c LEFT JOIN threads t ON t.id = c.tid
             WHERE c.id > ? ORDER BY c.id LIMIT ?",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(&mut conn)
        .await
        .map_err(|e| anyhow::anyhow!(crate::i18n::t().cli_isso_unreadable(e)))?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("id")?;
        for row in rows {
            let item = to_item(&row).map_err(|_| not_isso())?;
            if tx.send(item).await.is_err() {
                return Ok(());
            }
        }
    }
}

fn to_item(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<Item> {
    let id: i64 = row.try_get("id")?;
    let parent: Option<i64> = row.try_get("parent")?;
    let created: Option<f64> = row.try_get("created")?;
    let mode: Option<i64> = row.try_get("mode")?;
    let text: Option<String> = row.try_get("text")?;
    let author: Option<String> = row.try_get("author")?;
    let uri: Option<String> = row.try_get("uri")?;
    let status = match mode {
        Some(1) => Status::Approved,
        Some(4) => Status::Trash,
        _ => Status::Pending,
    };
    Ok(Item {
        source_id: id.to_string(),
        parent_id: parent.map(|p| p.to_string()),
        thread: uri.into_iter().collect(),
        author: author.unwrap_or_default(),
        body: Body::Markdown(text.unwrap_or_default()),
        status,
        created_at: created.and_then(seconds),
        place: format!("id {id}"),
    })
}

/// Isso stores times as fractional Unix seconds; whole seconds are kept.
#[allow(clippy::cast_possible_truncation)] // range checked first
fn seconds(value: f64) -> Option<i64> {
    (value.is_finite() && (0.0..1e12).contains(&value)).then(|| value.floor() as i64)
}
