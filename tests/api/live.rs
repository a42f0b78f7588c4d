//! Live updates: the article's SSE stream and the author's, read over HTTP as a
//! browser's EventSource would.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE};

use crate::helpers::{Browser, SLUG, TestApp, location};

/// One event as a browser's EventSource gets it.
#[derive(Debug, Clone)]
struct Ev {
    id: String,
    name: String,
    data: String,
}

/// An open stream, read as its bytes arrive.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(browser: &Browser, path: &str, last_id: Option<&str>) -> Self {
        let mut request = browser
            .client
            .get(format!("{}{path}", browser.base))
            .header(ACCEPT_ENCODING, "gzip, br");
        if let Some(id) = last_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().await.expect("stream opens");
        assert_eq!(response.status(), StatusCode::OK, "GET {path}");
        Self {
            response,
            buffer: String::new(),
        }
    }

    async fn article(browser: &Browser) -> Self {
        Self::open(browser, &format!("/{SLUG}/live"), None).await
    }

    /// The next event with a name within `within`; `None` on timeout or end.
    async fn next(&mut self, within: Duration) -> Option<Ev> {
        let deadline = Instant::now() + within;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut ev = Ev {
                    id: String::new(),
                    name: String::new(),
                    data: String::new(),
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id: ") {
                        v.clone_into(&mut ev.id);
                    } else if let Some(v) = line.strip_prefix("event: ") {
                        v.clone_into(&mut ev.name);
                    } else if let Some(v) = line.strip_prefix("data: ") {
                        ev.data.push_str(v);
                    }
                }
                if !ev.name.is_empty() {
                    return Some(ev);
                }
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }

    /// Every event within `within`.
    async fn all(&mut self, within: Duration) -> Vec<Ev> {
        let deadline = Instant::now() + within;
        let mut events = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.next(left).await {
                Some(ev) => events.push(ev),
                None => break,
            }
        }
        events
    }

    /// Reads until the event named `name` about reaction `id`; panics after `within`.
    async fn until(&mut self, name: &str, id: i64, within: Duration) -> (Ev, Vec<Ev>) {
        let deadline = Instant::now() + within;
        let mut before = Vec::new();
        loop {
            let left = deadline
                .checked_duration_since(Instant::now())
                .unwrap_or_default();
            let ev = self
                .next(left)
                .await
                .unwrap_or_else(|| panic!("no {name} for {id} within {within:?}; got {before:?}"));
            if ev.name == name && about(&ev) == Some(id) {
                return (ev, before);
            }
            before.push(ev);
        }
    }

    /// Whether the server ended the stream within `within`.
    async fn ends(&mut self, within: Duration) -> bool {
        let deadline = Instant::now() + within;
        loop {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                return false;
            };
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(_))) => {}
                Ok(Ok(None) | Err(_)) => return true,
                Err(_) => return false,
            }
        }
    }
}

/// The reaction an event is about.
fn about(ev: &Ev) -> Option<i64> {
    let value: serde_json::Value = serde_json::from_str(&ev.data).ok()?;
    value.get("id")?.as_i64()
}

const SECOND: Duration = Duration::from_secs(1);

#[tokio::test]
async fn an_approved_reaction_reaches_an_open_stream_within_a_second() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("anne").await;
    let mut stream = Stream::article(&app.browser()).await;
    let headers = stream.response.headers();
    assert_eq!(headers[CONTENT_TYPE], "text/event-stream");
    assert_eq!(headers["x-accel-buffering"], "no");
    assert_eq!(headers[CACHE_CONTROL], "no-store");
    assert!(
        headers.get(CONTENT_ENCODING).is_none(),
        "a stream is never compressed"
    );

    let posted = Instant::now();
    let id = reader.react("Live *erbij*", None).await;
    let (ev, _) = stream.until("nieuw", id, SECOND).await;
    assert!(posted.elapsed() < SECOND);
    let data: serde_json::Value = serde_json::from_str(&ev.data).expect("json");
    assert_eq!(data["ouder"], serde_json::Value::Null);
    assert_eq!(data["niveau"], 1);
    let html = data["html"].as_str().expect("html");
    assert!(html.contains("<em>erbij</em>"), "{html}");
    assert!(html.contains("anne"));
    assert!(!ev.id.is_empty(), "events carry an id");
    let (count, _) = (stream.next(SECOND).await.expect("count"), ());
    assert_eq!(count.name, "aantal");
    assert_eq!(count.data, r#"{"aantal":1}"#);

    // A reply says whom it goes under.
    let reply = reader.react("Een antwoord", Some(id)).await;
    let (ev, _) = stream.until("nieuw", reply, SECOND).await;
    let data: serde_json::Value = serde_json::from_str(&ev.data).expect("json");
    assert_eq!(data["ouder"], id);
    assert_eq!(data["niveau"], 2);
}

#[tokio::test]
async fn held_and_shadowbanned_reactions_never_reach_another_viewers_stream() {
    // The default policy holds a reader's reactions until one was approved.
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let newcomer = app.reader("nieuw").await;
    let troll = app.reader("trol").await;
    let other = app.reader("ander").await;
    let troll_id = app.user_id("trol").await;
    author
        .post(&format!("/moderatie/lezers/{troll_id}/schaduwban"), &[])
        .await;
    let mut anonymous = Stream::article(&app.browser()).await;
    let mut logged_in = Stream::article(&other).await;

    let held = newcomer.react_any("Geheim wachtend", None).await;
    assert_eq!(app.status_of(held).await, "pending");
    let shadow = troll.react_any("Geheim in de schaduw", None).await;
    assert_eq!(app.status_of(shadow).await, "shadow");
    // The author's own reaction is published: it comes after the other two.
    let public = author.react("Openbaar", None).await;

    for stream in [&mut anonymous, &mut logged_in] {
        let (_, before) = stream.until("nieuw", public, SECOND).await;
        let after = stream.all(Duration::from_millis(300)).await;
        for ev in before.iter().chain(&after) {
            assert!(!ev.data.contains("Geheim"), "leaked: {ev:?}");
            assert_ne!(about(ev), Some(held));
            assert_ne!(about(ev), Some(shadow));
        }
    }

    // Hiding a public reaction takes it off the pages; nothing of its text goes out.
    author
        .moderate(public, "verbergen", &format!("/{SLUG}"))
        .await;
    let (gone, _) = anonymous.until("weg", public, SECOND).await;
    assert_eq!(gone.data, format!(r#"{{"id":{public}}}"#));
    // Approving the held one publishes it after all.
    author
        .moderate(held, "goedkeuren", &format!("/{SLUG}"))
        .await;
    let (ev, _) = anonymous.until("nieuw", held, SECOND).await;
    assert!(ev.data.contains("Geheim wachtend"));
}

#[tokio::test]
async fn edits_removals_appreciation_and_stances_are_sent_in_place() {
    let app = TestApp::spawn_open().await;
    let anne = app.reader("anne").await;
    let bram = app.reader("bram").await;
    let first = anne.react("Eerste versie", None).await;
    let mut stream = Stream::article(&app.browser()).await;

    anne.post(
        &format!("/reacties/{first}/bewerken"),
        &[("body", "Tweede versie")],
    )
    .await;
    let (ev, _) = stream.until("gewijzigd", first, SECOND).await;
    assert!(ev.data.contains("Tweede versie") && ev.data.contains("bewerkt"));

    bram.post(
        &format!("/reacties/{first}/waarderen"),
        &[("waardeer", "ja")],
    )
    .await;
    let (ev, _) = stream.until("waardering", first, SECOND).await;
    assert_eq!(
        ev.data,
        format!(r#"{{"id":{first},"aantal":1,"tekst":"1 lezer waardeert dit"}}"#)
    );

    bram.post(&format!("/{SLUG}/redenen/2"), &[("keuze", "nee")])
        .await;
    let tally = loop {
        let ev = stream.next(SECOND).await.expect("a tally");
        if ev.name == "stemmen" {
            break ev;
        }
    };
    assert_eq!(
        tally.data,
        r#"{"reden":2,"ja":0,"nee":1,"tekst":"0 JA · 1 NEE","procent":0}"#
    );

    anne.post(&format!("/reacties/{first}/verwijderen"), &[])
        .await;
    stream.until("weg", first, SECOND).await;
}

#[tokio::test]
async fn a_reconnect_with_last_event_id_gets_exactly_the_missed_events() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("anne").await;
    let browser = app.browser();
    // A second reader keeps the article's stream going meanwhile.
    let mut stays = Stream::article(&app.browser()).await;
    let mut leaves = Stream::article(&browser).await;
    let one = reader.react("Een", None).await;
    let (seen, _) = leaves.until("nieuw", one, SECOND).await;
    let count = leaves.next(SECOND).await.expect("the count");
    assert_eq!(count.name, "aantal");
    stays.until("nieuw", one, SECOND).await;
    assert_eq!(stays.next(SECOND).await.expect("the count").id, count.id);
    drop(leaves);

    let two = reader.react("Twee", None).await;
    let three = reader.react("Drie", None).await;
    let (last, mut missed) = stays.until("nieuw", three, SECOND).await;
    missed.push(last);
    missed.extend(stays.all(Duration::from_millis(300)).await);

    let mut back = Stream::open(&browser, &format!("/{SLUG}/live"), Some(&count.id)).await;
    let replayed = back.all(Duration::from_millis(500)).await;
    let ids = |events: &[Ev]| events.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&replayed), ids(&missed), "{replayed:?}");
    assert!(replayed.iter().all(|e| e.id != seen.id && e.id != count.id));
    let new: Vec<i64> = replayed
        .iter()
        .filter(|e| e.name == "nieuw")
        .filter_map(about)
        .collect();
    assert_eq!(new, [two, three]);
    // The count may come with either reaction's event (a look reads the count
    // a moment after the threads), but it ends at three.
    let counts: Vec<&str> = replayed
        .iter()
        .filter(|e| e.name == "aantal")
        .map(|e| e.data.as_str())
        .collect();
    assert_eq!(counts.last(), Some(&r#"{"aantal":3}"#));

    // An id the server no longer knows (another process, or long ago): reload.
    let mut stale = Stream::open(&browser, &format!("/{SLUG}/live"), Some("abc-1")).await;
    let ev = stale.next(SECOND).await.expect("an event");
    assert_eq!(ev.name, "herladen");
}

#[tokio::test]
async fn shutdown_closes_open_streams_well_within_the_grace_period() {
    let mut app = TestApp::spawn_open().await;
    let mut stream = Stream::article(&app.browser()).await;
    let mut queue = Stream::open(&app.author().await, "/moderatie/live", None).await;
    let started = Instant::now();
    let restart = app.restart();
    let (ended, ended_too, ()) = tokio::join!(
        stream.ends(Duration::from_secs(5)),
        queue.ends(Duration::from_secs(5)),
        restart
    );
    assert!(ended && ended_too, "streams end at shutdown");
    // The grace period is 10 s: the open streams did not hold it up.
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn the_authors_stream_refuses_readers_and_counts_the_queue() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("nieuw").await;
    let refused = reader.get("/moderatie/live").await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let anonymous = app.browser().get("/moderatie/live").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(&anonymous).starts_with("/inloggen"));

    let mut queue = Stream::open(&author, "/moderatie/live", None).await;
    let held = reader.react_any("Wacht even", None).await;
    let ev = queue.next(SECOND).await.expect("the waiting count");
    assert_eq!(ev.name, "wachtrij");
    assert_eq!(ev.data, r#"{"aantal":1,"meer":true}"#);
    author.moderate(held, "goedkeuren", "/moderatie").await;
    let ev = queue.next(SECOND).await.expect("the waiting count");
    assert_eq!(ev.data, r#"{"aantal":0,"meer":false}"#);
}

#[tokio::test]
async fn one_client_cannot_hold_more_than_its_share_of_streams() {
    let app = TestApp::spawn_with(|config| config.rate_limits = true).await;
    let browser = app.browser();
    let mut open = Vec::new();
    for _ in 0..reacties::live::stream::STREAMS_PER_CLIENT {
        open.push(Stream::article(&browser).await);
    }
    let refused = browser.get(&format!("/{SLUG}/live")).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.text().await.expect("body").contains("te veel"));
    open.pop();
    // A closed stream gives its place back once the server notices.
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        let again = browser.get(&format!("/{SLUG}/live")).await;
        if again.status() == StatusCode::OK {
            break;
        }
        assert!(Instant::now() < deadline, "the place never came back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn an_unknown_article_has_no_stream() {
    let app = TestApp::spawn().await;
    let response = app.browser().get("/bestaat-niet/live").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_stream_outlives_the_request_and_header_timeouts() {
    let app = TestApp::spawn_with(|config| {
        config.request_timeout = 1;
        config.header_timeout = 1;
    })
    .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let reader = app.reader("anne").await;
    let mut stream = Stream::article(&app.browser()).await;
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let id = reader.react("Na de wachttijden", None).await;
    stream.until("nieuw", id, SECOND).await;
}

/// Reads from a raw connection until `needle` has arrived (or `within` passes).
async fn read_until(
    conn: &mut tokio::net::TcpStream,
    seen: &mut String,
    needle: &str,
    within: Duration,
) -> bool {
    use tokio::io::AsyncReadExt;
    let deadline = Instant::now() + within;
    let mut chunk = [0u8; 4096];
    while !seen.contains(needle) {
        let Some(left) = deadline.checked_duration_since(Instant::now()) else {
            return false;
        };
        match tokio::time::timeout(left, conn.read(&mut chunk)).await {
            Ok(Ok(n)) if n > 0 => seen.push_str(&String::from_utf8_lossy(&chunk[..n])),
            _ => return false,
        }
    }
    true
}

async fn raw_request(app: &TestApp, head: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let mut conn = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connects");
    conn.write_all(head.as_bytes()).await.expect("sends");
    conn
}

#[tokio::test]
async fn a_stream_on_a_connection_of_its_own_goes_through_every_layer_and_ends_cleanly() {
    let mut app = TestApp::spawn_open().await;
    let reader = app.reader("rauw").await;
    let mut conn = raw_request(
        &app,
        &format!("GET /{SLUG}/live HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, br\r\n\r\n"),
    )
    .await;
    let mut seen = String::new();
    assert!(
        read_until(&mut conn, &mut seen, "verbonden", SECOND).await,
        "{seen}"
    );
    let head = seen
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200 ok\r\n"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(head.contains("connection: close"), "{head}");
    assert!(head.contains("x-accel-buffering: no"), "{head}");
    // The security headers come from the router's layers: the request went through them.
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");
    assert!(!head.contains("content-encoding"), "{head}");

    let id = reader.react("Over een eigen verbinding", None).await;
    assert!(
        read_until(&mut conn, &mut seen, &format!("\"id\":{id}"), SECOND).await,
        "the new reaction arrives: {seen}"
    );
    assert!(seen.contains("event: nieuw"), "{seen}");

    // At shutdown the stream ends with the last chunk, then the connection closes.
    let (ended, ()) = tokio::join!(
        read_until(
            &mut conn,
            &mut seen,
            "\r\n0\r\n\r\n",
            Duration::from_secs(5)
        ),
        app.restart()
    );
    assert!(ended, "the chunked answer ends properly: {seen}");
}

#[tokio::test]
async fn a_stream_path_on_a_connection_of_its_own_answers_errors_and_bad_heads_in_full() {
    let app = TestApp::spawn().await;
    let mut conn = raw_request(&app, "GET /bestaat-niet/live HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let mut seen = String::new();
    read_until(&mut conn, &mut seen, "</html>", SECOND).await;
    assert!(seen.starts_with("HTTP/1.1 404 Not Found\r\n"), "{seen}");
    assert!(
        seen.to_ascii_lowercase().contains("content-length: "),
        "{seen}"
    );
    assert!(
        seen.contains("niet gevonden") || seen.contains("Niet gevonden"),
        "{seen}"
    );

    // A body announced on a GET, or a head beyond 16 KB: 400, and the connection closes.
    for head in [
        format!("GET /{SLUG}/live HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
        format!(
            "GET /{SLUG}/live HTTP/1.1\r\nX-Vul: {}\r\n\r\n",
            "a".repeat(20_000)
        ),
    ] {
        let mut conn = raw_request(&app, &head).await;
        let mut seen = String::new();
        read_until(&mut conn, &mut seen, "\r\n\r\n", SECOND).await;
        assert!(seen.starts_with("HTTP/1.1 400 Bad Request\r\n"), "{seen}");
    }
    // The server is unharmed.
    assert_eq!(
        app.browser().get(&format!("/{SLUG}")).await.status(),
        StatusCode::OK
    );
}
