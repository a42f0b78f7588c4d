//! Headers on every response, cross-site posts to every form, the honeypot and
//! fill time, repeated text and cleaned text.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, PASSWORD, SLUG, TestApp, location, reaction_texts, select, texts};

fn assert_security_headers(response: &reqwest::Response, what: &str) {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("{what}: no {name}"))
            .to_owned()
    };
    let csp = header("content-security-policy");
    for part in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
        "script-src 'self'",
    ] {
        assert!(csp.contains(part), "{what}: CSP lacks {part}");
    }
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{what}: {csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "same-origin", "{what}");
    assert!(header("permissions-policy").contains("camera=()"), "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let id = reader.react_any("Hallo", None).await;
    let anonymous = app.browser();
    let responses = vec![
        ("index", anonymous.get("/").await),
        ("article", anonymous.get(&format!("/{SLUG}")).await),
        ("404", anonymous.get("/bestaat-niet").await),
        ("css", anonymous.get("/static/reacties.css").await),
        ("healthz", anonymous.get("/healthz").await),
        ("login", anonymous.get("/inloggen").await),
        ("redirect", reader.post_reaction("Nog een", None).await),
        (
            "403",
            reader
                .get(&format!("/moderatie/reacties/{id}/bewerken"))
                .await,
        ),
        ("queue", author.get("/moderatie").await),
        ("413", reader.post_reaction(&"x".repeat(70_000), None).await),
        (
            "cross-site 403",
            reader
                .client
                .post(app.url("/uitloggen"))
                .header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://kwaad.example")
                .send()
                .await
                .expect("POST"),
        ),
    ];
    for (what, response) in &responses {
        assert_security_headers(response, what);
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "{what}: no HSTS on http"
        );
    }
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_runs_on_https() {
    let app = TestApp::spawn_with_url("https://blog.example.nl").await;
    let response = app.browser().get("/").await;
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .expect("ascii");
    assert!(hsts.starts_with("max-age=31536000"));
}

#[tokio::test]
async fn no_page_has_inline_scripts_or_style_attributes() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let parent = reader.react_any("Eerste", None).await;
    reader.react_any("Antwoord", Some(parent)).await;
    let pages: Vec<(&Browser, String)> = vec![
        (&reader, "/".into()),
        (&reader, format!("/{SLUG}")),
        (&reader, format!("/{SLUG}?reageer={parent}")),
        (&reader, "/account".into()),
        (&reader, "/privacy".into()),
        (&reader, format!("/reacties/{parent}/bewerken")),
        (&author, "/moderatie".into()),
        (&author, "/moderatie/lezers".into()),
        (&author, "/moderatie/instellingen".into()),
        (&author, "/moderatie/logboek".into()),
        (&author, format!("/{SLUG}")),
    ];
    for (browser, path) in pages {
        let html = Html::parse_document(&browser.get_html(&path).await);
        // JSON-LD is a data block, never run (see `reach::jsonld`).
        for script in select(&html, r#"script:not([type="application/ld+json"])"#) {
            assert!(
                script
                    .value()
                    .attr("src")
                    .is_some_and(|s| s.starts_with("/static/")),
                "{path}: inline script"
            );
        }
        assert!(
            select(&html, "[style], style").is_empty(),
            "{path}: inline style"
        );
    }
    for path in ["/inloggen", "/registreren", "/bestaat-niet"] {
        let html = Html::parse_document(&app.browser().get(path).await.text().await.expect("body"));
        assert!(
            select(&html, "script:not([src^='/static/']), [style], style").is_empty(),
            "{path}"
        );
    }
}

/// Every form in the application, with fields that would change something.
fn every_form(reaction: i64, user: i64) -> Vec<(String, Vec<(&'static str, String)>)> {
    let f = |pairs: &[(&'static str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (*k, (*v).to_owned()))
            .collect::<Vec<_>>()
    };
    let mut forms = vec![
        (format!("/{SLUG}/reacties"), f(&[("body", "Ongewenst")])),
        (
            format!("/reacties/{reaction}/bewerken"),
            f(&[("body", "Ongewenst")]),
        ),
        (format!("/reacties/{reaction}/verwijderen"), vec![]),
        (format!("/reacties/{reaction}/melden"), f(&[("reden", "x")])),
        (
            "/registreren".into(),
            f(&[("username", "kwaad"), ("password", PASSWORD)]),
        ),
        (
            "/inloggen".into(),
            f(&[("username", "lezer"), ("password", PASSWORD)]),
        ),
        ("/uitloggen".into(), vec![]),
        (
            "/account/wachtwoord".into(),
            f(&[
                ("huidig", PASSWORD),
                ("nieuw", "ander-heel-lang-wachtwoord"),
            ]),
        ),
        ("/account/overal-uitloggen".into(), vec![]),
        (
            "/account/verwijderen".into(),
            f(&[("wachtwoord", PASSWORD), ("reacties", "verwijderen")]),
        ),
        (
            format!("/moderatie/reacties/{reaction}/bewerken"),
            f(&[("body", "Ongewenst"), ("note", "x")]),
        ),
        (
            "/moderatie/bulk".into(),
            vec![("ids", reaction.to_string()), ("actie", "afwijzen".into())],
        ),
        (
            "/moderatie/instellingen".into(),
            f(&[
                ("premoderatie", "all"),
                ("links", "1"),
                ("accountleeftijd", "0"),
                ("meldingen", "1"),
            ]),
        ),
        (
            format!("/moderatie/artikelen/{SLUG}"),
            f(&[("gesloten", "1")]),
        ),
        ("/moderatie/feed/vernieuwen".into(), vec![]),
    ];
    for action in [
        "goedkeuren",
        "afwijzen",
        "spam",
        "verwijderen",
        "verbergen",
        "vastpinnen",
        "vergrendelen",
    ] {
        forms.push((format!("/moderatie/reacties/{reaction}/{action}"), vec![]));
    }
    for action in ["blokkeren", "schaduwban", "vertrouwen"] {
        forms.push((
            format!("/moderatie/lezers/{user}/{action}"),
            f(&[("reden", "x")]),
        ));
    }
    forms
}

#[tokio::test]
async fn a_cross_site_post_to_any_form_is_refused_and_changes_nothing() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let reaction = reader.react_any("Origineel", None).await;
    let user = app.user_id("lezer").await;
    let snapshot = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_as::<_, (i64, i64, i64, i64, i64, String)>(
                "SELECT (SELECT COUNT(*) FROM reactions), (SELECT COUNT(*) FROM users),
                        (SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM audit_log),
                        (SELECT COUNT(*) FROM reports),
                        (SELECT string_agg(status || body_source, ',') FROM reactions) || (SELECT premoderation || feed_token FROM settings)",
            )
            .fetch_one(&pool)
            .await
            .expect("snapshot")
        }
    };
    let before = snapshot(&app).await;
    for (path, form) in every_form(reaction, user) {
        for (who, browser) in [("reader", &reader), ("author", &author)] {
            for (origin, site) in [
                ("https://kwaad.example", "cross-site"),
                ("https://kwaad.example", "same-site"),
            ] {
                let response = browser
                    .client
                    .post(app.url(&path))
                    .header("Origin", origin)
                    .header("Sec-Fetch-Site", site)
                    .form(&form)
                    .send()
                    .await
                    .expect("POST");
                assert_eq!(
                    response.status(),
                    StatusCode::FORBIDDEN,
                    "{who} {site} {path}"
                );
            }
            // Old browsers send only Origin.
            let response = browser
                .client
                .post(app.url(&path))
                .header("Origin", "https://kwaad.example")
                .form(&form)
                .send()
                .await
                .expect("POST");
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{who} origin-only {path}"
            );
        }
    }
    assert_eq!(snapshot(&app).await, before);
    // The same forms from the site itself still work.
    let same = reader
        .client
        .post(app.url(&format!("/{SLUG}/reacties")))
        .header("Origin", format!("http://{}", app.addr))
        .header("Sec-Fetch-Site", "same-origin")
        .form(&[("body", "Van de site zelf")])
        .send()
        .await
        .expect("POST");
    assert_eq!(same.status(), StatusCode::SEE_OTHER);
}

fn form_token(html: &str) -> String {
    let page = Html::parse_document(html);
    select(&page, "input[name='formulier_tijd']")
        .first()
        .and_then(|e| e.value().attr("value"))
        .expect("form carries a fill-time token")
        .to_owned()
}

#[tokio::test]
async fn a_bot_filling_the_honeypot_sees_success_and_nothing_is_stored() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let token = form_token(&reader.get_html(&format!("/{SLUG}")).await);
    app.clock.advance(10);
    let response = reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[
                ("body", "Koop nu!"),
                ("website", "http://spam.example"),
                ("formulier_tijd", &token),
            ],
        )
        .await;
    assert_eq!(
        response.status(),
        StatusCode::SEE_OTHER,
        "looks like success"
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);

    let bot = app.browser();
    let token = form_token(&bot.get_html("/registreren").await);
    app.clock.advance(10);
    let response = bot
        .post(
            "/registreren",
            &[
                ("username", "robot"),
                ("password", PASSWORD),
                ("website", "x"),
                ("formulier_tijd", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert!(crate::helpers::set_cookies(&response).is_empty());
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'robot'")
            .await,
        0
    );

    // A forged or tampered fill-time token counts as a bot too.
    let forged = reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", "Vervalst"), ("formulier_tijd", "1.abcdef")],
        )
        .await;
    assert_eq!(forged.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
}

#[tokio::test]
async fn a_form_sent_faster_than_a_person_can_is_refused_neutrally_and_keeps_the_text() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let token = form_token(&reader.get_html(&format!("/{SLUG}")).await);
    let response = reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[
                ("body", "Heel snel getypt"),
                ("formulier_tijd", &token),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(texts(&html, "#reageer .fout")[0].contains("wat snel"));
    assert_eq!(texts(&html, "#reageer textarea"), ["Heel snel getypt"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);

    app.clock.advance(3);
    let response = reader
        .post(
            &format!("/{SLUG}/reacties"),
            &[
                ("body", "Heel snel getypt"),
                ("formulier_tijd", &token),
                ("website", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let newcomer = app.browser();
    let token = form_token(&newcomer.get_html("/registreren").await);
    let response = newcomer
        .post(
            "/registreren",
            &[
                ("username", "vlug"),
                ("password", PASSWORD),
                ("formulier_tijd", &token),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(
        select(&html, "#registreren-naam")[0].value().attr("value"),
        Some("vlug")
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE username = 'vlug'")
            .await,
        0
    );
}

#[tokio::test]
async fn the_same_text_twice_within_an_hour_is_refused() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    reader.react_any("Precies dit", None).await;
    let again = reader.post_reaction("  Precies dit ", None).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&again.text().await.expect("body"));
    assert!(texts(&html, "#reageer .fout")[0].contains("net al geplaatst"));
    let kept = select(&html, "#reageer textarea")[0]
        .text()
        .collect::<String>();
    assert_eq!(kept, "  Precies dit ", "exactly as typed");
    // Someone else may say the same; and after an hour so may the same reader.
    app.reader("ander")
        .await
        .react_any("Precies dit", None)
        .await;
    app.clock.advance(3601);
    reader.react_any("Precies dit", None).await;
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 3);
}

#[tokio::test]
async fn names_and_reactions_are_stored_as_nfc_without_controls_or_bidi_overrides() {
    let app = TestApp::spawn_open().await;
    let reader = app.browser();
    let response = reader.register("Zoe\u{0308}\u{202E}x", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let name: String = sqlx::query_scalar("SELECT username FROM users")
        .fetch_one(&app.pool)
        .await
        .expect("user");
    assert_eq!(name, "Zoëx");
    reader
        .react_any(
            "Cafe\u{0301} \u{202E}lekker\u{202C}\u{0007} en\u{2066} goed",
            None,
        )
        .await;
    let body: String = sqlx::query_scalar("SELECT body_source FROM reactions")
        .fetch_one(&app.pool)
        .await
        .expect("reaction");
    assert_eq!(body, "Café lekker en goed");
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Café lekker en goed"]
    );
    let _ = location(&response);
}
