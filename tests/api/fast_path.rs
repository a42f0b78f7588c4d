//! The early answer for anonymous readers of a cached article page: the same
//! answer as through the router, and only for requests where that is true.

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::helpers::{SLUG, TestApp};

fn early(app: &TestApp) -> u64 {
    app.state().cache.early_answers()
}

/// The headers that say something about the answer (not its date or length).
fn meaningful(headers: &HeaderMap) -> Vec<(String, String)> {
    let mut kept: Vec<(String, String)> = headers
        .iter()
        .filter(|(name, _)| !["date", "content-length"].contains(&name.as_str()))
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                value.to_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    kept.sort();
    kept
}

#[tokio::test]
async fn a_cached_page_is_answered_early_with_the_same_headers_and_body() {
    let app = TestApp::spawn().await;
    let reader = app.browser();
    let path = format!("/{SLUG}");
    let rendered = reader.get(&path).await;
    assert_eq!(rendered.status(), StatusCode::OK);
    assert_eq!(early(&app), 0, "the first request renders the page");
    let rendered_headers = meaningful(rendered.headers());
    let rendered_body = rendered.text().await.expect("body");

    let cached = reader.get(&path).await;
    assert_eq!(cached.status(), StatusCode::OK);
    assert_eq!(early(&app), 1, "the second comes from the cache, early");
    assert_eq!(meaningful(cached.headers()), rendered_headers);
    assert!(
        rendered_headers
            .iter()
            .any(|(n, v)| n == "content-security-policy" && v.contains("default-src 'self'")),
        "{rendered_headers:?}"
    );
    assert_eq!(cached.text().await.expect("body"), rendered_body);
}

#[tokio::test]
async fn early_answers_compress_and_revalidate() {
    let app = TestApp::spawn().await;
    let path = format!("/{SLUG}");
    let first = app.browser().get(&path).await;
    let etag = first.headers()["etag"].to_str().expect("etag").to_owned();
    let client = reqwest::Client::new();

    let gz = client
        .get(app.url(&path))
        .header("accept-encoding", "gzip, br;q=0")
        .send()
        .await
        .expect("GET");
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.headers()["vary"], "Cookie, Accept-Encoding");
    let not_modified = client
        .get(app.url(&path))
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("GET");
    assert_eq!(not_modified.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(not_modified.headers()["x-content-type-options"], "nosniff");
    assert_eq!(early(&app), 2);
}

#[tokio::test]
async fn anything_but_a_plain_anonymous_read_goes_through_the_router() {
    let app = TestApp::spawn_open().await;
    let path = format!("/{SLUG}");
    app.browser().get(&path).await;
    app.browser().get(&format!("{path}?pagina=1")).await;
    let warm = early(&app);
    assert_eq!(warm, 1, "?pagina=1 is the same page");

    let reader = app.reader("Fenna").await;
    let html = reader.get_html(&path).await;
    assert!(
        html.contains("Fenna"),
        "a logged-in reader sees their own header"
    );
    let client = reqwest::Client::new();
    for (method, url, cookie) in [
        ("GET", format!("{path}?reageer=1"), ""),
        ("GET", format!("{path}?pagina=abc"), ""),
        ("GET", format!("{path}?pagina=1&x=2"), ""),
        ("GET", format!("{path}/"), ""),
        ("HEAD", path.clone(), ""),
        ("GET", path.clone(), "reacties_melding=welkom"),
        ("GET", path.clone(), "iets=anders; reacties_sessie=onzin"),
    ] {
        let mut request = client.request(method.parse().expect("method"), app.url(&url));
        if !cookie.is_empty() {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.expect("request");
        assert!(
            response.status().as_u16() < 500,
            "{method} {url}: {}",
            response.status()
        );
        assert_eq!(early(&app), warm, "{method} {url} {cookie}");
    }
    // A cookie that is not ours does not make the page personal.
    let other = client
        .get(app.url(&path))
        .header("cookie", "voorkeur=donker")
        .send()
        .await
        .expect("GET");
    assert_eq!(other.status(), StatusCode::OK);
    assert_eq!(early(&app), warm + 1);
}

#[tokio::test]
async fn a_change_retires_the_early_answer_until_the_page_is_rendered_again() {
    let app = TestApp::spawn_open().await;
    let path = format!("/{SLUG}");
    let anonymous = app.browser();
    anonymous.get(&path).await;
    anonymous.get(&path).await;
    assert_eq!(early(&app), 1);

    let writer = app.reader("Jasper").await;
    writer
        .react("Een nieuwe gedachte over nee zeggen.", None)
        .await;
    let after = anonymous.get_html(&path).await;
    assert!(after.contains("Een nieuwe gedachte over nee zeggen."));
    assert_eq!(
        early(&app),
        1,
        "a retired page is rendered again, not answered early"
    );
    let again = anonymous.get_html(&path).await;
    assert_eq!(again, after);
    assert_eq!(early(&app), 2);
}

#[tokio::test]
async fn readers_arriving_during_steady_changes_share_one_rendering() {
    let app = TestApp::spawn_open().await;
    let path = format!("/{SLUG}");
    // A change lands during every rendering, as under a steady stream of
    // reactions: the page is retired again before any render finishes.
    let state = app.state().clone();
    let changes = tokio::spawn(async move {
        loop {
            state.cache.bump();
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
    });
    let before = app.state().cache.rendered();
    let mut reads = 0;
    for _ in 0..2 {
        let wave: Vec<_> = (0..100)
            .map(|_| {
                let browser = app.browser();
                let path = path.clone();
                tokio::spawn(async move { browser.get(&path).await })
            })
            .collect();
        for read in wave {
            let response = read.await.expect("read");
            assert_eq!(response.status(), StatusCode::OK);
            let html = response.text().await.expect("body");
            assert!(html.contains("Zeven redenen"), "the article");
            reads += 1;
        }
    }
    changes.abort();
    let rendered = app.state().cache.rendered() - before;
    // Each reader used to render the page itself once the first rendering
    // came back already retired: 200 renderings for 200 reads.
    assert!(
        rendered <= 20,
        "{rendered} renderings for {reads} reads during steady changes"
    );
}
