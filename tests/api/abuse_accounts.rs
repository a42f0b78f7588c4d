//! Abuse through accounts and clients: reports by throwaway accounts,
//! look-alike names, racing the login throttle, and who counts as one client.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{Browser, PASSWORD, SLUG, TestApp, reaction_texts, select, texts};

async fn report(reader: &Browser, id: i64) -> reqwest::Response {
    reader
        .post(&format!("/reacties/{id}/melden"), &[("reden", "kwetsend")])
        .await
}

/// Gives every account whose name starts with `melder` standing: two days old,
/// with an approved reaction (on another article, so pages stay as they are).
async fn give_reporters_standing(app: &TestApp) {
    app.set("UPDATE users SET created_at = created_at - 2 * 86400 WHERE username LIKE 'melder%'")
        .await;
    app.set(
        "INSERT INTO reactions (article_slug, user_id, body_source, body_html, status, created_at)
         SELECT 'elders', id, 'Eerder', '<p>Eerder</p>', 'approved', 0
         FROM users WHERE username LIKE 'melder%'",
    )
    .await;
}

#[tokio::test]
async fn three_fresh_accounts_cannot_take_a_reaction_down_but_their_reports_reach_the_author() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react_any("Niets mis mee", None).await;
    for name in ["nieuw1", "nieuw2", "nieuw3", "nieuw4"] {
        let response = report(&app.reader(name).await, id).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{name}");
    }
    assert_eq!(app.status_of(id).await, "approved");
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["Niets mis mee"]
    );
    assert!(app.audit_actions(id).await.is_empty());
    let queue = Html::parse_document(&author.get_html("/moderatie").await);
    assert_eq!(texts(&queue, ".meldingen li").len(), 4, "all reports shown");
}

#[tokio::test]
async fn reports_from_shadowbanned_or_banned_readers_do_not_count() {
    let app = TestApp::spawn_open().await;
    app.author().await;
    let writer = app.reader("schrijver").await;
    let id = writer.react_any("Omstreden", None).await;
    let reporters = [
        app.reader("melder1").await,
        app.reader("melder2").await,
        app.reader("melder3").await,
        app.reader("melder4").await,
    ];
    give_reporters_standing(&app).await;
    app.set("UPDATE users SET shadowbanned = 1 WHERE username = 'melder1'")
        .await;
    for reporter in &reporters[..3] {
        report(reporter, id).await;
    }
    // Banned after reporting: the report no longer counts either.
    app.set("UPDATE users SET banned_at = 1 WHERE username = 'melder2'")
        .await;
    report(&reporters[3], id).await;
    assert_eq!(app.status_of(id).await, "approved", "two reports count");
    app.set("UPDATE users SET banned_at = NULL WHERE username = 'melder2'")
        .await;
    let fifth = app.reader("melder5").await;
    give_reporters_standing(&app).await;
    report(&fifth, id).await;
    assert_eq!(
        app.status_of(id).await,
        "pending",
        "enough reports with standing"
    );
    assert_eq!(app.audit_actions(id).await, ["verborgen-na-meldingen"]);
}

#[tokio::test]
async fn the_authors_reaction_is_never_taken_down_by_reports() {
    let app = TestApp::spawn_open().await;
    let author = app.author().await;
    let id = author.react("De auteur spreekt", None).await;
    let reporters = [
        app.reader("melder1").await,
        app.reader("melder2").await,
        app.reader("melder3").await,
    ];
    give_reporters_standing(&app).await;
    for reporter in &reporters {
        assert_eq!(report(reporter, id).await.status(), StatusCode::SEE_OTHER);
    }
    assert_eq!(app.status_of(id).await, "approved");
    assert_eq!(
        reaction_texts(&app.browser().article().await),
        ["De auteur spreekt"]
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 3);
}

#[tokio::test]
async fn reports_are_rate_limited_per_account() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.reports_per_hour = 2;
    })
    .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let writer = app.reader("schrijver").await;
    let ids = [
        writer.react_any("Een", None).await,
        writer.react_any("Twee", None).await,
        writer.react_any("Drie", None).await,
    ];
    let reporter = app.reader("melder").await;
    report(&reporter, ids[0]).await;
    report(&reporter, ids[1]).await;
    let third = report(&reporter, ids[2]).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
    let html = Html::parse_document(&third.text().await.expect("body"));
    assert!(texts(&html, "main p")[0].contains("veel reacties gemeld"));
    assert_eq!(app.count("SELECT COUNT(*) FROM reports").await, 2);
    // Another reader is not affected.
    let other = app.reader("ander").await;
    assert_eq!(report(&other, ids[2]).await.status(), StatusCode::SEE_OTHER);
}

async fn assert_refused_name(app: &TestApp, name: &str, status: StatusCode, expected: &str) {
    let response = app.browser().register(name, PASSWORD).await;
    assert_eq!(response.status(), status, "{name}");
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert!(
        texts(&html, ".fout")[0].contains(expected),
        "{name}: {:?}",
        texts(&html, ".fout")
    );
    let kept = select(&html, "#registreren-naam")[0].value().attr("value");
    assert_eq!(kept, Some(name));
}

#[tokio::test]
async fn look_alikes_of_any_account_reserved_words_and_invisible_names_are_refused() {
    let app = TestApp::spawn().await;
    // Before the author's account exists, the name from the articles is reserved.
    assert_refused_name(&app, "Olaf_Rutten", StatusCode::CONFLICT, "voorbehouden").await;
    assert_refused_name(&app, "Olaf_Rütten", StatusCode::CONFLICT, "voorbehouden").await;
    app.author().await;
    app.reader("alice_r").await;
    for name in [
        "OIaf_Rutten",
        "O\u{0406}af_Rutten",
        "Olaf-Rutten",
        "Olaf.Rutten",
        "OlafRutten",
        "Olaf__Rutten",
        "\u{0430}lice_r",
        "ALICE.R",
        "alicer",
    ] {
        assert_refused_name(&app, name, StatusCode::CONFLICT, "al in gebruik").await;
    }
    for name in ["admin", "Beheerder", "auteur", "m0derator"] {
        assert_refused_name(&app, name, StatusCode::CONFLICT, "voorbehouden").await;
    }
    for name in [
        "\u{3164}\u{3164}\u{3164}",
        "\u{115F}\u{1160}\u{3164}",
        "alice\u{200B}r",
    ] {
        assert_refused_name(
            &app,
            name,
            StatusCode::UNPROCESSABLE_ENTITY,
            "onzichtbare tekens",
        )
        .await;
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2);
    app.reader("alice_b").await;
}

#[tokio::test]
async fn guests_cannot_take_a_look_alike_or_reserved_name() {
    let app = TestApp::spawn_open().await;
    app.reader("alice_r").await;
    app.set("UPDATE settings SET guests_allowed = 1").await;
    for (name, expected) in [
        ("OIaf_Rutten", "voorbehouden"),
        ("\u{0430}lice_r", "hoort bij een account"),
        ("Alice-R", "hoort bij een account"),
        ("admin", "voorbehouden"),
        ("\u{3164}\u{3164}\u{3164}", "onzichtbare tekens"),
    ] {
        let response = app
            .browser()
            .post(
                &format!("/{SLUG}/reacties"),
                &[("name", name), ("body", "Vermomd")],
            )
            .await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}"
        );
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(
            texts(&html, "#reageer .fout")[0].contains(expected),
            "{name}"
        );
        assert_eq!(texts(&html, "#reageer textarea"), ["Vermomd"]);
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 0);
}

#[tokio::test]
async fn accounts_from_before_the_skeletons_were_stored_are_checked_after_a_restart() {
    let mut app = TestApp::spawn().await;
    app.reader("alice_r").await;
    app.set("UPDATE users SET name_skeleton = NULL, name_skeleton_lower = NULL")
        .await;
    app.restart().await;
    assert_eq!(
        app.count("SELECT COUNT(*) FROM users WHERE name_skeleton = 'alicer'")
            .await,
        1
    );
    assert_refused_name(
        &app,
        "\u{0430}lice-r",
        StatusCode::CONFLICT,
        "al in gebruik",
    )
    .await;
}

#[tokio::test]
async fn twenty_concurrent_wrong_guesses_get_no_more_checks_than_allowed() {
    let app = TestApp::spawn_with(|c| c.rate_limits = true).await;
    app.reader("doelwit").await;
    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..20 {
        let browser = app.browser();
        guesses.spawn(async move {
            browser
                .login("doelwit", &format!("fout-wachtwoord-{n}"))
                .await
                .status()
        });
    }
    let mut wrong = 0;
    let mut throttled = 0;
    while let Some(status) = guesses.join_next().await {
        match status.expect("task") {
            StatusCode::UNAUTHORIZED => wrong += 1,
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!((wrong, throttled), (5, 15));
    assert_eq!(
        app.browser().login("doelwit", PASSWORD).await.status(),
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits"
    );
}

async fn register_from(app: &TestApp, name: &str, forwarded: &str) -> StatusCode {
    app.browser()
        .client
        .post(app.url("/registreren"))
        .header("X-Forwarded-For", forwarded)
        .form(&[("username", name), ("password", PASSWORD)])
        .send()
        .await
        .expect("POST")
        .status()
}

fn behind_a_trusted_proxy(c: &mut reacties::config::Config) {
    c.rate_limits = true;
    c.registrations_per_hour = 1;
    c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
}

#[tokio::test]
async fn ipv6_clients_count_per_64() {
    let app = TestApp::spawn_with(behind_a_trusted_proxy).await;
    assert_eq!(
        register_from(&app, "een", "2001:db8:1:2::1").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        register_from(&app, "twee", "2001:db8:1:2:ffff::9").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the same /64"
    );
    assert_eq!(
        register_from(&app, "drie", "2001:db8:1:3::1").await,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn forwarded_hops_with_ports_brackets_or_no_address_do_not_make_one_client() {
    let app = TestApp::spawn_with(behind_a_trusted_proxy).await;
    for (name, hop) in [
        ("een", "192.0.2.1:5678"),
        ("twee", "192.0.2.2:5678"),
        ("drie", "[2001:db8::1]"),
        ("vier", "[2001:db8:0:1::1]:80"),
        ("vijf", "198.51.100.7, unknown"),
    ] {
        assert_eq!(
            register_from(&app, name, hop).await,
            StatusCode::SEE_OTHER,
            "{hop}"
        );
    }
    // Each of them is a client: the same ones again are over their budget.
    for (name, hop) in [
        ("zes", "192.0.2.1"),
        ("zeven", "2001:db8::1"),
        ("acht", "203.0.113.9, unknown"),
    ] {
        assert_eq!(
            register_from(&app, name, hop).await,
            StatusCode::TOO_MANY_REQUESTS,
            "{hop}"
        );
    }
}

// Starts the binary on a SQLite file.
#[cfg(not(postgres))]
#[tokio::test]
async fn a_proxy_that_is_not_trusted_is_reported_in_the_log() {
    let dir = tempfile::tempdir().expect("dir");
    let (server, base) = crate::cli::serve_binary(
        dir.path(),
        &["--log-format", "json"],
        &[("RUST_LOG", "warn")],
    )
    .await;
    let client = reqwest::Client::new();
    let url = format!("{base}/healthz");
    for n in 0..30 {
        let response = client
            .get(&url)
            .header("X-Forwarded-For", format!("192.0.2.{n}"))
            .send()
            .await
            .expect("GET");
        assert_eq!(response.status(), StatusCode::OK);
    }
    crate::cli::sigterm(&server);
    let output = server.wait_with_output().expect("server exits");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("REACTIES_TRUSTED_PROXIES"))
        .collect();
    assert_eq!(warnings.len(), 1, "{stderr}");
    assert!(
        warnings[0].contains("\"level\":\"WARN\""),
        "{}",
        warnings[0]
    );
    assert!(!stderr.contains("192.0.2."), "no addresses in the log");
}
