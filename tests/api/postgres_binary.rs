//! The binary on PostgreSQL, where REACTIES_TEST_POSTGRES names a server: a
//! site moved from SQLite with `export` and `import reacties` exports the same
//! bytes again and serves (new reactions numbered after the restored ones);
//! `backup` points to pg_dump; and no reaction answered as placed is lost when the server is
//! killed (-9) in the middle of a burst of posts.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::StatusCode;
use sqlx::{Connection, PgConnection};

use crate::cli::{reacties_binary, run_binary};
use crate::database::{PgSchema, postgres_server};
use crate::helpers::{AUTHOR, Browser, PASSWORD, SLUG, TestApp, location, reaction_id};

/// The test server, or a line saying PostgreSQL was not tested.
pub fn server() -> Option<String> {
    let url = postgres_server();
    if url.is_none() {
        eprintln!("REACTIES_TEST_POSTGRES is not set: the binary was not tested on PostgreSQL");
    }
    url
}

/// `reacties serve` on `database` on a free port; the process and its address.
/// Its log goes to a file: a pipe nobody reads would fill up.
pub async fn start_server(database: &Path, content: &Path, extra: &[&str]) -> (Server, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let log = tempfile::NamedTempFile::new().expect("log file");
    let child = reacties_binary("C")
        .arg("--bind")
        .arg(format!("127.0.0.1:{port}"))
        .arg("--database")
        .arg(database)
        .arg("--content")
        .arg(content)
        .args(extra)
        .stdout(Stdio::null())
        .stderr(log.reopen().expect("log file"))
        .spawn()
        .expect("start server");
    let mut server = Server { child, log };
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client");
    for _ in 0..500 {
        if client.get(format!("{base}/healthz")).send().await.is_ok() {
            return (server, base);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = server.kill();
    panic!(
        "the server on PostgreSQL did not start: {}",
        server.log_text()
    );
}

pub fn browser(base: &str) -> Browser {
    Browser {
        base: base.to_owned(),
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            // A server that stops answering fails the test instead of hanging it.
            .timeout(ANSWER_WITHIN)
            .build()
            .expect("client"),
    }
}

/// How long a test waits for any answer from a server it started.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(30);

/// A server process a test started. One the test did not stop (it failed
/// half-way) is killed with it, so no server outlives its test.
pub struct Server {
    child: Child,
    log: tempfile::NamedTempFile,
}

impl Server {
    /// kill -9, and wait for the process to be gone.
    pub fn kill(&mut self) -> std::io::Result<()> {
        self.child.kill()?;
        self.child.wait().map(drop)
    }

    /// What the server wrote to its log so far.
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Nothing to do for a server already stopped.
        let _ = self.kill();
    }
}

/// Stops a server the way an operator does (SIGTERM) and waits for it; fails
/// the test (naming what its log said last) if it is still running after its
/// shutdown grace and some.
pub fn stop(mut server: Server) {
    let _ = Command::new("kill")
        .arg("-TERM")
        .arg(server.child.id().to_string())
        .status();
    let since = std::time::Instant::now();
    while since.elapsed() < Duration::from_secs(20) {
        if !matches!(server.child.try_wait(), Ok(None)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = server.kill();
    let log = server.log_text();
    let last: Vec<&str> = log.lines().rev().take(20).collect();
    panic!("the server did not stop on SIGTERM; its log ended: {last:#?}");
}

#[test]
fn a_wrong_address_is_refused_in_dutch_and_never_shows_its_password() {
    let content = crate::helpers::repo().join("content");
    let start = ["--bind", "127.0.0.1:0"];
    for (address, says) in [
        // Nothing listens there.
        (
            "postgres://lezer:geheim@127.0.0.1:1/reacties",
            "niet openen",
        ),
        // Does not parse: the password is still hidden.
        ("postgres://lezer:geheim@[::1/reacties", "niet openen"),
        ("postgresql://lezer:geheim@127.0.0.1:1", "niet openen"),
    ] {
        let (ok, out) = run_binary(Path::new(address), &content, &start, "");
        assert!(!ok, "{address}: {out}");
        assert!(out.starts_with("Fout: ") && out.contains(says), "{out}");
        assert!(out.contains("lezer:***@"), "{out}");
        assert!(
            !out.contains("geheim") && !out.contains("panicked"),
            "{out}"
        );
    }
    let Some(base) = server() else { return };
    let separator = if base.contains('?') { '&' } else { '?' };
    let missing = format!("{base}{separator}options=-c%20search_path%3Dbestaat_niet");
    let (ok, out) = run_binary(Path::new(&missing), &content, &start, "");
    assert!(!ok, "{out}");
    assert!(out.contains("bestaat niet in deze database"), "{out}");
    let (ok, out) = run_binary(Path::new(&missing), &content, &["backup", "kopie.db"], "");
    assert!(
        !ok && out.contains("bestaat niet in deze database"),
        "{out}"
    );
}

#[tokio::test]
async fn a_site_moves_from_sqlite_to_postgresql_and_exports_the_same_bytes() {
    let Some(base) = server() else { return };
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let first = author.react_any("Welkom op de nieuwe server.", None).await;
    let reader = app.reader("verhuizer").await;
    reader
        .react_any("Een antwoord dat meeverhuist.", Some(first))
        .await;
    let dir = tempfile::tempdir().expect("dir");
    let from_sqlite = dir.path().join("sqlite.json");
    let from_postgres = dir.path().join("postgres.json");
    let sqlite_json = from_sqlite.to_str().expect("utf-8");
    let postgres_json = from_postgres.to_str().expect("utf-8");
    let on = |database: &Path, args: &[&str]| run_binary(database, &app.config.content, args, "");
    let (ok, out) = on(
        &app.config.database,
        &["export", sqlite_json, "--with-passwords"],
    );
    assert!(ok, "{out}");

    let schema = PgSchema::create(&base).await;
    let pg = schema.url();
    let (ok, out) = on(&pg, &["import", "reacties", sqlite_json]);
    assert!(ok, "{out}");
    assert!(out.starts_with("Export teruggezet ("), "{out}");
    let (ok, out) = on(&pg, &["import", "reacties", sqlite_json]);
    assert!(
        !ok && out.contains("niet leeg"),
        "a second import is refused: {out}"
    );
    let (ok, out) = on(&pg, &["export", postgres_json, "--with-passwords"]);
    assert!(ok, "{out}");
    assert_eq!(
        std::fs::read(&from_sqlite).expect("read"),
        std::fs::read(&from_postgres).expect("read"),
        "the same site, the same bytes"
    );
    let (ok, out) = on(&pg, &["backup", "kopie.db"]);
    assert!(!ok && out.contains("pg_dump"), "{out}");

    let (server, address) = start_server(&pg, &app.config.content, &[]).await;
    let moved = browser(&address);
    assert_eq!(
        moved.login(AUTHOR, PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    let page = browser(&address)
        .get(&format!("/{SLUG}"))
        .await
        .text()
        .await
        .expect("page");
    assert!(page.contains("Een antwoord dat meeverhuist."));
    let newer = moved.react_any("Na de verhuizing geplaatst.", None).await;
    assert!(newer > first + 1, "numbered after the restored reactions");
    stop(server);
}

#[tokio::test]
async fn no_reaction_answered_as_placed_is_lost_when_the_server_is_killed_mid_burst() {
    let Some(base) = server() else { return };
    let schema = PgSchema::create(&base).await;
    let pg = schema.url();
    let content = crate::helpers::repo().join("content");
    let (child, address) = start_server(&pg, &content, &["--rate-limits", "off"]).await;
    let acknowledged = kill_mid_burst(
        || browser(&address),
        child,
        Duration::from_millis(1500),
        Duration::from_secs(2),
        &pg,
    )
    .await
    .0;
    assert!(acknowledged >= 20, "the burst got going: {acknowledged}");
    // A new server starts on the schema at once and serves it.
    let (server, address) = start_server(&pg, &content, &[]).await;
    assert_eq!(
        browser(&address).get("/healthz").await.status(),
        StatusCode::OK
    );
    stop(server);
}

/// The id of a reaction answered as placed, or nothing.
pub fn placed(response: &reqwest::Response) -> Option<i64> {
    (response.status() == StatusCode::SEE_OTHER && location(response).contains("reactie-"))
        .then(|| reaction_id(response))
}

/// Eight writers (new accounts, each a browser from `browser`) post reactions
/// for `how_long`, and `server` is killed (-9) after `kill_after`. Fails the
/// test if a reaction answered as placed is not in `database`; returns how many
/// were, and how many posts got no answer.
pub async fn kill_mid_burst(
    browser: impl Fn() -> Browser,
    mut server: Server,
    kill_after: Duration,
    how_long: Duration,
    database: &Path,
) -> (usize, usize) {
    let mut writers = Vec::new();
    for n in 0..8 {
        let reader = browser();
        let response = reader.register(&format!("schrijver{n}"), PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        writers.push(tokio::spawn(write_for(reader, n, how_long)));
    }
    tokio::time::sleep(kill_after).await;
    server.kill().expect("kill -9");
    let (mut acknowledged, mut unanswered) = (Vec::new(), 0);
    for writer in writers {
        let (ids, failed) = writer.await.expect("writer");
        acknowledged.extend(ids);
        unanswered += failed;
    }
    let stored = stored_ids(database).await;
    let missing: Vec<&i64> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        missing.is_empty(),
        "answered as placed but not stored: {missing:?}"
    );
    (acknowledged.len(), unanswered)
}

/// Posts reactions through `reader` for `how_long`: the ids answered as placed,
/// and how many posts got no answer (cut off by a kill). Any other answer fails
/// the test.
async fn write_for(reader: Browser, n: usize, how_long: Duration) -> (Vec<i64>, usize) {
    let until = std::time::Instant::now() + how_long;
    let mut placed_ids = Vec::new();
    let mut failed = 0;
    let mut i = 0;
    while std::time::Instant::now() < until {
        i += 1;
        let body = format!("Schrijver {n}, reactie {i}.");
        // Not `post_reaction`: a refused connection is counted, not a failure.
        let posted = tokio::time::timeout(
            Duration::from_secs(5),
            reader
                .client
                .post(format!("{}/{SLUG}/reacties", reader.base))
                .form(&[("body", body.as_str())])
                .send(),
        )
        .await;
        match posted {
            Ok(Ok(response)) => match placed(&response) {
                Some(id) => placed_ids.push(id),
                None => panic!("writer {n}: {} is not a placed reaction", response.status()),
            },
            _ => {
                failed += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
    }
    (placed_ids, failed)
}

/// The ids of every reaction stored in `database`.
async fn stored_ids(database: &Path) -> Vec<i64> {
    let mut conn = PgConnection::connect(database.to_str().expect("address"))
        .await
        .expect("connect");
    let stored = sqlx::query_scalar("SELECT id FROM reactions")
        .fetch_all(&mut conn)
        .await
        .expect("stored ids");
    let _ = conn.close().await;
    stored
}
