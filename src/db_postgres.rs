//! The PostgreSQL pool, for a site whose database lives apart from its server:
//! synchronous commit, migrations at start-up, and write transactions serialised
//! the way SQLite serialises them, across all of a site's instances.
//!
//! This file is the PostgreSQL build's `db` module: the same functions as
//! `db.rs`, so the rest of the source does not know which database it runs on.

use std::path::Path;
use std::time::Duration;

use anyhow::Context;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, Transaction};

use crate::config::Config;
use crate::i18n::t;
use crate::sql::{Conn, Db, Pool};

/// How long a request waits for a connection before it fails.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// Connects to the site's database and brings its schema up to date.
pub async fn connect(config: &Config) -> anyhow::Result<Pool> {
    let pool = open_existing(&config.database).await?;
    sqlx::migrate!("../../migrations/postgres")
        .run(&pool)
        .await
        .context(t().terminal.migrations_failed)?;
    Ok(pool)
}

/// Connects without migrating (commands run beside a server that may be newer).
pub async fn open_existing(database: &Path) -> anyhow::Result<Pool> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(connect_options(database)?)
        .await
        .with_context(|| t().cli_cannot_open_database(shown(database)))?;
    ensure_schema(&mut *pool.acquire().await?, database).await?;
    Ok(pool)
}

/// Refuses an address whose `search_path` names no schema that exists: every
/// table would be missing, and the first query would say so far less clearly.
async fn ensure_schema(conn: &mut Conn, database: &Path) -> anyhow::Result<()> {
    let schema = sqlx::query_scalar!(r#"SELECT current_schema() AS "schema""#)
        .fetch_one(conn)
        .await?;
    match schema {
        Some(_) => Ok(()),
        None => Err(anyhow::anyhow!(t().terminal.postgres_no_schema))
            .with_context(|| t().cli_cannot_open_database(shown(database))),
    }
}

fn connect_options(database: &Path) -> anyhow::Result<PgConnectOptions> {
    let url = database
        .to_str()
        .ok_or_else(|| anyhow::anyhow!(t().terminal.postgres_url_not_utf8))?;
    let options: PgConnectOptions = url
        .parse()
        .with_context(|| t().cli_cannot_open_database(shown(database)))?;
    // An acknowledged reaction must have reached the disk (and the synchronous
    // standbys, where the server has them), whatever the server's default is.
    Ok(options.options([("synchronous_commit", "on")]))
}

/// The database as messages name it: the address without its password (also
/// when the address does not parse, so a typo never prints the password).
pub fn shown(database: &Path) -> String {
    let url = database.to_string_lossy();
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into_owned();
    };
    let end = rest.find(['?', '/']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _password)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.into_owned(),
        },
        None => url.into_owned(),
    }
}

/// A write transaction, holding the site's write lock until it ends.
pub async fn begin_write(pool: &Pool) -> sqlx::Result<Transaction<'static, Db>> {
    let mut tx = pool.begin().await?;
    take_write_lock(&mut tx).await?;
    Ok(tx)
}

/// `begin_write` on a connection the caller holds.
pub async fn begin_write_on(conn: &mut Conn) -> sqlx::Result<Transaction<'_, Db>> {
    let mut tx = conn.begin().await?;
    take_write_lock(&mut tx).await?;
    Ok(tx)
}

/// Every write transaction first takes one transaction-scoped advisory lock,
/// keyed by the site's schema: the site's writes run one at a time across all
/// its instances, as they do on SQLite, so no check-then-write in the code can
/// interleave with another's; sites in other schemas of the same database do
/// not wait for each other. The group commit keeps this from costing
/// throughput: one lock per batch.
///
/// The lock is taken inside the transaction, not sent with its `BEGIN` (which
/// would save a round trip): sqlx counts a transaction only once its `BEGIN`
/// statement has finished, so a future dropped while that statement waited
/// for the lock (a client that went away) let the connection go back to the
/// pool inside a transaction that then took the lock and never ended it. Here
/// the wait happens inside a `Transaction`, whose drop rolls back (tested by
/// `a_write_given_up_while_it_waits_for_the_lock_leaves_no_lock_behind`).
async fn take_write_lock(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query!("SELECT pg_advisory_xact_lock(hashtext('reacties ' || current_schema()))")
        .execute(conn)
        .await?;
    Ok(())
}

/// PostgreSQL has its own tools for back-ups; the command says which.
pub async fn backup(_pool: &Pool, _target: &Path) -> anyhow::Result<()> {
    anyhow::bail!(t().terminal.postgres_backup)
}

/// PostgreSQL's errors already say what is wrong; nothing to add.
pub fn explain(error: sqlx::Error, _database: &Path) -> anyhow::Error {
    anyhow::Error::new(error)
}

/// Whether a failed statement refused only its own row (a constraint, a value
/// of the wrong kind): SQLSTATE classes 23 and 22. The caller rolls back to the
/// row's savepoint, since PostgreSQL aborts the whole transaction otherwise.
pub fn refuses_only_this_row(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(e) => e
            .code()
            .is_some_and(|c| c.starts_with("23") || c.starts_with("22")),
        _ => false,
    }
}

/// Marks where one row's statements begin inside a batch, so a refusal can be
/// undone without losing the rest of the transaction.
pub async fn row_begins(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query!("SAVEPOINT batch_row").execute(conn).await?;
    Ok(())
}

/// Ends one row's statements; `refused` undoes them and clears the abort.
pub async fn row_ends(conn: &mut Conn, refused: bool) -> sqlx::Result<()> {
    if refused {
        sqlx::query!("ROLLBACK TO SAVEPOINT batch_row")
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query!("RELEASE SAVEPOINT batch_row")
        .execute(conn)
        .await?;
    Ok(())
}

/// On SQLite a server locks its database; on PostgreSQL several servers may
/// share a schema (see `instances`), so there is nothing to hold.
#[derive(Debug)]
pub struct ServerLock;

impl ServerLock {
    /// Checks that the database is reachable and its schema exists.
    pub async fn take(database: &Path) -> anyhow::Result<Self> {
        let options = connect_options(database)?;
        let mut conn = sqlx::PgConnection::connect_with(&options)
            .await
            .with_context(|| t().cli_cannot_open_database(shown(database)))?;
        ensure_schema(&mut conn, database).await?;
        let _ = conn.close().await;
        Ok(Self)
    }
}
