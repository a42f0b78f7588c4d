//! Stances on the article's reasons, appreciating reactions, and their order.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, location, select, texts};

async fn vote(reader: &Browser, reason: i64, keuze: &str) -> reqwest::Response {
    reader
        .post(&format!("/{SLUG}/redenen/{reason}"), &[("keuze", keuze)])
        .await
}

fn tally(html: &Html, reason: i64) -> String {
    texts(html, &format!("#stem-{reason} .telling-tekst"))
        .pop()
        .unwrap_or_default()
}

fn choice(html: &Html, reason: i64) -> Vec<String> {
    texts(html, &format!("#stem-{reason} .mijn-keuze strong"))
}

async fn stance_rows(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM stances").await
}

#[tokio::test]
async fn every_numbered_reason_gets_a_tally_and_a_form_under_its_heading() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("stemmer").await;
    let html = reader.article().await;
    for n in 1..=7 {
        assert_eq!(tally(&html, n), "0 JA · 0 NEE", "reason {n}");
        assert_eq!(
            select(&html, &format!("#stem-{n} form button[value=ja]")).len(),
            1,
            "reason {n} has a JA button"
        );
        let group = &select(&html, &format!("#stem-{n}"))[0];
        assert_eq!(
            group.value().attr("aria-labelledby"),
            Some(format!("reden-{n}").as_str())
        );
    }
    assert_eq!(select(&html, ".stem meter").len(), 7);
    assert!(
        select(&html, "#samenvatting").is_empty(),
        "no summary before choosing"
    );
}

#[tokio::test]
async fn a_reader_says_ja_changes_to_nee_and_takes_it_back() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("stemmer").await;
    let response = vote(&reader, 3, "ja").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/{SLUG}#stem-3"));
    let html = reader.article().await;
    assert_eq!(tally(&html, 3), "1 JA · 0 NEE");
    assert_eq!(choice(&html, 3), ["JA"]);
    let ja = &select(&html, "#stem-3 button[value=ja]")[0];
    assert_eq!(ja.value().attr("aria-pressed"), Some("true"));

    vote(&reader, 3, "nee").await;
    let html = reader.article().await;
    assert_eq!(tally(&html, 3), "0 JA · 1 NEE");
    assert_eq!(choice(&html, 3), ["NEE"]);
    assert_eq!(stance_rows(&app).await, 1);

    vote(&reader, 3, "geen").await;
    let html = reader.article().await;
    assert_eq!(tally(&html, 3), "0 JA · 0 NEE");
    assert!(choice(&html, 3).is_empty());
    assert_eq!(stance_rows(&app).await, 0);
    // Every change is kept for the author's view over time.
    assert_eq!(app.count("SELECT COUNT(*) FROM stance_changes").await, 3);
}

#[tokio::test]
async fn concurrent_double_submits_leave_one_stance_per_reader_per_reason() {
    let app = TestApp::spawn_open().await;
    let a = app.reader("dubbel").await;
    let b = app.reader("tweede").await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let who = if i % 2 == 0 { a.clone() } else { b.clone() };
        let keuze = if i % 3 == 0 { "nee" } else { "ja" };
        tasks.push(tokio::spawn(
            async move { vote(&who, 5, keuze).await.status() },
        ));
    }
    for task in tasks {
        assert_eq!(task.await.expect("task"), StatusCode::SEE_OTHER);
    }
    assert_eq!(stance_rows(&app).await, 2);
    let html = a.article().await;
    let text = tally(&html, 5);
    let total: i64 = text
        .split(" · ")
        .map(|part| {
            part.split(' ')
                .next()
                .and_then(|n| n.parse::<i64>().ok())
                .unwrap_or(-1)
        })
        .sum();
    assert_eq!(total, 2, "{text}");
}

#[tokio::test]
async fn guests_see_the_tally_but_cannot_vote() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("stemmer").await;
    vote(&reader, 1, "ja").await;
    let guest = app.browser();
    let response = vote(&guest, 1, "nee").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(location(&response).starts_with("/inloggen?terug="));
    assert_eq!(stance_rows(&app).await, 1);
    // After logging in, the way back leads to the reason.
    let back = guest.get(&format!("/{SLUG}/redenen/1")).await;
    assert_eq!(location(&back), format!("/{SLUG}#stem-1"));

    let html = Html::parse_document(&guest.get_html(&format!("/{SLUG}?pagina=1")).await);
    assert!(
        select(&html, ".stem form").is_empty(),
        "no forms for guests"
    );
    assert_eq!(texts(&html, "#stem-1 .hulp a"), ["Log in"]);
}

#[tokio::test]
async fn bad_choices_unknown_reasons_and_foreign_forms_are_refused() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("stemmer").await;
    assert_eq!(
        vote(&reader, 2, "misschien").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(vote(&reader, 8, "ja").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(vote(&reader, 0, "ja").await.status(), StatusCode::NOT_FOUND);
    let other = reader
        .post("/bestaat-niet/redenen/1", &[("keuze", "ja")])
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let cross = reader
        .client
        .post(format!("{}/{SLUG}/redenen/1", reader.base))
        .header("Sec-Fetch-Site", "cross-site")
        .form(&[("keuze", "ja")])
        .send()
        .await
        .expect("POST");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
    assert_eq!(stance_rows(&app).await, 0);
}

#[tokio::test]
async fn banned_and_shadowbanned_stances_do_not_count_but_a_shadowbanned_reader_sees_their_own() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let banned = app.reader("geblokkeerd").await;
    let shadow = app.reader("schaduw").await;
    let fair = app.reader("eerlijk").await;
    vote(&banned, 4, "ja").await;
    vote(&shadow, 4, "ja").await;
    vote(&fair, 4, "nee").await;
    let banned_id = app.user_id("geblokkeerd").await;
    let shadow_id = app.user_id("schaduw").await;
    author
        .post(
            &format!("/moderatie/lezers/{banned_id}/blokkeren"),
            &[("reden", "spam"), ("tot", "")],
        )
        .await;
    author
        .post(&format!("/moderatie/lezers/{shadow_id}/schaduwban"), &[])
        .await;

    assert_eq!(tally(&fair.article().await, 4), "0 JA · 1 NEE");
    assert_eq!(tally(&author.article().await, 4), "0 JA · 1 NEE");
    assert_eq!(
        tally(&shadow.article().await, 4),
        "1 JA · 1 NEE",
        "sees their own"
    );
    assert_eq!(
        vote(&banned, 4, "nee").await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(select(&banned.article().await, ".stem form").is_empty());
    let kept: String =
        sqlx::query_scalar("SELECT stance FROM stances s JOIN users u ON u.id = s.user_id WHERE u.username = 'geblokkeerd'")
            .fetch_one(&app.pool)
            .await
            .expect("stance kept");
    assert_eq!(kept, "ja", "the banned reader's vote did not change");
}

#[tokio::test]
async fn the_summary_counts_the_reasons_the_reader_agrees_with() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("stemmer").await;
    for n in 1..=5 {
        vote(&reader, n, "ja").await;
    }
    vote(&reader, 6, "nee").await;
    let html = reader.article().await;
    assert_eq!(
        texts(&html, "#samenvatting"),
        ["Je bent het eens met 5 van de 7 redenen. Bij 1 reden heb je nog niets gekozen."]
    );
    vote(&reader, 7, "nee").await;
    assert_eq!(
        texts(&reader.article().await, "#samenvatting"),
        ["Je bent het eens met 5 van de 7 redenen."]
    );
}

#[tokio::test]
async fn the_anonymous_page_stays_cached_and_shows_a_vote_within_a_second_or_so() {
    let app = TestApp::spawn_open().await;
    let guest = app.browser();
    let first = guest.get(&format!("/{SLUG}")).await;
    assert!(
        first.headers()["cache-control"]
            .to_str()
            .expect("ascii")
            .starts_with("public")
    );
    let reader = app.reader("stemmer").await;
    vote(&reader, 2, "ja").await;
    let mut seen = false;
    for _ in 0..30 {
        let html = guest.article().await;
        if tally(&html, 2) == "1 JA · 0 NEE" {
            seen = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(seen, "the cached page was retired after the vote");
    let again = guest.get(&format!("/{SLUG}")).await;
    assert!(
        again.headers()["cache-control"]
            .to_str()
            .expect("ascii")
            .starts_with("public")
    );
}

#[tokio::test]
async fn the_author_sees_the_tallies_day_by_day_and_readers_do_not() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("stemmer").await;
    vote(&reader, 1, "ja").await;
    vote(&reader, 2, "nee").await;
    app.clock.advance(24 * 3600);
    vote(&reader, 1, "nee").await;
    let html = Html::parse_document(&author.get_html("/moderatie/redenen").await);
    let rows = texts(&html, "table.over-tijd tbody tr");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let today = texts(&html, "table.over-tijd tbody tr:first-child td");
    assert_eq!(today[0], "0 JA · 1 NEE");
    let yesterday = texts(&html, "table.over-tijd tbody tr:nth-child(2) td");
    assert_eq!(yesterday[0], "1 JA · 0 NEE");
    assert_eq!(yesterday[1], "0 JA · 1 NEE");
    assert_eq!(
        reader.get("/moderatie/redenen").await.status(),
        StatusCode::FORBIDDEN
    );
    let guest = app.browser().get("/moderatie/redenen").await;
    assert!(location(&guest).starts_with("/inloggen"));
}
