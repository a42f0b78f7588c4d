//! The public Atom feeds, parsed as XML and checked against the rules of
//! RFC 4287 that can be checked offline; only what anonymous readers see.

use std::collections::HashMap;

use quick_xml::events::Event;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use scraper::Html;

use crate::helpers::{Browser, SLUG, TestApp, select};

/// One XML element: its name, attributes, text directly inside, and children.
#[derive(Debug, Default, Clone)]
pub struct Element {
    pub name: String,
    pub attrs: HashMap<String, String>,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }

    pub fn one(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn text_of(&self, name: &str) -> String {
        self.one(name).map(|e| e.text.clone()).unwrap_or_default()
    }
}

/// Parses a document with quick-xml (end names checked, entities resolved)
/// into its root element; panics on anything that is not well-formed.
pub fn parse_xml(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    let open = |e: &quick_xml::events::BytesStart<'_>| Element {
        name: e.name().as_ref().to_owned(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    a.key.as_ref().to_owned(),
                    a.normalized_value(quick_xml::XmlVersion::default())
                        .expect("attribute value")
                        .into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(open(&e)),
            Event::Empty(e) => {
                let element = open(&e);
                stack.last_mut().expect("parent").children.push(element);
            }
            Event::End(_) => {
                let done = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(done);
            }
            Event::Text(t) => {
                let text = t.xml_content(quick_xml::XmlVersion::default());
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let decoded = match &*r {
                    "lt" => "<".to_owned(),
                    "gt" => ">".to_owned(),
                    "amp" => "&".to_owned(),
                    "quot" => "\"".to_owned(),
                    "apos" => "'".to_owned(),
                    other => r
                        .resolve_char_ref()
                        .expect("valid character reference")
                        .unwrap_or_else(|| panic!("unknown entity &{other};"))
                        .to_string(),
                };
                stack.last_mut().expect("element").text.push_str(&decoded);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element closed");
    stack
        .pop()
        .and_then(|doc| doc.children.into_iter().next())
        .expect("a root element")
}

/// An RFC 3339 date-time as Atom requires (`2026-11-27T10:00:00Z`).
fn is_date_time(s: &str) -> bool {
    s.len() == 20 && s.ends_with('Z') && s.parse::<jiff::Timestamp>().is_ok()
}

/// Checks the rules of RFC 4287 that hold for every feed; returns the entries.
pub fn check_atom(xml: &str, self_url: &str) -> Vec<Element> {
    let feed = parse_xml(xml);
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attrs["xmlns"], "http://www.w3.org/2005/Atom");
    // atom:feed has exactly one id, title and updated (4.1.1).
    for name in ["id", "title", "updated"] {
        assert_eq!(feed.all(name).len(), 1, "feed has one {name}");
    }
    assert!(!feed.text_of("title").trim().is_empty());
    assert!(is_date_time(&feed.text_of("updated")), "feed updated");
    let self_links: Vec<_> = feed
        .all("link")
        .into_iter()
        .filter(|l| l.attrs.get("rel").map(String::as_str) == Some("self"))
        .collect();
    assert_eq!(self_links.len(), 1, "one rel=self link");
    assert_eq!(self_links[0].attrs["href"], self_url);
    let feed_author = feed
        .one("author")
        .is_some_and(|a| !a.text_of("name").trim().is_empty());
    let entries: Vec<Element> = feed.all("entry").into_iter().cloned().collect();
    let mut ids = std::collections::HashSet::new();
    for entry in &entries {
        for name in ["id", "title", "updated"] {
            assert_eq!(entry.all(name).len(), 1, "entry has one {name}");
        }
        let id = entry.text_of("id");
        assert!(
            id.starts_with("http://") || id.starts_with("tag:"),
            "IRI id {id}"
        );
        assert!(ids.insert(id.clone()), "ids are unique: {id}");
        assert!(is_date_time(&entry.text_of("updated")));
        assert!(entry.one("content").is_some() || entry.one("summary").is_some());
        // Every entry has an author, or the feed has one (4.1.1).
        assert!(feed_author || entry.one("author").is_some());
        let alternate = entry
            .all("link")
            .into_iter()
            .any(|l| l.attrs.get("rel").is_none_or(|r| r == "alternate"));
        // Without atom:content with a src, an entry needs rel=alternate (4.1.2).
        assert!(alternate, "entry {id} links to its page");
    }
    entries
}

async fn feed_of(app: &TestApp, path: &str) -> (Vec<Element>, String) {
    let response = app.browser().get(path).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(
        response.headers()[CONTENT_TYPE],
        "application/atom+xml; charset=utf-8"
    );
    let xml = response.text().await.expect("body");
    let self_url = format!("{}{path}", app.config.public_url);
    (check_atom(&xml, &self_url), xml)
}

fn contents(entries: &[Element]) -> Vec<String> {
    entries.iter().map(|e| e.text_of("content")).collect()
}

#[tokio::test]
async fn the_articles_feed_is_valid_atom_with_every_article() {
    let app = TestApp::spawn().await;
    let (entries, _) = feed_of(&app, "/feed.xml").await;
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry.text_of("title"), "Zeven redenen voor NEE");
    assert_eq!(entry.text_of("id"), format!("http://127.0.0.1/{SLUG}"));
    // The article's HTML, escaped once: the parser gives back markup.
    assert!(entry.text_of("content").contains("<h2"));
    assert!(!entry.text_of("summary").is_empty());
}

/// Adds what anonymous readers must never see: a shadowbanned reader's
/// reaction ("Schaduwreactie") and a held one ("Wacht nog"); switches
/// pre-moderation to everything.
pub async fn add_unseen(app: &TestApp, author: &Browser) {
    let shadow = app.reader("schaduw").await;
    let shadow_id = app.user_id("schaduw").await;
    author
        .post(&format!("/moderatie/lezers/{shadow_id}/schaduwban"), &[])
        .await;
    shadow.react("Schaduwreactie", None).await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let held = app
        .reader("carol_r")
        .await
        .post_reaction("Wacht nog", None)
        .await;
    assert_eq!(held.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn reaction_feeds_hold_only_what_anonymous_readers_see() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let alice = app.reader("alice_r").await;
    let shown = alice
        .react(
            "Zichtbaar: <script>alert(1)</script> & \"meer\" ]]> <!--",
            None,
        )
        .await;
    let hidden = alice.react("Wordt verborgen", None).await;
    author.moderate(hidden, "verbergen", "/moderatie").await;
    add_unseen(&app, &author).await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reactions WHERE status IN ('pending', 'shadow', 'hidden')")
            .await,
        3,
        "arranged: one held, one shadowed, one hidden"
    );

    for path in ["/reacties.xml", &format!("/{SLUG}/reacties.xml")] {
        let (entries, xml) = feed_of(&app, path).await;
        let texts = contents(&entries);
        assert_eq!(texts.len(), 1, "{path}: {texts:?}");
        // The text survives escaping, and the reaction's own markup stays escaped text.
        assert!(texts[0].contains("&lt;script&gt;"), "{}", texts[0]);
        assert!(texts[0].contains("]]&gt;"));
        assert!(!xml.contains("<script>"));
        for gone in ["verborgen", "Schaduwreactie", "Wacht nog"] {
            assert!(!xml.contains(gone), "{path} leaks {gone}");
        }
        let entry = &entries[0];
        assert_eq!(
            entry.text_of("id"),
            format!("http://127.0.0.1/reacties/{shown}")
        );
        assert_eq!(
            entry.one("author").expect("author").text_of("name"),
            "alice_r"
        );
    }
}

#[tokio::test]
async fn feeds_answer_304_to_a_reader_who_has_them_and_change_with_a_reaction() {
    let app = TestApp::spawn_open().await;
    let client = reqwest::Client::new();
    let url = app.url("/reacties.xml");
    let first = client.get(&url).send().await.expect("feed");
    assert_eq!(
        first.headers()[CACHE_CONTROL],
        "public, max-age=5, stale-while-revalidate=30"
    );
    let etag = first.headers()[ETAG].clone();
    let again = client
        .get(&url)
        .header(IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .expect("feed");
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    app.reader("dora_r").await.react("Nieuw", None).await;
    let changed = client
        .get(&url)
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .expect("feed");
    assert_eq!(changed.status(), StatusCode::OK);
    assert!(changed.text().await.expect("body").contains("Nieuw"));
}

#[tokio::test]
async fn an_unknown_articles_feed_is_not_found() {
    let app = TestApp::spawn().await;
    let response = app.browser().get("/bestaat-niet/reacties.xml").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_page_links_its_feeds_in_the_head_and_the_footer() {
    let app = TestApp::spawn().await;
    for (path, feeds) in [
        ("/", vec!["/feed.xml", "/reacties.xml"]),
        (
            &*format!("/{SLUG}"),
            vec![
                "/feed.xml",
                "/reacties.xml",
                &*format!("/{SLUG}/reacties.xml"),
            ],
        ),
        ("/privacy", vec!["/feed.xml", "/reacties.xml"]),
    ] {
        let html = Html::parse_document(&app.browser().get_html(path).await);
        let head: Vec<String> = select(
            &html,
            r#"head link[rel="alternate"][type="application/atom+xml"]"#,
        )
        .into_iter()
        .filter_map(|l| l.value().attr("href").map(str::to_owned))
        .collect();
        let footer: Vec<String> = select(&html, "footer a[type=\"application/atom+xml\"]")
            .into_iter()
            .filter_map(|l| l.value().attr("href").map(str::to_owned))
            .collect();
        let mut head = head;
        head.sort();
        let mut feeds = feeds;
        feeds.sort_unstable();
        assert_eq!(head, feeds, "head of {path}");
        assert_eq!(footer, feeds, "footer of {path}");
        for feed in feeds {
            let status = app.browser().get(feed).await.status();
            assert_eq!(status, StatusCode::OK, "{feed}");
        }
    }
}
