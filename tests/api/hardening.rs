//! Findings of the outside review (issue #10, items 19–22 and 24): caching,
//! cookies, what deletion leaves behind, and never losing typed text.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{PASSWORD, SLUG, TestApp, location, set_cookies, texts};

fn etag(response: &reqwest::Response) -> String {
    response.headers()["etag"]
        .to_str()
        .expect("ascii etag")
        .to_owned()
}

#[tokio::test]
async fn anonymous_posts_that_change_nothing_visible_keep_the_cached_page() {
    let app = TestApp::spawn_open().await;
    let visitor = app.browser();
    let before = etag(&visitor.get(&format!("/{SLUG}")).await);

    // A failed login, a preview, a registration and a held guest-less post attempt.
    app.browser().login("niemand", "verkeerd-wachtwoord").await;
    app.browser().post("/voorbeeld", &[("body", "*hoi*")]).await;
    app.browser().post_reaction("Zonder account", None).await;
    let reader = app.reader("lezer").await;
    reader.logout().await;
    assert_eq!(etag(&visitor.get(&format!("/{SLUG}")).await), before);

    // A published reaction does change the page.
    let writer = app.reader("schrijver").await;
    writer.react("Zichtbaar voor iedereen", None).await;
    assert_ne!(etag(&visitor.get(&format!("/{SLUG}")).await), before);
}

#[tokio::test]
async fn a_held_reaction_does_not_retire_the_cached_page() {
    let app = TestApp::spawn().await;
    let visitor = app.browser();
    let before = etag(&visitor.get(&format!("/{SLUG}")).await);
    let reader = app.reader("nieuweling").await;
    reader.react_any("Wacht op goedkeuring", None).await;
    assert_eq!(etag(&visitor.get(&format!("/{SLUG}")).await), before);
}

#[tokio::test]
async fn personal_pages_are_stored_by_no_cache() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    for path in [
        "/account",
        "/moderatie",
        "/moderatie/instellingen",
        "/moderatie/lezers",
        "/moderatie/logboek",
        "/privacy",
        "/",
    ] {
        let response = author.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(
            response.headers()["cache-control"],
            "private, no-store",
            "{path}"
        );
    }
    // The article page for a logged-in reader keeps its own (private) rule.
    let article = author.get(&format!("/{SLUG}")).await;
    assert!(
        article.headers()["cache-control"]
            .to_str()
            .is_ok_and(|v| v.starts_with("private"))
    );
}

#[tokio::test]
async fn on_https_the_session_cookie_carries_the_host_prefix() {
    let app = TestApp::spawn_with_url("https://blog.example.nl").await;
    let response = app.browser().register("beveiligd", PASSWORD).await;
    let cookie = set_cookies(&response).join("\n");
    assert!(cookie.starts_with("__Host-reacties_sessie="), "{cookie}");
    assert!(
        cookie.contains("Secure") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn logging_in_with_a_revoked_session_cookie_leaves_the_reader_logged_in() {
    let app = TestApp::spawn().await;
    let reader = app.reader("terugkeerder").await;
    app.set("DELETE FROM sessions").await;

    let response = reader.login("terugkeerder", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let sessions: Vec<String> = set_cookies(&response)
        .into_iter()
        .filter(|c| c.starts_with("reacties_sessie="))
        .collect();
    assert_eq!(
        sessions.len(),
        1,
        "one session cookie, the new one: {sessions:?}"
    );
    assert!(!sessions[0].contains("Max-Age=0"), "{sessions:?}");
    assert_eq!(reader.get("/account").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn deleting_a_reaction_removes_its_history_and_its_text_in_the_log() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("spijt").await;
    let id = reader.react("Eerste versie", None).await;
    author
        .post(
            &format!("/moderatie/reacties/{id}/bewerken"),
            &[
                ("body", "Door de auteur ingekort"),
                ("note", "te lang"),
                ("terug", "/moderatie"),
            ],
        )
        .await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reaction_revisions").await,
        1
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE before LIKE '%Eerste versie%'")
            .await,
        1
    );

    let response = reader
        .post(&format!("/reacties/{id}/verwijderen"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reaction_revisions").await,
        0
    );
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM audit_log WHERE before LIKE '%versie%' OR after LIKE '%ingekort%'"
        )
        .await,
        0
    );
    // The entry itself stays: who did what, when.
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 1);
}

#[tokio::test]
async fn deleting_an_account_removes_its_history_and_redacts_the_log_even_when_reactions_stay() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("vertrekker").await;
    let id = reader.react("Mijn oorspronkelijke woorden", None).await;
    author
        .post(
            &format!("/moderatie/reacties/{id}/bewerken"),
            &[("body", "Bijgewerkt"), ("terug", "/moderatie")],
        )
        .await;
    let response = reader
        .post(
            "/account/verwijderen",
            &[("wachtwoord", PASSWORD), ("reacties", "behouden")],
        )
        .await;
    assert_eq!(location(&response), "/?account-verwijderd=1");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reaction_revisions").await,
        0
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE before LIKE '%oorspronkelijke%'")
            .await,
        0
    );
    assert_eq!(
        app.status_of(id).await,
        "approved",
        "the reaction stays, as chosen"
    );
}

#[tokio::test]
async fn the_data_export_holds_earlier_versions_and_drafts_but_not_a_shadowban() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("schaduw").await;
    let id = reader.react("Eerst zo", None).await;
    reader
        .post(&format!("/reacties/{id}/bewerken"), &[("body", "Toen zo")])
        .await;
    app.set("UPDATE users SET shadowbanned = 1 WHERE username = 'schaduw'")
        .await;
    reader.react_any("Na de schaduwban", None).await;

    let body = reader
        .get("/account/gegevens")
        .await
        .text()
        .await
        .expect("body");
    let json: serde_json::Value = serde_json::from_str(&body).expect("json");
    let statuses: Vec<&str> = json["reacties"]
        .as_array()
        .expect("reactions")
        .iter()
        .filter_map(|r| r["status"].as_str())
        .collect();
    assert_eq!(statuses, ["geplaatst", "geplaatst"]);
    assert!(!json.to_string().contains("shadow"));
    assert_eq!(json["eerdere_versies"][0]["tekst"], "Eerst zo");
    assert!(json["concepten"].as_array().is_some());
}

#[tokio::test]
async fn the_post_limit_shows_the_form_again_with_the_text_and_the_minutes_to_wait() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.posts_per_hour = 1;
    })
    .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let reader = app.reader("snel").await;
    reader.react("Eén", None).await;
    let response = reader
        .post_reaction("Mijn tweede, zorgvuldig getypt", None)
        .await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(
        texts(&html, "#reageer textarea"),
        ["Mijn tweede, zorgvuldig getypt"]
    );
    let error = texts(&html, "#reageer .fout").join(" ");
    assert!(
        error.contains("minuten") || error.contains("minuut"),
        "{error}"
    );
}

#[tokio::test]
async fn a_closed_article_keeps_the_refused_text_on_the_page() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("laat").await;
    app.set("INSERT INTO article_settings (slug, closed) VALUES ('zeven-redenen-voor-nee', 1)")
        .await;
    let response = reader.post_reaction("Te laat, maar toch", None).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, ".bewaard textarea"), ["Te laat, maar toch"]);
    assert!(
        texts(&html, ".bewaard .fout")
            .join(" ")
            .contains("gesloten")
    );
}

#[tokio::test]
async fn an_edit_saved_after_the_window_keeps_the_text_and_offers_to_post_it_anew() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("traag").await;
    let id = reader.react("Origineel", None).await;
    app.clock.advance(16 * 60);
    let response = reader
        .post(
            &format!("/reacties/{id}/bewerken"),
            &[("body", "Mijn verbetering")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "textarea"), ["Mijn verbetering"]);
    let action = crate::helpers::select(&html, "main form")[0]
        .value()
        .attr("action")
        .map(str::to_owned);
    assert_eq!(
        action.as_deref(),
        Some(format!("/{SLUG}/reacties").as_str())
    );
    assert!(texts(&html, ".fout").join(" ").contains("15 minuten"));
}
