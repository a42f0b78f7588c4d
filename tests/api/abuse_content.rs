//! Abuse through what is written: edits that dodge moderation, word and link
//! rules that are easy to evade, duplicates, and text that breaks the feed.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{SLUG, TestApp, location, reaction_texts, select, texts};

async fn queue(author: &crate::helpers::Browser) -> Html {
    Html::parse_document(&author.get_html("/moderatie").await)
}

#[tokio::test]
async fn an_edit_with_a_blocked_word_a_held_word_and_three_links_is_refused_and_kept_in_the_form() {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET block_words = 'viagra', hold_words = 'casino'")
        .await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Een nette reactie", None).await;
    let text = "Koop VIAGRA in het casino: https://a.example https://b.example https://c.example";
    let response = reader
        .post(&format!("/reacties/{id}/bewerken"), &[("body", text)])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(
        texts(&html, ".fout")[0].contains("kunnen we zo niet plaatsen"),
        "{:?}",
        texts(&html, ".fout")
    );
    assert_eq!(texts(&html, "textarea[name='body']"), [text]);
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Een nette reactie"]
    );
    assert_eq!(app.status_of(id).await, "approved");
}

#[tokio::test]
async fn a_held_edit_keeps_the_published_text_until_the_author_approves_it() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    app.set("UPDATE settings SET hold_words = 'casino'").await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Eerste versie", None).await;

    let edited = "Kom naar het casino: https://a.example";
    let response = reader
        .post(&format!("/reacties/{id}/bewerken"), &[("body", edited)])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("/{SLUG}?melding=bewerking-wacht&bij={id}#reactie-{id}")
    );
    let notice = Html::parse_document(&reader.get_html(&location(&response)).await);
    assert!(texts(&notice, ".melding")[0].contains("wacht op goedkeuring"));
    // The published text stays for everyone, the writer included.
    assert_eq!(app.status_of(id).await, "approved");
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Eerste versie"]
    );
    assert_eq!(reaction_texts(&reader.article().await), ["Eerste versie"]);
    // The writer's edit form shows the waiting text.
    let form = Html::parse_document(&reader.get_html(&format!("/reacties/{id}/bewerken")).await);
    assert_eq!(texts(&form, "textarea[name='body']"), [edited]);

    let waiting = queue(&author).await;
    assert_eq!(select(&waiting, "ol.wachtrij > li").len(), 1);
    assert_eq!(
        texts(&waiting, "ol.wachtrij .meta strong"),
        ["Wijziging vastgehouden: bevat “casino”"]
    );
    assert!(texts(&waiting, ".wijziging")[0].contains("Kom naar het casino"));
    assert_eq!(
        author
            .get_html("/moderatie")
            .await
            .matches("Eerste versie")
            .count(),
        1
    );

    let approved = author.moderate(id, "goedkeuren", "/moderatie").await;
    assert_eq!(
        location(&approved),
        "/moderatie?melding=bewerking-goedgekeurd"
    );
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Kom naar het casino: https://a.example"]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reaction_revisions WHERE body_source = 'Eerste versie'")
            .await,
        1
    );
    assert_eq!(app.audit_actions(id).await, ["bewerking-goedgekeurd"]);
    assert!(select(&queue(&author).await, "ol.wachtrij > li").is_empty());
}

#[tokio::test]
async fn a_rejected_edit_leaves_the_published_text_and_is_on_record() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    app.set("UPDATE settings SET hold_min_links = 2").await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Origineel", None).await;
    reader
        .post(
            &format!("/reacties/{id}/bewerken"),
            &[(
                "body",
                "[x](https&#58;//a.example) [y](https&#58;//b.example)",
            )],
        )
        .await;
    assert_eq!(
        texts(&queue(&author).await, "ol.wachtrij .meta strong"),
        ["Wijziging vastgehouden: 2 links"],
        "links spelled with entities count"
    );
    let rejected = author.moderate(id, "afwijzen", "/moderatie").await;
    assert_eq!(
        location(&rejected),
        "/moderatie?melding=bewerking-afgewezen"
    );
    assert_eq!(app.status_of(id).await, "approved");
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Origineel"]
    );
    assert_eq!(app.audit_actions(id).await, ["bewerking-afgewezen"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reactions WHERE pending_body_source IS NOT NULL")
            .await,
        0
    );
    // The author's own edits are trusted and skip the rules.
    let own = author.react("Van de auteur", None).await;
    let response = author
        .post(
            &format!("/reacties/{own}/bewerken"),
            &[("body", "https://a.example https://b.example")],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/{SLUG}?bewerkt={own}#reactie-{own}")
    );
}

#[tokio::test]
async fn word_and_link_rules_see_through_the_usual_tricks() {
    let app = TestApp::spawn_open().await;
    app.set(
        "UPDATE settings SET hold_words = 'casino', block_words = 'goedkope pillen', hold_min_links = 2",
    )
    .await;
    let reader = app.reader("lezer").await;
    for (text, reason) in [
        (
            "[x](https&#58;//a.example) en [y](https&#58;//b.example)",
            "2 links",
        ),
        ("Naar het cas\u{200B}ino", "bevat “casino”"),
        ("Naar het c\u{0430}sino", "bevat “casino”"),
        ("Naar het cas\u{AD}ino", "bevat “casino”"),
    ] {
        let id = reader.react_any(text, None).await;
        assert_eq!(app.status_of(id).await, "pending", "{text:?}");
        let held: String = sqlx::query_scalar("SELECT held_reason FROM reactions WHERE id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("reason");
        assert_eq!(held, reason, "{text:?}");
    }
    for text in ["Goedkope  pillen!", "goedkope\u{200B} p\u{0456}llen"] {
        let response = reader.post_reaction(text, None).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{text:?}"
        );
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "#reageer textarea"), [text]);
    }
    let fine = reader
        .react_any("Ik woon in Essex, niet in een casinostad", None)
        .await;
    assert_eq!(app.status_of(fine).await, "approved");
}

fn guest_post<'a>(name: &'a str, body: &'a str) -> [(&'a str, &'a str); 2] {
    [("name", name), ("body", body)]
}

#[tokio::test]
async fn a_guests_double_click_is_stored_once_and_the_second_is_refused_with_the_text_kept() {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET guests_allowed = 1").await;
    let guest = app.browser();
    let path = format!("/{SLUG}/reacties");
    let first = guest.post(&path, &guest_post("Petra", "Als gast")).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = guest.post(&path, &guest_post("Petra", "Als  gast\n")).await;
    assert_eq!(second.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&second.text().await.expect("body"));
    assert!(texts(&html, "#reageer .fout")[0].contains("Deze tekst heb je net al geplaatst."));
    assert_eq!(
        select(&html, "#reageer textarea")[0]
            .text()
            .collect::<String>(),
        "Als  gast\n"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 1);

    // Two clicks at once: one is stored.
    let twice = guest_post("Petra", "Dubbel geklikt");
    let (a, b) = tokio::join!(guest.post(&path, &twice), guest.post(&path, &twice));
    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 2);
    // Another guest may say the same.
    let other = guest.post(&path, &guest_post("Karel", "Als gast")).await;
    assert_eq!(other.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_same_text_with_other_white_space_is_a_duplicate() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    reader.react_any("Precies dit, en niets meer", None).await;
    let again = reader
        .post_reaction("Precies  dit,\nen   niets meer ", None)
        .await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&again.text().await.expect("body"));
    assert!(texts(&html, "#reageer .fout")[0].contains("net al geplaatst"));
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 1);
}

/// Whether `c` is a `Char` of XML 1.0.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Parses the feed; returns the text of each entry's content.
fn parse_feed(xml: &str) -> Vec<String> {
    if let Some(bad) = xml.chars().find(|&c| !xml_char(c)) {
        panic!("U+{:04X} is not allowed in XML", u32::from(bad));
    }
    crate::reach_feeds::parse_xml(xml)
        .all("entry")
        .into_iter()
        .map(|entry| entry.text_of("content"))
        .collect()
}

#[tokio::test]
async fn noncharacters_and_control_characters_never_reach_the_feed() {
    let app = TestApp::spawn().await;
    app.author().await;
    let reader = app.reader("lezer").await;
    let controls: String = (1u8..0x20)
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(char::from)
        .collect();
    let body = format!("Kapot\u{FFFF}\u{FFFE}\u{FDD0}\u{1FFFF}{controls} <b>nee</b> & zo");
    reader.react_any(&body, None).await;
    let stored: String = sqlx::query_scalar("SELECT body_source FROM reactions")
        .fetch_one(&app.pool)
        .await
        .expect("stored");
    assert_eq!(stored, "Kapot <b>nee</b> & zo");

    // A row from before input was cleaned still makes a valid feed.
    app.set(if cfg!(postgres) {
        "UPDATE reactions SET body_html = body_html || chr(65535) || chr(1) || chr(65534)"
    } else {
        "UPDATE reactions SET body_html = body_html || char(65535) || char(1) || char(65534)"
    })
    .await;
    let token: String = sqlx::query_scalar("SELECT feed_token FROM settings")
        .fetch_one(&app.pool)
        .await
        .expect("token");
    let xml = app
        .browser()
        .get_html(&format!("/moderatie/feed/{token}"))
        .await;
    let contents = parse_feed(&xml);
    assert_eq!(contents.len(), 1);
    assert!(contents[0].contains("Kapot"), "{contents:?}");
    assert!(
        contents[0].contains("&lt;b&gt;nee"),
        "escaped twice over: {contents:?}"
    );
}
