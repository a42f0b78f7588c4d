//! The `reacties author` commands, run as the real binary against a running server's database.

use std::io::Write;
use std::process::{Command, Stdio};

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{PASSWORD, TestApp, texts};

fn run(app: &TestApp, args: &[&str], stdin: &str) -> (bool, String) {
    run_binary(&app.config.database, &app.config.content, args, stdin)
}

/// Runs `reacties --database … --content … ARGS` with `stdin` under a locale
/// that names no language (so the site's setting decides); whether it
/// succeeded, and what it printed.
pub fn run_binary(
    database: &std::path::Path,
    content: &std::path::Path,
    args: &[&str],
    stdin: &str,
) -> (bool, String) {
    run_binary_in("C", database, content, args, stdin)
}

/// The binary with `LANG=locale` and no other locale variable.
pub fn reacties_binary(locale: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_reacties"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale);
    command
}

/// `run_binary` with `LANG=locale`.
pub fn run_binary_in(
    locale: &str,
    database: &std::path::Path,
    content: &std::path::Path,
    args: &[&str],
    stdin: &str,
) -> (bool, String) {
    let mut child = reacties_binary(locale)
        .arg("--database")
        .arg(database)
        .arg("--content")
        .arg(content)
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
    // A second author needs --additional (issue #11); even then no look-alike.
    let (ok, out) = run(
        &app,
        &["author", "create", "OLAF_RUTTEN"],
        &format!("{PASSWORD}\n"),
    );
    assert!(!ok && out.contains("--additional"), "{out}");
    let (ok, out) = run(
        &app,
        &["author", "create", "OLAF_RUTTEN", "--additional"],
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
async fn author_create_refuses_look_alikes_reserved_words_and_invisible_names() {
    let app = TestApp::spawn().await;
    app.reader("alice_r").await;
    let password = format!("{PASSWORD}\n");
    for (name, expected) in [
        ("\u{0430}lice.r", "al in gebruik"),
        ("ALICER", "al in gebruik"),
        ("admin", "voorbehouden"),
        ("Beheerder", "voorbehouden"),
        ("\u{3164}\u{3164}\u{3164}", "onzichtbare tekens"),
    ] {
        let (ok, out) = run(&app, &["author", "create", name], &password);
        assert!(!ok && out.contains(expected), "{name}: {out}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
    let (ok, out) = run(&app, &["author", "create", "Olaf_Rutten"], &password);
    assert!(ok, "the author may take the name in the articles: {out}");
    let (ok, out) = run(
        &app,
        &["author", "create", "OIaf_Rutten", "--additional"],
        &password,
    );
    assert!(!ok && out.contains("al in gebruik"), "{out}");
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
    assert!(out.contains("1 sessie beëindigd"), "{out}");

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

#[tokio::test]
async fn backup_writes_a_consistent_copy_while_the_server_runs() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    reader.react_any("Bewaar mij in de back-up", None).await;
    let dir = tempfile::tempdir().expect("dir");
    let target = dir.path().join("kopie.db");
    let target_text = target.to_str().expect("utf-8 path");

    let (ok, out) = run(&app, &["backup", target_text], "");
    assert!(ok, "{out}");
    assert!(out.contains("Back-up geschreven"), "{out}");
    // The server keeps going while and after the copy is made.
    reader.react_any("Na de back-up", None).await;

    let copy = sqlx::SqlitePool::connect(&format!("sqlite:{target_text}?mode=ro"))
        .await
        .expect("open the copy");
    let texts: Vec<String> = sqlx::query_scalar("SELECT body_source FROM reactions ORDER BY id")
        .fetch_all(&copy)
        .await
        .expect("read the copy");
    assert_eq!(texts, ["Bewaar mij in de back-up"]);
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await
        .expect("check");
    assert_eq!(check, "ok");

    let (ok, out) = run(&app, &["backup", target_text], "");
    assert!(!ok && out.contains("bestaat al"), "{out}");
}

/// Starts the real binary with `--log-format format`, `RUST_LOG=level` and `LANG=lang`,
/// GETs each of `paths` (checking 200), stops it with SIGTERM (checking it
/// exits 0) and hands back what it wrote to standard error (a pipe, as in a
/// service manager: no colours).
async fn serve_and_read_log(format: &str, level: &str, lang: &str, paths: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let (server, url) = serve_binary(
        dir.path(),
        &["--log-format", format],
        &[("RUST_LOG", level), ("LANG", lang)],
    )
    .await;
    let client = reqwest::Client::new();
    for path in paths {
        let page = client
            .get(format!("{url}{path}"))
            .send()
            .await
            .expect("GET");
        assert_eq!(page.status(), StatusCode::OK, "{path}");
    }

    sigterm(&server);
    let output = server.wait_with_output().expect("server exits");
    assert!(
        output.status.success(),
        "graceful shutdown exits 0: {:?}",
        output.status
    );
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The real binary serving a fresh SQLite file in `dir` on a free port, with
/// `args` and `envs` added and its log on a pipe (as under a service
/// manager); once it answers, the process and its address.
pub async fn serve_binary(
    dir: &std::path::Path,
    args: &[&str],
    envs: &[(&str, &str)],
) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let mut server = reacties_binary("C")
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database")
        .arg(dir.join("r.db"))
        .arg("--content")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
        .args(args)
        .envs(envs.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start server");
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
        .expect("client");
    let url = format!("http://127.0.0.1:{port}");
    for _ in 0..300 {
        if client.get(format!("{url}/healthz")).send().await.is_ok() {
            return (server, url);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let _ = server.kill();
    let output = server.wait_with_output().expect("server output");
    panic!(
        "the server did not start: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Stops a server the way an operator does.
pub fn sigterm(server: &std::process::Child) {
    let stopped = Command::new("kill")
        .arg("-TERM")
        .arg(server.id().to_string())
        .status()
        .expect("kill");
    assert!(stopped.success());
}

/// The article three times: the first visit renders and keeps the page (and
/// is logged by the router), the others are answered early from the page
/// cache and logged by hand.
const READS: [&str; 3] = [
    "/zeven-redenen-voor-nee?x=geheim",
    "/zeven-redenen-voor-nee",
    "/zeven-redenen-voor-nee",
];

#[tokio::test]
async fn the_server_logs_one_json_line_per_request_and_stops_cleanly_on_sigterm() {
    let stderr = serve_and_read_log("json", "info", "C", &READS).await;
    let lines: Vec<serde_json::Value> = stderr
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect();
    let request = lines
        .iter()
        .find(|l| l["span"]["route"] == "/{slug}")
        .unwrap_or_else(|| panic!("a line for the article request in {stderr}"));
    assert_eq!(request["span"]["method"], "GET");
    assert_eq!(request["fields"]["status"], 200);
    assert!(request["fields"]["latency"].is_string());
    // The early answer's line: the same fields, without a span.
    let early = lines
        .iter()
        .find(|l| l["target"] == "reacties::request")
        .unwrap_or_else(|| panic!("a line for the early answer in {stderr}"));
    assert_eq!(early["level"], "INFO");
    assert_eq!(early["fields"]["message"], "finished processing request");
    assert_eq!(early["fields"]["method"], "GET");
    assert_eq!(early["fields"]["route"], "/{slug}");
    assert_eq!(early["fields"]["status"], 200);
    let latency = early["fields"]["latency"].as_str().expect("latency");
    assert!(latency.ends_with(" ms"), "{latency}");
    assert!(
        early["timestamp"]
            .as_str()
            .is_some_and(|t| t.parse::<jiff::Timestamp>().is_ok()),
        "{early}"
    );
    assert!(!stderr.contains("geheim"), "no query strings: {stderr}");
    for line in lines.iter().filter(|l| l.get("span").is_some()) {
        assert!(
            !line.to_string().contains("127.0.0.1"),
            "no client addresses: {line}"
        );
    }
}

#[tokio::test]
async fn the_early_answer_logs_a_text_line_at_info_and_none_at_warn() {
    let stderr = serve_and_read_log("text", "info", "C", &READS).await;
    let early: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains(" reacties::request: "))
        .collect();
    assert!(!early.is_empty(), "lines for the early answers: {stderr}");
    for line in early {
        let (time, rest) = line.split_once(' ').expect("time first");
        assert!(time.parse::<jiff::Timestamp>().is_ok(), "{time}");
        assert!(
            rest.starts_with(
                " INFO reacties::request: finished processing request method=\"GET\" route=\"/{slug}\" latency="
            ) && rest.ends_with(" ms status=200"),
            "{rest}"
        );
    }
    assert!(!stderr.contains('\x1b'), "no colours into a pipe: {stderr}");

    let quiet = serve_and_read_log("text", "warn", "C", &READS).await;
    assert!(!quiet.contains("finished processing request"), "{quiet}");
}

/// Runs the binary against `database` without a running server.
fn run_on(database: &std::path::Path, args: &[&str], stdin: &str) -> (bool, String) {
    let mut child = reacties_binary("C")
        .arg("--database")
        .arg(database)
        .arg("--content")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/content"))
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
        .expect("write stdin");
    let output = child.wait_with_output().expect("finish");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

#[tokio::test]
async fn backup_and_author_commands_on_a_wrong_path_fail_and_create_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let missing = dir.path().join("elders").join("reacties.db");
    let copy = dir.path().join("kopie.db");
    let copy_text = copy.to_str().expect("utf-8 path");
    let password = format!("{PASSWORD}\n");
    for args in [
        &["backup", copy_text][..],
        &["author", "create", "Olaf_Rutten"][..],
        &["author", "reset-password", "Olaf_Rutten"][..],
    ] {
        let (ok, out) = run_on(&missing, args, &password);
        assert!(!ok, "{args:?}: {out}");
        assert!(
            out.contains(&format!("Er is geen database op {}", missing.display())),
            "{args:?}: {out}"
        );
        assert!(
            !out.contains("panicked") && !out.contains("Error:"),
            "{out}"
        );
        assert!(!missing.exists() && !missing.with_extension("db-wal").exists());
        assert!(!dir.path().join("elders").exists(), "no folder made");
        assert!(!copy.exists(), "no empty back-up");
    }
}

#[tokio::test]
async fn a_second_server_process_on_the_same_database_exits_with_a_message() {
    let app = TestApp::spawn().await;
    let mut server = reacties_binary("C")
        .arg("--bind")
        .arg("127.0.0.1:0")
        .arg("--database")
        .arg(&app.config.database)
        .arg("--content")
        .arg(&app.config.content)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start a second server");
    let mut exited = None;
    for _ in 0..200 {
        if let Some(status) = server.try_wait().expect("poll") {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let Some(status) = exited else {
        let _ = server.kill();
        panic!("the second server kept running");
    };
    let output = server.wait_with_output().expect("output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(status.code(), Some(1), "{stderr}");
    let lock = format!("{}.lock", app.config.database.display());
    assert!(stderr.contains(&lock), "{stderr}");
    assert!(stderr.contains("draait al"), "{stderr}");
    assert!(!stderr.contains("Error:"), "{stderr}");
}

#[tokio::test]
async fn the_log_speaks_the_terminals_language() {
    let english = serve_and_read_log("text", "info", "en_US.UTF-8", &READS).await;
    assert!(
        english.contains("stopping: no new connections, requests under way may finish"),
        "{english}"
    );
    assert!(
        english.contains("There is no author account yet"),
        "{english}"
    );
    // The program's name (in log targets and commands) and the route's slug
    // are not language.
    let words = english
        .replace("zeven-redenen-voor-nee", " ")
        .replace("reacties", " ")
        .replace("Reacties", " ");
    let dutch_words = crate::english::dutch_in_text(&words);
    assert!(dutch_words.is_empty(), "{dutch_words:?} in {english}");

    let dutch = serve_and_read_log("text", "info", "nl_NL.UTF-8", &READS).await;
    assert!(
        dutch.contains("stoppen: geen nieuwe verbindingen, lopende verzoeken mogen afmaken"),
        "{dutch}"
    );
}
