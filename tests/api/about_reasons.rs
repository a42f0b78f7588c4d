//! A reaction that names a reason of the article ("over reden 3"): the choice in
//! the form, the label on the reaction, the count and page of each reason, and
//! the notifications for readers who took a stance on it and asked to hear.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, location, reaction_id, select, texts};

async fn react_about(reader: &Browser, body: &str, reden: &str) -> reqwest::Response {
    reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", body), ("reden", reden)],
        )
        .await
}

async fn vote(reader: &Browser, reason: i64, keuze: &str) {
    let response = reader
        .post(&format!("/{SLUG}/redenen/{reason}"), &[("keuze", keuze)])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
}

async fn hear_of_reasons(reader: &Browser, value: &str) -> reqwest::Response {
    reader
        .post("/voor-jou/redenen", &[("redenen", value)])
        .await
}

async fn reason_kinds(app: &TestApp, reader: &str) -> Vec<String> {
    let id = app.user_id(reader).await;
    sqlx::query_scalar("SELECT kind FROM notifications WHERE user_id = $1 AND kind = 'reason'")
        .bind(id)
        .fetch_all(&app.pool)
        .await
        .expect("notifications")
}

#[tokio::test]
async fn a_new_reaction_names_a_reason_which_then_counts_and_lists_it() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    // The form offers the article as a whole and each of the seven reasons.
    let html = reader.article().await;
    let options = texts(&html, "form#reageer select[name=reden] option");
    assert_eq!(options.len(), 8, "{options:?}");
    assert_eq!(options[0], "Het artikel als geheel");
    assert!(options[3].starts_with("Reden 3: "), "{options:?}");

    let response = react_about(&reader, "Over de derde reden", "3").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = reaction_id(&response);

    for html in [app.browser().article().await, reader.article().await] {
        let label = select(&html, &format!("#reactie-{id} > article a.over-reden"));
        assert_eq!(label.len(), 1);
        assert_eq!(label[0].value().attr("href"), Some("#reden-3"));
        assert_eq!(
            texts(&html, &format!("#reactie-{id} > article a.over-reden")),
            ["over reden 3"]
        );
        assert_eq!(
            texts(&html, "#stem-3 a.over-reden"),
            ["1 reactie over deze reden"]
        );
        assert!(texts(&html, "#stem-2 a.over-reden").is_empty());
    }

    let page = Html::parse_document(
        &app.browser()
            .get_html(&format!("/{SLUG}/redenen/3/reacties"))
            .await,
    );
    assert!(texts(&page, "h1")[0].starts_with("Reacties over reden 3: "));
    assert_eq!(texts(&page, "ol.meldingen .tekst"), ["Over de derde reden"]);
    assert_eq!(
        select(&page, &format!("ol.meldingen a[href='/reacties/{id}']")).len(),
        1
    );
    let empty = app
        .browser()
        .get_html(&format!("/{SLUG}/redenen/2/reacties"))
        .await;
    assert!(empty.contains("Nog niemand reageerde over deze reden"));

    // A reaction without a choice is about the article as a whole.
    let plain = reader.react("Over alles", None).await;
    let html = reader.article().await;
    assert!(select(&html, &format!("#reactie-{plain} a.over-reden")).is_empty());
}

#[tokio::test]
async fn a_reason_that_is_not_in_the_article_is_refused_and_nothing_typed_is_lost() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    for bad in ["9", "0", "-1", "drie", "3; DROP TABLE reactions"] {
        let response = react_about(&reader, "Mijn tekst blijft", bad).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, "#reageer-fout")[0].contains("Kies een van de redenen"));
        assert_eq!(texts(&html, "#reageer-tekst"), ["Mijn tekst blijft"]);
    }
    // Refused for another cause, the chosen reason stays chosen.
    let response = react_about(&reader, "   ", "4").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(
        select(&html, "form#reageer select[name=reden] option[selected]")[0]
            .value()
            .attr("value"),
        Some("4")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
    // An article page or reason that does not exist.
    for path in [
        format!("/{SLUG}/redenen/8/reacties"),
        format!("/{SLUG}/redenen/x/reacties"),
        "/bestaat-niet/redenen/1/reacties".to_owned(),
    ] {
        assert_eq!(
            app.browser().get(&path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

#[tokio::test]
async fn a_reply_is_about_what_it_answers_and_names_no_reason() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let root = reader.react("Begin", None).await;
    let response = reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[
                ("body", "Antwoord"),
                ("parent_id", &root.to_string()),
                ("reden", "2"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let reply = reaction_id(&response);
    let reason: Option<i64> = sqlx::query_scalar("SELECT reason FROM reactions WHERE id = $1")
        .bind(reply)
        .fetch_one(&app.pool)
        .await
        .expect("row");
    assert_eq!(reason, None);
    // The reply form (opened without script) offers no choice of reason.
    let html = Html::parse_document(&reader.get_html(&format!("/{SLUG}?reageer={root}")).await);
    assert!(select(&html, &format!("form#reageer-{root} select")).is_empty());
}

#[tokio::test]
async fn readers_who_asked_hear_once_of_approved_reactions_about_their_reasons() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let anna = app.reader("anna").await;
    let bram = app.reader("bram").await;
    let carla = app.reader("carla").await;
    vote(&anna, 2, "ja").await;
    vote(&bram, 2, "nee").await;
    vote(&carla, 2, "ja").await;
    let on = hear_of_reasons(&anna, "aan").await;
    assert_eq!(location(&on), "/voor-jou#redenen");
    hear_of_reasons(&carla, "aan").await;
    let html = Html::parse_document(&anna.get_html("/voor-jou").await);
    assert_eq!(
        texts(&html, "#redenen button"),
        ["Uitzetten"],
        "anna's choice is shown"
    );

    // Carla's first reaction is held: nobody hears of it, nothing counts.
    let response = react_about(&carla, "Ik twijfel over reden 2", "2").await;
    let id = reaction_id(&response);
    assert_eq!(app.status_of(id).await, "pending");
    assert!(reason_kinds(&app, "anna").await.is_empty());
    let html = app.browser().article().await;
    assert!(texts(&html, "#stem-2 a.over-reden").is_empty());
    assert!(
        !app.browser()
            .get_html(&format!("/{SLUG}/redenen/2/reacties"))
            .await
            .contains("Ik twijfel")
    );

    // Approved, approved again: anna hears of it once; bram did not ask; carla wrote it.
    author.moderate(id, "goedkeuren", "/moderatie").await;
    author.moderate(id, "goedkeuren", "/moderatie").await;
    assert_eq!(reason_kinds(&app, "anna").await, ["reason"]);
    assert!(reason_kinds(&app, "bram").await.is_empty());
    assert!(reason_kinds(&app, "carla").await.is_empty());
    let html = Html::parse_document(&anna.get_html("/voor-jou").await);
    let said = texts(&html, "ol.meldingen > li > p:first-child a").join(" ");
    assert!(said.contains("carla reageerde over reden 2"), "{said}");

    // Hidden before anna read it elsewhere: the announcement is taken back.
    let again = react_about(&author, "De auteur over reden 2", "2").await;
    let by_author = reaction_id(&again);
    assert_eq!(reason_kinds(&app, "anna").await.len(), 2);
    author.moderate(by_author, "verbergen", "/moderatie").await;
    assert_eq!(reason_kinds(&app, "anna").await.len(), 1);

    // Turned off: nothing more; a value that is neither is refused.
    hear_of_reasons(&anna, "uit").await;
    let later = react_about(&author, "Nog eens over reden 2", "2").await;
    assert_eq!(later.status(), StatusCode::SEE_OTHER);
    assert_eq!(reason_kinds(&app, "anna").await.len(), 1);
    let odd = hear_of_reasons(&anna, "misschien").await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    // Guests cannot change it.
    let guest = app
        .browser()
        .post("/voor-jou/redenen", &[("redenen", "aan")])
        .await;
    assert_eq!(guest.status(), StatusCode::SEE_OTHER);
    assert!(
        location(&guest).starts_with("/inloggen"),
        "{}",
        location(&guest)
    );
}
