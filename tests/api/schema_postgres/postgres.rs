//! Migrates a fresh PostgreSQL schema with `migrations/postgres` and reads it
//! back, as facts.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{AssertSqlSafe, PgPool, Row};

use super::{
    ColumnShape, Facts, ForeignKey, column_fact, foreign_key_fact, index_fact, rows_fact,
    unique_fact, versions_fact,
};

/// Migrates the schema `schema` and reads it back: every connection of the
/// pool has it first on its search_path, so the migrations (and sqlx's own
/// bookkeeping table) land there.
pub(super) async fn postgres_facts(
    url: &str,
    schema: &str,
) -> Result<Facts, Box<dyn std::error::Error>> {
    let options = PgConnectOptions::from_str(url)?.options([("search_path", schema)]);
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    let facts = read_postgres(&pool).await?;
    pool.close().await;
    Ok(facts)
}

async fn read_postgres(pool: &PgPool) -> Result<Facts, sqlx::Error> {
    let mut facts = Facts::new();
    // Every version: one below FIRST_SHARED_VERSION would be a difference too.
    let versions: Vec<i64> = sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY 1")
        .fetch_all(pool)
        .await?;
    versions_fact(&mut facts, &versions);
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
           AND c.relname <> '_sqlx_migrations' ORDER BY 1",
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
            "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
                    a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS dflt,
                    coalesce(a.attnum = ANY (pk.conkey), false) AS pk
             FROM pg_attribute a
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
             LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
             WHERE a.attrelid = format('%I.%I', current_schema(), $1::text)::regclass
               AND a.attnum > 0 AND NOT a.attisdropped
             ORDER BY a.attnum",
        )
        .bind(table)
        .fetch_all(pool)
        .await?;
        for (position, row) in columns.iter().enumerate() {
            column_fact(
                &mut facts,
                table,
                position + 1,
                &ColumnShape {
                    name: row.get("name"),
                    class: postgres_class(row.get("type")),
                    not_null: row.get("not_null"),
                    primary_key: row.get("pk"),
                    default: row
                        .get::<Option<String>, _>("dflt")
                        .map(|d| without_casts(&d)),
                },
            );
        }
    }
    read_postgres_indexes(pool, &mut facts).await?;
    read_postgres_foreign_keys(pool, &mut facts).await?;
    Ok(facts)
}

/// Indexes of their own are compared by name; the ones PostgreSQL makes for a
/// PRIMARY KEY or UNIQUE constraint (named by PostgreSQL, unnamed in SQLite)
/// by their columns.
async fn read_postgres_indexes(pool: &PgPool, facts: &mut Facts) -> Result<(), sqlx::Error> {
    let indexes = sqlx::query(
        "SELECT i.relname::text AS name, t.relname::text AS tbl, x.indisunique AS is_unique,
                pg_get_expr(x.indpred, x.indrelid) AS predicate,
                con.contype::text AS constraint_type,
                -- indoption's bit 1 marks a descending column.
                ARRAY(SELECT coalesce(a.attname::text, '<expression>')
                             || CASE WHEN k.opt & 1 = 1 THEN ' DESC' ELSE '' END
                      FROM unnest(x.indkey::int2[], x.indoption::int2[])
                           WITH ORDINALITY AS k(attnum, opt, ord)
                      LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
                      ORDER BY k.ord) AS columns
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.conrelid = x.indrelid
         WHERE n.nspname = current_schema() AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await?;
    for index in indexes {
        let table: String = index.get("tbl");
        let columns: Vec<String> = index.get("columns");
        match index.get::<Option<String>, _>("constraint_type").as_deref() {
            None => index_fact(
                facts,
                &index.get::<String, _>("name"),
                &table,
                &columns,
                index.get("is_unique"),
                index
                    .get::<Option<String>, _>("predicate")
                    .map(|p| postgres_predicate(&p))
                    .as_deref(),
            ),
            Some("u") => unique_fact(facts, &table, &columns),
            Some(_) => {}
        }
    }
    Ok(())
}

async fn read_postgres_foreign_keys(pool: &PgPool, facts: &mut Facts) -> Result<(), sqlx::Error> {
    let keys = sqlx::query(
        "SELECT t.relname::text AS tbl, r.relname::text AS target,
                ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
                      ORDER BY k.ord) AS from_columns,
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                      JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum
                      ORDER BY k.ord) AS to_columns,
                c.confdeltype::text AS on_delete, c.confupdtype::text AS on_update,
                c.condeferrable AS deferrable
         FROM pg_constraint c
         JOIN pg_class t ON t.oid = c.conrelid
         JOIN pg_class r ON r.oid = c.confrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = current_schema() AND c.contype = 'f'",
    )
    .fetch_all(pool)
    .await?;
    for key in keys {
        // A restore inserts rows in table order and checks references once, at
        // commit (SET CONSTRAINTS ALL DEFERRED): every key must allow that.
        // SQLite has no such fact, so a key without it shows as a difference.
        if !key.get::<bool, _>("deferrable") {
            facts.insert(
                format!(
                    "table {}, foreign key ({}) is not DEFERRABLE",
                    key.get::<String, _>("tbl"),
                    key.get::<Vec<String>, _>("from_columns").join(", ")
                ),
                "a restore could not check it at commit".to_owned(),
            );
        }
        foreign_key_fact(
            facts,
            &key.get::<String, _>("tbl"),
            &ForeignKey {
                from: key.get("from_columns"),
                target: key.get("target"),
                to: key.get("to_columns"),
                on_delete: on_action(&key.get::<String, _>("on_delete")).to_owned(),
                on_update: on_action(&key.get::<String, _>("on_update")).to_owned(),
            },
        );
    }
    Ok(())
}

/// Only the PostgreSQL types the same Rust type reads: BIGINT for i64 (an
/// INTEGER column would decode as i32 and fail), DOUBLE PRECISION for f64.
fn postgres_class(formatted: &str) -> String {
    let class = match formatted {
        "bigint" => "integer",
        "text" => "text",
        "double precision" => "real",
        "bytea" => "blob",
        "boolean" => "bool",
        other => {
            return format!(
                "{} (none of BIGINT, TEXT, DOUBLE PRECISION, BYTEA, BOOLEAN)",
                other.to_uppercase()
            );
        }
    };
    class.to_owned()
}

/// PostgreSQL writes a literal with its type (`'nl'::text`), in a default or a
/// predicate; SQLite as written (`'nl'`).
fn without_casts(expression: &str) -> String {
    [
        "::text",
        "::bigint",
        "::integer",
        "::double precision",
        "::boolean",
    ]
    .iter()
    .fold(expression.to_owned(), |e, cast| e.replace(cast, ""))
}

fn on_action(code: &str) -> &'static str {
    match code {
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        "r" => "RESTRICT",
        _ => "NO ACTION",
    }
}

/// PostgreSQL writes a partial index's WHERE in parentheses and with types
/// (`(status = 'waiting'::text)`); SQLite as written.
fn postgres_predicate(expression: &str) -> String {
    let bare = without_casts(expression);
    bare.strip_prefix('(')
        .and_then(|b| b.strip_suffix(')'))
        .unwrap_or(&bare)
        .to_owned()
}
