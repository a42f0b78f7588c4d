//! The SQLite pool: WAL, full fsync on commit, a busy timeout and foreign keys;
//! migrations and checks at start-up; the lock file that keeps a second server
//! off the same database; write transactions; backups.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Connection, SqliteConnection, SqlitePool};

use crate::config::Config;
use crate::i18n::t;

/// How long a statement waits for another connection's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Tries for the server's lock file, 50 ms apart.
const LOCK_ATTEMPTS: usize = 20;

/// Opens (creating if needed), checks and migrates the server's database.
/// Refuses, naming the file, a database it cannot write or that is damaged.
pub async fn connect(config: &Config) -> anyhow::Result<SqlitePool> {
    let path = &config.database;
    let folder = folder_of(path);
    std::fs::create_dir_all(&folder)
        .with_context(|| t().cli_cannot_create_folder(folder.display()))?;
    ensure_file_writable(path)?;
    let pool = pool_options()
        .connect_with(options(path).create_if_missing(true))
        .await
        .map_err(|e| explain(e, path))
        .with_context(|| t().cli_cannot_open_database(path.display()))?;
    quick_check(&pool, path).await?;
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(e) => explain(e, path),
            other => anyhow::Error::new(other),
        })
        .context(t().terminal.migrations_failed)?;
    Ok(pool)
}

/// Opens the database at `path` for a command (back-up, author accounts): never
/// creates one, and runs no migrations under a server that may be using it.
pub async fn open_existing(path: &Path) -> anyhow::Result<SqlitePool> {
    if !path.is_file() {
        anyhow::bail!(t().cli_no_database(path.display()));
    }
    pool_options()
        .connect_with(options(path))
        .await
        .map_err(|e| explain(e, path))
        .with_context(|| t().cli_cannot_open_database(path.display()))
}

fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        // A reaction acknowledged as "geplaatst" must survive a power cut.
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
}

/// The pool. A connection whose transaction did not end cleanly (a COMMIT and
/// then its ROLLBACK failed, say on a full disk) is closed rather than reused:
/// sqlx would otherwise count the dead transaction as still open, start the next
/// one as a SAVEPOINT inside it, and its "commit" would only release that
/// savepoint — acknowledged, never written, and holding the write lock.
fn pool_options() -> SqlitePoolOptions {
    SqlitePoolOptions::new()
        // Few connections: every query is a hop to the connection's own thread, and
        // on a small server fewer threads switching beats more parallel readers.
        .max_connections(4)
        // A file on this machine does not go stale the way a network connection
        // does: no ping on every acquire (a hop per query).
        .test_before_acquire(false)
        .after_release(|conn, _| {
            Box::pin(async move {
                // A dropped transaction leaves its rollback queued (and the
                // connection counted as inside it): run it, so the check sees its
                // outcome. Nothing is queued otherwise, so no hop for plain queries.
                if conn.is_in_transaction() {
                    conn.ping().await?;
                }
                Ok(outside_transaction(conn))
            })
        })
        .before_acquire(|conn, _| Box::pin(async move { Ok(outside_transaction(conn)) }))
}

fn outside_transaction(conn: &SqliteConnection) -> bool {
    let clean = !conn.is_in_transaction();
    if !clean {
        tracing::warn!("{}", crate::i18n::logs().log.left_in_transaction);
    }
    clean
}

/// Refuses an existing database file that cannot be opened for writing
/// (permissions, an immutable file, a read-only mount).
fn ensure_file_writable(path: &Path) -> anyhow::Result<()> {
    if !path.exists() {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .map(drop)
        .map_err(|e| read_only(path, &e.to_string()))
}

fn read_only(path: &Path, detail: &str) -> anyhow::Error {
    anyhow::anyhow!(t().cli_read_only(path.display(), detail))
}

/// The database as messages name it: the file's path.
pub fn shown(database: &Path) -> String {
    database.display().to_string()
}

/// Turns SQLite's codes for a damaged or read-only file into a message naming it.
pub fn explain(error: sqlx::Error, path: &Path) -> anyhow::Error {
    let code = sqlite_code(&error);
    match code.map(|c| c & 0xff) {
        // SQLITE_CORRUPT, SQLITE_NOTADB
        Some(11 | 26) => damaged(path, &error.to_string()),
        // SQLITE_READONLY
        Some(8) => read_only(path, &error.to_string()),
        _ => anyhow::Error::new(error),
    }
}

/// The extended result code of a database error.
pub fn sqlite_code(error: &sqlx::Error) -> Option<i32> {
    match error {
        sqlx::Error::Database(e) => e.code().and_then(|c| c.parse().ok()),
        _ => None,
    }
}

/// Whether a failed statement refused only its own row (SQLITE_TOOBIG,
/// SQLITE_CONSTRAINT, SQLITE_MISMATCH): SQLite undoes just that statement and
/// the transaction carries on.
pub fn refuses_only_this_row(error: &sqlx::Error) -> bool {
    matches!(sqlite_code(error).map(|c| c & 0xff), Some(18..=20))
}

/// Marks where one row's statements begin inside a batch. SQLite undoes a
/// refused statement by itself, so there is nothing to mark.
pub async fn row_begins(_conn: &mut crate::sql::Conn) -> sqlx::Result<()> {
    Ok(())
}

/// Ends one row's statements; `refused` undoes them. Nothing to do on SQLite.
pub async fn row_ends(_conn: &mut crate::sql::Conn, _refused: bool) -> sqlx::Result<()> {
    Ok(())
}

fn damaged(path: &Path, detail: &str) -> anyhow::Error {
    anyhow::anyhow!(t().cli_damaged(path.display(), detail))
}

/// Reads every page once (`PRAGMA quick_check`), so a damaged file stops the
/// server at start-up instead of failing requests later.
async fn quick_check(pool: &SqlitePool, path: &Path) -> anyhow::Result<()> {
    let found = sqlx::query_scalar!(r#"PRAGMA quick_check(1)"#)
        .fetch_one(pool)
        .await
        .map_err(|e| explain(e, path))?;
    match found.as_deref() {
        Some("ok") => Ok(()),
        other => Err(damaged(path, other.unwrap_or("onbekend probleem"))),
    }
}

/// The lock file beside the database, held for the server's life: a second
/// server on the same database refuses to start instead of serving with an old
/// copy of the author's policy in memory. The kernel releases it when the
/// process ends, however it ends; the file itself stays.
#[derive(Debug)]
pub struct ServerLock {
    _file: std::fs::File,
}

impl ServerLock {
    /// Creates the database's folder if needed, checks that it can be written,
    /// and takes the lock; a Dutch message naming the folder or file otherwise.
    pub async fn take(database: &Path) -> anyhow::Result<Self> {
        let folder = folder_of(database);
        std::fs::create_dir_all(&folder)
            .with_context(|| t().cli_cannot_create_folder(folder.display()))?;
        ensure_folder_writable(&folder)?;
        let mut name = database.as_os_str().to_owned();
        name.push(".lock");
        let path = PathBuf::from(name);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .with_context(|| t().cli_cannot_open(path.display()))?;
        // A server that is just stopping (a restart) gets a moment to let go.
        for _ in 0..LOCK_ATTEMPTS {
            match file.try_lock() {
                Ok(()) => return Ok(Self { _file: file }),
                Err(std::fs::TryLockError::WouldBlock) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(std::fs::TryLockError::Error(e)) => {
                    return Err(e).with_context(|| t().cli_cannot_lock(path.display()));
                }
            }
        }
        anyhow::bail!(t().cli_already_running(database.display(), path.display()))
    }
}

fn folder_of(database: &Path) -> PathBuf {
    database
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// SQLite writes `-wal` and `-shm` files beside the database: the folder must
/// take new files, which a test file proves.
fn ensure_folder_writable(folder: &Path) -> anyhow::Result<()> {
    let probe = folder.join(format!(".reacties-schrijftest-{}", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .create_new(true)
        .write(true)
        .open(&probe)
        .and_then(|mut f| std::io::Write::write_all(&mut f, b"x"));
    let _ = std::fs::remove_file(&probe);
    written.map_err(|e| anyhow::anyhow!(t().cli_folder_not_writable(folder.display(), e)))
}

/// A write transaction that takes SQLite's write lock at `BEGIN` (IMMEDIATE), so
/// it waits for other writers with the busy timeout instead of failing midway
/// when its first read turns into a write (SQLITE_BUSY, or SQLITE_BUSY_SNAPSHOT
/// when another write landed since the read).
pub async fn begin_write(
    pool: &SqlitePool,
) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    pool.begin_with("BEGIN IMMEDIATE").await
}

/// `begin_write` on a connection the caller holds.
pub async fn begin_write_on(
    conn: &mut SqliteConnection,
) -> sqlx::Result<sqlx::Transaction<'_, sqlx::Sqlite>> {
    conn.begin_with("BEGIN IMMEDIATE").await
}

/// Writes a consistent copy of the database to `target` with `VACUUM INTO`, which
/// reads one snapshot (WAL readers do not block the server's writes) and refuses
/// to overwrite an existing file.
pub async fn backup(pool: &SqlitePool, target: &Path) -> anyhow::Result<()> {
    if target.exists() {
        anyhow::bail!(t().cli_file_exists(target.display()));
    }
    let target = target
        .to_str()
        .ok_or_else(|| anyhow::anyhow!(t().terminal.path_not_utf8))?
        .to_owned();
    // A runtime query: VACUUM cannot be described at build time by the query macros.
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(pool)
        .await
        .context(t().terminal.backup_failed)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_without_a_folder_lives_in_the_current_one() {
        assert_eq!(folder_of(Path::new("reacties.db")), PathBuf::from("."));
        assert_eq!(
            folder_of(Path::new("data/reacties.db")),
            PathBuf::from("data")
        );
    }
}
