//! Rate limits, the failed-login throttle, trusted proxies, and switching it all off.

use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{PASSWORD, SLUG, TestApp, texts};

async fn assert_429(response: reqwest::Response, expected: &str) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = response.headers()["retry-after"]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(retry >= 1, "Retry-After {retry}");
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "h1"), ["Even rustig aan"]);
    assert!(
        texts(&html, "main p")[0].contains(expected),
        "{:?}",
        texts(&html, "main p")
    );
}

/// A 429 for a reaction: the article page again with the text in the form and
/// the wait in minutes above it.
async fn assert_429_in_form(response: reqwest::Response, text: &str) {
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().contains_key("retry-after"));
    let html = Html::parse_document(&response.text().await.expect("body"));
    assert_eq!(texts(&html, "#reageer textarea"), [text]);
    let error = texts(&html, "#reageer .fout").join(" ");
    assert!(
        error.contains("heel veel reacties") && error.contains("minu"),
        "{error}"
    );
}

#[tokio::test]
async fn posting_is_limited_per_account_and_per_client() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.posts_per_hour = 2;
        c.posts_per_hour_per_client = 3;
    })
    .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let anne = app.reader("anne").await;
    anne.react_any("een", None).await;
    anne.react_any("twee", None).await;
    // A refused reaction comes back in its form (issue #10, item 24).
    assert_429_in_form(anne.post_reaction("drie", None).await, "drie").await;

    // Another account from the same address shares the per-client budget.
    let bram = app.reader("bram").await;
    bram.react_any("vier", None).await;
    assert_429_in_form(bram.post_reaction("vijf", None).await, "vijf").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 3);
}

#[tokio::test]
async fn registration_and_login_are_limited_per_client() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.registrations_per_hour = 2;
        c.logins_per_hour = 2;
    })
    .await;
    app.reader("een").await;
    app.reader("twee").await;
    assert_429(
        app.browser().register("drie", PASSWORD).await,
        "te veel accounts",
    )
    .await;
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 2);

    let browser = app.browser();
    browser.login("een", PASSWORD).await;
    browser.login("twee", PASSWORD).await;
    assert_429(
        browser.login("een", PASSWORD).await,
        "Te veel inlogpogingen",
    )
    .await;
}

#[tokio::test]
async fn five_failed_logins_slow_that_account_down_for_that_client_only() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    app.reader("doelwit").await;
    app.reader("ander").await;
    let attacker = app.browser();
    let from = |ip: &'static str| move |r: reqwest::RequestBuilder| r.header("X-Forwarded-For", ip);
    let login =
        |browser: &crate::helpers::Browser, name: &str, password: &str, ip: &'static str| {
            let request = browser.client.post(app.url("/inloggen")).form(&[
                ("username", name.to_owned()),
                ("password", password.to_owned()),
            ]);
            let request = from(ip)(request);
            async move { request.send().await.expect("POST") }
        };
    for _ in 0..5 {
        let response = login(&attacker, "doelwit", "fout-wachtwoord-123", "203.0.113.9").await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now, from that client.
    assert_429(
        login(&attacker, "doelwit", PASSWORD, "203.0.113.9").await,
        "15 minuten",
    )
    .await;
    // Another account from the same client, and the same account from another client, are not affected.
    assert_eq!(
        login(&attacker, "ander", PASSWORD, "203.0.113.9")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let owner = app.browser();
    assert_eq!(
        login(&owner, "doelwit", PASSWORD, "198.51.100.4")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );

    // After the window the client may try again.
    app.clock.advance(15 * 60 + 1);
    assert_eq!(
        login(&attacker, "doelwit", PASSWORD, "203.0.113.9")
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    // The failures are stored only as keyed hashes and purged after the window.
    let keys: Vec<String> = sqlx::query_scalar("SELECT key_hash FROM login_failures")
        .fetch_all(&app.pool)
        .await
        .expect("rows");
    assert!(
        keys.iter()
            .all(|k| !k.contains("203.0.113.9") && !k.contains("doelwit"))
    );
    let purged = reacties::accounts::throttle::purge(&app.pool, app.clock_now())
        .await
        .expect("purge");
    assert_eq!(usize::try_from(purged).expect("small count"), keys.len());
}

#[tokio::test]
async fn forwarded_for_is_only_believed_from_a_trusted_proxy() {
    let untrusted = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.registrations_per_hour = 1;
    })
    .await;
    let register = |app: &TestApp, name: &'static str, ip: &'static str| {
        let request = app
            .browser()
            .client
            .post(app.url("/registreren"))
            .header("X-Forwarded-For", ip)
            .form(&[("username", name), ("password", PASSWORD)]);
        async move { request.send().await.expect("POST").status() }
    };
    assert_eq!(
        register(&untrusted, "een", "192.0.2.1").await,
        StatusCode::SEE_OTHER
    );
    // Spoofing the header does not buy a new budget.
    assert_eq!(
        register(&untrusted, "twee", "192.0.2.2").await,
        StatusCode::TOO_MANY_REQUESTS
    );

    let proxied = TestApp::spawn_with(|c| {
        c.rate_limits = true;
        c.registrations_per_hour = 1;
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    assert_eq!(
        register(&proxied, "een", "192.0.2.1").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        register(&proxied, "twee", "192.0.2.2").await,
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        register(&proxied, "drie", "192.0.2.2").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn rate_limits_off_lets_benchmarks_through() {
    let app = TestApp::spawn_with(|c| {
        c.rate_limits = false;
        c.posts_per_hour = 1;
        c.posts_per_hour_per_client = 1;
        c.registrations_per_hour = 1;
    })
    .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let reader = app.reader("een").await;
    app.reader("twee").await;
    for n in 0..5 {
        reader.react_any(&format!("reactie {n}"), None).await;
    }
    for _ in 0..7 {
        assert_eq!(
            app.browser()
                .login("een", "fout-wachtwoord-123")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.browser().login("een", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM reactions").await, 5);
    let _ = SLUG;
}
