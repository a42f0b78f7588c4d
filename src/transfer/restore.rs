//! `reacties import reacties FILE`: an export put back into an empty database,
//! every row with its own id, in one transaction.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use anyhow::Context;
use serde_json::{Map, Value};
use sqlx::SqliteConnection;

use super::export::{FORMAT, TABLES, VERSION};

/// What a restore put back: rows per table.
pub type Restored = BTreeMap<String, usize>;

/// A password hash that matches no password: accounts exported without
/// theirs log in again after a password reset.
const NO_PASSWORD: &str = "!";

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Export {
    formaat: String,
    versie: i64,
    #[allow(dead_code)] // part of the format; a restore needs no more than the rows
    wachtwoorden: bool,
    tabellen: BTreeMap<String, Vec<Map<String, Value>>>,
}

/// Reads an export file, explaining where it is wrong.
fn read(file: &Path) -> anyhow::Result<Export> {
    let opened = std::fs::File::open(file)
        .with_context(|| crate::i18n::t().cli_cannot_open(file.display()))?;
    let export: Export = serde_json::from_reader(std::io::BufReader::new(opened)).map_err(|e| {
        let t = crate::i18n::t();
        let why = if e.is_eof() {
            t.terminal.export_ends_early
        } else if e.is_io() {
            t.terminal.export_read_error
        } else {
            t.terminal.export_unexpected
        };
        anyhow::anyhow!(t.cli_bad_export(e.line(), e.column(), why))
    })?;
    if export.formaat != FORMAT {
        anyhow::bail!(crate::i18n::t().cli_not_reacties_export(&export.formaat));
    }
    if export.versie != VERSION {
        anyhow::bail!(crate::i18n::t().cli_export_version(export.versie, VERSION));
    }
    let known: HashSet<&str> = TABLES.iter().map(|(t, _)| *t).collect();
    if let Some(unknown) = export.tabellen.keys().find(|t| !known.contains(t.as_str())) {
        anyhow::bail!(crate::i18n::t().cli_unknown_table(unknown));
    }
    Ok(export)
}

async fn columns(conn: &mut SqliteConnection, table: &str) -> anyhow::Result<HashSet<String>> {
    // Runtime query: the table name comes from the fixed list in export.rs.
    let names: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT name FROM pragma_table_info('{table}')"
    )))
    .fetch_all(&mut *conn)
    .await?;
    Ok(names.into_iter().collect())
}

async fn put_row(
    conn: &mut SqliteConnection,
    table: &str,
    known: &HashSet<String>,
    mut row: Map<String, Value>,
) -> anyhow::Result<()> {
    if let Some(unknown) = row.keys().find(|k| !known.contains(k.as_str())) {
        anyhow::bail!(crate::i18n::t().cli_unknown_column(unknown));
    }
    if table == "users" && !row.contains_key("password_hash") {
        row.insert("password_hash".into(), NO_PASSWORD.into());
    }
    let names: Vec<&String> = row.keys().collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    // The settings row exists from the start (with this installation's feed
    // secret): it is updated, every other row inserted. Runtime query: the
    // columns are the export's, checked against the table above.
    let sql = if table == "settings" {
        let sets: Vec<String> = quoted.iter().map(|q| format!("{q} = ?")).collect();
        format!("UPDATE settings SET {} WHERE id = 1", sets.join(", "))
    } else {
        let marks = vec!["?"; names.len()].join(", ");
        format!(
            "INSERT INTO {table} ({}) VALUES ({marks})",
            quoted.join(", ")
        )
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in row.values() {
        query = match value {
            Value::Null => query.bind(None::<i64>),
            Value::Number(n) => match n.as_i64() {
                Some(i) => query.bind(i),
                None => query.bind(n.as_f64()),
            },
            Value::String(s) => query.bind(s.clone()),
            Value::Bool(b) => query.bind(i64::from(*b)),
            Value::Array(_) | Value::Object(_) => {
                anyhow::bail!(crate::i18n::t().terminal.not_an_export_value)
            }
        };
    }
    query
        .execute(&mut *conn)
        .await
        .map_err(|e| anyhow::anyhow!(crate::i18n::t().cli_does_not_fit(e)))?;
    Ok(())
}

/// Restores the export in `file` into `pool`'s database, which must be empty.
pub async fn restore(pool: &sqlx::SqlitePool, file: &Path) -> anyhow::Result<Restored> {
    let mut export = read(file)?;
    let mut tx = crate::db::begin_write(pool).await?;
    let users = sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM users"#)
        .fetch_one(&mut *tx)
        .await?;
    let reactions = sqlx::query_scalar!(r#"SELECT count(*) AS "n!: i64" FROM reactions"#)
        .fetch_one(&mut *tx)
        .await?;
    if users + reactions > 0 {
        anyhow::bail!(crate::i18n::t().cli_database_not_empty(users, reactions));
    }
    // Rows refer to each other (a reply to a later-numbered reaction, a log
    // line to an account): checked once, at commit.
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *tx)
        .await?;
    let mut restored = Restored::new();
    for (table, _) in TABLES {
        let rows = export.tabellen.remove(*table).unwrap_or_default();
        let known = columns(&mut tx, table).await?;
        restored.insert((*table).to_owned(), rows.len());
        for (n, row) in rows.into_iter().enumerate() {
            put_row(&mut tx, table, &known, row)
                .await
                .with_context(|| crate::i18n::t().cli_table_row(table, n + 1))?;
        }
    }
    tx.commit()
        .await
        .map_err(|_| anyhow::anyhow!(crate::i18n::t().terminal.export_inconsistent))?;
    Ok(restored)
}
