//! Bans, shadowbans, trust and reports.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, location, reaction_texts, select, texts};

async fn ban(
    author: &Browser,
    user_id: i64,
    reason: &str,
    until: &str,
    hide: bool,
) -> reqwest::Response {
    let mut form = vec![("reden", reason), ("tot", until)];
    if hide {
        form.push(("verbergen", "1"));
    }
    author
        .post(&format!("/moderatie/lezers/{user_id}/blokkeren"), &form)
        .await
}

#[tokio::test]
async fn the_readers_page_lists_every_account_with_counts() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    reader.react_any("een", None).await;
    let two = reader.react_any("twee", None).await;
    author.moderate(two, "verbergen", "/moderatie").await;

    let html = Html::parse_document(&author.get_html("/moderatie/lezers").await);
    let id = app.user_id("lezer").await;
    let entry = texts(&html, &format!("#lezer-{id} .meta")).join(" ");
    assert!(entry.contains("1 goedgekeurd"), "{entry}");
    assert!(entry.contains("1 verborgen of afgewezen"), "{entry}");
    assert_eq!(select(&html, "ol.lezers > li").len(), 2);
}

#[tokio::test]
async fn a_banned_reader_cannot_post_reply_edit_or_report_and_is_told_why() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let other = app.reader("ander").await;
    let target = other.react_any("Iets om te melden", None).await;
    let reader = app.reader("dwarsligger").await;
    let own = reader.react_any("Van voor de blokkade", None).await;

    let id = app.user_id("dwarsligger").await;
    let response = ban(&author, id, "herhaaldelijk beledigend", "", false).await;
    assert_eq!(
        location(&response),
        format!("/moderatie/lezers?melding=geblokkeerd#lezer-{id}")
    );
    // Without hiding, earlier reactions stay.
    assert_eq!(app.status_of(own).await, "approved");

    let page = reader.article().await;
    assert!(texts(&page, "#reageer")[0].contains("herhaaldelijk beledigend"));
    assert!(select(&page, "textarea").is_empty());
    let attempts = [
        reader.post_reaction("Toch nog", None).await,
        reader.post_reaction("Antwoord", Some(target)).await,
        reader
            .post(
                &format!("/reacties/{own}/bewerken"),
                &[("body", "Gewijzigd")],
            )
            .await,
        reader.get(&format!("/reacties/{own}/bewerken")).await,
        reader
            .post(
                &format!("/reacties/{target}/melden"),
                &[("reden", "zomaar")],
            )
            .await,
    ];
    for response in attempts {
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, "main p")[0].contains("herhaaldelijk beledigend"));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 2);
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Iets om te melden", "Van voor de blokkade"]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_log WHERE action = 'geblokkeerd'")
            .await,
        1
    );

    let response = author
        .post(&format!("/moderatie/lezers/{id}/deblokkeren"), &[])
        .await;
    assert_eq!(
        location(&response),
        format!("/moderatie/lezers?melding=gedeblokkeerd#lezer-{id}")
    );
    assert_eq!(
        reader.post_reaction("Weer welkom", None).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_ban_can_hide_all_earlier_reactions_at_once() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("spammer").await;
    let a = reader.react_any("een", None).await;
    let b = reader.react_any("twee", Some(a)).await;
    let other = app.reader("ander").await.react_any("blijft", None).await;

    let id = app.user_id("spammer").await;
    ban(&author, id, "spam", "", true).await;
    assert_eq!(app.status_of(a).await, "hidden");
    assert_eq!(app.status_of(b).await, "hidden");
    assert_eq!(app.status_of(other).await, "approved");
    assert_eq!(reaction_texts(&app.browser().article().await), ["blijft"]);
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'geblokkeerd'")
            .fetch_one(&app.pool)
            .await
            .expect("audit");
    assert!(detail.contains("2 reacties verborgen"), "{detail}");
}

#[tokio::test]
async fn a_timed_ban_ends_by_itself() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let id = app.user_id("lezer").await;
    let today = jiff::Timestamp::from_second(app.clock_now())
        .expect("now")
        .to_zoned_datetime(jiff::tz::TimeZone::get("Europe/Amsterdam").expect("tz"));
    let until = today
        .date()
        .checked_add(jiff::Span::new().days(3))
        .expect("date")
        .to_string();

    ban(&author, id, "even afkoelen", &until, false).await;
    let refused = reader.post_reaction("Nu niet", None).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert!(refused.text().await.expect("body").contains("tot "));

    app.clock.advance(4 * 24 * 3600);
    assert_eq!(
        reader.post_reaction("Weer terug", None).await.status(),
        StatusCode::SEE_OTHER
    );

    // A date in the past or not a date is refused with a message.
    for bad in ["2000-01-01", "morgen"] {
        let response = ban(&author, id, "x", bad, false).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
}

#[tokio::test]
async fn a_shadowbanned_writer_sees_new_reactions_as_published_and_nobody_else_does() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let writer = app.reader("trol").await;
    let before = writer.react_any("Van voor de schaduwban", None).await;
    let id = app.user_id("trol").await;
    let response = author
        .post(&format!("/moderatie/lezers/{id}/schaduwban"), &[])
        .await;
    assert_eq!(
        location(&response),
        format!("/moderatie/lezers?melding=schaduwban#lezer-{id}")
    );

    let response = writer.post_reaction("Na de schaduwban", None).await;
    let shadow = crate::helpers::reaction_id(&response);
    assert!(
        location(&response).contains("geplaatst="),
        "looks published to the writer"
    );

    let own = writer.article().await;
    assert_eq!(
        reaction_texts(&own),
        ["Van voor de schaduwban", "Na de schaduwban"]
    );
    assert!(
        texts(&own, &format!("#reactie-{shadow} .label")).is_empty(),
        "no tell-tale mark"
    );
    let other = app.reader("ander").await;
    assert_eq!(
        reaction_texts(&other.article().await),
        ["Van voor de schaduwban"]
    );
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Van voor de schaduwban"]
    );
    let author_view = author.article().await;
    assert_eq!(reaction_texts(&author_view).len(), 2);
    assert!(texts(&author_view, &format!("#reactie-{shadow} .label"))[0].contains("schaduwban"));
    assert_eq!(app.status_of(before).await, "approved");

    author
        .post(&format!("/moderatie/lezers/{id}/schaduwban-opheffen"), &[])
        .await;
    let visible = writer.react_any("Weer gewoon", None).await;
    assert_eq!(app.status_of(visible).await, "approved");
}

#[tokio::test]
async fn a_trusted_reader_skips_premoderation() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let reader = app.reader("vriend").await;
    let id = app.user_id("vriend").await;
    let response = author
        .post(&format!("/moderatie/lezers/{id}/vertrouwen"), &[])
        .await;
    assert_eq!(
        location(&response),
        format!("/moderatie/lezers?melding=vertrouwd#lezer-{id}")
    );
    let again = author
        .post(&format!("/moderatie/lezers/{id}/vertrouwen"), &[])
        .await;
    assert_eq!(
        location(&again),
        format!("/moderatie/lezers?melding=al-gedaan#lezer-{id}")
    );
    let reaction = reader.react_any("Meteen zichtbaar", None).await;
    assert_eq!(app.status_of(reaction).await, "approved");

    author
        .post(&format!("/moderatie/lezers/{id}/wantrouwen"), &[])
        .await;
    let held = reader.react_any("Weer eerst bekeken", None).await;
    assert_eq!(app.status_of(held).await, "pending");
}

#[tokio::test]
async fn the_author_cannot_be_banned() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let id = app.user_id(crate::helpers::AUTHOR).await;
    let response = ban(&author, id, "oeps", "", false).await;
    assert_eq!(
        location(&response),
        format!("/moderatie/lezers?melding=verouderd#lezer-{id}")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE banned_at IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn reports_are_counted_once_per_reader_and_enough_of_them_hide_the_reaction() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react_any("Omstreden", None).await;

    // Only readers with standing count towards the threshold: accounts older than
    // a day with an approved reaction (here on another article).
    let first = app.reader("melder1").await;
    let others = [app.reader("melder2").await, app.reader("melder3").await];
    app.set("UPDATE users SET created_at = created_at - 2 * 86400 WHERE username LIKE 'melder%'")
        .await;
    app.set(
        "INSERT INTO reactions (article_slug, user_id, body_source, body_html, status, created_at)
         SELECT 'elders', id, 'Eerder', '<p>Eerder</p>', 'approved', 0
         FROM users WHERE username LIKE 'melder%'",
    )
    .await;
    let form = Html::parse_document(&first.get_html(&format!("/reacties/{id}/melden")).await);
    assert_eq!(select(&form, "textarea[name='reden']").len(), 1);
    let response = first
        .post(
            &format!("/reacties/{id}/melden"),
            &[("reden", "beledigend")],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/{SLUG}?melding=gemeld&bij={id}#reactie-{id}")
    );
    let twice = first
        .post(
            &format!("/reacties/{id}/melden"),
            &[("reden", "nog steeds")],
        )
        .await;
    assert_eq!(
        location(&twice),
        format!("/{SLUG}?melding=al-gemeld&bij={id}#reactie-{id}")
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 1);

    // Reported but under the threshold: still visible, and in the queue with its reason.
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Omstreden"]
    );
    let queue = Html::parse_document(&author.get_html("/moderatie").await);
    assert!(
        texts(&queue, ".meldingen li")
            .join(" ")
            .contains("melder1: beledigend")
    );

    for other in &others {
        other
            .post(&format!("/reacties/{id}/melden"), &[("reden", "kwetsend")])
            .await;
    }
    assert_eq!(app.status_of(id).await, "pending");
    assert!(reaction_texts(&app.browser().article().await).is_empty());
    assert_eq!(app.audit_actions(id).await, ["verborgen-na-meldingen"]);
    let queue = Html::parse_document(&author.get_html("/moderatie").await);
    assert_eq!(texts(&queue, ".meldingen li").len(), 3);
    assert!(texts(&queue, "ol.wachtrij .meta strong")[0].contains("3 meldingen"));

    author.moderate(id, "goedkeuren", "/moderatie").await;
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Omstreden"]
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reports WHERE resolved_at IS NULL")
            .await,
        0
    );
    assert!(
        select(
            &Html::parse_document(&author.get_html("/moderatie").await),
            "ol.wachtrij > li"
        )
        .is_empty()
    );
}

#[tokio::test]
async fn a_report_needs_a_reason_an_account_and_someone_elses_reaction() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react_any("Iets", None).await;

    let own = writer
        .post(&format!("/reacties/{id}/melden"), &[("reden", "eigen")])
        .await;
    assert_eq!(own.status(), StatusCode::FORBIDDEN);
    let anonymous = app
        .browser()
        .post(&format!("/reacties/{id}/melden"), &[("reden", "x")])
        .await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(&anonymous).starts_with("/inloggen"));
    let other = app.reader("ander").await;
    let empty = other
        .post(&format!("/reacties/{id}/melden"), &[("reden", "  ")])
        .await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let long = "x".repeat(501);
    let too_long = other
        .post(&format!("/reacties/{id}/melden"), &[("reden", &long)])
        .await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        too_long.text().await.expect("body").contains(&long),
        "the text stays"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 0);
    let page = other.article().await;
    assert_eq!(
        select(&page, &format!("a[href='/reacties/{id}/melden']")).len(),
        1
    );
    assert!(
        select(
            &writer.article().await,
            &format!("a[href='/reacties/{id}/melden']")
        )
        .is_empty()
    );
}
