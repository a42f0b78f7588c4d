//! The queue, each action and its audit entry, bulk actions, editing, and the
//! author's tools on the article page.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{AUTHOR, SLUG, TestApp, location, reaction_texts, select, texts};

#[tokio::test]
async fn the_queue_shows_article_parent_writer_account_and_reason_newest_first() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let old_hand = app.reader("vaste-lezer").await;
    let parent = old_hand.react_any("Waar het om begon", None).await;
    old_hand.react_any("En nog iets", None).await;
    app.set("UPDATE settings SET premoderation = 'first'").await;
    app.clock.advance(3 * 24 * 3600);
    let newcomer = app.reader("nieuw").await;
    let reply = newcomer.react_any("Mijn antwoord", Some(parent)).await;
    app.clock.advance(60);
    let top = newcomer.react_any("Nog een", None).await;

    let html = Html::parse_document(&author.get_html("/moderatie").await);
    let order: Vec<&str> = select(&html, "ol.wachtrij > li")
        .iter()
        .filter_map(|li| li.value().attr("id"))
        .collect();
    assert_eq!(order, [format!("wacht-{top}"), format!("wacht-{reply}")]);
    let item = Html::parse_fragment(&select(&html, &format!("#wacht-{reply}"))[0].html());
    let text = item.root_element().text().collect::<String>();
    assert!(text.contains("nieuw"), "writer");
    assert!(text.contains("Zeven redenen voor NEE"), "article");
    assert!(
        text.contains("Antwoord op vaste-lezer"),
        "the reaction it answers"
    );
    assert!(text.contains("Waar het om begon"), "the parent's text");
    assert!(
        text.contains("Account 1 minuut oud · 0 goedgekeurde reacties"),
        "{text}"
    );
    assert!(text.contains("Vastgehouden: eerste reactie van dit account"));
    // The waiting count shows in the author's header on every page.
    for path in ["/", &format!("/{SLUG}"), "/moderatie/logboek"] {
        let page = Html::parse_document(&author.get_html(path).await);
        assert_eq!(texts(&page, "header.site .teller"), ["2"], "{path}");
    }
    let reader_page = Html::parse_document(&newcomer.get_html("/").await);
    assert!(select(&reader_page, "header.site .teller, a[href='/moderatie']").is_empty());
}

#[tokio::test]
async fn each_action_changes_the_reaction_and_is_written_to_the_audit_log() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let reader = app.reader("lezer").await;
    let cases = [
        ("goedkeuren", "approved", "goedgekeurd"),
        ("afwijzen", "rejected", "afgewezen"),
        ("spam", "spam", "spam"),
        ("verwijderen", "deleted", "verwijderd"),
    ];
    for (action, status, audit) in cases {
        let id = reader.react_any(&format!("Voor {action}"), None).await;
        let response = author.moderate(id, action, "/moderatie").await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&response), format!("/moderatie?melding={audit}"));
        assert_eq!(app.status_of(id).await, status, "{action}");
        assert_eq!(app.audit_actions(id).await, [audit], "{action}");
        let actor: String = sqlx::query_scalar(
            "SELECT u.username FROM audit_log l JOIN users u ON u.id = l.actor_id WHERE l.reaction_id = $1",
        )
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .expect("audit row");
        assert_eq!(actor, AUTHOR);
    }
    let log = Html::parse_document(&author.get_html("/moderatie/logboek").await);
    let lines = texts(&log, "ol.logboek > li > p:first-child");
    assert_eq!(lines.len(), 4);
    assert!(lines[0].contains("verwijderd") && lines[0].contains(AUTHOR));
}

#[tokio::test]
async fn actions_are_idempotent_and_a_stale_form_says_so() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let id = reader.react_any("Eén keer", None).await;

    author.moderate(id, "goedkeuren", "/moderatie").await;
    let again = author.moderate(id, "goedkeuren", "/moderatie").await;
    assert_eq!(location(&again), "/moderatie?melding=al-gedaan");
    assert_eq!(
        app.audit_actions(id).await,
        ["goedgekeurd"],
        "no second entry"
    );
    let page = Html::parse_document(&author.get_html(&location(&again)).await);
    assert!(texts(&page, ".melding")[0].contains("al gebeurd"));

    reader
        .post(&format!("/reacties/{id}/verwijderen"), &[])
        .await;
    let stale = author.moderate(id, "goedkeuren", "/moderatie").await;
    assert_eq!(location(&stale), "/moderatie?melding=verouderd");
    assert_eq!(app.status_of(id).await, "deleted");
    let page = Html::parse_document(&author.get_html(&location(&stale)).await);
    assert!(texts(&page, ".melding")[0].contains("intussen veranderd"));

    let missing = author.moderate(999_999, "goedkeuren", "/moderatie").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let unknown = author.moderate(id, "opeten", "/moderatie").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_author_edits_with_a_note_and_the_original_stays_in_the_history() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let id = reader
        .react_any("Mijn telefoonnummer is 06-12345678", None)
        .await;

    let form = Html::parse_document(
        &author
            .get_html(&format!("/moderatie/reacties/{id}/bewerken?terug=/{SLUG}"))
            .await,
    );
    assert_eq!(
        texts(&form, "textarea[name='body']"),
        ["Mijn telefoonnummer is 06-12345678"]
    );
    let response = author
        .post(
            &format!("/moderatie/reacties/{id}/bewerken"),
            &[
                ("body", "Mijn telefoonnummer is [weggehaald]"),
                ("note", "privacy"),
                ("terug", &format!("/{SLUG}")),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/{SLUG}?melding=bewerkt&bij={id}#reactie-{id}")
    );
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Mijn telefoonnummer is [weggehaald]"]
    );

    let (old, note): (String, Option<String>) =
        sqlx::query_as("SELECT body_source, note FROM reaction_revisions WHERE reaction_id = $1")
            .bind(id)
            .fetch_one(&app.pool)
            .await
            .expect("revision");
    assert_eq!(old, "Mijn telefoonnummer is 06-12345678");
    assert_eq!(note.as_deref(), Some("privacy"));
    let (before, after, detail): (String, String, String) =
        sqlx::query_as("SELECT before, after, detail FROM audit_log WHERE action = 'bewerkt'")
            .fetch_one(&app.pool)
            .await
            .expect("audit");
    assert_eq!(
        (before.as_str(), after.as_str(), detail.as_str()),
        (
            "Mijn telefoonnummer is 06-12345678",
            "Mijn telefoonnummer is [weggehaald]",
            "privacy"
        )
    );

    let empty = author
        .post(
            &format!("/moderatie/reacties/{id}/bewerken"),
            &[("body", " "), ("note", "leeg"), ("terug", "/moderatie")],
        )
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&empty.text().await.expect("body"));
    assert_eq!(
        select(&html, "input[name='note']")[0].value().attr("value"),
        Some("leeg")
    );
}

#[tokio::test]
async fn bulk_approve_and_bulk_reject_act_on_the_checked_reactions_only() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let reader = app.reader("lezer").await;
    let mut ids = Vec::new();
    for n in 0..4 {
        ids.push(reader.react_any(&format!("Reactie {n}"), None).await);
    }
    let (a, b, c, d) = (
        ids[0].to_string(),
        ids[1].to_string(),
        ids[2].to_string(),
        ids[3].to_string(),
    );
    let response = author
        .post(
            "/moderatie/bulk",
            &[
                ("ids", a.as_str()),
                ("ids", b.as_str()),
                ("actie", "goedkeuren"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/moderatie?melding=bulk-goedgekeurd");
    author
        .post(
            "/moderatie/bulk",
            &[("ids", c.as_str()), ("actie", "afwijzen")],
        )
        .await;
    let statuses = [
        app.status_of(ids[0]).await,
        app.status_of(ids[1]).await,
        app.status_of(ids[2]).await,
        app.status_of(ids[3]).await,
    ];
    assert_eq!(statuses, ["approved", "approved", "rejected", "pending"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM audit_log").await, 3);

    let nothing = author
        .post("/moderatie/bulk", &[("actie", "goedkeuren")])
        .await;
    assert_eq!(location(&nothing), "/moderatie?melding=niets-gekozen");
    let odd = author
        .post(
            "/moderatie/bulk",
            &[("ids", d.as_str()), ("actie", "wissen")],
        )
        .await;
    assert_eq!(odd.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.status_of(ids[3]).await, "pending");
}

#[tokio::test]
async fn on_the_article_page_the_author_hides_shows_and_deletes_any_reaction() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let id = reader.react_any("Over de grens", None).await;

    let page = author.article().await;
    let forms = select(
        &page,
        &format!("#reactie-{id} form[action='/moderatie/reacties/{id}/verbergen']"),
    );
    assert_eq!(forms.len(), 1);
    assert!(select(&reader.article().await, "form[action^='/moderatie']").is_empty());

    let response = author.moderate(id, "verbergen", &format!("/{SLUG}")).await;
    assert_eq!(
        location(&response),
        format!("/{SLUG}?melding=verborgen&bij={id}#reactie-{id}")
    );
    assert!(reaction_texts(&app.browser().article().await).is_empty());
    assert!(reaction_texts(&reader.article().await).is_empty());
    let author_view = author.article().await;
    assert_eq!(
        texts(&author_view, &format!("#reactie-{id} .label")),
        ["verborgen"]
    );

    author.moderate(id, "goedkeuren", &format!("/{SLUG}")).await;
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Over de grens"]
    );

    author
        .moderate(id, "verwijderen", &format!("/{SLUG}"))
        .await;
    assert!(reaction_texts(&app.browser().article().await).is_empty());
    assert_eq!(
        app.audit_actions(id).await,
        ["verborgen", "goedgekeurd", "verwijderd"]
    );
}

#[tokio::test]
async fn a_pinned_reaction_comes_first_and_a_locked_thread_takes_no_replies() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let first = reader.react_any("Eerste", None).await;
    let second = reader.react_any("Tweede", None).await;
    let reply = reader.react_any("Antwoord", Some(first)).await;

    author
        .moderate(second, "vastpinnen", &format!("/{SLUG}"))
        .await;
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Tweede", "Eerste", "Antwoord"]
    );
    assert_eq!(
        texts(
            &app.browser().article().await,
            &format!("#reactie-{second} .label")
        ),
        ["vastgepind"]
    );
    author
        .moderate(second, "losmaken", &format!("/{SLUG}"))
        .await;
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Eerste", "Antwoord", "Tweede"]
    );

    author
        .moderate(first, "vergrendelen", &format!("/{SLUG}"))
        .await;
    for parent in [first, reply] {
        let response = reader.post_reaction("Toch nog", Some(parent)).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, "#reageer .fout")[0].contains("draad gesloten"));
        assert_eq!(texts(&html, "#reageer textarea"), ["Toch nog"]);
    }
    let page = reader.article().await;
    assert!(
        select(
            &page,
            &format!("a[href='/{SLUG}?reageer={first}#reageer-{first}']")
        )
        .is_empty()
    );
    assert_eq!(
        select(
            &page,
            &format!("a[href='/{SLUG}?reageer={second}#reageer-{second}']")
        )
        .len(),
        1
    );
    let elsewhere = reader.react_any("Elders mag het", Some(second)).await;
    assert_eq!(app.status_of(elsewhere).await, "approved");

    author
        .moderate(first, "ontgrendelen", &format!("/{SLUG}"))
        .await;
    assert_eq!(
        reader
            .post_reaction("Weer open", Some(reply))
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        app.audit_actions(first).await,
        ["vergrendeld", "ontgrendeld"]
    );
}

#[tokio::test]
async fn a_closed_article_shows_its_reactions_read_only() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    reader.react_any("Voor de sluiting", None).await;

    let response = author
        .post(
            &format!("/moderatie/artikelen/{SLUG}"),
            &[("gesloten", "1")],
        )
        .await;
    assert_eq!(
        location(&response),
        "/moderatie/instellingen?melding=gesloten"
    );
    let page = reader.article().await;
    assert_eq!(reaction_texts(&page), ["Voor de sluiting"]);
    assert!(texts(&page, "#reageer")[0].contains("gesloten"));
    assert!(select(&page, "textarea, a[href*='reageer=']").is_empty());
    let refused = reader.post_reaction("Te laat", None).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 1);

    author
        .post(
            &format!("/moderatie/artikelen/{SLUG}"),
            &[("gesloten", "0")],
        )
        .await;
    assert_eq!(
        reader.post_reaction("Weer open", None).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn an_article_closes_automatically_the_set_number_of_days_after_publication() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    app.set("UPDATE settings SET auto_close_days = 30").await;
    // The clock starts at the real time; the article was published on 2026-11-26.
    let published = jiff::civil::date(2026, 11, 26)
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Amsterdam").expect("tz"))
        .expect("date")
        .timestamp()
        .as_second();
    let until_close = published + 30 * 24 * 3600 - app.clock_now();
    if until_close > 60 {
        app.clock.advance(until_close - 60);
        assert_eq!(
            reader.post_reaction("Net op tijd", None).await.status(),
            StatusCode::SEE_OTHER
        );
    }
    app.clock.advance(120);
    assert_eq!(
        reader.post_reaction("Net te laat", None).await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(texts(&reader.article().await, "#reageer")[0].contains("gesloten"));
}
