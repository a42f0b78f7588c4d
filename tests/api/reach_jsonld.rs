//! JSON-LD on the article page: it parses, and it says what the page shows.

use scraper::Html;
use serde_json::Value;

use crate::helpers::{SLUG, TestApp, select, texts};

fn jsonld(html: &Html) -> Value {
    let scripts = select(html, r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1, "one JSON-LD block");
    let raw: String = scripts[0].text().collect();
    serde_json::from_str(&raw).expect("JSON-LD parses")
}

#[tokio::test]
async fn the_article_pages_json_ld_matches_its_visible_reactions() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let alice = app.reader("alice_r").await;
    let tricky = "Einde? </script><script>alert(1)</script> <!-- en & \"meer\"";
    let first = alice.react(tricky, None).await;
    let bob = app.reader("bob_r").await;
    let reply = bob.react("Een antwoord", Some(first)).await;
    let hidden = bob.react("Verborgen tekst", None).await;
    author.moderate(hidden, "verbergen", "/moderatie").await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    bob.post_reaction("Wacht op goedkeuring", None).await;

    let html = app.browser().article().await;
    let ld = jsonld(&html);
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "BlogPosting");
    assert_eq!(ld["headline"], "Zeven redenen voor NEE");
    assert_eq!(ld["datePublished"], "2026-11-26");
    assert_eq!(ld["url"], format!("http://127.0.0.1/{SLUG}"));
    assert_eq!(ld["author"]["@type"], "Person");
    assert_eq!(ld["author"]["name"], "Olaf_Rutten");
    let counter = &ld["interactionStatistic"];
    assert_eq!(counter["@type"], "InteractionCounter");
    assert_eq!(
        counter["interactionType"],
        "https://schema.org/CommentAction"
    );
    assert_eq!(counter["userInteractionCount"], 2);

    // The page's visible reactions: those with a name and a text.
    let visible: Vec<(String, String, String)> = select(&html, "#reacties li[id^=reactie-]")
        .into_iter()
        .filter_map(|li| {
            let fragment = Html::parse_fragment(&li.html());
            let name = texts(&fragment, ".reactie > header .naam:not(.verwijderd)")
                .into_iter()
                .next()?;
            let text = texts(&fragment, ".reactie > .tekst").into_iter().next()?;
            let id = li.value().id()?.to_owned();
            Some((id, name, text))
        })
        .collect();
    let comments = ld["comment"].as_array().expect("comment list");
    let described: Vec<(String, String, String)> = comments
        .iter()
        .map(|c| {
            assert_eq!(c["@type"], "Comment");
            assert!(c["dateCreated"].as_str().is_some_and(|d| d.ends_with('Z')));
            let url = c["url"].as_str().expect("url");
            let id = url.rsplit_once('#').expect("anchor").1.to_owned();
            (
                id,
                c["author"]["name"].as_str().expect("name").to_owned(),
                c["text"].as_str().expect("text").to_owned(),
            )
        })
        .collect();
    assert_eq!(described.len(), 2, "{described:?}");
    assert_eq!(visible.len(), described.len(), "{visible:?}");
    for ((vid, vname, vtext), (did, dname, dtext)) in visible.iter().zip(&described) {
        assert_eq!(vid, did);
        assert_eq!(vname, dname);
        assert_eq!(vtext.trim(), dtext.trim());
    }
    assert_eq!(described[0].2, tricky, "the text comes back unchanged");
    assert_eq!(
        comments[1]["parentItem"]["@id"],
        format!("http://127.0.0.1/{SLUG}#reactie-{first}")
    );
    assert_eq!(described[1].0, format!("reactie-{reply}"));
}

#[tokio::test]
async fn reaction_text_cannot_break_out_of_the_json_ld_block() {
    let app = TestApp::spawn_open().await;
    let alice = app.reader("alice_r").await;
    alice
        .react("</script><script>alert(1)</script><!--", None)
        .await;
    let raw = app.browser().get_html(&format!("/{SLUG}")).await;
    let (_, block) = raw
        .split_once(r#"<script type="application/ld+json">"#)
        .expect("block");
    let (inside, _) = block.split_once("</script>").expect("end of block");
    assert!(!inside.contains('<'), "no < inside the block");
    let html = Html::parse_document(&raw);
    assert_eq!(
        select(&html, "script").len(),
        2,
        "only our own script and the JSON-LD block"
    );
    let ld = jsonld(&html);
    assert_eq!(
        ld["comment"][0]["text"],
        "</script><script>alert(1)</script><!--"
    );
}
