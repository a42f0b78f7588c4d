//! Every moderation page and action: anonymous → login, reader → 403, banned
//! reader → 403, author → allowed. Plus the settings page and the private feed.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, location, select, texts};

/// Every moderation route, with the method it is used with.
fn routes(reaction: i64, reader: i64) -> Vec<(&'static str, String)> {
    let mut routes = vec![
        ("GET", "/moderatie".to_string()),
        ("GET", "/moderatie/lezers".into()),
        ("GET", "/moderatie/instellingen".into()),
        ("GET", "/moderatie/logboek".into()),
        ("GET", "/moderatie/site".into()),
        ("POST", "/moderatie/site".into()),
        ("GET", format!("/moderatie/reacties/{reaction}/verwijderen")),
        ("GET", format!("/moderatie/reacties/{reaction}/bewerken")),
        ("POST", format!("/moderatie/reacties/{reaction}/bewerken")),
        ("POST", "/moderatie/bulk".into()),
        ("POST", "/moderatie/instellingen".into()),
        ("POST", format!("/moderatie/artikelen/{SLUG}")),
        ("POST", "/moderatie/feed/vernieuwen".into()),
    ];
    for action in [
        "goedkeuren",
        "afwijzen",
        "spam",
        "verwijderen",
        "verbergen",
        "vastpinnen",
        "losmaken",
        "vergrendelen",
        "ontgrendelen",
    ] {
        routes.push(("POST", format!("/moderatie/reacties/{reaction}/{action}")));
    }
    for action in [
        "blokkeren",
        "deblokkeren",
        "schaduwban",
        "schaduwban-opheffen",
        "vertrouwen",
        "wantrouwen",
    ] {
        routes.push(("POST", format!("/moderatie/lezers/{reader}/{action}")));
    }
    routes
}

async fn send(browser: &Browser, method: &str, path: &str) -> reqwest::Response {
    if method == "GET" {
        browser.get(path).await
    } else {
        browser
            .post(
                path,
                &[
                    ("body", "x"),
                    ("ids", "1"),
                    ("actie", "goedkeuren"),
                    ("reden", "x"),
                    ("premoderatie", "none"),
                    ("links", "1"),
                    ("accountleeftijd", "0"),
                    ("meldingen", "1"),
                    ("gesloten", "1"),
                    ("terug", "/moderatie"),
                ],
            )
            .await
    }
}

#[tokio::test]
async fn every_moderation_route_refuses_anonymous_visitors_readers_and_banned_readers() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let reaction = reader.react_any("Onaangetast", None).await;
    let banned = app.reader("geblokkeerd").await;
    let banned_id = app.user_id("geblokkeerd").await;
    let reader_id = app.user_id("lezer").await;
    author
        .post(
            &format!("/moderatie/lezers/{banned_id}/blokkeren"),
            &[("reden", "test"), ("tot", "")],
        )
        .await;
    let anonymous = app.browser();
    let audit_before = app.count("SELECT COUNT(*) FROM audit_log").await;

    for (method, path) in routes(reaction, reader_id) {
        let response = send(&anonymous, method, &path).await;
        assert_eq!(
            response.status(),
            StatusCode::SEE_OTHER,
            "anonymous {method} {path}"
        );
        assert!(
            location(&response).starts_with("/inloggen?terug="),
            "anonymous {method} {path}"
        );
        for (who, browser) in [("reader", &reader), ("banned reader", &banned)] {
            let response = send(browser, method, &path).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{who} {method} {path}"
            );
            let html = Html::parse_document(&response.text().await.expect("body"));
            assert!(
                texts(&html, "main p")[0].contains("alleen voor de auteur"),
                "{who} {method} {path}"
            );
        }
    }
    // Nothing changed.
    assert_eq!(app.status_of(reaction).await, "approved");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log").await,
        audit_before
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE trusted = 1 OR shadowbanned = 1")
            .await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM settings WHERE premoderation = 'none'")
            .await,
        1,
        "unchanged"
    );

    // The author gets through on every route.
    for (method, path) in routes(reaction, reader_id) {
        let response = send(&author, method, &path).await;
        assert!(
            response.status() == StatusCode::OK || response.status() == StatusCode::SEE_OTHER,
            "author {method} {path}: {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn cross_site_moderation_posts_are_refused() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reaction = app
        .reader("lezer")
        .await
        .react_any("Blijft staan", None)
        .await;
    for path in [
        format!("/moderatie/reacties/{reaction}/verwijderen"),
        "/moderatie/instellingen".into(),
        "/moderatie/bulk".into(),
    ] {
        let response = author
            .client
            .post(app.url(&path))
            .header("Origin", "https://kwaad.example")
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[
                ("ids", reaction.to_string()),
                ("actie", "afwijzen".into()),
                ("premoderatie", "all".into()),
            ])
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.status_of(reaction).await, "approved");
}

#[tokio::test]
async fn the_settings_page_saves_the_policy_and_keeps_a_mistake_in_the_form() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let page = Html::parse_document(&author.get_html("/moderatie/instellingen").await);
    assert_eq!(
        select(&page, "input[name='premoderatie'][value='first'][checked]").len(),
        1,
        "default"
    );
    assert_eq!(
        select(&page, "input[name='links']")[0]
            .value()
            .attr("value"),
        Some("2")
    );
    assert_eq!(select(&page, "input[name='gasten'][checked]").len(), 0);
    assert_eq!(
        select(&page, "input[name='meldingen']")[0]
            .value()
            .attr("value"),
        Some("3")
    );
    assert_eq!(
        select(&page, "input[name='automatisch_sluiten']")[0]
            .value()
            .attr("value"),
        Some("")
    );

    let response = author
        .post(
            "/moderatie/instellingen",
            &[
                ("premoderatie", "all"),
                ("gasten", "1"),
                ("links", "3"),
                ("accountleeftijd", "12"),
                ("woorden_vasthouden", "casino\r\nloterij"),
                ("woorden_blokkeren", "viagra"),
                ("automatisch_sluiten", "90"),
                ("meldingen", "5"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        "/moderatie/instellingen?melding=instellingen"
    );
    let row: (String, i64, i64, i64, String, String, Option<i64>, i64) = sqlx::query_as(
        "SELECT premoderation, guests_allowed, hold_min_links, hold_account_hours, hold_words, block_words,
                auto_close_days, report_threshold FROM settings",
    )
    .fetch_one(&app.pool)
    .await
    .expect("settings");
    assert_eq!(
        row,
        (
            "all".into(),
            1,
            3,
            12,
            "casino\nloterij".into(),
            "viagra".into(),
            Some(90),
            5
        )
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'instellingen'")
            .await,
        1
    );

    let bad = author
        .post(
            "/moderatie/instellingen",
            &[
                ("premoderatie", "none"),
                ("links", "veel"),
                ("accountleeftijd", "-1"),
                ("meldingen", "0"),
                ("woorden_vasthouden", "bewaar mij"),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&bad.text().await.expect("body"));
    assert_eq!(texts(&html, "#instellingen-fouten li").len(), 3);
    assert_eq!(
        select(&html, "input[name='links']")[0]
            .value()
            .attr("value"),
        Some("veel")
    );
    assert_eq!(
        texts(&html, "textarea[name='woorden_vasthouden']"),
        ["bewaar mij"]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM settings WHERE premoderation = 'all'")
            .await,
        1,
        "unchanged"
    );
}

#[tokio::test]
async fn the_private_feed_lists_waiting_items_only_with_the_right_token() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    reader.react_any("Wacht in de feed <b>vet</b>", None).await;
    let token: String = sqlx::query_scalar("SELECT feed_token FROM settings")
        .fetch_one(&app.pool)
        .await
        .expect("token");
    assert_eq!(token.len(), 64);

    // The secret address shows only when the author asks for it.
    let page = author.get_html("/moderatie/instellingen").await;
    assert!(!page.contains(&token));
    assert!(page.contains("/moderatie/instellingen?feed=tonen"));
    let page = author.get_html("/moderatie/instellingen?feed=tonen").await;
    assert!(page.contains(&format!("/moderatie/feed/{token}")));

    let anonymous = app.browser();
    let response = anonymous.get(&format!("/moderatie/feed/{token}")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("application/atom+xml"))
    );
    let xml = response.text().await.expect("feed");
    assert!(xml.starts_with("<?xml"));
    assert_eq!(xml.matches("<entry>").count(), 1);
    assert!(xml.contains("lezer bij “Zeven redenen voor NEE”"));
    assert!(
        !xml.contains("<b>vet</b>"),
        "content is escaped inside the XML"
    );

    let wrong = anonymous
        .get(&format!("/moderatie/feed/{}", "0".repeat(64)))
        .await;
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        anonymous.get("/moderatie/feed/kort").await.status(),
        StatusCode::NOT_FOUND
    );

    let renewed = author.post("/moderatie/feed/vernieuwen", &[]).await;
    assert_eq!(
        location(&renewed),
        "/moderatie/instellingen?melding=feed-vernieuwd"
    );
    assert_eq!(
        anonymous
            .get(&format!("/moderatie/feed/{token}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    let new_token: String = sqlx::query_scalar("SELECT feed_token FROM settings")
        .fetch_one(&app.pool)
        .await
        .expect("token");
    assert_ne!(new_token, token);
    assert_eq!(
        anonymous
            .get(&format!("/moderatie/feed/{new_token}"))
            .await
            .status(),
        StatusCode::OK
    );
}
