//! The audit log's details are written in the language of the moment the
//! action was taken and marked with it: a record is shown as written.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{TestApp, select};

async fn change_settings(author: &crate::helpers::Browser, links: &str) {
    let response = author
        .post(
            "/moderatie/instellingen",
            &[
                ("premoderatie", "all"),
                ("links", links),
                ("accountleeftijd", "0"),
                ("meldingen", "3"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn details_are_written_in_the_language_of_the_moment_and_marked_with_it() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    // In Dutch (the site's language).
    change_settings(&author, "5").await;
    // Then in English, chosen with the footer's button.
    let chosen = author
        .post("/taal", &[("taal", "en"), ("terug", "/moderatie")])
        .await;
    assert_eq!(chosen.status(), StatusCode::SEE_OTHER);
    change_settings(&author, "7").await;

    let page = Html::parse_document(&author.get_html("/moderatie/logboek").await);
    let details: Vec<(String, String)> = select(&page, ".logboek p.meta")
        .iter()
        .map(|p| {
            (
                p.value().attr("lang").unwrap_or_default().to_owned(),
                p.text().collect::<String>(),
            )
        })
        .collect();
    // Newest first.
    assert_eq!(
        details,
        [
            (
                "en".to_owned(),
                "Hold from number of links: 5 → 7".to_owned()
            ),
            (
                "nl".to_owned(),
                "Voormoderatie: niets → alles; Vasthouden vanaf aantal links: 2 → 5".to_owned()
            ),
        ],
        "{}",
        page.html()
    );
    // The settings before and after, in the same language as the detail.
    let before: Vec<String> = select(&page, ".logboek pre")
        .iter()
        .map(|p| p.value().attr("lang").unwrap_or_default().to_owned())
        .collect();
    assert_eq!(before, ["en", "en", "nl", "nl"]);
    assert!(page.html().contains("Pre-moderation: everything"));
}
