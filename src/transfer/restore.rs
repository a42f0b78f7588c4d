//! `reacties import reacties FILE`: an export put back into an empty database,
//! every row with its own id, in one transaction.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::Context;
use serde_json::{Map, Value};

use super::export::{FORMAT, TABLES, VERSION};
use super::tables;
use crate::sql::{Conn, Pool};

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

async fn put_row(
    conn: &mut Conn,
    table: &str,
    known: &HashMap<String, String>,
    mut row: Map<String, Value>,
) -> anyhow::Result<()> {
    if let Some(unknown) = row.keys().find(|k| !known.contains_key(k.as_str())) {
        anyhow::bail!(crate::i18n::t().cli_unknown_column(unknown));
    }
    if table == "users" && !row.contains_key("password_hash") {
        row.insert("password_hash".into(), NO_PASSWORD.into());
    }
    let names: Vec<&String> = row.keys().collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    let marks: Vec<String> = (names.iter().enumerate())
        .map(|(i, n)| tables::mark(i + 1, known.get(n.as_str()).map_or("", String::as_str)))
        .collect();
    // The settings row exists from the start (with this installation's feed
    // secret): it is updated, every other row inserted. Runtime query: the
    // columns are the export's, checked against the table above.
    let sql = if table == "settings" {
        let sets: Vec<String> = (quoted.iter().zip(&marks))
            .map(|(q, m)| format!("{q} = {m}"))
            .collect();
        format!("UPDATE settings SET {} WHERE id = 1", sets.join(", "))
    } else {
        format!(
            "INSERT INTO {table} ({}) VALUES ({})",
            quoted.join(", "),
            marks.join(", ")
        )
    };
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for value in row.values() {
        if matches!(value, Value::Array(_) | Value::Object(_)) {
            anyhow::bail!(crate::i18n::t().terminal.not_an_export_value)
        }
        query = tables::bind(query, value);
    }
    query
        .execute(&mut *conn)
        .await
        .map_err(|e| anyhow::anyhow!(crate::i18n::t().cli_does_not_fit(e)))?;
    Ok(())
}

/// Restores the export in `file` into `pool`'s database, which must be empty.
pub async fn restore(pool: &Pool, file: &Path) -> anyhow::Result<Restored> {
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
    tables::defer_foreign_keys(&mut tx).await?;
    let mut restored = Restored::new();
    for (table, _) in TABLES {
        let rows = export.tabellen.remove(*table).unwrap_or_default();
        let known = tables::columns(&mut tx, table).await?;
        restored.insert((*table).to_owned(), rows.len());
        for (n, row) in rows.into_iter().enumerate() {
            put_row(&mut tx, table, &known, row)
                .await
                .with_context(|| crate::i18n::t().cli_table_row(table, n + 1))?;
        }
    }
    tables::after_restore(&mut tx).await?;
    tx.commit()
        .await
        .map_err(|_| anyhow::anyhow!(crate::i18n::t().terminal.export_inconsistent))?;
    Ok(restored)
}
