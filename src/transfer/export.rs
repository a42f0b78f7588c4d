//! The whole site as one JSON file (format `reacties-export`, version 1,
//! described by `export.schema.json` next to this file): every table that
//! holds what readers and the author made, row by row, in a stable order, so
//! the same database always gives the same bytes.
//!
//! Tables and columns are read generically (a runtime query per table) so a
//! new column lands in the export without code here; a test keeps the list of
//! tables and the schema complete.

use serde_json::{Map, Value};
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::tables;
use crate::sql::{Conn, Db, Pool};

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
    ("stances", "article_slug, reason, user_id"),
    ("stance_changes", "id"),
    ("appreciations", "reaction_id, user_id"),
    ("notifications", "id"),
];

/// Tables not exported: sessions and login throttling are short-lived, the
/// server key is this installation's secret, staging is always empty. Readers'
/// e-mail addresses are shown to no one, the author's download included: after
/// a move a reader confirms an address again (links and the outbox are
/// short-lived too).
pub const LEFT_OUT: &[&str] = &[
    "mail_addresses",
    "mail_tokens",
    "mail_outbox",
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
        ("settings" | "users", "feed_token") => true,
        _ => false,
    }
}

/// One column of a row as JSON, whatever its type.
fn value(row: &<Db as sqlx::Database>::Row, i: usize) -> anyhow::Result<Value> {
    let raw = row.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let kind = raw.type_info().name().to_owned();
    tables::decode(row, i, &kind)?
        .ok_or_else(|| anyhow::anyhow!("onverwacht gegevenstype {kind} in de database"))
}

/// Rows read per query: memory holds one page of rows, not a table.
const PAGE: i64 = 1000;

/// One row as a JSON object with its columns in name order.
fn row_json(
    table: &str,
    row: &<Db as sqlx::Database>::Row,
    with_passwords: bool,
) -> anyhow::Result<Value> {
    let mut object = Map::new();
    for (i, column) in row.columns().iter().enumerate() {
        if !left_out(table, column.name(), with_passwords) {
            object.insert(column.name().to_owned(), value(row, i)?);
        }
    }
    Ok(Value::Object(object))
}

/// Writes the export: the header, then each table with one row per line, so
/// a large site's export is written row by row rather than built whole.
pub async fn write_export(
    conn: &mut Conn,
    with_passwords: bool,
    out: &mut Vec<u8>,
) -> anyhow::Result<()> {
    out.extend_from_slice(
        format!(
            "{{\n  \"formaat\": \"{FORMAT}\",\n  \"versie\": {VERSION},\n  \"wachtwoorden\": {with_passwords},\n  \"tabellen\": {{"
        )
        .as_bytes(),
    );
    for (t, (table, order)) in TABLES.iter().enumerate() {
        let comma = if t == 0 { "" } else { "," };
        out.extend_from_slice(format!("{comma}\n    \"{table}\": [").as_bytes());
        let mut first = true;
        let mut offset = 0;
        loop {
            // Runtime query: the table list above is data, and the columns
            // are whatever the migrations made.
            let sql = format!("SELECT * FROM {table} ORDER BY {order} LIMIT $1 OFFSET $2");
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(PAGE)
                .bind(offset)
                .fetch_all(&mut *conn)
                .await?;
            for row in &rows {
                out.extend_from_slice(if first { b"\n      " } else { b",\n      " });
                first = false;
                serde_json::to_writer(&mut *out, &row_json(table, row, with_passwords)?)?;
            }
            if rows.len() < usize::try_from(PAGE).unwrap_or(usize::MAX) {
                break;
            }
            offset += PAGE;
        }
        out.extend_from_slice(if first { b"]" } else { b"\n    ]" });
    }
    out.extend_from_slice(b"\n  }\n}\n");
    Ok(())
}

/// The export as the bytes of the file.
pub async fn export_bytes(pool: &Pool, with_passwords: bool) -> anyhow::Result<Vec<u8>> {
    // One read transaction: every table from the same moment.
    let mut tx = super::tables::begin_snapshot(pool).await?;
    let mut bytes = Vec::new();
    write_export(&mut tx, with_passwords, &mut bytes).await?;
    tx.commit().await?;
    Ok(bytes)
}
