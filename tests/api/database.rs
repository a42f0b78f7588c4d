//! Each test's own database: a SQLite file in the test's temp dir or, in the
//! PostgreSQL build of this suite, a fresh schema in the database that
//! REACTIES_TEST_POSTGRES names, dropped when the test ends. `PgSchema` also
//! serves the SQLite build's tests that start the binary on PostgreSQL.

use std::path::PathBuf;

use reacties::sql::Pool;
use sqlx::{Connection, Executor, PgConnection};
use tempfile::TempDir;

/// The PostgreSQL test server REACTIES_TEST_POSTGRES names, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("REACTIES_TEST_POSTGRES")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A fresh schema in the test server's database, dropped with this value.
pub struct PgSchema {
    base: String,
    name: String,
}

impl PgSchema {
    /// A new, empty schema with a name no other test uses.
    pub async fn create(base: &str) -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let name = format!("test_{}_{n}_{nanos}", std::process::id());
        let mut conn = PgConnection::connect(base).await.expect("test server");
        conn.execute(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {name}")))
            .await
            .expect("create schema");
        conn.close().await.expect("close");
        Self {
            base: base.to_owned(),
            name,
        }
    }

    /// The address that selects this schema for every connection.
    pub fn url(&self) -> PathBuf {
        let separator = if self.base.contains('?') { '&' } else { '?' };
        PathBuf::from(format!(
            "{}{separator}options=-c%20search_path%3D{}",
            self.base, self.name
        ))
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let (base, schema) = (self.base.clone(), std::mem::take(&mut self.name));
        // Drop runs inside the test's runtime; a thread of its own may block.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async {
                let mut conn = PgConnection::connect(&base).await?;
                // The test's runtime is blocked on this thread, so a connection
                // of the test's whose rollback was still queued (a transaction
                // dropped on an error path) cannot send it: end such sessions,
                // which hold locks in the schema, rather than wait for them.
                sqlx::query(
                    "SELECT pg_terminate_backend(l.pid) FROM pg_locks l
                     JOIN pg_class c ON c.oid = l.relation
                     JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = $1 AND l.pid <> pg_backend_pid()",
                )
                .bind(&schema)
                .execute(&mut conn)
                .await?;
                conn.execute(sqlx::AssertSqlSafe(format!(
                    "DROP SCHEMA IF EXISTS {schema} CASCADE"
                )))
                .await?;
                conn.close().await
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("the test schema could not be dropped");
        }
    }
}

/// The test's database; dropping it removes what the test wrote.
pub struct TestDatabase {
    #[cfg(postgres)]
    _schema: PgSchema,
}

#[cfg(not(postgres))]
impl TestDatabase {
    /// A database file that does not exist yet, in `dir`.
    pub async fn create(dir: &TempDir) -> (Self, PathBuf) {
        (Self {}, dir.path().join("data").join("reacties.db"))
    }

    /// A pool that connects to nothing until used (replaced once the server runs).
    pub fn placeholder_pool() -> Pool {
        Pool::connect_lazy("sqlite::memory:").expect("placeholder pool")
    }
}

#[cfg(postgres)]
fn server() -> String {
    postgres_server().expect("REACTIES_TEST_POSTGRES names the test server")
}

#[cfg(postgres)]
impl TestDatabase {
    /// A new, empty schema; the address selects it for every connection.
    pub async fn create(_dir: &TempDir) -> (Self, PathBuf) {
        let schema = PgSchema::create(&server()).await;
        let url = schema.url();
        (Self { _schema: schema }, url)
    }

    pub fn placeholder_pool() -> Pool {
        Pool::connect_lazy(&server()).expect("placeholder pool")
    }
}
