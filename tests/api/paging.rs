//! Big threads are paged, and anonymous readers get cached, revalidatable pages.

use std::io::Read;

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{SLUG, TestApp, location, reaction_id, select, texts};

/// Adds `threads` top-level reactions, each with one reply, straight into the database.
async fn seed(app: &TestApp, user_id: i64, threads: i64) -> Vec<i64> {
    let now = app.clock_now();
    let mut roots = Vec::new();
    for n in 0..threads {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO reactions (article_slug, user_id, body_source, body_html, status, created_at)
             VALUES ($1, $2, $3, $4, 'approved', $5) RETURNING id",
        )
        .bind(SLUG)
        .bind(user_id)
        .bind(format!("draad {n}"))
        .bind(format!("<p>draad {n}</p>"))
        .bind(now)
        .fetch_one(&app.pool)
        .await
        .expect("seed thread");
        sqlx::query(
            "INSERT INTO reactions (article_slug, user_id, parent_id, root_id, body_source, body_html, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'approved', $7)",
        )
        .bind(SLUG)
        .bind(user_id)
        .bind(id)
        .bind(id)
        .bind(format!("antwoord {n}"))
        .bind(format!("<p>antwoord {n}</p>"))
        .bind(now)
        .execute(&app.pool)
        .await
        .expect("seed reply");
        roots.push(id);
    }
    app.set("UPDATE settings SET premoderation = 'none'").await;
    roots
}

#[tokio::test]
async fn a_big_discussion_is_paged_fifty_threads_at_a_time_without_javascript() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let roots = seed(&app, app.user_id("lezer").await, 120).await;
    let visitor = app.browser();

    let first = visitor.article().await;
    assert_eq!(select(&first, "ol.draad > li.niveau-1").len(), 50);
    assert_eq!(
        select(&first, "li.niveau-2").len(),
        50,
        "each thread comes with its replies"
    );
    assert_eq!(texts(&first, "#reacties-kop"), ["Reacties (240)"]);
    assert_eq!(
        texts(&first, "nav.paginas > p:first-child"),
        ["Pagina 1 van 3"]
    );
    let more = select(&first, "nav.paginas a[rel='next']");
    assert_eq!(
        more[0].value().attr("href"),
        Some(format!("/{SLUG}?pagina=2#reacties").as_str())
    );
    assert_eq!(more[0].text().collect::<String>(), "Meer reacties");

    let last = Html::parse_document(&visitor.get_html(&format!("/{SLUG}?pagina=3")).await);
    let shown: Vec<String> = texts(&last, "li.niveau-1 > article .tekst");
    assert_eq!(shown.len(), 20);
    assert_eq!(shown[0], "draad 100");
    assert_eq!(select(&last, "nav.paginas a[rel='prev']").len(), 1);
    assert!(select(&last, "nav.paginas a[rel='next']").is_empty());
    assert_eq!(
        visitor.get(&format!("/{SLUG}?pagina=4")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor.get(&format!("/{SLUG}?pagina=nul")).await.status(),
        StatusCode::OK
    );

    // Replying on page 3 comes back to page 3, where the reply form opened too.
    let target = roots[110];
    let page = Html::parse_document(&reader.get_html(&format!("/{SLUG}?pagina=3")).await);
    let reply_link = format!("/{SLUG}?pagina=3&reageer={target}#reageer-{target}");
    assert_eq!(select(&page, &format!("a[href='{reply_link}']")).len(), 1);
    let form = Html::parse_document(
        &reader
            .get_html(&format!("/{SLUG}?pagina=3&reageer={target}"))
            .await,
    );
    assert_eq!(select(&form, &format!("form#reageer-{target}")).len(), 1);
    let response = reader.post_reaction("Laat antwoord", Some(target)).await;
    let id = reaction_id(&response);
    assert_eq!(
        location(&response),
        format!("/{SLUG}?pagina=3&geplaatst={id}#reactie-{id}")
    );
    let after = Html::parse_document(&reader.get_html(&format!("/{SLUG}?pagina=3")).await);
    assert_eq!(
        select(&after, &format!("li#reactie-{target} li#reactie-{id}")).len(),
        1
    );
}

#[tokio::test]
async fn anonymous_pages_are_cached_revalidated_and_retired_on_change() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    reader.react_any("Eerste", None).await;
    let visitor = app.browser();

    let first = visitor.get(&format!("/{SLUG}")).await;
    assert_eq!(first.status(), StatusCode::OK);
    let cache_control = first.headers()["cache-control"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        cache_control.starts_with("public") && cache_control.contains("stale-while-revalidate")
    );
    assert!(
        first.headers()["vary"]
            .to_str()
            .expect("ascii")
            .contains("Cookie")
    );
    let etag = first.headers()["etag"].clone();

    let again = visitor
        .client
        .get(app.url(&format!("/{SLUG}")))
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .expect("GET");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    reader.react_any("Tweede", None).await;
    let changed = visitor
        .client
        .get(app.url(&format!("/{SLUG}")))
        .header("If-None-Match", etag.clone())
        .send()
        .await
        .expect("GET");
    assert_eq!(
        changed.status(),
        StatusCode::OK,
        "a new reaction retires the page"
    );
    assert_ne!(changed.headers()["etag"], etag);
    assert!(changed.text().await.expect("body").contains("Tweede"));

    // Logged-in readers get their own, uncached page.
    let own = reader.get(&format!("/{SLUG}")).await;
    assert!(
        own.headers()["cache-control"]
            .to_str()
            .expect("ascii")
            .starts_with("private")
    );
    assert!(own.headers().get("etag").is_none());
}

#[tokio::test]
async fn pages_are_sent_compressed_to_browsers_that_ask() {
    let app = TestApp::spawn_open().await;
    app.reader("lezer")
        .await
        .react_any("Gecomprimeerd", None)
        .await;
    let visitor = app.browser();
    let plain = visitor.get_html(&format!("/{SLUG}")).await;
    for coding in ["gzip", "br"] {
        let response = visitor
            .client
            .get(app.url(&format!("/{SLUG}")))
            .header("Accept-Encoding", coding)
            .send()
            .await
            .expect("GET");
        assert_eq!(response.headers()["content-encoding"], coding);
        let bytes = response.bytes().await.expect("body");
        assert!(
            bytes.len() * 2 < plain.len(),
            "{coding}: {} of {}",
            bytes.len(),
            plain.len()
        );
        let mut html = String::new();
        if coding == "gzip" {
            flate2::read::GzDecoder::new(&bytes[..])
                .read_to_string(&mut html)
                .expect("gunzip");
        } else {
            brotli::Decompressor::new(&bytes[..], 4096)
                .read_to_string(&mut html)
                .expect("unbrotli");
        }
        assert_eq!(html, plain);
    }
    // Other pages are compressed on the fly.
    let css = visitor
        .client
        .get(app.url("/static/reacties.css"))
        .header("Accept-Encoding", "gzip")
        .send()
        .await
        .expect("GET");
    assert_eq!(css.headers()["content-encoding"], "gzip");
}

#[tokio::test]
async fn static_assets_have_content_hashed_names_cached_for_a_year() {
    let app = TestApp::spawn_open().await;
    let visitor = app.browser();
    let page = visitor.article().await;
    let href = select(&page, "link[rel='stylesheet']")[0]
        .value()
        .attr("href")
        .expect("href")
        .to_owned();
    assert!(
        href.starts_with("/static/reacties.")
            && href.ends_with(".css")
            && href.len() > "/static/reacties.css".len()
    );
    let response = visitor.get(&href).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .expect("ascii")
            .contains("immutable")
    );
    let icon = select(&page, "link[rel='icon']")[0]
        .value()
        .attr("href")
        .expect("href")
        .to_owned();
    assert_eq!(visitor.get(&icon).await.status(), StatusCode::OK);
    assert_eq!(
        visitor.get("/static/reacties.00000000.css").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        visitor.get("/static/bench.html").await.status(),
        StatusCode::NOT_FOUND,
        "only in bench mode"
    );
}
