//! The SQLite pool: WAL, full fsync on commit, a busy timeout and foreign keys;
//! migrations run at start-up.

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::config::Config;

/// Opens (creating if needed) and migrates the database named in the config.
pub async fn connect(config: &Config) -> anyhow::Result<SqlitePool> {
    if let Some(dir) = config
        .database
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("kan map {} niet aanmaken", dir.display()))?;
    }
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(&config.database)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // A reaction acknowledged as "geplaatst" must survive a power cut.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        // Few connections: every query is a hop to the connection's own thread, and
        // on a small server fewer threads switching beats more parallel readers.
        .max_connections(4)
        .connect_with(options)
        .await
        .with_context(|| format!("kan database {} niet openen", config.database.display()))?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("migraties mislukt")?;
    Ok(pool)
}

/// A write transaction that takes SQLite's write lock at `BEGIN` (IMMEDIATE), so
/// it waits for other writers with the busy timeout instead of failing midway
/// when its first read turns into a write (SQLITE_BUSY).
pub async fn begin_write(
    pool: &SqlitePool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// Writes a consistent copy of the database to `target` with `VACUUM INTO`, which
/// reads one snapshot (WAL readers do not block the server's writes) and refuses
/// to overwrite an existing file.
pub async fn backup(pool: &SqlitePool, target: &std::path::Path) -> anyhow::Result<()> {
    if target.exists() {
        anyhow::bail!(
            "{} bestaat al; kies een nieuwe bestandsnaam",
            target.display()
        );
    }
    let target = target
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("de bestandsnaam moet geldige UTF-8 zijn"))?
        .to_owned();
    // A runtime query: VACUUM cannot be described at build time by the query macros.
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(pool)
        .await
        .context("back-up mislukt")?;
    Ok(())
}
