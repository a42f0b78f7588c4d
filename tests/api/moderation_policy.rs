//! Pre-moderation, hold rules, the block list, guests, and who sees a held reaction.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{SLUG, TestApp, location, reaction_texts, select, texts};

async fn queue_ids(author: &crate::helpers::Browser) -> Vec<String> {
    let html = Html::parse_document(&author.get_html("/moderatie").await);
    select(&html, "ol.wachtrij > li")
        .iter()
        .filter_map(|li| li.value().attr("id").map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn by_default_a_first_reaction_is_held_until_the_author_approves_one() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;

    let response = reader.post_reaction("Mijn eerste", None).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let first = crate::helpers::reaction_id(&response);
    assert_eq!(
        location(&response),
        format!("/{SLUG}?wacht={first}#reactie-{first}")
    );
    assert_eq!(app.status_of(first).await, "pending");
    let page = reader.article().await;
    assert_eq!(texts(&page, "#reacties .melding"), Vec::<String>::new());
    let confirmation =
        Html::parse_document(&reader.get_html(&format!("/{SLUG}?wacht={first}")).await);
    assert!(texts(&confirmation, ".melding")[0].contains("wacht op goedkeuring"));

    assert_eq!(queue_ids(&author).await, [format!("wacht-{first}")]);
    author.moderate(first, "goedkeuren", "/moderatie").await;
    assert_eq!(app.status_of(first).await, "approved");

    let second = reader.react_any("Mijn tweede", None).await;
    assert_eq!(
        app.status_of(second).await,
        "approved",
        "one approved reaction is enough"
    );
}

#[tokio::test]
async fn with_premoderation_off_reactions_appear_immediately_and_with_all_everything_is_held() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;

    app.set("UPDATE settings SET premoderation = 'none'").await;
    let open = reader.react_any("Direct zichtbaar", None).await;
    assert_eq!(app.status_of(open).await, "approved");

    app.set("UPDATE settings SET premoderation = 'all'").await;
    let held = reader.react_any("Altijd eerst bekeken", None).await;
    assert_eq!(app.status_of(held).await, "pending");
    // The author's own reactions are never held.
    let own = author.react_any("Van de auteur", None).await;
    assert_eq!(app.status_of(own).await, "approved");
}

#[tokio::test]
async fn a_held_reaction_is_seen_by_its_writer_and_the_author_only() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let writer = app.reader("schrijver").await;
    let other = app.reader("ander").await;
    let id = writer.react_any("Nog niet goedgekeurd", None).await;

    let own_view = writer.article().await;
    assert_eq!(reaction_texts(&own_view), ["Nog niet goedgekeurd"]);
    assert_eq!(
        texts(&own_view, &format!("#reactie-{id} .label")),
        ["wacht op goedkeuring"]
    );
    let author_view = author.article().await;
    assert_eq!(
        texts(&author_view, &format!("#reactie-{id} .label")),
        ["wacht op goedkeuring"]
    );
    assert!(reaction_texts(&other.article().await).is_empty());
    assert!(reaction_texts(&app.browser().article().await).is_empty());
    assert_eq!(
        texts(&app.browser().article().await, "#reacties-kop"),
        ["Reacties (0)"]
    );
}

#[tokio::test]
async fn each_hold_rule_holds_and_says_why() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    app.set("UPDATE settings SET hold_words = 'casino'").await;

    let links = reader
        .react_any("Zie https://a.example en www.b.example", None)
        .await;
    let word = reader.react_any("Kom naar het Casino!", None).await;
    let fine = reader
        .react_any("Gewoon een reactie met https://a.example", None)
        .await;
    assert_eq!(app.status_of(links).await, "pending");
    assert_eq!(app.status_of(word).await, "pending");
    assert_eq!(app.status_of(fine).await, "approved");

    let queue = Html::parse_document(&author.get_html("/moderatie").await);
    let reasons = texts(&queue, "ol.wachtrij .meta strong");
    assert_eq!(
        reasons,
        ["Vastgehouden: bevat “casino”", "Vastgehouden: 2 links"]
    );
}

#[tokio::test]
async fn reactions_from_young_accounts_are_held_while_that_rule_is_on() {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET hold_account_hours = 24").await;
    let reader = app.reader("nieuweling").await;
    let young = reader.react_any("Net binnen", None).await;
    assert_eq!(app.status_of(young).await, "pending");

    app.clock.advance(25 * 3600);
    let older = reader.react_any("Een dag later", None).await;
    assert_eq!(app.status_of(older).await, "approved");
}

#[tokio::test]
async fn a_blocked_word_is_refused_neutrally_and_the_text_stays_in_the_form() {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET block_words = 'viagra\ngoedkope pillen'")
        .await;
    let reader = app.reader("lezer").await;
    for text in ["Koop VIAGRA hier", "Goedkope  pillen? Goedkope pillen!"] {
        let response = reader.post_reaction(text, None).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&response.text().await.expect("body"));
        let message = texts(&html, "#reageer .fout").join(" ");
        assert!(message.contains("kunnen we zo niet plaatsen"), "{message}");
        assert!(
            !message.to_lowercase().contains("viagra"),
            "neutral: the word is not named"
        );
        assert_eq!(texts(&html, "#reageer textarea"), [text]);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
}

#[tokio::test]
async fn guests_cannot_react_while_guests_are_off() {
    let app = TestApp::spawn_open().await;
    let page = app.browser().article().await;
    assert!(select(&page, "input[name='name']").is_empty());
    let response = app
        .browser()
        .post(
            &format!("/{SLUG}/reacties"),
            &[("name", "Gast"), ("body", "Hallo")],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::UNAUTHORIZED,
        "sent to log in instead"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
}

#[tokio::test]
async fn guests_react_with_a_name_only_and_are_always_held() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    app.reader("lezer").await;
    app.set("UPDATE settings SET guests_allowed = 1").await;
    let guest = app.browser();
    let page = guest.article().await;
    assert_eq!(select(&page, "#reageer input[name='name']").len(), 1);

    let response = guest
        .post(
            &format!("/{SLUG}/reacties"),
            &[("name", "Petra"), ("body", "Als gast")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/{SLUG}?wacht=gast#reageer"));
    assert!(
        crate::helpers::set_cookies(&response).is_empty(),
        "a guest gets no cookie"
    );
    assert!(reaction_texts(&app.browser().article().await).is_empty());

    let queue = Html::parse_document(&author.get_html("/moderatie").await);
    assert!(
        texts(&queue, "ol.wachtrij header label")
            .join(" ")
            .contains("Petra (gast)")
    );
    let id: i64 = sqlx::query_scalar("SELECT id FROM reactions WHERE guest_name = 'Petra'")
        .fetch_one(&app.pool)
        .await
        .expect("stored");
    author.moderate(id, "goedkeuren", "/moderatie").await;
    let public = app.browser().article().await;
    assert_eq!(reaction_texts(&public), ["Als gast"]);
    assert_eq!(texts(&public, ".reactie .gast"), ["(gast)"]);

    // A guest cannot take the name of an account, or a look-alike of the author's.
    for name in ["lezer", "LEZER", "0laf_Rutten"] {
        let response = guest
            .post(
                &format!("/{SLUG}/reacties"),
                &[("name", name), ("body", "Vermomd")],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}"
        );
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "#reageer textarea"), ["Vermomd"]);
        assert_eq!(
            select(&html, "#reageer input[name='name']")[0]
                .value()
                .attr("value"),
            Some(name)
        );
    }
}
