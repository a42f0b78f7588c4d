//! `reacties import …` and `reacties export …` as the real binary: the report
//! and the errors in Dutch, the exit codes, and a site moved to a new database.

use std::path::Path;

use reqwest::StatusCode;

use crate::cli::run_binary;
use crate::helpers::{AUTHOR, PASSWORD, TestApp};
use crate::transfer_import::fixture;

fn reacties(database: &Path, content: &Path, args: &[&str]) -> (bool, String) {
    run_binary(database, content, args, "")
}

#[tokio::test]
async fn the_import_commands_report_in_dutch_and_refuse_bad_files_with_exit_1() {
    let app = TestApp::spawn().await;
    let run = |args: &[&str]| reacties(&app.config.database, &app.config.content, args);
    let wxr = fixture("wordpress.xml");
    let wxr = wxr.to_str().expect("utf-8 path");

    let (ok, out) = run(&["import", "wordpress", wxr, "--dry-run"]);
    assert!(ok, "{out}");
    assert!(out.contains("Proefdraaien (--dry-run)"), "{out}");
    assert!(out.contains("Zonder artikel hier"), "{out}");
    assert!(out.contains("over-mij: 1 reactie\n"), "{out}");
    assert_eq!(app.count("SELECT count(*) FROM reactions").await, 0);

    let (ok, out) = run(&["import", "wordpress", wxr, "--match-accounts"]);
    assert!(ok, "{out}");
    assert!(out.starts_with("Geïmporteerd: 6 reacties."), "{out}");
    let (ok, out) = run(&["import", "wordpress", wxr]);
    assert!(ok, "{out}");
    assert!(
        out.contains("Al eerder geïmporteerd (overgeslagen): 6."),
        "{out}"
    );

    let disqus = fixture("disqus.xml");
    let (ok, out) = run(&["import", "isso", disqus.to_str().expect("utf-8")]);
    assert!(!ok);
    assert!(out.starts_with("Fout: "), "{out}");
    assert!(out.contains("geen Isso-database"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
    let (ok, out) = run(&["import", "wordpress", wxr, "--map", "zonder-is-teken"]);
    assert!(!ok);
    assert!(out.contains("oud-adres=slug"), "{out}");
}

#[tokio::test]
async fn a_site_moves_to_a_new_database_with_export_and_import_reacties() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    author
        .react_any("Welkom bij de verhuisde site.", None)
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("alles.json");
    let file_arg = file.to_str().expect("utf-8");
    let old = |args: &[&str]| reacties(&app.config.database, &app.config.content, args);

    let (ok, out) = old(&["export", file_arg, "--with-passwords"]);
    assert!(ok, "{out}");
    assert!(out.contains("met wachtwoord-hashes"), "{out}");
    let (ok, out) = old(&["export", file_arg]);
    assert!(!ok, "an existing file is not overwritten");
    assert!(out.contains("bestaat al"), "{out}");
    let (ok, out) = old(&["import", "reacties", file_arg]);
    assert!(!ok, "not into a database in use");
    assert!(out.contains("niet leeg"), "{out}");

    let new_db = dir.path().join("nieuw").join("reacties.db");
    let (ok, out) = reacties(
        &new_db,
        &app.config.content,
        &["import", "reacties", file_arg],
    );
    assert!(ok, "{out}");
    assert!(out.starts_with("Export teruggezet ("), "{out}");

    let moved = TestApp::spawn_with(|config| config.database = new_db.clone()).await;
    let browser = moved.browser();
    assert_eq!(
        browser.login(AUTHOR, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = moved.browser().article().await.html();
    assert!(page.contains("Welkom bij de verhuisde site."));
}
