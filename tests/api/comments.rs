use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{
    PASSWORD, SLUG, TestApp, location, reaction_id, reaction_texts, select, texts,
};

#[tokio::test]
async fn a_reader_posts_a_reaction_and_sees_it_confirmed_with_name_time_and_permalink() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;

    let response = reader
        .post_reaction("Wat een *herkenbaar* stuk.", None)
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let id = reaction_id(&response);
    assert_eq!(
        location(&response),
        format!("/{SLUG}?geplaatst={id}#reactie-{id}")
    );
    // Committed before the reader is told.
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reactions WHERE status = 'approved'")
            .await,
        1
    );

    let html = Html::parse_document(&reader.get_html(&format!("/{SLUG}?geplaatst={id}")).await);
    assert_eq!(
        texts(&html, "#reacties .melding"),
        ["Je reactie is geplaatst."]
    );
    let item = &select(&html, &format!("li#reactie-{id}"))[0];
    let item_html = Html::parse_fragment(&item.html());
    assert_eq!(texts(&item_html, ".naam"), ["lezer"]);
    assert!(item.html().contains("<em>herkenbaar</em>"));
    let time = &select(&item_html, "time")[0];
    assert_eq!(time.text().collect::<String>(), "zojuist");
    assert!(
        time.value()
            .attr("datetime")
            .is_some_and(|d| d.ends_with('Z'))
    );
    assert_eq!(
        select(&item_html, "a.permalink")[0].value().attr("href"),
        Some(format!("#reactie-{id}").as_str())
    );
    assert_eq!(texts(&html, "#reacties-kop"), ["Reacties (1)"]);

    // Relative time moves on with the clock.
    app.clock.advance(3 * 3600);
    let later = app.browser().article().await;
    assert_eq!(texts(&later, "#reacties time"), ["3 uur geleden"]);
}

#[tokio::test]
async fn reactions_are_listed_oldest_first_and_replies_nest_three_levels_deep() {
    let app = TestApp::spawn_open().await;
    let anne = app.reader("anne").await;
    let bram = app.reader("bram").await;

    let first = anne.react("eerste", None).await;
    let second = bram.react("tweede", None).await;
    let reply = bram.react("antwoord", Some(first)).await;
    let level3 = anne.react("niveau drie", Some(reply)).await;
    let level4 = bram.react("niveau vier", Some(level3)).await;

    let html = app.browser().article().await;
    assert_eq!(
        reaction_texts(&html),
        ["eerste", "antwoord", "niveau drie", "niveau vier", "tweede"]
    );
    assert_eq!(
        select(&html, &format!("ol.draad > li#reactie-{first}.niveau-1")).len(),
        1
    );
    assert_eq!(
        select(&html, &format!("li#reactie-{second}.niveau-1")).len(),
        1
    );
    assert_eq!(
        select(
            &html,
            &format!("li#reactie-{first} > ol.draad > li#reactie-{reply}.niveau-2")
        )
        .len(),
        1
    );
    assert_eq!(
        select(
            &html,
            &format!("li#reactie-{reply} > ol.draad > li#reactie-{level3}.niveau-3")
        )
        .len(),
        1
    );
    // The fourth level is shown beside the third, saying whom it answers.
    assert_eq!(
        select(
            &html,
            &format!("li#reactie-{reply} > ol.draad > li#reactie-{level4}.niveau-3")
        )
        .len(),
        1
    );
    let item = Html::parse_fragment(&select(&html, &format!("li#reactie-{level4}"))[0].html());
    assert_eq!(texts(&item, ".reageert-op"), ["reageert op anne"]);
    assert!(
        select(&html, "li.niveau-3 ol").is_empty(),
        "nothing deeper than level 3"
    );
}

#[tokio::test]
async fn a_reply_form_opens_beneath_the_reaction_without_javascript() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Vraag?", None).await;
    let html = Html::parse_document(&reader.get_html(&format!("/{SLUG}?reageer={id}")).await);
    let form = select(&html, &format!("li#reactie-{id} form#reageer-{id}"));
    assert_eq!(form.len(), 1);
    let form = Html::parse_fragment(&form[0].html());
    assert_eq!(
        select(&form, "input[name='parent_id']")[0]
            .value()
            .attr("value"),
        Some(id.to_string().as_str())
    );
    assert_eq!(select(&form, "textarea[name='body']").len(), 1);
}

#[tokio::test]
async fn an_empty_or_too_long_reaction_comes_back_with_a_dutch_message_and_the_text_intact() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let long = "a".repeat(5001);
    for (body, expected) in [
        ("   \n  ", "nog leeg"),
        (long.as_str(), "het maximum is 5.000"),
    ] {
        let response = reader.post_reaction(body, None).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, "#reageer .fout")[0].contains(expected));
        assert_eq!(texts(&html, "#reageer textarea"), [body.trim()]);
    }
    // A refused reply comes back in its own reply form.
    let parent = reader.react("Vraag?", None).await;
    let response = reader.post_reaction(&long, Some(parent)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(
        texts(&html, &format!("#reageer-{parent} textarea")),
        [long.as_str()]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 1);

    // Exactly 5,000 characters after trimming is fine.
    let fits = format!("  {}  ", "é".repeat(5000));
    assert_eq!(
        reader.post_reaction(&fits, None).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_reply_to_a_missing_or_foreign_reaction_is_refused_and_the_text_kept() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let response = reader.post_reaction("Mijn antwoord", Some(999_999)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(texts(&html, "#reageer .fout")[0].contains("bestaat niet (meer)"));
    assert_eq!(texts(&html, "#reageer textarea"), ["Mijn antwoord"]);
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
}

#[tokio::test]
async fn an_anonymous_reader_is_invited_to_log_in_and_keeps_the_text() {
    let app = TestApp::spawn_open().await;
    let article = app.browser().article().await;
    assert_eq!(select(&article, "#reageer textarea[name='body']").len(), 1);
    assert!(texts(&article, "#reageer .uitnodiging")[0].contains("niet ingelogd"));

    let anonymous = app.browser();
    let response = anonymous
        .post_reaction("Mijn **eerste** gedachte", None)
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let page = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
    // Both the login and the registration form carry the draft.
    for action in ["/inloggen", "/registreren"] {
        let kept = select(
            &page,
            &format!("form[action='{action}'] input[name='draft_body']"),
        );
        assert_eq!(
            kept[0].value().attr("value"),
            Some("Mijn **eerste** gedachte")
        );
    }
}

#[tokio::test]
async fn the_draft_is_back_in_the_form_after_registering() {
    let app = TestApp::spawn_open().await;
    let browser = app.browser();
    let response = browser
        .post(
            "/registreren",
            &[
                ("username", "nieuw"),
                ("password", PASSWORD),
                ("draft_slug", SLUG),
                ("draft_body", "Regel een\nRegel twee"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/{SLUG}#reageer"));
    let html = browser.article().await;
    assert_eq!(texts(&html, "#reageer textarea"), ["Regel een\nRegel twee"]);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reactions").await,
        0,
        "restored, not posted"
    );

    browser.react("Regel een\nRegel twee", None).await;
    let html = browser.article().await;
    assert_eq!(
        texts(&html, "#reageer textarea"),
        [""],
        "the draft is gone once posted"
    );
}

#[tokio::test]
async fn a_reply_draft_is_back_in_its_reply_form_after_logging_in() {
    let app = TestApp::spawn_open().await;
    let author = app.reader("schrijver").await;
    let parent = author.react("Vraag?", None).await;
    app.reader("lezer").await;

    let browser = app.browser();
    let parent_text = parent.to_string();
    let response = browser
        .post(
            "/inloggen",
            &[
                ("username", "lezer"),
                ("password", PASSWORD),
                ("draft_slug", SLUG),
                ("draft_parent_id", &parent_text),
                ("draft_body", "Mijn antwoord"),
            ],
        )
        .await;
    assert_eq!(
        location(&response),
        format!("/{SLUG}?reageer={parent}#reageer-{parent}")
    );
    let html = Html::parse_document(&browser.get_html(&location(&response)).await);
    assert_eq!(
        texts(&html, &format!("#reageer-{parent} textarea")),
        ["Mijn antwoord"]
    );
}

#[tokio::test]
async fn a_failed_login_keeps_the_draft() {
    let app = TestApp::spawn_open().await;
    let response = app
        .browser()
        .post(
            "/inloggen",
            &[
                ("username", "niemand"),
                ("password", "fout-fout-fout"),
                ("draft_slug", SLUG),
                ("draft_body", "Bewaar mij"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let html = Html::parse_document(&response.text().await.expect("body"));
    let kept = select(
        &html,
        "form[action='/registreren'] input[name='draft_body']",
    );
    assert_eq!(kept[0].value().attr("value"), Some("Bewaar mij"));
}

#[tokio::test]
async fn a_writer_edits_within_15_minutes_and_the_reaction_is_marked_edited() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Eerste versie", None).await;
    app.clock.advance(14 * 60);

    let form = Html::parse_document(&reader.get_html(&format!("/reacties/{id}/bewerken")).await);
    assert_eq!(texts(&form, "textarea[name='body']"), ["Eerste versie"]);
    let response = reader
        .post(
            &format!("/reacties/{id}/bewerken"),
            &[("body", "Tweede **versie**")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&response),
        format!("/{SLUG}?bewerkt={id}#reactie-{id}")
    );

    let html = app.browser().article().await;
    assert_eq!(reaction_texts(&html), ["Tweede versie"]);
    assert_eq!(texts(&html, ".reactie .bewerkt"), ["bewerkt"]);
}

#[tokio::test]
async fn editing_after_15_minutes_is_refused_and_the_text_stays() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Origineel", None).await;
    app.clock.advance(15 * 60 + 1);

    assert_eq!(
        reader
            .get(&format!("/reacties/{id}/bewerken"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let response = reader
        .post(&format!("/reacties/{id}/bewerken"), &[("body", "Te laat")])
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(texts(&html, "main p")[0].contains("15 minuten"));
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Origineel"]
    );
    let article = reader.article().await;
    assert!(select(&article, &format!("a[href='/reacties/{id}/bewerken']")).is_empty());
}

#[tokio::test]
async fn an_invalid_edit_comes_back_with_the_text() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Origineel", None).await;
    let long = "b".repeat(5001);
    let response = reader
        .post(&format!("/reacties/{id}/bewerken"), &[("body", &long)])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "textarea"), [long.as_str()]);
    assert!(texts(&html, ".fout")[0].contains("5.000"));
}

#[tokio::test]
async fn a_deleted_reaction_without_replies_disappears() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Weg ermee", None).await;
    app.clock.advance(7 * 24 * 3600);

    let confirm = reader
        .get_html(&format!("/reacties/{id}/verwijderen"))
        .await;
    assert!(confirm.contains("Ja, verwijderen"));
    let response = reader
        .post(&format!("/reacties/{id}/verwijderen"), &[])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);

    let html = app.browser().article().await;
    assert!(select(&html, &format!("#reactie-{id}")).is_empty());
    assert_eq!(texts(&html, "#reacties-kop"), ["Reacties (0)"]);
    let body: String = sqlx::query_scalar("SELECT body_source FROM reactions")
        .fetch_one(&app.pool)
        .await
        .expect("row");
    assert_eq!(body, "", "the text itself is gone");
}

#[tokio::test]
async fn a_deleted_reaction_with_replies_stays_as_verwijderd() {
    let app = TestApp::spawn_open().await;
    let anne = app.reader("anne").await;
    let bram = app.reader("bram").await;
    let id = anne.react("Geheim", None).await;
    bram.react("Antwoord", Some(id)).await;

    anne.post(&format!("/reacties/{id}/verwijderen"), &[]).await;
    let html = app.browser().article().await;
    let item = Html::parse_fragment(&select(&html, &format!("li#reactie-{id}"))[0].html());
    assert_eq!(
        texts(&html, &format!("li#reactie-{id} > article > header .naam")),
        ["[verwijderd]"]
    );
    assert!(!item.html().contains("Geheim") && !item.html().contains(">anne<"));
    assert_eq!(reaction_texts(&html), ["Antwoord"]);
    assert_eq!(texts(&html, "#reacties-kop"), ["Reacties (1)"]);
}

#[tokio::test]
async fn a_reader_cannot_edit_or_delete_another_readers_reaction() {
    let app = TestApp::spawn_open().await;
    let anne = app.reader("anne").await;
    let bram = app.reader("bram").await;
    let id = anne.react("Van Anne", None).await;

    for path in [
        format!("/reacties/{id}/bewerken"),
        format!("/reacties/{id}/verwijderen"),
    ] {
        assert_eq!(
            bram.get(&path).await.status(),
            StatusCode::FORBIDDEN,
            "GET {path}"
        );
        let response = bram.post(&path, &[("body", "Van Bram")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "POST {path}");
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, "main p")[0].contains("alleen je eigen reacties"));
    }
    let article = bram.article().await;
    assert!(select(&article, &format!("a[href='/reacties/{id}/bewerken']")).is_empty());
    assert_eq!(reaction_texts(&app.browser().article().await), ["Van Anne"]);
}

#[tokio::test]
async fn an_anonymous_visitor_is_sent_to_log_in_for_edit_and_delete() {
    let app = TestApp::spawn_open().await;
    let id = app.reader("anne").await.react("Van Anne", None).await;
    let anonymous = app.browser();
    for path in [
        format!("/reacties/{id}/bewerken"),
        format!("/reacties/{id}/verwijderen"),
    ] {
        let response = anonymous.post(&path, &[("body", "overschreven")]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        assert!(location(&response).starts_with("/inloggen?terug="));
    }
    assert_eq!(reaction_texts(&app.browser().article().await), ["Van Anne"]);
}

#[tokio::test]
async fn markdown_with_scripts_javascript_links_and_event_handlers_renders_inert() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    reader
        .react(
            "<script>alert(1)</script>\n\n[klik](javascript:alert(2))\n\n<img src=x onerror=alert(3)>\n\n<a href=\"javascript:alert(4)\" onclick=\"alert(5)\">x</a>\n\n[data](data:text/html;base64,PHNjcmlwdD4=)\n\n[goed](https://example.nl/)",
            None,
        )
        .await;
    let html = app.browser().article().await;
    let reactions = select(&html, "#reacties .tekst");
    let fragment = Html::parse_fragment(&reactions[0].html());
    assert!(select(&fragment, "script, img, iframe, svg").is_empty());
    for element in select(&fragment, "*") {
        for (name, value) in element.value().attrs() {
            assert!(!name.starts_with("on"), "event handler {name}");
            let lower = value.to_ascii_lowercase();
            assert!(
                !lower.contains("javascript:") && !lower.contains("data:"),
                "{name}={value}"
            );
        }
    }
    let link = select(&fragment, "a")
        .into_iter()
        .find(|a| a.text().collect::<String>() == "goed")
        .expect("the https link stays");
    assert_eq!(link.value().attr("href"), Some("https://example.nl/"));
    assert_eq!(link.value().attr("rel"), Some("nofollow ugc noopener"));
    // Only our own script, and the JSON-LD data block, which never runs.
    assert!(
        select(
            &html,
            "script:not([src^='/static/']):not([type='application/ld+json'])"
        )
        .is_empty()
    );
}

#[tokio::test]
async fn a_restart_keeps_users_sessions_and_reactions() {
    let mut app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Blijf bewaard", None).await;

    app.restart().await;

    let html = reader.article().await;
    assert_eq!(reaction_texts(&html), ["Blijf bewaard"]);
    assert_eq!(
        texts(&html, "header.site .wie strong"),
        ["lezer"],
        "still logged in"
    );
    assert_eq!(
        select(&html, &format!("a[href='/reacties/{id}/bewerken']")).len(),
        1
    );
    let other = app.browser();
    assert_eq!(
        other.login("lezer", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let id = reader.react("Origineel", None).await;
    let forms: Vec<(String, Vec<(&str, &str)>)> = vec![
        (format!("/{SLUG}/reacties"), vec![("body", "Ongewenst")]),
        (
            format!("/reacties/{id}/bewerken"),
            vec![("body", "Ongewenst")],
        ),
        (format!("/reacties/{id}/verwijderen"), vec![]),
        (
            "/registreren".into(),
            vec![("username", "kwaad"), ("password", PASSWORD)],
        ),
        (
            "/inloggen".into(),
            vec![("username", "lezer"), ("password", PASSWORD)],
        ),
        ("/uitloggen".into(), vec![]),
    ];
    for (path, form) in forms {
        let response = reader
            .client
            .post(app.url(&path))
            .header("Origin", "https://kwaad.example")
            .header("Sec-Fetch-Site", "cross-site")
            .form(&form)
            .send()
            .await
            .expect("POST");
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(
            response
                .text()
                .await
                .expect("body")
                .contains("niet van deze site")
        );
    }
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Origineel"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn the_preview_button_shows_the_rendered_text_without_posting() {
    let app = TestApp::spawn_open().await;
    let anonymous = app.browser();
    let response = anonymous
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", "Dit is **vet**"), ("actie", "voorbeeld")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "#reageer textarea"), ["Dit is **vet**"]);
    let preview = select(&html, "#reageer section.voorbeeld .tekst strong");
    assert_eq!(preview[0].text().collect::<String>(), "vet");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM reactions").await,
        0,
        "nothing posted"
    );

    // The endpoint the enhancement script uses returns the sanitised fragment.
    let fragment = anonymous
        .post("/voorbeeld", &[("body", "*schuin* <script>x</script>")])
        .await
        .text()
        .await
        .expect("body");
    assert!(fragment.contains("<em>schuin</em>"));
    assert!(!fragment.contains("<script"));
}

#[tokio::test]
async fn the_enhancement_script_is_served_with_our_own_origin_only() {
    let app = TestApp::spawn_open().await;
    let page = app.browser().article().await;
    let src = select(&page, "script[src]")[0]
        .value()
        .attr("src")
        .expect("src")
        .to_owned();
    let response = app.browser().get(&src).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/javascript")
    );
    let js = response.text().await.expect("body");
    assert!(
        js.contains("\"/voorbeeld\""),
        "the preview uses our own endpoint"
    );
    assert!(
        !js.contains("http://") && !js.contains("https://"),
        "no other hosts"
    );
}
