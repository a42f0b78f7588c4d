//! What export and restore need to know about SQLite's tables beyond the
//! queries they share: column names and types, reading a value whatever its
//! type, and checking references once at the end of a restore.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::Row;

use crate::sql::{Conn, Db, Pool};

/// A runtime statement with its arguments.
pub type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>;

/// A read transaction: every table read from the same moment (WAL snapshot).
pub async fn begin_snapshot(pool: &Pool) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    pool.begin().await
}

/// The table's columns with their declared types.
pub async fn columns(conn: &mut Conn, table: &str) -> anyhow::Result<HashMap<String, String>> {
    // Runtime query: the table name comes from the fixed list in export.rs.
    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT name, type FROM pragma_table_info('{table}')"
    )))
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The placeholder for the `n`th value of a row; SQLite converts by itself.
pub fn mark(n: usize, _column_type: &str) -> String {
    format!("${n}")
}

/// Rows refer to each other (a reply to a later-numbered reaction, a log line
/// to an account): checked once, at commit.
pub async fn defer_foreign_keys(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(conn)
        .await?;
    Ok(())
}

/// Nothing to do after a restore: SQLite numbers new rows after the largest id.
pub async fn after_restore(_conn: &mut Conn) -> sqlx::Result<()> {
    Ok(())
}

/// A column's value as JSON, by the name of its type (`None`: a type no
/// table of ours has). NULL is handled by the caller.
pub fn decode(
    row: &<Db as sqlx::Database>::Row,
    i: usize,
    kind: &str,
) -> sqlx::Result<Option<Value>> {
    Ok(Some(match kind {
        "INTEGER" | "BOOLEAN" => Value::from(row.try_get_unchecked::<i64, _>(i)?),
        "REAL" => Value::from(row.try_get_unchecked::<f64, _>(i)?),
        "TEXT" => Value::from(row.try_get_unchecked::<String, _>(i)?),
        _ => return Ok(None),
    }))
}

/// Adds one value of a row to its statement, as the number or text it is.
pub fn bind<'q>(query: Query<'q>, value: &Value) -> Query<'q> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) => query.bind(i),
            None => query.bind(n.as_f64()),
        },
        Value::String(s) => query.bind(s.clone()),
        Value::Bool(b) => query.bind(i64::from(*b)),
        Value::Null | Value::Array(_) | Value::Object(_) => query.bind(None::<i64>),
    }
}
