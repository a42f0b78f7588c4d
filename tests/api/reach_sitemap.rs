//! The sitemap and robots.txt.

use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};

use crate::helpers::{SLUG, TestApp};
use crate::reach_feeds::parse_xml;

async fn lastmods(app: &TestApp) -> Vec<(String, String)> {
    let response = app.browser().get("/sitemap.xml").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/xml; charset=utf-8"
    );
    let urlset = parse_xml(&response.text().await.expect("body"));
    assert_eq!(urlset.name, "urlset");
    assert_eq!(
        urlset.attrs["xmlns"],
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    );
    urlset
        .all("url")
        .into_iter()
        .map(|u| (u.text_of("loc"), u.text_of("lastmod")))
        .collect()
}

#[tokio::test]
async fn the_sitemap_dates_an_article_by_its_newest_approved_reaction() {
    let app = TestApp::spawn_open().await;
    let article = format!("http://127.0.0.1/{SLUG}");
    let before = lastmods(&app).await;
    let locs: Vec<&str> = before.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(locs, ["http://127.0.0.1/", article.as_str()]);
    // Without reactions: the article's own date (midnight in Amsterdam, in UTC).
    assert_eq!(before[1].1, "2026-11-25T23:00:00Z");

    app.clock.advance(3600);
    let reader = app.reader("erik_r").await;
    reader.react("Goedgekeurd", None).await;
    let approved_at = reacties::dates::iso(reacties::dates::from_unix(app.clock_now()));
    // A held reaction later on changes nothing.
    app.clock.advance(3600);
    app.set("UPDATE settings SET premoderation = 'all'").await;
    reader.post_reaction("Wacht", None).await;
    let after = lastmods(&app).await;
    assert_eq!(after[1], (article, approved_at.clone()));
    assert_eq!(
        after[0].1, approved_at,
        "the index changes with its newest article"
    );
}

#[tokio::test]
async fn the_sitemap_answers_304_with_its_etag() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let first = client
        .get(app.url("/sitemap.xml"))
        .send()
        .await
        .expect("sitemap");
    let again = client
        .get(app.url("/sitemap.xml"))
        .header(IF_NONE_MATCH, first.headers()[ETAG].clone())
        .send()
        .await
        .expect("sitemap");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
}

#[tokio::test]
async fn robots_txt_allows_articles_keeps_crawlers_out_of_accounts_and_forms_and_names_the_sitemap()
{
    let app = TestApp::spawn_with_url("https://blog.example.nl/").await;
    let response = app.browser().get("/robots.txt").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "text/plain; charset=utf-8"
    );
    let text = response.text().await.expect("body");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "User-agent: *");
    assert!(lines.contains(&"Allow: /"));
    for path in [
        "/account",
        "/inloggen",
        "/registreren",
        "/moderatie",
        "/voorbeeld",
        "/reacties/",
        "/*/reacties$",
    ] {
        assert!(lines.contains(&&*format!("Disallow: {path}")), "{path}");
    }
    assert!(lines.contains(&"Sitemap: https://blog.example.nl/sitemap.xml"));
    // No rule shuts out an article, a feed or the sitemap itself.
    for allowed in [
        format!("/{SLUG}"),
        "/feed.xml".into(),
        "/sitemap.xml".into(),
        format!("/{SLUG}/reacties.xml"),
    ] {
        assert!(
            !lines
                .iter()
                .filter_map(|l| l.strip_prefix("Disallow: "))
                .any(|rule| rule_matches(rule, &allowed)),
            "{allowed} is disallowed"
        );
    }
}

/// RFC 9309 matching: a prefix, `*` for any characters, `$` for the end.
fn rule_matches(rule: &str, path: &str) -> bool {
    let (rule, anchored) = match rule.strip_suffix('$') {
        Some(r) => (r, true),
        None => (rule, false),
    };
    let parts: Vec<&str> = rule.split('*').collect();
    let mut rest = path;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(after) = rest.strip_prefix(part) else {
                return false;
            };
            rest = after;
        } else if let Some((_, after)) = rest.split_once(part) {
            rest = after;
        } else {
            return false;
        }
    }
    !anchored || rest.is_empty()
}
