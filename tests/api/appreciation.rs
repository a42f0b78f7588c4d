//! "Waardeer" on reactions, and the order of the reactions.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, location, select, texts};

async fn appreciate(reader: &Browser, id: i64, on: bool) -> reqwest::Response {
    let value = if on { "ja" } else { "nee" };
    reader
        .post(&format!("/reacties/{id}/waarderen"), &[("waardeer", value)])
        .await
}

fn count_shown(html: &Html, id: i64) -> String {
    texts(html, &format!("#reactie-{id} > .reactie .waardering"))
        .pop()
        .unwrap_or_default()
}

fn thread_ids(html: &Html) -> Vec<i64> {
    select(html, "#reacties > ol.draad > li")
        .iter()
        .filter_map(|li| {
            li.value()
                .attr("id")?
                .strip_prefix("reactie-")?
                .parse()
                .ok()
        })
        .collect()
}

#[tokio::test]
async fn appreciating_is_once_per_reader_toggles_and_shows_a_count() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react("Iets waardevols", None).await;
    let fan = app.reader("fan").await;
    let response = appreciate(&fan, id, true).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/{SLUG}#reactie-{id}"));
    // A double submit counts once.
    assert_eq!(
        appreciate(&fan, id, true).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM appreciations").await, 1);
    let html = fan.article().await;
    assert_eq!(count_shown(&html, id), "1 lezer waardeert dit");
    let button = &select(&html, &format!("#reactie-{id} form.waardeer button"))[0];
    assert_eq!(button.value().attr("aria-pressed"), Some("true"));
    assert_eq!(
        select(
            &html,
            &format!("#reactie-{id} form.waardeer input[name=waardeer]")
        )[0]
        .value()
        .attr("value"),
        Some("nee"),
        "the button now takes it back"
    );

    appreciate(&fan, id, false).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM appreciations").await, 0);
    assert_eq!(count_shown(&fan.article().await, id), "");
}

#[tokio::test]
async fn nobody_appreciates_their_own_reaction_and_guests_must_log_in() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react("Van mezelf", None).await;
    assert_eq!(
        appreciate(&writer, id, true).await.status(),
        StatusCode::FORBIDDEN
    );
    assert!(select(&writer.article().await, "form.waardeer").is_empty());
    let guest = app.browser();
    let response = appreciate(&guest, id, true).await;
    assert!(location(&response).starts_with("/inloggen?terug="));
    assert!(select(&guest.article().await, "form.waardeer").is_empty());
    let fan = app.reader("fan").await;
    assert_eq!(
        appreciate(&fan, id, true).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        appreciate(&fan, 999_999, true).await.status(),
        StatusCode::NOT_FOUND
    );
    let bad = fan
        .post(
            &format!("/reacties/{id}/waarderen"),
            &[("waardeer", "heel erg")],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(app.count("SELECT COUNT(*) FROM appreciations").await, 1);
}

#[tokio::test]
async fn held_reactions_cannot_be_appreciated_and_shadowbanned_appreciation_does_not_count() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let writer = app.reader("nieuw").await;
    let held = writer.react_any("Nog niet goedgekeurd", None).await;
    let fan = app.reader("fan").await;
    assert_eq!(
        appreciate(&fan, held, true).await.status(),
        StatusCode::NOT_FOUND
    );
    author.moderate(held, "goedkeuren", "/moderatie").await;
    let shadow = app.reader("schaduw").await;
    let shadow_id = app.user_id("schaduw").await;
    author
        .post(&format!("/moderatie/lezers/{shadow_id}/schaduwban"), &[])
        .await;
    appreciate(&shadow, held, true).await;
    assert_eq!(count_shown(&fan.article().await, held), "");
    assert_eq!(
        count_shown(&shadow.article().await, held),
        "1 lezer waardeert dit"
    );
}

#[tokio::test]
async fn reactions_sort_oldest_newest_or_most_appreciated_with_pinned_on_top() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let writer = app.reader("schrijver").await;
    let one = writer.react("Een", None).await;
    let two = writer.react("Twee", None).await;
    let three = writer.react("Drie", None).await;
    let four = writer.react("Vier", None).await;
    for name in ["fan1", "fan2"] {
        let fan = app.reader(name).await;
        appreciate(&fan, three, true).await;
    }
    let fan3 = app.reader("fan3").await;
    appreciate(&fan3, two, true).await;
    author
        .moderate(one, "vastpinnen", &format!("/{SLUG}"))
        .await;
    let reader = app.reader("lezer").await;

    assert_eq!(thread_ids(&reader.article().await), [one, two, three, four]);
    let newest =
        Html::parse_document(&reader.get_html(&format!("/{SLUG}?volgorde=nieuwste")).await);
    assert_eq!(thread_ids(&newest), [one, four, three, two]);
    assert_eq!(
        texts(&newest, "nav.volgorde a[aria-current]"),
        ["nieuwste eerst"]
    );
    // Remembered in the session.
    assert_eq!(thread_ids(&reader.article().await), [one, four, three, two]);
    let liked = Html::parse_document(
        &reader
            .get_html(&format!("/{SLUG}?volgorde=gewaardeerd"))
            .await,
    );
    assert_eq!(thread_ids(&liked), [one, three, two, four]);
    // Another reader, and a guest, still read oldest first.
    assert_eq!(thread_ids(&fan3.article().await), [one, two, three, four]);
    let guest = app.browser();
    assert_eq!(thread_ids(&guest.article().await), [one, two, three, four]);
    let guest_newest =
        Html::parse_document(&guest.get_html(&format!("/{SLUG}?volgorde=nieuwste")).await);
    assert_eq!(thread_ids(&guest_newest), [one, four, three, two]);
    // An unknown order is the default.
    let odd = Html::parse_document(
        &guest
            .get_html(&format!("/{SLUG}?volgorde=willekeurig"))
            .await,
    );
    assert_eq!(thread_ids(&odd), [one, two, three, four]);
}

#[tokio::test]
async fn pagination_keeps_the_chosen_order() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("veelschrijver").await;
    let mut ids = Vec::new();
    for i in 0..52 {
        ids.push(writer.react(&format!("Reactie nummer {i}"), None).await);
    }
    let reader = app.reader("lezer").await;
    let first = Html::parse_document(&reader.get_html(&format!("/{SLUG}?volgorde=nieuwste")).await);
    assert_eq!(thread_ids(&first).first(), ids.last());
    let next = select(&first, "nav.paginas a[rel=next]")[0]
        .value()
        .attr("href")
        .expect("href")
        .to_owned();
    assert_eq!(next, format!("/{SLUG}?volgorde=nieuwste&pagina=2#reacties"));
    let second =
        Html::parse_document(&reader.get_html(next.split('#').next().expect("path")).await);
    assert_eq!(thread_ids(&second), [ids[1], ids[0]]);
}

#[tokio::test]
async fn a_burst_of_appreciation_goes_through_the_group_commit_and_counts_each_reader_once() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react("Iets om te waarderen", None).await;
    let mut readers = Vec::new();
    for i in 0..12 {
        readers.push(app.reader(&format!("waardeerder{i}")).await);
    }
    // Every reader presses four times at once (a double click and more), and
    // the writer tries too: one appreciation per reader, none for the writer.
    let mut tasks = Vec::new();
    for reader in readers.iter().chain(std::iter::once(&writer)) {
        for _ in 0..4 {
            let who = reader.clone();
            tasks.push(tokio::spawn(async move {
                appreciate(&who, id, true).await.status()
            }));
        }
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.expect("task"));
    }
    let accepted = statuses
        .iter()
        .filter(|s| **s == StatusCode::SEE_OTHER)
        .count();
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::FORBIDDEN)
        .count();
    assert_eq!((accepted, refused), (48, 4), "{statuses:?}");
    assert_eq!(app.count("SELECT COUNT(*) FROM appreciations").await, 12);
    let html = app.browser().article().await;
    assert_eq!(count_shown(&html, id), "12 lezers waarderen dit");
    // The writer hears of it once, however many pressed.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'appreciated'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_link_to_a_reaction_finds_its_page_in_the_order_the_reader_reads_in() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("veelschrijver").await;
    let mut ids = Vec::new();
    for i in 0..52 {
        ids.push(writer.react(&format!("Reactie nummer {i}"), None).await);
    }
    let oldest = ids[0];
    let newest = ids[51];
    // Oldest first (anonymous, or by default) the first reaction is on page 1.
    let anonymous = app.browser().get(&format!("/reacties/{oldest}")).await;
    assert_eq!(location(&anonymous), format!("/{SLUG}#reactie-{oldest}"));
    let anonymous = app.browser().get(&format!("/reacties/{newest}")).await;
    assert_eq!(
        location(&anonymous),
        format!("/{SLUG}?pagina=2#reactie-{newest}")
    );

    // A reader who reads newest first finds them the other way round.
    let reader = app.reader("lezer").await;
    reader.get(&format!("/{SLUG}?volgorde=nieuwste")).await;
    let to_oldest = reader.get(&format!("/reacties/{oldest}")).await;
    assert_eq!(
        location(&to_oldest),
        format!("/{SLUG}?pagina=2#reactie-{oldest}")
    );
    let page = Html::parse_document(&reader.get_html(&format!("/{SLUG}?pagina=2")).await);
    assert!(thread_ids(&page).contains(&oldest));
    assert_eq!(
        location(&reader.get(&format!("/reacties/{newest}")).await),
        format!("/{SLUG}#reactie-{newest}")
    );

    // Most appreciated first: an appreciated old reaction moves to page 1, and
    // appreciating it leads back to where it now is.
    reader.get(&format!("/{SLUG}?volgorde=gewaardeerd")).await;
    let second = ids[1];
    let done = appreciate(&reader, second, true).await;
    assert_eq!(location(&done), format!("/{SLUG}#reactie-{second}"));
    let last = ids[50];
    assert_eq!(
        location(&reader.get(&format!("/reacties/{last}")).await),
        format!("/{SLUG}?pagina=2#reactie-{last}")
    );
    let page = Html::parse_document(&reader.get_html(&format!("/{SLUG}?pagina=2")).await);
    assert!(thread_ids(&page).contains(&last));
}
