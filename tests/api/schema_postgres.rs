//! The PostgreSQL schema (`migrations/postgres`) kept in step with the SQLite
//! one (`migrations`): both are migrated from scratch and read back from their
//! catalogues, and every difference in tables, columns, indexes, unique
//! constraints, foreign keys and the rows the migrations insert is listed.
//!
//! Runs when `REACTIES_TEST_POSTGRES` holds a PostgreSQL URL (`.ci/run` sets
//! it); the migrations land in a fresh schema of their own, dropped afterwards,
//! so the database may be shared with other tests.
//!
//! The catalogue queries are runtime `sqlx::query` calls: they read system
//! tables and pragmas of two databases at once, which `query!` (checked against
//! the one SQLite schema) cannot describe.

mod postgres;
mod sqlite;

use std::collections::BTreeMap;
use std::time::{SystemTime, UNIX_EPOCH};

use sqlx::{AssertSqlSafe, Connection, PgConnection};

/// The schema version PostgreSQL starts at (its baseline); from it on, both
/// folders hold the same migration numbers.
const FIRST_SHARED_VERSION: i64 = 24;

/// One database's schema as comparable facts: a key (what the fact is about)
/// and a description (what it says). Keys present on one side only, and keys
/// whose descriptions differ, are the differences.
type Facts = BTreeMap<String, String>;

#[tokio::test]
async fn the_postgres_schema_matches_the_sqlite_schema() {
    let Ok(url) = std::env::var("REACTIES_TEST_POSTGRES") else {
        eprintln!("REACTIES_TEST_POSTGRES is not set: the PostgreSQL schema was not tested");
        return;
    };
    let sqlite = sqlite::sqlite_facts().await;
    // Guards against a comparison of two empty readings passing.
    assert!(
        sqlite.contains_key("table users") && sqlite.contains_key("index reactions_top"),
        "the SQLite schema was not read: {sqlite:?}"
    );

    let schema = fresh_schema_name();
    let mut admin = PgConnection::connect(&url)
        .await
        .expect("connect to REACTIES_TEST_POSTGRES");
    // The name is ours (fresh_schema_name): letters, digits and underscores.
    sqlx::query(AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
        .execute(&mut admin)
        .await
        .expect("create a schema for the test");
    // Read inside a function whose errors are returned, so the schema is
    // dropped whatever happened before the test reports it.
    let postgres = postgres::postgres_facts(&url, &schema).await;
    sqlx::query(AssertSqlSafe(format!("DROP SCHEMA {schema} CASCADE")))
        .execute(&mut admin)
        .await
        .expect("drop the test's schema");
    let postgres = postgres.expect("migrate and read the PostgreSQL schema");

    let differences = differences(&sqlite, &postgres);
    assert!(
        differences.is_empty(),
        "migrations/postgres differs from the SQLite schema in {} place(s):\n  {}",
        differences.len(),
        differences.join("\n  ")
    );
}

/// `reacties_schema_<pid>_<nanoseconds>`: no two test runs share one, and only
/// lower-case letters, digits and underscores, so it needs no quoting.
fn fresh_schema_name() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_nanos();
    format!("reacties_schema_{}_{nanos}", std::process::id())
}

/// Every line where the two sides disagree, in key order.
fn differences(sqlite: &Facts, postgres: &Facts) -> Vec<String> {
    let mut keys: Vec<&String> = sqlite.keys().chain(postgres.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter_map(|key| match (sqlite.get(key), postgres.get(key)) {
            (Some(s), Some(p)) if s == p => None,
            (Some(s), Some(p)) => Some(format!("{key}: SQLite `{s}`, PostgreSQL `{p}`")),
            (Some(s), None) => Some(format!("{key}: only in SQLite (`{s}`)")),
            (None, Some(p)) => Some(format!("{key}: only in PostgreSQL (`{p}`)")),
            (None, None) => None,
        })
        .collect()
}

/// The facts about one column; its key carries the table and its position,
/// so a column moved, renamed or missing shows at its place.
fn column_fact(facts: &mut Facts, table: &str, position: usize, column: &ColumnShape) {
    let null = if column.not_null { "NOT NULL" } else { "NULL" };
    let key = if column.primary_key {
        " PRIMARY KEY"
    } else {
        ""
    };
    let default = column
        .default
        .as_deref()
        .map_or(String::new(), |d| format!(" DEFAULT {d}"));
    facts.insert(
        format!("table {table}, column {position:02}"),
        format!("{} {} {null}{key}{default}", column.name, column.class),
    );
}

#[derive(Debug)]
struct ColumnShape {
    name: String,
    /// integer, text, real, blob or bool: what Rust decodes it as.
    class: String,
    not_null: bool,
    primary_key: bool,
    default: Option<String>,
}

/// An index of its own, by name: its table, its columns (with DESC where
/// descending), whether unique, and a partial index's WHERE.
fn index_fact(
    facts: &mut Facts,
    name: &str,
    table: &str,
    columns: &[String],
    unique: bool,
    predicate: Option<&str>,
) {
    let unique = if unique { "UNIQUE " } else { "" };
    let predicate = predicate.map_or(String::new(), |p| format!(" WHERE {p}"));
    facts.insert(
        format!("index {name}"),
        format!("{unique}ON {table} ({}){predicate}", columns.join(", ")),
    );
}

fn unique_fact(facts: &mut Facts, table: &str, columns: &[String]) {
    facts.insert(
        format!("table {table}, UNIQUE ({})", columns.join(", ")),
        "a UNIQUE constraint".to_owned(),
    );
}

/// A foreign key as both databases describe it.
#[derive(Debug)]
struct ForeignKey {
    from: Vec<String>,
    target: String,
    to: Vec<String>,
    on_delete: String,
    on_update: String,
}

fn rows_fact(facts: &mut Facts, table: &str, rows: i64) {
    facts.insert(
        format!("table {table}"),
        format!("{rows} row(s) after migrating"),
    );
}

fn foreign_key_fact(facts: &mut Facts, table: &str, key: &ForeignKey) {
    facts.insert(
        format!("table {table}, foreign key ({})", key.from.join(", ")),
        format!(
            "REFERENCES {} ({}) ON DELETE {} ON UPDATE {}",
            key.target,
            key.to.join(", "),
            key.on_delete,
            key.on_update
        ),
    );
}

fn versions_fact(facts: &mut Facts, versions: &[i64]) {
    let versions: Vec<String> = versions.iter().map(ToString::to_string).collect();
    facts.insert(
        format!("migrations numbered {FIRST_SHARED_VERSION} and up"),
        versions.join(", "),
    );
}
