//! The account page: password change, logging out everywhere, the data export and
//! deleting the account; sessions tied to the password; the privacy page.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{
    PASSWORD, SLUG, TestApp, location, reaction_texts, select, set_cookies, texts,
};

const NEW_PASSWORD: &str = "blauwe-tram-naar-de-zee";

async fn logged_in_as(browser: &crate::helpers::Browser) -> Option<String> {
    let html = Html::parse_document(&browser.get_html("/").await);
    texts(&html, "header.site .wie strong").into_iter().next()
}

#[tokio::test]
async fn logging_out_everywhere_ends_every_other_session() {
    let app = TestApp::spawn_open().await;
    let phone = app.reader("lezer").await;
    let laptop = app.browser();
    laptop.login("lezer", PASSWORD).await;
    assert_eq!(logged_in_as(&laptop).await.as_deref(), Some("lezer"));

    let response = phone.post("/account/overal-uitloggen", &[]).await;
    assert_eq!(location(&response), "/account?melding=overal-uitgelogd");
    assert_eq!(logged_in_as(&laptop).await, None);
    assert_eq!(logged_in_as(&phone).await.as_deref(), Some("lezer"));
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn changing_the_password_revokes_every_other_session() {
    let app = TestApp::spawn_open().await;
    let phone = app.reader("lezer").await;
    let laptop = app.browser();
    laptop.login("lezer", PASSWORD).await;

    let wrong = phone
        .post(
            "/account/wachtwoord",
            &[("huidig", "niet-het-goede"), ("nieuw", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong
            .text()
            .await
            .expect("body")
            .contains("huidige wachtwoord klopt niet")
    );
    let weak = phone
        .post(
            "/account/wachtwoord",
            &[("huidig", PASSWORD), ("nieuw", "1234567890")],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let response = phone
        .post(
            "/account/wachtwoord",
            &[("huidig", PASSWORD), ("nieuw", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(location(&response), "/account?melding=wachtwoord");
    assert!(
        set_cookies(&response).join("").contains("reacties_sessie="),
        "a fresh session id"
    );
    assert_eq!(logged_in_as(&phone).await.as_deref(), Some("lezer"));
    assert_eq!(logged_in_as(&laptop).await, None);
    assert_eq!(
        app.browser().login("lezer", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.browser().login("lezer", NEW_PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_session_ends_when_the_password_hash_changes_underneath_it() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let workers = reacties::workers::Workers::new("test", 1, 1).expect("pool");
    let hash = reacties::accounts::password::hash(&workers, NEW_PASSWORD.into())
        .await
        .expect("hash");
    sqlx::query("UPDATE users SET password_hash = $1 WHERE username = 'lezer'")
        .bind(hash)
        .execute(&app.pool)
        .await
        .expect("update");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM sessions").await,
        1,
        "the row is still there"
    );
    assert_eq!(logged_in_as(&reader).await, None, "but no longer valid");
}

#[tokio::test]
async fn a_reader_downloads_all_their_data_as_json() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let other = app
        .reader("ander")
        .await
        .react_any("Van een ander", None)
        .await;
    let mine = reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", "Mijn *mening*"), ("reden", "5")],
        )
        .await;
    assert_eq!(mine.status(), StatusCode::SEE_OTHER);
    for keuze in ["ja", "nee"] {
        reader
            .post(&format!("/{SLUG}/redenen/2"), &[("keuze", keuze)])
            .await;
    }
    reader
        .post(
            &format!("/reacties/{other}/waarderen"),
            &[("waardeer", "ja")],
        )
        .await;
    reader
        .post(
            &format!("/reacties/{other}/melden"),
            &[("reden", "onvriendelijk")],
        )
        .await;

    let response = reader.get("/account/gegevens").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .expect("ascii")
            .starts_with("attachment")
    );
    let json: serde_json::Value =
        serde_json::from_str(&response.text().await.expect("body")).expect("valid JSON");
    assert_eq!(json["account"]["gebruikersnaam"], "lezer");
    assert_eq!(json["reacties"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["reacties"][0]["tekst"], "Mijn *mening*");
    assert_eq!(json["reacties"][0]["artikel"], SLUG);
    assert!(
        json["reacties"][0]["geplaatst"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
    assert_eq!(json["meldingen"][0]["reden"], "onvriendelijk");
    assert_eq!(json["sessies"].as_array().map(Vec::len), Some(1));
    // The reader's part in the conversation: stances, every choice, appreciation.
    assert_eq!(json["standpunten"][0]["reden"], 2);
    assert_eq!(json["standpunten"][0]["keuze"], "NEE");
    assert_eq!(
        json["gekozen_en_ingetrokken"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(json["gekozen_en_ingetrokken"][0]["keuze"], "JA");
    assert_eq!(json["waarderingen"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["reacties"][0]["over_reden"], 5);
    let text = json.to_string();
    assert!(
        !text.contains("argon2") && !text.contains("Van een ander"),
        "no hashes, no one else's data"
    );

    let anonymous = app.browser().get("/account/gegevens").await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn deleting_an_account_can_remove_its_reactions() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("vertrekker").await;
    let lonely = reader.react_any("Niemand reageerde", None).await;
    let answered = reader.react_any("Hier wel op", None).await;
    app.reader("blijver")
        .await
        .react_any("Antwoord", Some(answered))
        .await;

    let wrong = reader
        .post(
            "/account/verwijderen",
            &[
                ("wachtwoord", "fout-fout-fout"),
                ("reacties", "verwijderen"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let no_choice = reader
        .post("/account/verwijderen", &[("wachtwoord", PASSWORD)])
        .await;
    assert_eq!(no_choice.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let response = reader
        .post(
            "/account/verwijderen",
            &[("wachtwoord", PASSWORD), ("reacties", "verwijderen")],
        )
        .await;
    assert_eq!(location(&response), "/?account-verwijderd=1");
    assert!(set_cookies(&response).join("").contains("Max-Age=0"));
    let page = app.browser().article().await;
    assert_eq!(reaction_texts(&page), ["Antwoord"]);
    assert!(select(&page, &format!("#reactie-{lonely}")).is_empty());
    assert_eq!(
        texts(
            &page,
            &format!("#reactie-{answered} > article > header .naam")
        ),
        ["[verwijderd]"]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'vertrekker'")
            .await,
        0
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions WHERE body_source LIKE '%Niemand%' OR body_source LIKE '%Hier wel%'").await, 0);
    assert_eq!(
        app.browser().login("vertrekker", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The name is free again.
    assert_eq!(
        app.browser()
            .register("vertrekker", PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn deleting_an_account_can_keep_its_reactions_under_a_neutral_name() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("vertrekker").await;
    reader.react_any("Dit mag blijven", None).await;
    reader
        .post(
            "/account/verwijderen",
            &[("wachtwoord", PASSWORD), ("reacties", "behouden")],
        )
        .await;
    let page = app.browser().article().await;
    assert_eq!(reaction_texts(&page), ["Dit mag blijven"]);
    assert_eq!(texts(&page, ".reactie .naam"), ["[verwijderd account]"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(&app.pool)
        .await
        .expect("row");
    assert_eq!(hash, "!", "no password left");
}

#[tokio::test]
async fn the_author_account_cannot_be_deleted_from_the_site() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let response = author
        .post(
            "/account/verwijderen",
            &[("wachtwoord", PASSWORD), ("reacties", "verwijderen")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_privacy_page_says_what_is_stored_why_and_how_long() {
    let app = TestApp::spawn_open().await;
    let html = Html::parse_document(&app.browser().get_html("/privacy").await);
    let text = texts(&html, "main").join(" ");
    for expected in [
        "cookie",
        "30 dagen",
        "IP-adres",
        "15 minuten",
        "argon2id",
        "verwijderen",
        "downloaden",
    ] {
        assert!(text.contains(expected), "privacy page mentions {expected}");
    }
    let index = Html::parse_document(&app.browser().get_html("/").await);
    assert_eq!(select(&index, "footer.site a[href='/privacy']").len(), 1);
}
