//! Article pages for logged-in readers: rendered once per change and shared by
//! readers who have not written there, with each reader's own name; their own
//! page for everyone whose page differs.

use reqwest::StatusCode;

use crate::helpers::{Browser, SLUG, TestApp};

fn shared(app: &TestApp) -> u64 {
    app.state().shared_pages.answers()
}

/// The page without the moment the form was shown (signed per second).
fn without_form_time(html: &str) -> String {
    html.split("name=\"formulier_tijd\" value=\"")
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_owned()
            } else {
                part.split_once('"')
                    .map_or(String::new(), |(_, rest)| rest.to_owned())
            }
        })
        .collect()
}

/// A logged-in reader whose one-time welcome has been shown.
async fn settled_reader(app: &TestApp, name: &str) -> Browser {
    let reader = app.reader(name).await;
    let welcome = reader.get_html(&format!("/{SLUG}")).await;
    assert!(welcome.contains("Welkom"), "the first page welcomes {name}");
    reader
}

#[tokio::test]
async fn readers_share_one_rendering_each_with_their_own_name() {
    let app = TestApp::spawn_open().await;
    let fenna = settled_reader(&app, "Fenna").await;
    let jasper = settled_reader(&app, "Jasper").await;
    let before = shared(&app);
    let path = format!("/{SLUG}");

    let for_fenna = fenna.get(&path).await;
    assert_eq!(for_fenna.status(), StatusCode::OK);
    assert_eq!(for_fenna.headers()["cache-control"], "private, no-cache");
    let for_fenna = for_fenna.text().await.expect("body");
    let for_jasper = jasper.get_html(&path).await;
    assert_eq!(shared(&app), before + 2);
    assert!(for_fenna.contains("<strong>Fenna</strong>") && !for_fenna.contains("Jasper"));
    assert!(for_jasper.contains("<strong>Jasper</strong>") && !for_jasper.contains("Fenna"));

    // The same page as rendered for Fenna alone (an unknown notice code forces that).
    let own = fenna.get_html(&format!("{path}?melding=onbekend")).await;
    assert_eq!(shared(&app), before + 2);
    assert_eq!(without_form_time(&for_fenna), without_form_time(&own));
}

#[tokio::test]
async fn a_reader_who_wrote_here_gets_their_own_page_and_others_see_the_change() {
    let app = TestApp::spawn_open().await;
    let fenna = settled_reader(&app, "Fenna").await;
    let jasper = settled_reader(&app, "Jasper").await;
    let path = format!("/{SLUG}");
    jasper.get_html(&path).await;

    fenna
        .react("Nee zeggen is ook ja zeggen tegen jezelf.", None)
        .await;
    let before = shared(&app);
    let hers = fenna.get_html(&path).await;
    assert!(hers.contains("Nee zeggen is ook ja zeggen tegen jezelf."));
    assert!(
        hers.contains("/bewerken\">Bewerken</a>"),
        "her own reaction offers editing"
    );
    // Her page is kept for her alone: the next request is a lookup, the same page.
    let again = fenna.get_html(&path).await;
    assert_eq!(shared(&app), before + 2);
    assert_eq!(without_form_time(&hers), without_form_time(&again));
    // And it is the page rendered for her alone.
    let own = fenna.get_html(&format!("{path}?melding=onbekend")).await;
    assert_eq!(without_form_time(&hers), without_form_time(&own));

    let his = jasper.get_html(&path).await;
    assert_eq!(shared(&app), before + 3);
    assert!(
        his.contains("Nee zeggen is ook ja zeggen tegen jezelf."),
        "the post retired the shared page"
    );
    assert!(his.contains("/melden\">Melden</a>") && !his.contains("/bewerken\">Bewerken</a>"));
}

#[tokio::test]
async fn the_author_sees_a_new_pending_reaction_at_once() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let path = format!("/{SLUG}");
    author.get_html(&path).await;
    author.get_html(&path).await;
    let before = shared(&app);

    let newcomer = app.reader("Nieuwkomer").await;
    newcomer.react("Mijn eerste reactie hier.", None).await;
    let page = author.get_html(&path).await;
    assert_eq!(shared(&app), before + 1);
    assert!(
        page.contains("Mijn eerste reactie hier."),
        "the pending reaction is on the author's page"
    );
    assert!(page.contains("wacht op goedkeuring"));
    assert!(page.contains("class=\"teller\">1<"), "the header counts it");
}

#[tokio::test]
async fn a_reader_with_a_draft_gets_their_own_page() {
    let app = TestApp::spawn_open().await;
    let fenna = settled_reader(&app, "Fenna").await;
    let path = format!("/{SLUG}");
    let before = shared(&app);
    app.set("UPDATE sessions SET draft_slug = 'zeven-redenen-voor-nee', draft_body = 'Half af' WHERE user_id = (SELECT id FROM users WHERE username = 'Fenna')").await;
    let page = fenna.get_html(&path).await;
    assert!(page.contains("Half af"), "the draft is back in the form");
    assert_eq!(shared(&app), before);
}

#[tokio::test]
async fn a_reader_who_took_a_stance_gets_their_own_page_with_their_choice() {
    let app = TestApp::spawn_open().await;
    let fenna = settled_reader(&app, "Fenna").await;
    let jasper = settled_reader(&app, "Jasper").await;
    let path = format!("/{SLUG}");
    let response = fenna
        .post(&format!("/{SLUG}/redenen/1"), &[("keuze", "ja")])
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());
    let before = shared(&app);
    let hers = fenna.get_html(&path).await;
    let his = jasper.get_html(&path).await;
    assert_eq!(
        shared(&app),
        before + 2,
        "both kept: hers for her, his shared"
    );
    assert_ne!(
        without_form_time(&hers).replace("Fenna", "Jasper"),
        without_form_time(&his),
        "her page differs from the shared one by more than her name"
    );
}

#[tokio::test]
async fn a_shared_page_comes_gzipped_to_browsers_that_ask_and_reads_the_same() {
    use std::io::Read;
    let app = TestApp::spawn_open().await;
    let fenna = settled_reader(&app, "Fenna").await;
    let path = format!("/{SLUG}");
    let plain = fenna.get_html(&path).await;
    let before = shared(&app);
    let zipped = fenna
        .client
        .get(format!("{}{path}", fenna.base))
        .header("accept-encoding", "gzip, br")
        .send()
        .await
        .expect("GET");
    assert_eq!(shared(&app), before + 1);
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_eq!(zipped.headers()["cache-control"], "private, no-cache");
    let bytes = zipped.bytes().await.expect("body");
    let mut read = String::new();
    flate2::read::GzDecoder::new(bytes.as_ref())
        .read_to_string(&mut read)
        .expect("valid gzip");
    assert_eq!(without_form_time(&read), without_form_time(&plain));
    assert!(read.contains("<strong>Fenna</strong>"));
}

#[tokio::test]
async fn two_readers_who_wrote_never_get_each_others_page() {
    let app = TestApp::spawn_open().await;
    let fenna = settled_reader(&app, "Fenna").await;
    let jasper = settled_reader(&app, "Jasper").await;
    let path = format!("/{SLUG}");
    let hers = fenna
        .react("Van Fenna, alleen zij bewerkt dit.", None)
        .await;
    let his = jasper
        .react("Van Jasper, alleen hij bewerkt dit.", None)
        .await;
    for _ in 0..2 {
        let page = fenna.get_html(&path).await;
        assert!(
            page.contains(&format!("/reacties/{hers}/bewerken\"")),
            "her edit link"
        );
        assert!(
            !page.contains(&format!("/reacties/{his}/bewerken\"")),
            "not his"
        );
        assert!(
            page.contains("<strong>Fenna</strong>") && !page.contains("<strong>Jasper</strong>")
        );
        let page = jasper.get_html(&path).await;
        assert!(
            page.contains(&format!("/reacties/{his}/bewerken\"")),
            "his edit link"
        );
        assert!(
            !page.contains(&format!("/reacties/{hers}/bewerken\"")),
            "not hers"
        );
    }
    // A held reaction is on its writer's kept page only, and goes when approved elsewhere.
    sqlx::query("UPDATE reactions SET status = 'pending' WHERE id = $1")
        .bind(hers)
        .execute(&app.pool)
        .await
        .expect("arrange");
    app.state().shared_pages.bump();
    assert!(fenna.get_html(&path).await.contains("wacht op goedkeuring"));
    assert!(!jasper.get_html(&path).await.contains("Van Fenna"));
}
