use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{SLUG, TestApp, select, texts};

#[tokio::test]
async fn the_article_renders_with_all_seven_reasons_the_signature_and_the_book_title() {
    let app = TestApp::spawn_open().await;
    let html = app.browser().article().await;

    assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("nl"));
    assert_eq!(
        texts(&html, "article.artikel > header h1"),
        ["Zeven redenen voor NEE"]
    );
    let headings = texts(&html, "article.artikel h2");
    assert_eq!(
        headings,
        [
            "1. NEE is balans",
            "2. NEE is focus",
            "3. NEE is vertrouwen",
            "4. NEE is realistische verwachtingen",
            "5. NEE is verrassing",
            "6. NEE is kracht",
            "7. JA is waardevoller",
        ]
    );
    // The heading that repeats the title is a lead-in, not a second title (issue #11).
    assert_eq!(
        texts(&html, "article.artikel p.tussenkop"),
        ["Zeven redenen voor NEE"]
    );
    assert_eq!(select(&html, "h1").len(), 1, "one h1 per page");
    let body = texts(&html, "article.artikel").join(" ");
    assert!(body.starts_with("Zeven redenen voor NEE"));
    assert!(body.contains(
        "Als ondernemer willen we onze klanten zo goed mogelijk helpen, de klant is koning."
    ));
    assert!(body.contains("welk addertje zit er onder het gras?"));
    assert!(body.contains("Reacties zijn van harte welkom, voel je vrij om NEE te zeggen!"));
    let signature = texts(&html, "article.artikel footer.handtekening").join(" ");
    assert!(signature.contains("Hartelijke groet,"));
    assert!(signature.contains("Olaf Rutten"));
    assert_eq!(
        texts(&html, "footer.handtekening cite"),
        ["“Minder werken, meer verdienen”"]
    );
    assert!(!body.contains("3.NEE"));
}

#[tokio::test]
async fn the_article_page_has_meta_tags_a_date_and_no_foreign_requests() {
    let app = TestApp::spawn_open().await;
    let html = app.browser().article().await;

    let meta = |selector: &str| {
        select(&html, selector)
            .first()
            .and_then(|e| e.value().attr("content"))
            .map(str::to_owned)
    };
    assert_eq!(
        meta("meta[property='og:title']").as_deref(),
        Some("Zeven redenen voor NEE")
    );
    assert_eq!(meta("meta[property='og:type']").as_deref(), Some("article"));
    assert!(meta("meta[name='description']").is_some_and(|d| d.contains("NEE zeggen")));
    assert!(meta("meta[property='og:url']").is_some_and(|u| u.ends_with(SLUG)));
    assert_eq!(
        select(&html, "article.artikel header time")[0]
            .value()
            .attr("datetime"),
        Some("2026-11-26")
    );
    // Nothing is loaded from another host: every src and stylesheet is local.
    for element in select(&html, "[src], link[rel='stylesheet'], link[rel='icon']") {
        let url = element
            .value()
            .attr("src")
            .or_else(|| element.value().attr("href"))
            .unwrap_or_default();
        assert!(
            url.starts_with('/') && !url.starts_with("//"),
            "external resource {url}"
        );
    }
    // JavaScript only enhances: one deferred script of our own, nothing inline
    // (the JSON-LD block is data, never run).
    let scripts = select(&html, r#"script:not([type="application/ld+json"])"#);
    assert_eq!(scripts.len(), 1);
    assert!(
        scripts[0]
            .value()
            .attr("src")
            .is_some_and(|s| s.starts_with("/static/reacties."))
    );
    assert!(scripts[0].value().attr("defer").is_some());
    let login_links = select(&html, "a[href^='/inloggen?terug=']");
    let register_links = select(&html, "a[href^='/registreren?terug=']");
    assert!(!login_links.is_empty() && !register_links.is_empty());
}

#[tokio::test]
async fn the_stylesheet_supports_dark_mode_print_and_small_screens() {
    let app = TestApp::spawn_open().await;
    let response = app.browser().get("/static/reacties.css").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/css"))
    );
    let css = response.text().await.expect("css");
    assert!(css.contains("prefers-color-scheme: dark"));
    assert!(css.contains("@media print"));
    assert!(!css.contains("@import") && !css.contains("url(http"));
}

#[tokio::test]
async fn the_index_lists_each_article_with_date_summary_and_reaction_count() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    reader.react("Mooi stuk.", None).await;
    reader.react("Nog iets.", None).await;

    let html = Html::parse_document(&app.browser().get_html("/").await);
    let links = select(&html, "ul.artikelen a");
    assert_eq!(links.len(), 1);
    assert_eq!(
        links[0].value().attr("href"),
        Some("/zeven-redenen-voor-nee")
    );
    assert_eq!(
        links[0].text().collect::<String>(),
        "Zeven redenen voor NEE"
    );
    let meta = texts(&html, "ul.artikelen .meta").join(" ");
    assert!(meta.contains("26 november 2026"), "{meta}");
    assert!(meta.contains("2 reacties"), "{meta}");
    assert!(
        texts(&html, "ul.artikelen p")
            .join(" ")
            .contains("nu weet ik beter")
    );
}

#[tokio::test]
async fn unknown_paths_and_slugs_get_a_dutch_404_page() {
    let app = TestApp::spawn_open().await;
    let browser = app.browser();
    for path in [
        "/bestaat-niet",
        "/een/twee/drie",
        "/static/niets.css",
        "/reacties/1/bewerken-niet",
    ] {
        let response = browser.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(texts(&html, "h1"), ["Pagina niet gevonden"], "{path}");
        assert_eq!(select(&html, "html")[0].value().attr("lang"), Some("nl"));
        assert_eq!(select(&html, "link[rel='stylesheet']").len(), 1, "styled");
    }
}

#[tokio::test]
async fn an_error_page_still_shows_who_is_logged_in() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let response = reader.get("/bestaat-niet").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "header.site .wie strong"), ["lezer"]);
    assert_eq!(texts(&html, "h1"), ["Pagina niet gevonden"]);
}

/// Settings for a server whose content folder holds the real article and one
/// more with `slug`.
async fn config_with_extra_article(
    dir: &tempfile::TempDir,
    slug: &str,
) -> (reacties::config::Config, crate::database::TestDatabase) {
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content dir");
    let real = crate::helpers::repo().join("content");
    for entry in std::fs::read_dir(real).expect("read content") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, content.join(path.file_name().expect("name"))).expect("copy");
    }
    std::fs::write(
        content.join("extra.md"),
        format!(
            "+++\ntitle = \"Extra\"\nslug = \"{slug}\"\nauthor = \"A\"\npublished = \"2026-11-20\"\nlanguage = \"nl\"\nsummary = \"S\"\n+++\n\nTekst.\n"
        ),
    )
    .expect("write article");
    let mut config = crate::helpers::test_config(dir, "http://127.0.0.1");
    config.content = content;
    let (database, path) = crate::database::TestDatabase::create(dir).await;
    config.database = path;
    (config, database)
}

#[tokio::test]
async fn an_article_whose_address_belongs_to_the_site_refuses_to_start_with_a_clear_message() {
    for slug in ["voorbeeld", "inloggen", "moderatie", "healthz", "privacy"] {
        let dir = tempfile::tempdir().expect("temp dir");
        let (config, _database) = config_with_extra_article(&dir, slug).await;
        let error = reacties::startup::Application::build(config)
            .await
            .expect_err("a shadowed article must not start");
        let message = format!("{error:#}");
        assert!(
            message.contains(&format!("/{slug}")) && message.contains("Kies een andere slug"),
            "{slug}: {message}"
        );
    }
}

#[tokio::test]
async fn an_article_whose_slug_only_looks_like_a_route_is_served() {
    // `/static/{name}` needs two segments, so an article called "static" is fine.
    let dir = tempfile::tempdir().expect("temp dir");
    let (config, _database) = config_with_extra_article(&dir, "static").await;
    let app = reacties::startup::Application::build(config)
        .await
        .expect("starts");
    let addr = app.local_addr().expect("addr");
    let server = tokio::spawn(app.run_until_stopped(std::future::pending()));
    let page = reqwest::get(format!("http://{addr}/static"))
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    assert!(page.contains("<h1>Extra</h1>"), "{page}");
    server.abort();
}
