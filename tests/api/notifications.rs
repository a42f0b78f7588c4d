//! Hearing back: "Voor jou", the unread count, "Mijn reacties" and the private feed.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, location, select, texts};

async fn unread(reader: &Browser) -> Vec<String> {
    let html = Html::parse_document(&reader.get_html("/privacy").await);
    texts(&html, "header.site .voor-jou-link .aantal")
}

async fn for_you(reader: &Browser) -> Html {
    Html::parse_document(&reader.get_html("/voor-jou").await)
}

fn items(html: &Html) -> Vec<String> {
    texts(html, "ol.meldingen > li > p:first-child a")
}

async fn notifications(app: &TestApp) -> i64 {
    app.count("SELECT COUNT(*) FROM notifications").await
}

#[tokio::test]
async fn a_reply_is_announced_once_in_the_header_and_on_voor_jou_then_read() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let anna = app.reader("anna").await;
    let bram = app.reader("bram").await;
    let first = anna.react("Wat vinden jullie?", None).await;
    assert!(unread(&anna).await.is_empty());
    let reply = bram.react("Ik ben het eens.", Some(first)).await;
    assert_eq!(unread(&anna).await, ["1"]);

    let html = for_you(&anna).await;
    assert_eq!(
        items(&html),
        ["bram reageerde op je reactie bij “Zeven redenen voor NEE”."]
    );
    assert_eq!(texts(&html, "ol.meldingen .label"), ["nieuw"]);
    assert!(
        texts(&html, "ol.meldingen .tekst")
            .concat()
            .contains("Ik ben het eens.")
    );
    assert!(unread(&anna).await.is_empty(), "read by the visit");
    let again = for_you(&anna).await;
    assert!(texts(&again, "ol.meldingen .label").is_empty());

    // Hidden and shown again, approved twice: still one notification.
    author.moderate(reply, "verbergen", "/moderatie").await;
    author.moderate(reply, "goedkeuren", "/moderatie").await;
    author.moderate(reply, "goedkeuren", "/moderatie").await;
    let replies = app
        .count("SELECT COUNT(*) FROM notifications WHERE kind = 'reply'")
        .await;
    assert_eq!(replies, 1);
    // The link leads to the reply.
    let link = select(&again, "ol.meldingen a")[0]
        .value()
        .attr("href")
        .expect("href")
        .to_owned();
    let response = anna.get(&link).await;
    assert_eq!(location(&response), format!("/{SLUG}#reactie-{reply}"));
    // Replying to oneself announces nothing.
    anna.react("Aanvulling van mezelf", Some(first)).await;
    assert!(unread(&anna).await.is_empty());
}

#[tokio::test]
async fn held_and_shadowbanned_replies_are_never_announced_to_others() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let anna = app.reader("anna").await;
    let first = anna.react_any("Mijn eerste", None).await;
    author.moderate(first, "goedkeuren", "/moderatie").await;
    assert_eq!(
        items(&for_you(&anna).await),
        ["Je reactie bij “Zeven redenen voor NEE” is geplaatst."]
    );
    let bram = app.reader("bram").await;
    let held = bram.react_any("Wacht nog", Some(first)).await;
    assert!(
        unread(&anna).await.is_empty(),
        "a held reply is not announced"
    );
    assert_eq!(items(&for_you(&anna).await).len(), 1, "only the approval");

    let troll = app.reader("trol").await;
    let troll_id = app.user_id("trol").await;
    author
        .post(&format!("/moderatie/lezers/{troll_id}/schaduwban"), &[])
        .await;
    troll.react_any("Onzichtbaar", Some(first)).await;
    assert!(
        unread(&anna).await.is_empty(),
        "a shadowed reply is not announced"
    );

    author.moderate(held, "goedkeuren", "/moderatie").await;
    assert_eq!(unread(&anna).await, ["1"]);
    assert_eq!(
        unread(&bram).await,
        ["1"],
        "bram hears his reply was placed"
    );
    assert_eq!(
        items(&for_you(&bram).await),
        ["Je reactie bij “Zeven redenen voor NEE” is geplaatst."]
    );
    let html = for_you(&anna).await;
    assert!(!html.html().contains("Onzichtbaar"));
}

#[tokio::test]
async fn a_rejected_reaction_tells_its_writer_why_and_appreciation_is_grouped() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let anna = app.reader("anna").await;
    let id = anna.react_any("Koop mijn cursus", None).await;
    author
        .post(
            "/moderatie/bulk",
            &[
                ("een", &format!("{id}:afwijzen")),
                (&format!("reden-vrij-{id}"), "Dit is reclame"),
            ],
        )
        .await;
    let html = for_you(&anna).await;
    assert_eq!(
        items(&html),
        ["Je reactie bij “Zeven redenen voor NEE” is niet geplaatst."]
    );
    assert_eq!(
        texts(&html, "ol.meldingen .afgewezen"),
        ["Reden van de auteur: Dit is reclame"]
    );
    assert!(
        !html.html().contains("Koop mijn cursus"),
        "no text of a reaction not placed"
    );

    let good = anna.react_any("Een goede reactie", None).await;
    author.moderate(good, "goedkeuren", "/moderatie").await;
    for name in ["c", "d", "e"].map(|n| format!("waardeerder-{n}")) {
        let fan = app.reader(&name).await;
        fan.post(
            &format!("/reacties/{good}/waarderen"),
            &[("waardeer", "ja")],
        )
        .await;
        fan.post(
            &format!("/reacties/{good}/waarderen"),
            &[("waardeer", "ja")],
        )
        .await;
    }
    let html = for_you(&anna).await;
    assert_eq!(
        items(&html)[0],
        "3 lezers waardeerden je reactie bij “Zeven redenen voor NEE”."
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE kind = 'appreciated'")
            .await,
        1
    );
}

#[tokio::test]
async fn the_author_hears_of_new_reactions_and_reports() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let anna = app.reader("anna").await;
    let id = anna.react("Hallo allemaal", None).await;
    let bram = app.reader("bram").await;
    let report = bram
        .post(
            &format!("/reacties/{id}/melden"),
            &[("reden", "Spam of reclame")],
        )
        .await;
    assert_eq!(report.status(), StatusCode::SEE_OTHER);
    let html = for_you(&author).await;
    let listed = items(&html);
    assert!(
        listed.contains(&"De reactie van anna bij “Zeven redenen voor NEE” is gemeld.".to_owned()),
        "{listed:?}"
    );
    assert!(
        listed.contains(&"Nieuwe reactie van anna bij “Zeven redenen voor NEE”.".to_owned()),
        "{listed:?}"
    );
    // Readers hear nothing of others' reactions.
    assert!(items(&for_you(&bram).await).is_empty());
    assert_eq!(notifications(&app).await, 2);
}

#[tokio::test]
async fn mijn_reacties_lists_the_readers_own_reactions_with_their_status() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let anna = app.reader("anna").await;
    let placed = anna.react_any("Geplaatst worden", None).await;
    author.moderate(placed, "goedkeuren", "/moderatie").await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let _waiting = anna.react_any("Nog even wachten", None).await;
    let rejected = anna.react_any("Niet geplaatst worden", None).await;
    author.moderate(rejected, "afwijzen", "/moderatie").await;
    let html = Html::parse_document(&anna.get_html("/mijn-reacties").await);
    assert_eq!(
        texts(&html, "ol.meldingen .label"),
        ["niet geplaatst", "wacht op goedkeuring", "geplaatst"]
    );
    let bram = app.reader("bram").await;
    let other = Html::parse_document(&bram.get_html("/mijn-reacties").await);
    assert!(select(&other, "ol.meldingen").is_empty(), "only one's own");
    let guest = app.browser().get("/mijn-reacties").await;
    assert!(location(&guest).starts_with("/inloggen"));
    let guest = app.browser().get("/voor-jou").await;
    assert!(location(&guest).starts_with("/inloggen"));
}

#[tokio::test]
async fn the_private_feed_follows_the_notifications_and_its_address_can_be_renewed() {
    let app = TestApp::spawn_open().await;
    let anna = app.reader("anna").await;
    let first = anna.react("Vraag", None).await;
    let bram = app.reader("bram").await;
    bram.react("Antwoord van bram", Some(first)).await;
    assert_eq!(
        anna.post("/voor-jou/feed", &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let html = for_you(&anna).await;
    let url = texts(&html, "code.feedadres").pop().expect("feed address");
    let path = url
        .split_once("/voor-jou/")
        .map(|(_, p)| format!("/voor-jou/{p}"))
        .expect("path");
    let guest = app.browser();
    let feed = guest.get(&path).await;
    assert_eq!(feed.status(), StatusCode::OK);
    assert!(
        feed.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("application/atom+xml")
    );
    let xml = feed.text().await.expect("body");
    assert!(xml.contains("bram reageerde op je reactie"));
    assert!(xml.contains("Antwoord van bram"));
    let mut reader = quick_xml::Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("feed is not well-formed XML: {e}"),
        }
    }
    assert_eq!(
        guest.get("/voor-jou/feed/niet-geldig").await.status(),
        StatusCode::NOT_FOUND
    );
    anna.post("/voor-jou/feed", &[]).await;
    assert_eq!(
        guest.get(&path).await.status(),
        StatusCode::NOT_FOUND,
        "the old address stops"
    );
    // Bram cannot renew anna's address: the form only ever acts on one's own.
    let cross = bram
        .client
        .post(format!("{}/voor-jou/feed", bram.base))
        .header("Sec-Fetch-Site", "cross-site")
        .send()
        .await
        .expect("POST");
    assert_eq!(cross.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn deleting_an_account_removes_its_stances_appreciation_and_notifications() {
    let app = TestApp::spawn_open().await;
    let anna = app.reader("anna").await;
    let first = anna.react("Vraag", None).await;
    let leaver = app.reader("vertrekker").await;
    leaver.react("Antwoord", Some(first)).await;
    leaver
        .post(&format!("/{SLUG}/redenen/1"), &[("keuze", "ja")])
        .await;
    leaver
        .post(
            &format!("/reacties/{first}/waarderen"),
            &[("waardeer", "ja")],
        )
        .await;
    leaver.post("/voor-jou/feed", &[]).await;
    let response = leaver
        .post(
            "/account/verwijderen",
            &[
                ("wachtwoord", crate::helpers::PASSWORD),
                ("reacties", "verwijderen"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/?account-verwijderd=1");
    assert_eq!(app.count("SELECT COUNT(*) FROM stances").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM stance_changes").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM appreciations").await, 0);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE feed_token IS NOT NULL")
            .await,
        0
    );
    // The reply is gone with the account: anna is no longer pointed at it.
    assert!(
        items(&for_you(&anna).await)
            .iter()
            .all(|i| !i.contains("vertrekker"))
    );
}
