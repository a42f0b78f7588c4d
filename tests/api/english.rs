//! The interface in English: how the language is chosen (the author's setting,
//! the reader's button, the browser's Accept-Language when allowed), that the
//! page cache keeps each language apart, and a walk over every page, as a
//! guest, a reader and the author, forms with errors included, that fails on
//! any Dutch left in the English pages.

use reqwest::StatusCode;
use scraper::{ElementRef, Html};

use crate::helpers::{Browser, PASSWORD, SLUG, TestApp, location, set_cookies};

/// Dutch words that never belong in an English page.
const DUTCH_WORDS: &[&str] = &[
    "je",
    "jouw",
    "het",
    "een",
    "niet",
    "naar",
    "deze",
    "geen",
    "nog",
    "voor",
    "wordt",
    "zijn",
    "reactie",
    "reacties",
    "lezer",
    "lezers",
    "inloggen",
    "uitloggen",
    "opslaan",
    "verwijderen",
    "bewerken",
    "geleden",
    "zojuist",
    "moderatie",
    "wachtrij",
    "instellingen",
    "logboek",
    "melden",
    "gebruikersnaam",
    "wachtwoord",
    "pagina",
    "reden",
    "redenen",
    "terug",
    "gesloten",
    "wacht",
];

fn text_of(element: ElementRef<'_>, out: &mut String) {
    let e = element.value();
    // Another language's part (the article itself, the footer's "Nederlands"),
    // what readers wrote, and what is not text.
    if e.attr("lang").is_some_and(|l| !l.starts_with("en"))
        || ["script", "style", "textarea", "pre", "option", "code"].contains(&e.name())
        || e.classes().any(|c| c == "tekst")
    {
        return;
    }
    for attribute in ["aria-label", "title", "placeholder", "alt"] {
        if let Some(value) = e.attr(attribute) {
            out.push_str(value);
            out.push('\n');
        }
    }
    if e.name() == "meta" && e.attr("name") == Some("description") {
        out.push_str(e.attr("content").unwrap_or_default());
        out.push('\n');
    }
    for child in element.children() {
        if let Some(child) = ElementRef::wrap(child) {
            text_of(child, out);
        } else if let Some(text) = child.value().as_text() {
            out.push_str(text);
            out.push(' ');
        }
    }
}

/// Whether `word` occurs in `text` as a whole word (or phrase), any case.
fn has_word(text: &str, word: &str) -> bool {
    let (text, word) = (text.to_lowercase(), word.to_lowercase());
    text.match_indices(&word).any(|(i, _)| {
        let before = text.get(..i).and_then(|t| t.chars().next_back());
        let after = text.get(i + word.len()..).and_then(|t| t.chars().next());
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// What is Dutch in an English page: catalogue texts and common Dutch words,
/// once the author's own words (titles, summaries, reasons, names) are left out.
fn dutch_in(app: &TestApp, html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let root = doc.root_element();
    assert_eq!(root.value().attr("lang"), Some("en"), "<html lang>");
    let mut text = String::new();
    text_of(root, &mut text);
    // The site's name is the author's (by default "Reacties", the software's).
    let name = doc
        .select(&scraper::Selector::parse(".site-naam").expect("selector"))
        .next();
    if let Some(name) = name {
        text = text.replace(&name.text().collect::<String>(), " ");
    }
    for article in app.state().articles.all() {
        let mut own = vec![
            article.title.clone(),
            article.summary.clone(),
            article.author.clone(),
        ];
        own.extend(article.reasons().map(|r| r.title.clone()));
        for words in own {
            text = text.replace(&words, " ");
        }
    }
    dutch_in_text(&text)
}

/// What is Dutch in an English text: catalogue texts and common Dutch words.
pub fn dutch_in_text(text: &str) -> Vec<String> {
    let nl = reacties::i18n::texts::NL.entries();
    let en = reacties::i18n::texts::EN.entries();
    let mut found: Vec<String> = nl
        .iter()
        .zip(&en)
        // The footer's button names the other language in that language.
        // A Dutch text found inside its own translation ("Mail" in "E-mail")
        // is English too.
        .filter(|((key, d), (_, e))| {
            d != e
                && d.trim().chars().count() >= 4
                && key != "frame.switch_to"
                && !has_word(e, d.trim())
        })
        .filter(|((_, d), _)| has_word(text, d.trim()))
        .map(|((key, d), _)| format!("{key} ({d:?})"))
        .collect();
    found.extend(
        DUTCH_WORDS
            .iter()
            .filter(|w| has_word(text, w))
            .map(|w| format!("the word {w:?}")),
    );
    found
}

/// Chooses English with the footer's button.
async fn choose_english(browser: &Browser) {
    let response = browser
        .post("/taal", &[("taal", "en"), ("terug", "/privacy")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/privacy");
    assert!(
        set_cookies(&response)
            .iter()
            .any(|c| c.starts_with("taal=en"))
    );
}

/// Fetches `path` and fails on Dutch in it; returns the page.
async fn walk(app: &TestApp, browser: &Browser, path: &str, leaks: &mut Vec<String>) -> String {
    let response = browser.get(path).await;
    let status = response.status();
    let html = response.text().await.expect("body");
    assert!(
        status.is_success() || status.is_client_error(),
        "GET {path}: {status}"
    );
    leaks.extend(
        dutch_in(app, &html)
            .into_iter()
            .map(|l| format!("{path}: {l}")),
    );
    html
}

/// Sends a form and fails on Dutch in the page that comes back.
async fn walk_post(
    app: &TestApp,
    browser: &Browser,
    path: &str,
    form: &[(&str, &str)],
    leaks: &mut Vec<String>,
) {
    let response = browser.post(path, form).await;
    let status = response.status();
    if status.is_redirection() {
        let to = location(&response);
        walk(app, browser, &to, leaks).await;
        return;
    }
    let html = response.text().await.expect("body");
    leaks.extend(
        dutch_in(app, &html)
            .into_iter()
            .map(|l| format!("POST {path}: {l}")),
    );
}

#[tokio::test]
async fn every_page_reads_in_english_for_guests_readers_and_the_author() {
    let app = TestApp::spawn_open().await;
    app.set("UPDATE settings SET guests_allowed = 1").await;
    let mut leaks = Vec::new();

    // A guest.
    let guest = app.browser();
    choose_english(&guest).await;
    for path in [
        "/".to_owned(),
        format!("/{SLUG}"),
        format!("/{SLUG}?volgorde=nieuwste"),
        "/inloggen".to_owned(),
        "/registreren".to_owned(),
        "/privacy".to_owned(),
        "/bestaat-niet".to_owned(),
        format!("/{SLUG}/redenen/1/reacties"),
    ] {
        walk(&app, &guest, &path, &mut leaks).await;
    }
    walk_post(
        &app,
        &guest,
        "/inloggen",
        &[("username", "nobody"), ("password", "wrong-password")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &guest,
        "/registreren",
        &[("username", "x"), ("password", "short")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &guest,
        &format!("/{SLUG}/reacties"),
        &[("body", "Hello there, a guest here.")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &guest,
        &format!("/{SLUG}/reacties"),
        &[("body", ""), ("name", "Guest Anna")],
        &mut leaks,
    )
    .await;

    // A reader.
    let reader = app.reader("reader_anna").await;
    choose_english(&reader).await;
    let own = reader.react("My first reaction, in English.", None).await;
    let other = app.reader("reader_bob").await;
    choose_english(&other).await;
    let reply = other.react("A reply from Bob.", Some(own)).await;
    other
        .post(&format!("/reacties/{own}/waarderen"), &[("waardeer", "ja")])
        .await;
    reader
        .post(&format!("/{SLUG}/redenen/1"), &[("keuze", "ja")])
        .await;
    for path in [
        "/".to_owned(),
        format!("/{SLUG}"),
        format!("/{SLUG}?reageer={reply}"),
        format!("/{SLUG}?geplaatst={own}"),
        "/voor-jou".to_owned(),
        "/mijn-reacties".to_owned(),
        "/account".to_owned(),
        format!("/reacties/{own}/bewerken"),
        format!("/reacties/{own}/verwijderen"),
        format!("/reacties/{reply}/melden"),
        format!("/{SLUG}/redenen/1/reacties"),
        "/moderatie".to_owned(),
    ] {
        walk(&app, &reader, &path, &mut leaks).await;
    }
    walk_post(
        &app,
        &reader,
        &format!("/{SLUG}/reacties"),
        &[("body", "")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        &format!("/{SLUG}/reacties"),
        &[("body", "Preview me"), ("actie", "voorbeeld")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        &format!("/reacties/{own}/bewerken"),
        &[("body", "")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        "/account/wachtwoord",
        &[("huidig", "wrong"), ("nieuw", "another-long-password")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        "/account/naam",
        &[("weergavenaam", "x")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        "/account/verwijderen",
        &[("wachtwoord", "wrong")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        &format!("/reacties/{reply}/melden"),
        &[("reden", "")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &reader,
        &format!("/reacties/{own}/waarderen"),
        &[("waardeer", "ja")],
        &mut leaks,
    )
    .await;

    // The author, with a held reaction, a reported one and a blocked reader.
    let author = app.author().await;
    choose_english(&author).await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    other
        .post_reaction("Held, with a link: https://example.org", None)
        .await;
    reader
        .post(
            &format!("/reacties/{reply}/melden"),
            &[("reden", "Rude, I think.")],
        )
        .await;
    let bob = app.user_id("reader_bob").await;
    author
        .post(
            &format!("/moderatie/lezers/{bob}/blokkeren"),
            &[("reden", "Rude"), ("tot", "2099-01-01")],
        )
        .await;
    walk_post(
        &app,
        &author,
        &format!("/moderatie/lezers/{bob}/blokkeren"),
        &[("tot", "1999-01-01")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &author,
        "/moderatie/bulk",
        &[("actie", "iets")],
        &mut leaks,
    )
    .await;
    walk(&app, &other, &format!("/{SLUG}"), &mut leaks).await;
    for path in [
        format!("/{SLUG}"),
        "/moderatie".to_owned(),
        "/moderatie/lezers".to_owned(),
        "/moderatie/instellingen".to_owned(),
        "/moderatie/site".to_owned(),
        "/moderatie/logboek".to_owned(),
        "/moderatie/redenen".to_owned(),
        format!("/moderatie/reacties/{reply}/bewerken"),
        format!("/moderatie/reacties/{reply}/verwijderen"),
    ] {
        walk(&app, &author, &path, &mut leaks).await;
    }
    walk_post(
        &app,
        &author,
        "/moderatie/site",
        &[("naam", &"x".repeat(100)), ("taal", "nl")],
        &mut leaks,
    )
    .await;
    walk_post(
        &app,
        &author,
        "/moderatie/instellingen",
        &[("links", "many")],
        &mut leaks,
    )
    .await;

    assert!(
        leaks.is_empty(),
        "Dutch in English pages:\n{}",
        leaks.join("\n")
    );
}

#[tokio::test]
async fn the_dutch_pages_stay_dutch_and_name_their_language() {
    let app = TestApp::spawn().await;
    let reader = app.browser();
    let html = reader.get_html(&format!("/{SLUG}")).await;
    let doc = Html::parse_document(&html);
    assert_eq!(doc.root_element().value().attr("lang"), Some("nl"));
    assert!(html.contains("Naar de inhoud"));
    assert!(
        html.contains(">English</button>"),
        "the footer offers English"
    );
}

#[tokio::test]
async fn no_cookie_is_set_until_a_reader_chooses_and_then_their_choice_holds() {
    let app = TestApp::spawn().await;
    let reader = app.browser();
    let first = reader.get("/").await;
    assert!(set_cookies(&first).is_empty());
    choose_english(&reader).await;
    let html = reader.get_html("/").await;
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Skip to content"));
    // Back to Dutch the same way.
    let back = reader
        .post("/taal", &[("taal", "nl"), ("terug", "/")])
        .await;
    assert!(set_cookies(&back).iter().any(|c| c.starts_with("taal=nl")));
    assert!(reader.get_html("/").await.contains("<html lang=\"nl\">"));
    // An address elsewhere is not followed; an unknown language sets nothing.
    let away = reader
        .post(
            "/taal",
            &[("taal", "de"), ("terug", "https://elders.example/")],
        )
        .await;
    assert_eq!(location(&away), "/");
    assert!(set_cookies(&away).is_empty());
}

#[tokio::test]
async fn the_authors_language_is_the_default_and_browsers_choose_only_when_allowed() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let saved = author
        .post(
            "/moderatie/site",
            &[
                ("naam", ""),
                ("beschrijving", ""),
                ("contact", ""),
                ("taal", "en"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let reader = app.browser();
    let html = reader.get_html("/").await;
    assert!(html.contains("<html lang=\"en\">"), "the site's language");

    let client = reqwest::Client::new();
    let dutch_browser = || {
        client
            .get(app.url(&format!("/{SLUG}")))
            .header("accept-language", "nl-NL,nl;q=0.9,en;q=0.5")
    };
    let page = dutch_browser().send().await.expect("GET");
    assert!(
        !page.headers()["vary"]
            .to_str()
            .expect("vary")
            .contains("Accept-Language")
    );
    assert!(
        page.text()
            .await
            .expect("body")
            .contains("<html lang=\"en\">"),
        "not allowed yet"
    );

    author
        .post(
            "/moderatie/site",
            &[
                ("naam", ""),
                ("beschrijving", ""),
                ("contact", ""),
                ("taal", "en"),
                ("browsertaal", "ja"),
            ],
        )
        .await;
    let page = dutch_browser().send().await.expect("GET");
    assert!(
        page.headers()["vary"]
            .to_str()
            .expect("vary")
            .contains("Accept-Language")
    );
    assert!(
        page.text()
            .await
            .expect("body")
            .contains("<html lang=\"nl\">")
    );
    // Again, now from the page cache: still per language.
    let page = dutch_browser().send().await.expect("GET");
    assert!(
        page.text()
            .await
            .expect("body")
            .contains("<html lang=\"nl\">")
    );
    let english = client
        .get(app.url(&format!("/{SLUG}")))
        .header("accept-language", "en-GB")
        .send()
        .await
        .expect("GET");
    assert!(
        english
            .text()
            .await
            .expect("body")
            .contains("<html lang=\"en\">")
    );
    // The reader's own choice wins over the browser's.
    let chooser = app.browser();
    chooser
        .post("/taal", &[("taal", "en"), ("terug", "/")])
        .await;
    let chosen = chooser
        .client
        .get(app.url("/"))
        .header("accept-language", "nl")
        .send()
        .await
        .expect("GET");
    assert!(
        chosen
            .text()
            .await
            .expect("body")
            .contains("<html lang=\"en\">")
    );
}

#[tokio::test]
async fn the_page_cache_answers_each_language_early_and_apart() {
    let app = TestApp::spawn().await;
    let path = format!("/{SLUG}");
    let dutch = app.browser();
    let english = app.browser();
    choose_english(&english).await;
    let before = app.state().cache.early_answers();
    let nl_first = dutch.get_html(&path).await;
    let en_first = english.get_html(&path).await;
    let nl_again = dutch.get_html(&path).await;
    let en_again = english.get_html(&path).await;
    assert_eq!(
        app.state().cache.early_answers() - before,
        2,
        "both second reads come early"
    );
    assert_eq!(nl_first, nl_again);
    assert_eq!(en_first, en_again);
    assert!(nl_again.contains("<html lang=\"nl\">") && en_again.contains("<html lang=\"en\">"));
    // Dates and counts in English too.
    let reader = app.reader("reader_dates").await;
    reader
        .post("/taal", &[("taal", "en"), ("terug", "/")])
        .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    reader.react("Dates, please.", None).await;
    let html = reader.get_html(&path).await;
    assert!(html.contains("just now"), "relative time in English");
    assert!(html.contains("1 reaction"), "counts in English");
    assert!(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December"
        ]
        .iter()
        .any(|m| html.contains(m)),
        "the publication date in English"
    );
    let _ = PASSWORD;
}

#[tokio::test]
async fn feeds_follow_the_language_and_are_kept_per_language() {
    let app = TestApp::spawn().await;
    let dutch = app.browser();
    let english = app.browser();
    choose_english(&english).await;
    for path in ["/reacties.xml".to_owned(), format!("/{SLUG}/reacties.xml")] {
        let nl = dutch.get_html(&path).await;
        let en = english.get_html(&path).await;
        assert!(
            nl.contains(r#"xml:lang="nl""#) && nl.contains("Reacties op"),
            "{path}"
        );
        assert!(
            en.contains(r#"xml:lang="en""#) && en.contains("Reactions to"),
            "{path}"
        );
        // Cached apart: asked again, each keeps its language.
        assert_eq!(dutch.get_html(&path).await, nl);
        assert_eq!(english.get_html(&path).await, en);
    }
}
