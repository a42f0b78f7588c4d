//! What export and restore need to know about PostgreSQL's tables beyond the
//! queries they share: column names and types, reading a value whatever its
//! type, deferring reference checks, and moving the id sequences past the ids
//! a restore wrote.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::Row;

use crate::sql::{Conn, Db, Pool};

/// A runtime statement with its arguments.
pub type Query<'q> = sqlx::query::Query<'q, Db, <Db as sqlx::Database>::Arguments>;

/// A read transaction that sees every table from the same moment (READ
/// COMMITTED, the default, would give each statement its own).
pub async fn begin_snapshot(pool: &Pool) -> sqlx::Result<sqlx::Transaction<'static, Db>> {
    pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await
}

/// The table's columns with their types, in the site's schema.
pub async fn columns(conn: &mut Conn, table: &str) -> anyhow::Result<HashMap<String, String>> {
    let rows = sqlx::query!(
        r#"SELECT column_name AS "name!", data_type AS "kind!" FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = $1"#,
        table
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.name, r.kind)).collect())
}

/// The placeholder for the `n`th value of a row, cast to the column's type:
/// PostgreSQL does not convert a number bound to a text column (or a NULL bound
/// as a number) by itself. The type comes from the catalogue, not the file.
pub fn mark(n: usize, column_type: &str) -> String {
    format!("CAST(${n} AS {column_type})")
}

/// Rows refer to each other (a reply to a later-numbered reaction, a log line
/// to an account): the references are declared DEFERRABLE and checked once, at
/// commit.
pub async fn defer_foreign_keys(conn: &mut Conn) -> sqlx::Result<()> {
    sqlx::query!("SET CONSTRAINTS ALL DEFERRED")
        .execute(conn)
        .await?;
    Ok(())
}

/// Moves every id sequence past the largest id the restore wrote, so the next
/// reaction does not collide with a restored one.
pub async fn after_restore(conn: &mut Conn) -> sqlx::Result<()> {
    let tables = sqlx::query_scalar!(
        r#"SELECT table_name AS "table!" FROM information_schema.columns
           WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'"#
    )
    .fetch_all(&mut *conn)
    .await?;
    for table in tables {
        // Runtime query: the table name comes from the catalogue just read.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             GREATEST((SELECT MAX(id) FROM \"{table}\"), 1), \
             (SELECT MAX(id) FROM \"{table}\") IS NOT NULL)"
        )))
        .execute(&mut *conn)
        .await?;
    }
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
        "INT8" => Value::from(row.try_get_unchecked::<i64, _>(i)?),
        "INT4" => Value::from(row.try_get_unchecked::<i32, _>(i)?),
        "BOOL" => Value::from(i64::from(row.try_get_unchecked::<bool, _>(i)?)),
        "FLOAT8" => Value::from(row.try_get_unchecked::<f64, _>(i)?),
        "TEXT" | "VARCHAR" => Value::from(row.try_get_unchecked::<String, _>(i)?),
        _ => return Ok(None),
    }))
}

/// Adds one value of a row to its statement, always as text, which `mark`
/// casts to the column's type: a statement is prepared once per table, with
/// the type of each parameter fixed then, while a column holds NULL in one row
/// and a value in the next.
pub fn bind<'q>(query: Query<'q>, value: &Value) -> Query<'q> {
    match value {
        Value::Number(n) => query.bind(n.to_string()),
        Value::String(s) => query.bind(s.clone()),
        Value::Bool(b) => query.bind(if *b { "1" } else { "0" }.to_owned()),
        Value::Null | Value::Array(_) | Value::Object(_) => query.bind(None::<String>),
    }
}
