//! The `reacties author` commands, run as the real binary against a running server's database.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{PASSWORD, TestApp, texts};

fn run(app: &TestApp, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_reacties"))
        .arg("--database")
        .arg(&app.config.database)
        .arg("--content")
        .arg(&app.config.content)
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run reacties");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write password");
    let output = child.wait_with_output().expect("finish");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn author_create_makes_an_author_who_logs_in_with_a_badge() {
    let app = TestApp::spawn_open().await;
    let (ok, out) = run(
        &app,
        &["author", "create", "Olaf_Rutten"],
        &format!("{PASSWORD}\n"),
    );
    assert!(ok, "{out}");
    assert!(out.contains("Auteur 'Olaf_Rutten' is aangemaakt."), "{out}");

    let author = app.browser();
    assert_eq!(
        author.login("olaf_rutten", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    author.react_any("Dank voor jullie reacties!", None).await;
    let page = app.browser().article().await;
    assert_eq!(texts(&page, ".reactie .badge"), ["auteur"]);
    assert_eq!(author.get("/moderatie").await.status(), StatusCode::OK);

    // No one can register the author's name or a look-alike of it.
    for name in [
        "Olaf_Rutten",
        "olaf_rutten",
        "0laf_Rutten",
        "O\u{200b}laf_Rutten",
        "Οlaf_Rutten",
    ] {
        let response = app.browser().register(name, PASSWORD).await;
        assert!(
            response.status().is_client_error(),
            "{name}: {}",
            response.status()
        );
    }
    let (ok, out) = run(
        &app,
        &["author", "create", "OLAF_RUTTEN"],
        &format!("{PASSWORD}\n"),
    );
    assert!(!ok && out.contains("al in gebruik"), "{out}");
}

#[tokio::test]
async fn author_create_refuses_a_weak_password_or_bad_name() {
    let app = TestApp::spawn().await;
    let (ok, out) = run(&app, &["author", "create", "olaf"], "wachtwoord\n");
    assert!(!ok);
    assert!(
        out.contains("minstens 10 tekens") || out.contains("te makkelijk"),
        "{out}"
    );
    let (ok, _) = run(&app, &["author", "create", "o"], &format!("{PASSWORD}\n"));
    assert!(!ok);
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn reset_password_sets_a_new_password_and_ends_every_session() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("vergeetachtig").await;
    let html = Html::parse_document(&reader.get_html("/").await);
    assert_eq!(texts(&html, "header.site .wie strong"), ["vergeetachtig"]);

    let new_password = "blauwe-tram-naar-de-zee";
    let (ok, out) = run(
        &app,
        &["author", "reset-password", "vergeetachtig"],
        &format!("{new_password}\n"),
    );
    assert!(ok, "{out}");
    assert!(out.contains("1 sessies beëindigd"), "{out}");

    let html = Html::parse_document(&reader.get_html("/").await);
    assert!(
        texts(&html, "header.site .wie strong").is_empty(),
        "logged out"
    );
    assert_eq!(
        app.browser()
            .login("vergeetachtig", PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.browser()
            .login("vergeetachtig", new_password)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    let (ok, out) = run(
        &app,
        &["author", "reset-password", "niemand"],
        &format!("{new_password}\n"),
    );
    assert!(!ok && out.contains("geen account"), "{out}");
}
