//! The export: only the author downloads it; it holds everything but secrets;
//! restored into an empty database it exports again to the same bytes; the
//! JSON Schema in the repository covers every exported column.

use std::collections::BTreeSet;

use reacties::transfer::export::{LEFT_OUT, TABLES, export_bytes};
use reacties::transfer::restore::restore;
use reacties::transfer::run::{Kind, Options};
use reqwest::StatusCode;
use reqwest::header::CONTENT_DISPOSITION;

use crate::helpers::{AUTHOR, PASSWORD, SLUG, TestApp};
use crate::transfer_import::{fixture, import};

/// A site with a bit of everything: accounts, threads, moderation, a report,
/// an edit, imported reactions, changed settings, and the conversation: stances
/// (one taken back), appreciation, a reaction about a reason, notifications.
async fn lived_in_site() -> TestApp {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("Marieke").await;
    let first = reader
        .react_any("Eerste reactie, met *Markdown*.", None)
        .await;
    let reply = author.react_any("Dank je, Marieke!", Some(first)).await;
    let other = app.reader("Kees").await;
    let rude = other.react_any("Iets onaardigs.", Some(reply)).await;
    let response = other
        .post(&format!("/reacties/{first}/melden"), &[("reden", "spam")])
        .await;
    assert!(
        response.status().is_redirection(),
        "{:?}",
        response.status()
    );
    assert!(
        author
            .moderate(rude, "verbergen", "/moderatie")
            .await
            .status()
            .is_redirection()
    );
    for (who, keuze) in [
        (&reader, "ja"),
        (&other, "nee"),
        (&other, "geen"),
        (&other, "ja"),
    ] {
        let response = who
            .post(&format!("/{SLUG}/redenen/2"), &[("keuze", keuze)])
            .await;
        assert!(response.status().is_redirection());
    }
    reader
        .post("/voor-jou/redenen", &[("redenen", "aan")])
        .await;
    let about = other
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", "Over de tweede reden."), ("reden", "2")],
        )
        .await;
    assert!(about.status().is_redirection());
    let response = other
        .post(
            &format!("/reacties/{first}/waarderen"),
            &[("waardeer", "ja")],
        )
        .await;
    assert!(response.status().is_redirection());
    app.set("UPDATE settings SET hold_words = 'casino', site_name = 'Mijn blog'")
        .await;
    import(
        &app,
        Kind::WordPress,
        &fixture("wordpress.xml"),
        &Options::default(),
    )
    .await
    .expect("import");
    app
}

#[tokio::test]
async fn only_the_author_downloads_the_export_and_it_holds_no_secrets() {
    let app = lived_in_site().await;
    let guest = app.browser().get("/moderatie/export").await;
    assert_ne!(guest.status(), StatusCode::OK);
    assert!(guest.headers().get(CONTENT_DISPOSITION).is_none());
    let reader = app.browser();
    reader.login("Kees", PASSWORD).await;
    assert_eq!(
        reader.get("/moderatie/export").await.status(),
        StatusCode::FORBIDDEN
    );

    let author = app.browser();
    author.login(AUTHOR, PASSWORD).await;
    let response = author.get("/moderatie/export").await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"reacties-export-"),
        "{disposition}"
    );
    let text = response.text().await.expect("body");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["formaat"], "reacties-export");
    assert_eq!(json["versie"], 1);
    assert!(
        !text.contains("password_hash") && !text.contains("$argon2"),
        "no hashes"
    );
    assert!(!text.contains("feed_token"), "no feed secret");
    let tables = &json["tabellen"];
    assert_eq!(tables["users"].as_array().map(Vec::len), Some(3));
    assert_eq!(tables["reports"].as_array().map(Vec::len), Some(1));
    assert!(
        tables["audit_log"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    );
    assert_eq!(tables["import_sources"].as_array().map(Vec::len), Some(6));
    assert_eq!(tables["settings"][0]["hold_words"], "casino");
    assert_eq!(tables["stances"].as_array().map(Vec::len), Some(2));
    assert_eq!(tables["stance_changes"].as_array().map(Vec::len), Some(4));
    assert_eq!(tables["appreciations"].as_array().map(Vec::len), Some(1));
    let kinds: BTreeSet<&str> = tables["notifications"]
        .as_array()
        .map(|rows| rows.iter().filter_map(|n| n["kind"].as_str()).collect())
        .unwrap_or_default();
    for kind in ["reply", "appreciated", "reason", "report"] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    assert!(
        tables["reactions"]
            .as_array()
            .is_some_and(|rows| rows.iter().any(|r| r["reason"] == 2))
    );
}

#[tokio::test]
async fn export_restore_export_gives_the_same_bytes_and_accounts_log_in_again() {
    let old = lived_in_site().await;
    let dir = tempfile::tempdir().expect("dir");
    for with_passwords in [true, false] {
        let first = export_bytes(&old.pool, with_passwords)
            .await
            .expect("export");
        let file = dir.path().join(format!("export-{with_passwords}.json"));
        std::fs::write(&file, &first).expect("write");

        let new = TestApp::spawn().await;
        restore(&new.pool, &file).await.expect("restores");
        let second = export_bytes(&new.pool, with_passwords)
            .await
            .expect("export again");
        assert!(
            first == second,
            "round trip differs (passwords: {with_passwords})"
        );

        let author = new.browser();
        let status = author.login(AUTHOR, PASSWORD).await.status();
        if with_passwords {
            assert_eq!(status, StatusCode::SEE_OTHER, "the hash came along");
            assert_eq!(author.get("/moderatie").await.status(), StatusCode::OK);
        } else {
            assert_ne!(status, StatusCode::SEE_OTHER, "no hash, no login");
        }
        let page = new.browser().article().await.html();
        assert!(page.contains("Eerste reactie, met <em>Markdown</em>."));
        assert!(page.contains("Anneke de Vries"));
    }
    // A second run of the import on the restored site still knows what it had.
    let file = dir.path().join("export-true.json");
    let again = TestApp::spawn().await;
    restore(&again.pool, &file).await.expect("restores");
    let report = import(
        &again,
        Kind::WordPress,
        &fixture("wordpress.xml"),
        &Options::default(),
    )
    .await
    .expect("import");
    assert_eq!((report.imported(), report.already), (0, 6));
}

#[tokio::test]
async fn a_restore_refuses_a_database_in_use_and_files_that_are_no_export() {
    let app = lived_in_site().await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("export.json");
    std::fs::write(&file, export_bytes(&app.pool, false).await.expect("export")).expect("write");
    let message = format!(
        "{:#}",
        restore(&app.pool, &file).await.expect_err("not empty")
    );
    assert!(message.contains("de database is niet leeg"), "{message}");

    let empty = TestApp::spawn().await;
    let whole = std::fs::read_to_string(&file).expect("read");
    for (name, text, expected) in [
        (
            "kapot.json",
            whole.get(..whole.len() / 2).unwrap_or_default(),
            "houdt te vroeg op",
        ),
        (
            "anders.json",
            "{\"formaat\":\"iets\",\"versie\":1,\"wachtwoorden\":false,\"tabellen\":{}}",
            "geen Reacties-export",
        ),
        (
            "nieuw.json",
            "{\"formaat\":\"reacties-export\",\"versie\":9,\"wachtwoorden\":false,\"tabellen\":{}}",
            "versie 9",
        ),
        (
            "tabel.json",
            "{\"formaat\":\"reacties-export\",\"versie\":1,\"wachtwoorden\":false,\"tabellen\":{\"secrets\":[]}}",
            "onbekende tabel 'secrets'",
        ),
        (
            "kolom.json",
            "{\"formaat\":\"reacties-export\",\"versie\":1,\"wachtwoorden\":false,\"tabellen\":{\"users\":[{\"id\":1,\"evil\":\"x\"}]}}",
            "onbekende kolom 'evil'",
        ),
        (
            "ouder.json",
            "{\"formaat\":\"reacties-export\",\"versie\":1,\"wachtwoorden\":false,\"tabellen\":{\"reactions\":[{\"id\":1,\"article_slug\":\"a\",\"user_id\":77,\"body_source\":\"x\",\"body_html\":\"x\",\"created_at\":1}]}}",
            "niet samenhangend",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write");
        let message = format!("{:#}", restore(&empty.pool, &path).await.expect_err(name));
        assert!(message.contains(expected), "{name}: {message}");
        assert_eq!(
            empty.count("SELECT count(*) FROM users").await,
            0,
            "{name}: nothing kept"
        );
        assert_eq!(
            empty.count("SELECT count(*) FROM reactions").await,
            0,
            "{name}"
        );
    }
}

fn schema() -> serde_json::Value {
    let path = crate::helpers::repo().join("src/transfer/export.schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json")
}

/// Checks an export against the schema's tables: known columns only, the
/// required ones present, each value of its declared type.
fn check_against_schema(export: &serde_json::Value) {
    use serde_json::Value;
    let schema = schema();
    let tables = export["tabellen"].as_object().expect("tabellen");
    for (table, rows) in tables {
        let def = &schema["$defs"][table];
        let properties = def["properties"].as_object().expect("known table");
        for row in rows.as_array().expect("rows") {
            let row = row.as_object().expect("row object");
            for required in def["required"].as_array().expect("required") {
                let name = required.as_str().expect("name");
                assert!(row.contains_key(name), "{table}.{name} missing");
            }
            for (column, value) in row {
                let declared = &properties
                    .get(column)
                    .unwrap_or_else(|| panic!("{table}.{column} not in the schema"))["type"];
                let kinds: Vec<&str> = match declared {
                    Value::String(k) => vec![k.as_str()],
                    Value::Array(ks) => ks.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("{table}.{column}: no type"),
                };
                let kind = match value {
                    Value::Null => "null",
                    Value::Number(n) if n.is_i64() => "integer",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    _ => "other",
                };
                assert!(
                    kinds.contains(&kind),
                    "{table}.{column} is {kind}, schema says {kinds:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn a_lived_in_export_fits_its_json_schema() {
    let app = lived_in_site().await;
    for with_passwords in [false, true] {
        let bytes = export_bytes(&app.pool, with_passwords)
            .await
            .expect("export");
        let export: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
        assert_eq!(export["wachtwoorden"], with_passwords);
        check_against_schema(&export);
    }
}

#[tokio::test]
async fn every_table_is_exported_or_left_out_on_purpose_and_the_schema_knows_every_column() {
    let app = TestApp::spawn().await;
    let tables: Vec<String> = sqlx::query_scalar(if cfg!(postgres) {
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema()"
    } else {
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    })
    .fetch_all(&app.pool)
    .await
    .expect("tables");
    let handled: BTreeSet<&str> = TABLES
        .iter()
        .map(|(t, _)| *t)
        .chain(LEFT_OUT.iter().copied())
        .collect();
    for table in &tables {
        assert!(
            handled.contains(table.as_str()),
            "table {table} is neither exported nor left out"
        );
    }
    let schema = schema();
    for (table, _) in TABLES {
        let mut conn = app.pool.acquire().await.expect("connection");
        let columns = reacties::transfer::tables::columns(&mut conn, table)
            .await
            .expect("columns")
            .into_keys();
        let properties = &schema["$defs"][table]["properties"];
        for column in columns {
            let exported = !reacties::transfer::export::left_out(table, &column, true);
            assert_eq!(
                properties.get(&column).is_some(),
                exported,
                "schema of {table}.{column}"
            );
        }
    }
}
