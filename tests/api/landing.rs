//! Every reader lands where they were (issue #11): refused posts at their form,
//! confirmations beside what they confirm, reply forms under the reaction they
//! answer at every depth, logins back to the page they started from.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{PASSWORD, SLUG, TestApp, location, select, set_cookies, texts};

fn attr(html: &Html, selector: &str, name: &str) -> Option<String> {
    select(html, selector)
        .first()
        .and_then(|e| e.value().attr(name))
        .map(str::to_owned)
}

#[tokio::test]
async fn a_refused_post_lands_at_its_form_with_an_error_summary_and_a_fout_title() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("lezer").await;
    let response = reader.post_reaction("   ", None).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(
        texts(&html, "title")[0].starts_with("Fout:"),
        "{:?}",
        texts(&html, "title")
    );
    // The form posts to its own anchor, so the answer to a refused post opens there.
    assert_eq!(
        attr(&html, "form#reageer", "action").as_deref(),
        Some(format!("/{SLUG}/reacties#reageer").as_str())
    );
    // The summary is the form's first element, announced and focusable.
    let first = select(&html, "form#reageer > *")[0];
    assert_eq!(first.value().attr("id"), Some("reageer-fout"));
    assert_eq!(first.value().attr("role"), Some("alert"));
    assert_eq!(first.value().attr("tabindex"), Some("-1"));
    let described = attr(&html, "#reageer-tekst", "aria-describedby").unwrap_or_default();
    assert!(described.contains("reageer-fout"), "{described}");
    // Without script the browser focuses the address's target (#reageer) on
    // arrival: the refused form is focusable and described by its summary.
    assert_eq!(
        attr(&html, "form#reageer", "tabindex").as_deref(),
        Some("-1")
    );
    assert_eq!(
        attr(&html, "form#reageer", "aria-describedby").as_deref(),
        Some("reageer-fout")
    );
    // A page without a refusal does not say "Fout", nor is its form a stop.
    let page = reader.article().await;
    assert!(!texts(&page, "title")[0].starts_with("Fout"));
    assert_eq!(attr(&page, "form#reageer", "tabindex"), None);
}

#[tokio::test]
async fn a_reply_form_carries_the_id_of_the_reaction_it_answers_at_every_depth() {
    let app = TestApp::spawn_open().await;
    let reader = app.reader("diep").await;
    let mut parent = None;
    let mut ids = Vec::new();
    for level in 1..=5 {
        let id = reader.react(&format!("Niveau {level}"), parent).await;
        ids.push(id);
        parent = Some(id);
    }
    for id in ids {
        let html = Html::parse_document(&reader.get_html(&format!("/{SLUG}?reageer={id}")).await);
        let forms: Vec<String> = select(&html, "form.reageer-form")
            .iter()
            .filter_map(|f| f.value().attr("id").map(str::to_owned))
            .collect();
        assert_eq!(
            forms,
            [format!("reageer-{id}"), "reageer".to_owned()],
            "reply to {id}"
        );
        assert_eq!(
            attr(
                &html,
                &format!("#reageer-{id} input[name=parent_id]"),
                "value"
            ),
            Some(id.to_string())
        );
        assert_eq!(
            attr(&html, &format!("form#reageer-{id}"), "action"),
            Some(format!("/{SLUG}/reacties#reageer-{id}"))
        );
        // The reply link of that reaction leads to exactly this form.
        assert_eq!(
            select(&html, &format!("a[href$='reageer={id}#reageer-{id}']")).len(),
            1,
            "reply link for {id}"
        );
    }
}

#[tokio::test]
async fn the_waiting_notice_sits_inside_the_new_reaction() {
    let app = TestApp::spawn().await;
    let reader = app.reader("nieuw").await;
    let response = reader.post_reaction("Mijn eerste", None).await;
    let target = location(&response);
    let id = crate::helpers::reaction_id(&response);
    assert!(target.contains(&format!("wacht={id}")), "{target}");
    let html = Html::parse_document(&reader.get_html(&target).await);
    assert_eq!(
        texts(&html, &format!("#reactie-{id} .melding")),
        ["Je reactie is ontvangen en wacht op goedkeuring door de auteur."]
    );
    assert!(
        texts(&html, "#reacties > .melding").is_empty(),
        "not at the top"
    );
}

#[tokio::test]
async fn a_guest_waiting_notice_sits_in_the_form_they_land_on() {
    let app = TestApp::spawn().await;
    app.set("UPDATE settings SET guests_allowed = 1").await;
    let guest = app.browser();
    let response = guest
        .post(
            &format!("/{SLUG}/reacties"),
            &[("body", "Als gast"), ("name", "Gast Met Spaties")],
        )
        .await;
    let target = location(&response);
    assert!(target.ends_with("#reageer"), "{target}");
    let html = Html::parse_document(&guest.get_html(&target).await);
    assert!(texts(&html, "form#reageer > .melding")[0].contains("wacht op goedkeuring"));
}

#[tokio::test]
async fn logging_in_from_the_header_returns_to_the_page_with_a_confirmation() {
    let app = TestApp::spawn_open().await;
    app.reader("terug").await;
    let visitor = app.browser();
    let html = visitor.article().await;
    let login = attr(&html, "header.site a[href^='/inloggen']", "href").expect("login link");
    assert_eq!(login, format!("/inloggen?terug=%2F{SLUG}"));
    let register =
        attr(&html, "header.site a[href^='/registreren']", "href").expect("register link");
    assert_eq!(register, format!("/registreren?terug=%2F{SLUG}"));
    assert_eq!(
        texts(&html, "header.site a[href^='/registreren']"),
        ["Account aanmaken"]
    );

    let response = visitor
        .post(
            "/inloggen",
            &[
                ("username", "terug"),
                ("password", PASSWORD),
                ("terug", &format!("/{SLUG}")),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("/{SLUG}"));
    let page = Html::parse_document(&visitor.get_html(&format!("/{SLUG}")).await);
    assert_eq!(texts(&page, ".welkom"), ["Je bent ingelogd als terug."]);
    // Once.
    let again = Html::parse_document(&visitor.get_html(&format!("/{SLUG}")).await);
    assert!(texts(&again, ".welkom").is_empty());

    let newcomer = app.browser();
    let response = newcomer.register("nieuwkomer", PASSWORD).await;
    assert!(
        set_cookies(&response)
            .iter()
            .any(|c| c.starts_with("reacties_melding=welkom"))
    );
    let page = Html::parse_document(&newcomer.get_html("/").await);
    assert!(texts(&page, ".welkom")[0].starts_with("Welkom, nieuwkomer!"));
}

#[tokio::test]
async fn the_address_of_a_refused_post_leads_back_to_the_reactions() {
    let app = TestApp::spawn().await;
    let response = app.browser().get(&format!("/{SLUG}/reacties")).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), format!("/{SLUG}#reacties"));
    let unknown = app.browser().get("/bestaat-niet/reacties").await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn every_page_has_one_h1_and_the_account_pages_say_account_aanmaken() {
    let app = TestApp::spawn_open().await;
    let visitor = app.browser();
    for path in [
        "/",
        &format!("/{SLUG}"),
        "/inloggen",
        "/registreren",
        "/privacy",
        "/niets",
    ] {
        let response = visitor.get(path).await;
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert_eq!(select(&html, "h1").len(), 1, "{path}");
    }
    let register = Html::parse_document(&visitor.get_html("/registreren").await);
    assert_eq!(texts(&register, "h1"), ["Account aanmaken"]);
    assert_eq!(
        texts(&register, "main form button[type=submit]"),
        ["Account aanmaken"]
    );
    let login = Html::parse_document(&visitor.get_html("/inloggen").await);
    assert_eq!(texts(&login, "h1"), ["Inloggen"]);
}

#[tokio::test]
async fn a_reader_gets_two_controls_per_reaction_and_the_rest_on_its_permalink() {
    let app = TestApp::spawn_open().await;
    let writer = app.reader("schrijver").await;
    let other = writer.react("Van de schrijver", None).await;
    let reader = app.reader("lezer").await;
    let own = reader.react("Van de lezer", None).await;
    let html = reader.article().await;
    // Outside the folded part: the permalink and "Reageren".
    for id in [other, own] {
        let direct: Vec<String> = select(&html, &format!("#reactie-{id} > article a"))
            .iter()
            .filter(|a| {
                !a.ancestors().any(|p| {
                    p.value()
                        .as_element()
                        .is_some_and(|e| e.classes().any(|c| c == "meer"))
                })
            })
            .filter_map(|a| a.value().attr("href").map(str::to_owned))
            .collect();
        assert_eq!(direct.len(), 2, "{id}: {direct:?}");
    }
    assert_eq!(
        select(
            &html,
            &format!("#reactie-{other} .meer a[href='/reacties/{other}/melden']")
        )
        .len(),
        1
    );
    assert_eq!(
        select(
            &html,
            &format!("#reactie-{own} .meer a[href='/reacties/{own}/bewerken']")
        )
        .len(),
        1
    );
    // Jump links to the form.
    assert!(select(&html, "p.naar-reageren a[href='#reageer']").len() >= 2);
}

#[tokio::test]
async fn the_authors_tools_fold_into_one_beheer_and_deleting_asks_first_and_returns_to_the_place() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let parent = reader.react("Ouder", None).await;
    let child = reader.react("Kind", Some(parent)).await;
    let html = author.article().await;
    assert_eq!(
        select(&html, &format!("#reactie-{child} details.beheer > summary")).len(),
        1
    );
    assert!(
        select(
            &html,
            &format!("#reactie-{child} > article > .acties > form")
        )
        .is_empty()
    );

    let confirm = author
        .get(&format!(
            "/moderatie/reacties/{child}/verwijderen?terug=%2F{SLUG}"
        ))
        .await;
    assert_eq!(confirm.status(), StatusCode::OK);
    let page = Html::parse_document(&confirm.text().await.expect("body"));
    assert_eq!(texts(&page, "h1"), ["Reactie verwijderen?"]);
    assert_eq!(
        app.status_of(child).await,
        "approved",
        "nothing deleted yet"
    );

    let done = author
        .moderate(child, "verwijderen", &format!("/{SLUG}"))
        .await;
    assert_eq!(
        location(&done),
        format!("/{SLUG}?melding=verwijderd&bij={parent}#reactie-{parent}")
    );
    assert_eq!(app.status_of(child).await, "deleted");
}

#[tokio::test]
async fn the_queue_works_in_a_text_browser_one_form_with_named_buttons() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let id = reader.react_any("Wacht", None).await;
    let html = Html::parse_document(&author.get_html("/moderatie").await);
    assert!(select(&html, "[formaction]").is_empty(), "no formaction");
    assert_eq!(
        attr(&html, &format!("button[value='{id}:goedkeuren']"), "name").as_deref(),
        Some("een")
    );
    assert!(texts(&html, "p.meta")[0].contains("0 goedgekeurde reacties"));
    let response = author
        .post("/moderatie/bulk", &[("een", &format!("{id}:goedkeuren"))])
        .await;
    assert_eq!(location(&response), "/moderatie?melding=goedgekeurd");
    assert_eq!(app.status_of(id).await, "approved");
    app.set("UPDATE settings SET premoderation = 'all'").await;
    reader.react_any("Nog een", None).await;
    let html = Html::parse_document(&author.get_html("/moderatie").await);
    assert!(texts(&html, "p.meta")[0].contains("1 goedgekeurde reactie"));
    assert!(!texts(&html, "p.meta")[0].contains("1 goedgekeurde reacties"));
}

#[tokio::test]
async fn hiding_a_reaction_keeps_its_approved_replies_visible_and_the_count_right() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let parent = reader.react("Wordt verborgen", None).await;
    reader.react("Antwoord blijft", Some(parent)).await;
    author
        .moderate(parent, "verbergen", &format!("/{SLUG}"))
        .await;

    let html = app.browser().article().await;
    assert_eq!(
        texts(&html, &format!("#reactie-{parent} > article .naam")),
        ["[verborgen]"]
    );
    let all = texts(&html, "#reacties .reactie .tekst");
    assert_eq!(all, ["Antwoord blijft"]);
    assert!(
        !html.html().contains("Wordt verborgen"),
        "the hidden text never leaves the server"
    );
    assert_eq!(texts(&html, "#reacties-kop"), ["Reacties (1)"]);
    // The author still sees it, marked.
    let as_author = author.article().await;
    assert!(texts(&as_author, "#reacties .reactie .tekst").contains(&"Wordt verborgen".to_owned()));
}

#[tokio::test]
async fn the_site_carries_the_name_description_and_contact_the_author_sets() {
    let app = TestApp::spawn_open().await;
    let visitor = app.browser();
    let html = visitor.article().await;
    // Until set: the author's name from the articles, not the product's.
    assert_eq!(texts(&html, "header.site .site-naam"), ["Olaf Rutten"]);
    assert!(texts(&html, "title")[0].ends_with("· Olaf Rutten"));

    let author = app.author().await;
    let response = author
        .post(
            "/moderatie/site",
            &[
                ("naam", "Zeg eens NEE"),
                ("beschrijving", "Over grenzen stellen"),
                ("contact", "olaf@example.nl"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/moderatie/site?melding=site");
    let html = visitor.article().await;
    assert_eq!(texts(&html, "header.site .site-naam"), ["Zeg eens NEE"]);
    assert_eq!(
        texts(&html, "header.site .site-beschrijving"),
        ["Over grenzen stellen"]
    );
    assert!(
        texts(&html, "footer.site")
            .join(" ")
            .contains("olaf@example.nl")
    );
    let privacy = Html::parse_document(&visitor.get_html("/privacy").await);
    assert_eq!(
        select(&privacy, "main a[href='mailto:olaf@example.nl']").len(),
        1
    );
    let missing = Html::parse_document(&visitor.get("/niets").await.text().await.expect("body"));
    assert!(
        texts(&missing, "title")[0].ends_with("· Zeg eens NEE"),
        "error pages too"
    );

    let too_long = author
        .post("/moderatie/site", &[("naam", &"x".repeat(81))])
        .await;
    assert_eq!(too_long.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let reader = app.reader("lezer").await;
    assert_eq!(
        reader
            .post("/moderatie/site", &[("naam", "Gekaapt")])
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_reader_shows_a_chosen_name_with_reactions_checked_against_look_alikes() {
    let app = TestApp::spawn_open().await;
    let browser = app.browser();
    let response = browser
        .post(
            "/registreren",
            &[
                ("username", "anne_m"),
                ("weergavenaam", "Anne Marie"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    browser.react("Hallo", None).await;
    let html = app.browser().article().await;
    assert_eq!(texts(&html, "#reacties .reactie .naam"), ["Anne Marie"]);

    // Another account may not show a look-alike of it, nor the articles' author.
    for (shown, expected) in [
        ("Anne-Marie", StatusCode::CONFLICT),
        ("Olaf Rutten", StatusCode::CONFLICT),
        ("0laf Rutten", StatusCode::CONFLICT),
        ("OIaf Rütten", StatusCode::CONFLICT),
        ("Ólaf Rutten", StatusCode::CONFLICT),
    ] {
        let response = app
            .browser()
            .post(
                "/registreren",
                &[
                    ("username", "iemand_anders"),
                    ("weergavenaam", shown),
                    ("password", PASSWORD),
                ],
            )
            .await;
        assert_eq!(response.status(), expected, "{shown}");
    }
    // Nor register a login name that looks like an existing shown name.
    let response = app.browser().register("AnneMarie", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_author_shows_the_articles_name_and_is_greeted_at_start_up_without_an_account() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    // The author account was made after start-up: a restart gives it the articles' name.
    let mut app = app;
    app.restart().await;
    let author_again = app.browser();
    author_again.login(crate::helpers::AUTHOR, PASSWORD).await;
    author_again.react("Van de auteur", None).await;
    let html = app.browser().article().await;
    assert_eq!(texts(&html, "#reacties .reactie .naam"), ["Olaf Rutten"]);
    drop(author);
}

#[tokio::test]
async fn a_rejected_reaction_shows_its_writer_not_placed_with_the_authors_reason() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("afgewezen").await;
    let id = reader.react_any("Iets ongepasts", None).await;
    let response = author
        .post(
            "/moderatie/bulk",
            &[
                ("een", &format!("{id}:afwijzen")),
                (&format!("reden-{id}"), "Reclame"),
                (
                    &format!("reden-vrij-{id}"),
                    "Dit is reclame voor een cursus",
                ),
            ],
        )
        .await;
    assert_eq!(location(&response), "/moderatie?melding=afgewezen");
    let html = reader.article().await;
    assert_eq!(
        texts(&html, &format!("#reactie-{id} .label.wacht")),
        ["niet geplaatst"]
    );
    assert!(
        texts(&html, &format!("#reactie-{id} .afgewezen"))[0]
            .contains("Dit is reclame voor een cursus")
    );
    // Nobody else sees it, or the reason.
    let other = app.browser().article().await;
    assert!(!other.html().contains("Iets ongepasts") && !other.html().contains("cursus"));
    // And it cannot be edited into something else.
    let edit = reader
        .post(
            &format!("/reacties/{id}/bewerken"),
            &[("body", "Nu onschuldig")],
        )
        .await;
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.status_of(id).await, "rejected");
}

#[tokio::test]
async fn lifting_a_ban_can_put_back_what_it_hid_each_as_it_was() {
    let app = TestApp::spawn().await;
    let author = app.author().await;
    let reader = app.reader("tijdelijk").await;
    let first = reader.react_any("Goedgekeurd", None).await;
    author.moderate(first, "goedkeuren", "/moderatie").await;
    let waiting = {
        app.set("UPDATE settings SET premoderation = 'all'").await;
        reader.react_any("Wachtend", None).await
    };
    let id = app.user_id("tijdelijk").await;
    author
        .post(
            &format!("/moderatie/lezers/{id}/blokkeren"),
            &[("reden", "even niet"), ("verbergen", "1")],
        )
        .await;
    assert_eq!(app.status_of(first).await, "hidden");
    assert_eq!(app.status_of(waiting).await, "hidden");
    let page = Html::parse_document(&author.get_html("/moderatie/lezers").await);
    assert_eq!(
        texts(&page, &format!("#lezer-{id} label[for='terugzetten-{id}']")),
        ["de 2 verborgen reacties terugzetten"]
    );
    author
        .post(
            &format!("/moderatie/lezers/{id}/deblokkeren"),
            &[("terugzetten", "1")],
        )
        .await;
    assert_eq!(app.status_of(first).await, "approved");
    assert_eq!(
        app.status_of(waiting).await,
        "pending",
        "back as it was, not published"
    );
}

#[tokio::test]
async fn a_reader_changes_the_name_shown_with_reactions_on_the_account_page() {
    let app = TestApp::spawn_open().await;
    app.reader("bestaand").await;
    let reader = app.reader("lezer_1").await;
    reader.react("Mijn mening", None).await;
    let response = reader
        .post("/account/naam", &[("weergavenaam", "Lies de Vries")])
        .await;
    assert_eq!(location(&response), "/account?melding=naam");
    let html = app.browser().article().await;
    assert_eq!(texts(&html, "#reacties .reactie .naam"), ["Lies de Vries"]);

    let refused = reader
        .post("/account/naam", &[("weergavenaam", "Bestaand")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Html::parse_document(&refused.text().await.expect("body"));
    assert_eq!(
        attr(&page, "#weergavenaam", "value").as_deref(),
        Some("Bestaand")
    );
    assert!(texts(&page, "#naam-fout")[0].contains("al in gebruik"));

    reader.post("/account/naam", &[("weergavenaam", "")]).await;
    let html = app.browser().article().await;
    assert_eq!(texts(&html, "#reacties .reactie .naam"), ["lezer_1"]);
    assert_eq!(
        app.browser()
            .post("/account/naam", &[("weergavenaam", "x")])
            .await
            .status(),
        StatusCode::SEE_OTHER,
        "anonymous: to the login page"
    );
}

#[tokio::test]
async fn after_an_action_on_a_reaction_the_notice_sits_where_the_page_lands() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let reader = app.reader("lezer").await;
    let parent = reader.react("Ouder", None).await;
    let child = reader.react("Kind", Some(parent)).await;
    let other = reader.react("Nog een", None).await;

    // The author hides a reaction from the article: the notice is inside it.
    let hidden = author
        .moderate(other, "verbergen", &format!("/{SLUG}"))
        .await;
    let to = location(&hidden);
    assert_eq!(
        to,
        format!("/{SLUG}?melding=verborgen&bij={other}#reactie-{other}")
    );
    let html = Html::parse_document(&author.get_html(&to).await);
    assert_eq!(
        texts(&html, &format!("#reactie-{other} > article .melding")),
        ["De reactie is verborgen. Alleen jij ziet haar nog."]
    );
    assert!(
        texts(&html, "#reacties > .melding").is_empty(),
        "not at the top"
    );

    // A reader deleting their own reply lands at the reaction it answered.
    app.clock.advance(7 * 24 * 3600);
    let deleted = reader
        .post(&format!("/reacties/{child}/verwijderen"), &[])
        .await;
    let to = location(&deleted);
    assert_eq!(to, format!("/{SLUG}?verwijderd={parent}#reactie-{parent}"));
    let html = Html::parse_document(&reader.get_html(&to).await);
    assert_eq!(
        texts(&html, &format!("#reactie-{parent} > article .melding")),
        ["Je reactie is verwijderd."]
    );
    // A thread's first reaction: the notice heads the reactions, where the page lands.
    let deleted = reader
        .post(&format!("/reacties/{parent}/verwijderen"), &[])
        .await;
    let to = location(&deleted);
    assert_eq!(to, format!("/{SLUG}?verwijderd=ja#reacties"));
    let html = Html::parse_document(&reader.get_html(&to).await);
    assert_eq!(
        texts(&html, "#reacties .melding"),
        ["Je reactie is verwijderd."]
    );
}
