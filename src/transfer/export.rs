//! The whole site as one JSON file (format `reacties-export`, version 1,
//! described by `export.schema.json` next to this file): every table that
//! holds what readers and the author made, row by row, in a stable order, so
//! the same database always gives the same bytes.
//!
//! Tables and columns are read generically (a runtime query per table) so a
//! new column lands in the export without code here; a test keeps the list of
//! tables and the schema complete.

use serde_json::{Map, Value};
use sqlx::{Column, Row, SqliteConnection, TypeInfo, ValueRef};

/// The format's name and version, checked on restore.
pub const FORMAT: &str = "reacties-export";
pub const VERSION: i64 = 1;

/// Exported tables in the order a restore inserts them (parents first), and
/// the order of their rows.
pub const TABLES: &[(&str, &str)] = &[
    ("users", "id"),
    ("settings", "id"),
    ("article_settings", "slug"),
    ("reactions", "id"),
    ("reaction_revisions", "id"),
    ("reports", "id"),
    ("audit_log", "id"),
    ("import_sources", "source, source_id"),
];

/// Tables not exported: sessions and login throttling are short-lived, the
/// server key is this installation's secret, staging is always empty.
pub const LEFT_OUT: &[&str] = &[
    "sessions",
    "login_failures",
    "secrets",
    "import_staging",
    "_sqlx_migrations",
];

/// Columns never exported (secrets), or only on request (password hashes).
pub fn left_out(table: &str, column: &str, with_passwords: bool) -> bool {
    match (table, column) {
        ("users", "password_hash") => !with_passwords,
        ("settings", "feed_token") => true,
        _ => false,
    }
}

fn value(row: &sqlx::sqlite::SqliteRow, i: usize) -> anyhow::Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    Ok(match kind.as_str() {
        "INTEGER" | "BOOLEAN" => Value::from(row.try_get_unchecked::<i64, _>(i)?),
        "REAL" => Value::from(row.try_get_unchecked::<f64, _>(i)?),
        "TEXT" => Value::from(row.try_get_unchecked::<String, _>(i)?),
        other => anyhow::bail!("onverwacht gegevenstype {other} in de database"),
    })
}

/// Every exported table's rows.
pub async fn export(conn: &mut SqliteConnection, with_passwords: bool) -> anyhow::Result<Value> {
    let mut tables = Map::new();
    for (table, order) in TABLES {
        // Runtime query: the table list above is data, and the columns are
        // whatever the migrations made.
        let sql = format!("SELECT * FROM {table} ORDER BY {order}");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&mut *conn)
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let mut object = Map::new();
            for (i, column) in row.columns().iter().enumerate() {
                if !left_out(table, column.name(), with_passwords) {
                    object.insert(column.name().to_owned(), value(row, i)?);
                }
            }
            out.push(Value::Object(object));
        }
        tables.insert((*table).to_owned(), Value::Array(out));
    }
    let mut root = Map::new();
    root.insert("formaat".into(), FORMAT.into());
    root.insert("versie".into(), VERSION.into());
    root.insert("wachtwoorden".into(), with_passwords.into());
    root.insert("tabellen".into(), Value::Object(tables));
    Ok(Value::Object(root))
}

/// The export as the bytes of the file: pretty JSON and a final newline.
pub async fn export_bytes(
    pool: &sqlx::SqlitePool,
    with_passwords: bool,
) -> anyhow::Result<Vec<u8>> {
    // One read transaction: every table from the same moment.
    let mut tx = pool.begin().await?;
    let value = export(&mut tx, with_passwords).await?;
    tx.commit().await?;
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
