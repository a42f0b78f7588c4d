//! Reads the SQLite schema that `migrations/` makes, as facts.

use std::collections::BTreeMap;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sqlx::{AssertSqlSafe, Row, SqlitePool};

use super::{
    ColumnShape, FIRST_SHARED_VERSION, Facts, ForeignKey, column_fact, foreign_key_fact,
    index_fact, rows_fact, unique_fact, versions_fact,
};

/// Migrates a temporary SQLite file with `migrations/` and reads it back.
pub(super) async fn sqlite_facts() -> Facts {
    let dir = tempfile::tempdir().expect("temp dir");
    let options = SqliteConnectOptions::new()
        .filename(dir.path().join("schema.db"))
        .create_if_missing(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .expect("open a temporary SQLite file");
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .expect("migrate SQLite");
    read_sqlite(&pool).await.expect("read the SQLite schema")
}

async fn read_sqlite(pool: &SqlitePool) -> Result<Facts, sqlx::Error> {
    let mut facts = Facts::new();
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE version >= $1 ORDER BY 1")
            .bind(FIRST_SHARED_VERSION)
            .fetch_all(pool)
            .await?;
    versions_fact(&mut facts, &versions);
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table'
           AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    for table in &tables {
        // A table name from the catalogue just read, quoted.
        let rows: i64 =
            sqlx::query_scalar(AssertSqlSafe(format!("SELECT count(*) FROM \"{table}\"")))
                .fetch_one(pool)
                .await?;
        rows_fact(&mut facts, table, rows);
        let columns = sqlx::query(
            r#"SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info($1) ORDER BY cid"#,
        )
        .bind(table)
        .fetch_all(pool)
        .await?;
        for (position, row) in columns.iter().enumerate() {
            let primary_key = row.get::<i64, _>("pk") > 0;
            column_fact(
                &mut facts,
                table,
                position + 1,
                &ColumnShape {
                    name: row.get("name"),
                    class: sqlite_class(row.get("type")),
                    // SQLite lets a rowid table's non-INTEGER key hold NULL (an old
                    // quirk PostgreSQL has not); no row of ours does, so a key
                    // column counts as NOT NULL on both sides.
                    not_null: row.get::<bool, _>("notnull") || primary_key,
                    primary_key,
                    default: row.get("dflt_value"),
                },
            );
        }
        read_sqlite_indexes(pool, table, &mut facts).await?;
        read_sqlite_foreign_keys(pool, table, &mut facts).await?;
    }
    Ok(facts)
}

async fn read_sqlite_indexes(
    pool: &SqlitePool,
    table: &str,
    facts: &mut Facts,
) -> Result<(), sqlx::Error> {
    let indexes =
        sqlx::query(r#"SELECT name, "unique", origin, partial FROM pragma_index_list($1)"#)
            .bind(table)
            .fetch_all(pool)
            .await?;
    for index in indexes {
        let name: String = index.get("name");
        let columns = sqlx::query(
            r#"SELECT name, "desc" FROM pragma_index_xinfo($1) WHERE key = 1 ORDER BY seqno"#,
        )
        .bind(&name)
        .fetch_all(pool)
        .await?;
        let columns: Vec<String> = columns
            .iter()
            .map(|c| {
                let column = c
                    .get::<Option<String>, _>("name")
                    .unwrap_or_else(|| "<expression>".to_owned());
                let order = if c.get("desc") { " DESC" } else { "" };
                format!("{column}{order}")
            })
            .collect();
        // origin: c = CREATE INDEX, u = a UNIQUE constraint, pk = the key
        // (already in the columns' facts).
        match index.get::<String, _>("origin").as_str() {
            "c" => index_fact(
                facts,
                &name,
                table,
                &columns,
                index.get("unique"),
                predicate(pool, &name, index.get("partial"))
                    .await?
                    .as_deref(),
            ),
            "u" => unique_fact(facts, table, &columns),
            _ => {}
        }
    }
    Ok(())
}

/// A partial index's WHERE as written in its CREATE INDEX (SQLite keeps the
/// statement, not a parsed form).
async fn predicate(
    pool: &SqlitePool,
    index: &str,
    partial: bool,
) -> Result<Option<String>, sqlx::Error> {
    if !partial {
        return Ok(None);
    }
    let sql: String =
        sqlx::query_scalar("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = $1")
            .bind(index)
            .fetch_one(pool)
            .await?;
    let start = sql.to_ascii_uppercase().rfind(" WHERE ");
    Ok(Some(
        start
            .and_then(|at| sql.get(at + " WHERE ".len()..))
            .unwrap_or("<unreadable>")
            .trim()
            .to_owned(),
    ))
}

async fn read_sqlite_foreign_keys(
    pool: &SqlitePool,
    table: &str,
    facts: &mut Facts,
) -> Result<(), sqlx::Error> {
    let rows = sqlx::query(
        r#"SELECT id, "table", "from", "to", on_update, on_delete
           FROM pragma_foreign_key_list($1) ORDER BY id, seq"#,
    )
    .bind(table)
    .fetch_all(pool)
    .await?;
    // One row per column of a key; a key is the rows sharing an id.
    let mut keys: BTreeMap<i64, ForeignKey> = BTreeMap::new();
    for row in rows {
        let key = keys.entry(row.get("id")).or_insert_with(|| ForeignKey {
            from: Vec::new(),
            target: row.get("table"),
            to: Vec::new(),
            on_delete: row.get("on_delete"),
            on_update: row.get("on_update"),
        });
        key.from.push(row.get("from"));
        // A reference to the other table's key may leave the column out.
        key.to.push(
            row.get::<Option<String>, _>("to")
                .unwrap_or_else(|| "<its key>".to_owned()),
        );
    }
    for key in keys.values() {
        foreign_key_fact(facts, table, key);
    }
    Ok(())
}

/// SQLite's affinity rules (the declared type decides): INT anywhere is
/// integer; CHAR, CLOB or TEXT is text; BLOB or nothing is blob; REAL, FLOA or
/// DOUB is real. BOOLEAN is its own class, decoded as bool.
fn sqlite_class(declared: &str) -> String {
    let declared = declared.to_ascii_uppercase();
    let class = if declared.contains("INT") {
        "integer"
    } else if ["CHAR", "CLOB", "TEXT"]
        .iter()
        .any(|t| declared.contains(t))
    {
        "text"
    } else if declared.is_empty() || declared.contains("BLOB") {
        "blob"
    } else if ["REAL", "FLOA", "DOUB"]
        .iter()
        .any(|t| declared.contains(t))
    {
        "real"
    } else if declared.starts_with("BOOL") {
        "bool"
    } else {
        return format!("numeric ({declared})");
    };
    class.to_owned()
}
