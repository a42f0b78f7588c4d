//! Denial of service: heavy Markdown, piles of password hashes, and connections
//! that never finish a request. Durations here are generous "did not hang"
//! guards; the real targets are measured by benches/dos.py.

use std::time::Duration;

use reqwest::StatusCode;
use scraper::Html;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{PASSWORD, SLUG, TestApp, select, texts};

/// Fails the test instead of hanging when `future` takes longer than `secs`.
async fn within<T>(secs: u64, what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), future)
        .await
        .unwrap_or_else(|_| panic!("{what} took more than {secs} s"))
}

/// `1. ` repeated: thousands of nested numbered lists, a 64 KB form (`1.+1.+…`).
/// (The review's `-+-+…` reads as `- - - …`, which Markdown takes for one
/// horizontal rule: quick either way.)
fn nested_lists_64_kb() -> String {
    "1. ".repeat(21_660)
}

#[tokio::test]
async fn a_64_kb_preview_is_refused_quickly_with_the_length_limit() {
    let app = TestApp::spawn_open().await;
    let browser = app.browser();
    let body = nested_lists_64_kb();
    let response = within(
        5,
        "the JavaScript preview",
        browser.post("/voorbeeld", &[("body", &body)]),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/plain")
    );
    let message = response.text().await.expect("body");
    assert!(message.contains("het maximum is 5.000"), "{message}");

    // Without JavaScript: the page again, the text in the form, the reason above it.
    let response = within(
        5,
        "the preview in the page",
        browser.post(
            &format!("/{SLUG}/reacties"),
            &[("body", body.as_str()), ("actie", "voorbeeld")],
        ),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "#reageer textarea"), [body.trim()]);
    assert!(texts(&html, "#reageer .fout")[0].contains("het maximum is 5.000"));
    assert!(select(&html, "#reageer section.voorbeeld").is_empty());
}

#[tokio::test]
async fn deeply_nested_reactions_render_quickly_and_flattened() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    // At the length limit: lists, numbered lists and quotes nested 1,666 to 2,500 deep.
    for body in ["+ ".repeat(2_500), "1. ".repeat(1_666), "> ".repeat(2_500)] {
        let preview = within(
            5,
            "a nested preview",
            reader.post("/voorbeeld", &[("body", &body)]),
        )
        .await;
        assert_eq!(preview.status(), StatusCode::OK);
        let html = preview.text().await.expect("body");
        assert!(html.matches("<li>").count() <= 8, "{html}");
        assert!(html.matches("<blockquote>").count() <= 8, "{html}");
        within(
            5,
            "posting a nested reaction",
            reader.react_any(&body, None),
        )
        .await;
    }
}

#[tokio::test]
async fn previews_are_limited_per_client_with_the_text_kept() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.previews_per_minute = 2;
    })
    .await;
    let browser = app.browser();
    for _ in 0..2 {
        let response = browser.post("/voorbeeld", &[("body", "*een*")]).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let response = browser.post("/voorbeeld", &[("body", "*drie*")]).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let message = response.text().await.expect("body");
    assert!(message.contains("heel vaak een voorbeeld"), "{message}");

    let response = browser
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", "Mijn *tekst*"), ("actie", "voorbeeld")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "#reageer textarea"), ["Mijn *tekst*"]);
    assert!(texts(&html, "#reageer .fout")[0].contains("heel vaak een voorbeeld"));
}

#[tokio::test]
async fn logins_beyond_the_hashing_slots_are_refused_as_busy_with_the_name_kept() {
    let app = TestApp::spawn_with(|c| c.hash_threads = 1).await;
    app.reader("doelwit").await;
    // One hashing thread and four places in its queue; forty at once do not fit.
    let attempts = (0..40).map(|_| {
        let browser = app.browser();
        async move { browser.login("doelwit", "fout-wachtwoord-123").await }
    });
    let responses = within(60, "forty logins", futures_join_all(attempts)).await;
    let mut busy = 0;
    for response in responses {
        match response.status() {
            StatusCode::UNAUTHORIZED => {}
            StatusCode::SERVICE_UNAVAILABLE => {
                busy += 1;
                assert!(response.headers().contains_key("retry-after"));
                let html = Html::parse_document(&response.text().await.expect("body"));
                assert!(texts(&html, "#inloggen-fout")[0].contains("erg druk"));
                let name = select(&html, "#inloggen-naam")[0].value().attr("value");
                assert_eq!(name, Some("doelwit"));
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert!(busy > 0, "some logins found every slot taken");
    // Afterwards the slots are free again.
    let response = app.browser().login("doelwit", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// Waits for every future (spawned, so they run at once).
async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for handle in handles {
        out.push(handle.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn wrong_current_passwords_on_the_account_page_are_throttled_per_account() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    let stolen = app.reader("lezer").await;
    let from = |ip: &'static str, path: &str, form: &[(&str, &str)]| {
        let request = stolen
            .client
            .post(app.url(path))
            .header("X-Forwarded-For", ip)
            .form(form);
        async move { request.send().await.expect("POST") }
    };
    let new = [
        ("huidig", "geraden-wachtwoord"),
        ("nieuw", "een-heel-nieuw-wachtwoord"),
    ];
    for n in 0..5 {
        // A different address each time does not help.
        let ip = [
            "203.0.113.1",
            "203.0.113.2",
            "203.0.113.3",
            "203.0.113.4",
            "203.0.113.5",
        ][n];
        let response = from(ip, "/account/wachtwoord", &new).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Now even the right password waits, for a change and for deleting the account.
    let right = [("huidig", PASSWORD), ("nieuw", "een-heel-nieuw-wachtwoord")];
    let response = from("198.51.100.7", "/account/wachtwoord", &right).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(
        texts(&html, "h1"),
        ["Je account"],
        "the account page, not an error page"
    );
    assert!(texts(&html, "#wachtwoord-fout")[0].contains("15 minuten"));

    let delete = [("wachtwoord", PASSWORD), ("reacties", "behouden")];
    let response = from("198.51.100.7", "/account/verwijderen", &delete).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(texts(&html, "#verwijderen-fout")[0].contains("15 minuten"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL")
            .await,
        1
    );

    // After the window the owner may change it.
    app.clock.advance(15 * 60 + 1);
    let response = from("198.51.100.7", "/account/wachtwoord", &right).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

/// Reads until the server closes the connection; returns what it sent.
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut received = Vec::new();
    // An error (a reset) counts as closed too.
    let _ = stream.read_to_end(&mut received).await;
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn a_half_sent_request_and_a_silent_connection_are_closed_after_the_header_timeout() {
    let app = TestApp::spawn_with(|c| c.header_timeout = 1).await;
    let mut half = TcpStream::connect(app.addr).await.expect("connect");
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let mut silent = TcpStream::connect(app.addr).await.expect("connect");
    within(10, "closing a half-sent request", read_to_close(&mut half)).await;
    within(
        10,
        "closing a silent connection",
        read_to_close(&mut silent),
    )
    .await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let app = TestApp::spawn_with(|c| c.header_timeout = 1).await;
    let mut stream = TcpStream::connect(app.addr).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    // The answer comes, the connection stays open for the next request, and
    // is closed when none comes.
    let answer = within(10, "the idle connection", read_to_close(&mut stream)).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        !answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
}

#[tokio::test]
async fn connections_beyond_the_cap_wait_until_one_closes() {
    let app = TestApp::spawn_with(|c| {
        c.max_connections = 1;
        c.header_timeout = 60;
    })
    .await;
    let holder = TcpStream::connect(app.addr).await.expect("connect");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let url = app.url("/healthz");
    let waiting = tokio::spawn(async move { reqwest::get(url).await.map(|r| r.status()) });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !waiting.is_finished(),
        "a second connection waits for a slot"
    );
    drop(holder);
    let status = within(10, "the waiting request", waiting)
        .await
        .expect("task")
        .expect("answered");
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn shutdown_closes_a_half_open_connection_after_the_grace_period() {
    let mut app = TestApp::spawn_with(|c| {
        c.header_timeout = 600;
        c.shutdown_grace = 1;
    })
    .await;
    let mut half = TcpStream::connect(app.addr).await.expect("connect");
    half.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Stopping waits for the grace period, then closes the connection.
    within(10, "stopping the server", app.restart()).await;
    within(
        5,
        "closing the half-open connection",
        read_to_close(&mut half),
    )
    .await;
    assert_eq!(app.browser().get("/healthz").await.status(), StatusCode::OK);
}
