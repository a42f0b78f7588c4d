//! The database the queries are written against, by one name. Queries and the
//! code around them say `Db`, `Pool`, `Conn` and `Executor` rather than SQLite by
//! name, so the same source can be compiled against another sqlx database with
//! its own build-time checked query cache (see README, "PostgreSQL"). What only
//! SQLite has (the file, its lock, `VACUUM INTO`, the Isso reader) says SQLite.

/// The database this build's queries were checked against.
#[cfg(not(postgres))]
pub type Db = sqlx::Sqlite;
/// The database this build's queries were checked against.
#[cfg(postgres)]
pub type Db = sqlx::Postgres;

/// A pool of connections to [`Db`].
pub type Pool = sqlx::Pool<Db>;

/// One connection to [`Db`] (also what a transaction dereferences to).
pub type Conn = <Db as sqlx::Database>::Connection;

/// Anything a query can run on: the pool, a connection, a transaction.
pub trait Executor<'e>: sqlx::Executor<'e, Database = Db> {}

impl<'e, T: sqlx::Executor<'e, Database = Db>> Executor<'e> for T {}

/// Whether `database` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres(database: &std::path::Path) -> bool {
    database
        .to_str()
        .is_some_and(|d| d.starts_with("postgres://") || d.starts_with("postgresql://"))
}
