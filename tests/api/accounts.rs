use reacties::accounts::sessions::purge_expired as purge_expired_sessions;
use reqwest::StatusCode;
use scraper::Html;

use crate::helpers::{PASSWORD, SLUG, TestApp, location, set_cookies, texts};

const DAY: i64 = 24 * 3600;

async fn logged_in_as(browser: &crate::helpers::Browser) -> Option<String> {
    let html = Html::parse_document(&browser.get_html("/").await);
    texts(&html, "header.site .wie strong").into_iter().next()
}

#[tokio::test]
async fn a_reader_registers_with_only_a_name_and_a_password_and_is_logged_in() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let form = Html::parse_document(&browser.get_html("/registreren").await);
    // The honeypot is hidden from people (and assistive technology); bots fill it in.
    assert_eq!(
        crate::helpers::select(&form, "[aria-hidden='true'] input[name='website']").len(),
        1
    );
    let fields: Vec<String> = crate::helpers::select(
        &form,
        "main form input:not([type='hidden']):not([name='website'])",
    )
    .iter()
    .filter_map(|e| e.value().attr("name").map(str::to_owned))
    .collect();
    // The name shown with reactions is optional (issue #11).
    assert_eq!(fields, ["username", "weergavenaam", "password"]);

    let response = browser.register("Anne-Marie", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = set_cookies(&response).join("\n");
    assert!(cookie.starts_with("reacties_sessie="), "{cookie}");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    assert!(cookie.contains("Max-Age=2592000"));
    assert!(!cookie.contains("Secure"), "plain http: no Secure flag");
    assert_eq!(logged_in_as(&browser).await.as_deref(), Some("Anne-Marie"));

    let hash: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'Anne-Marie'")
            .fetch_one(&app.pool)
            .await
            .expect("user stored");
    assert!(hash.starts_with("$argon2id$"));
    assert!(!hash.contains(PASSWORD));
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_site_runs_on_https() {
    let app = TestApp::spawn_with_url("https://blog.example.nl").await;
    let response = app.browser().register("lezer", PASSWORD).await;
    assert!(set_cookies(&response).join("\n").contains("; Secure"));
}

#[tokio::test]
async fn no_cookie_is_set_for_a_reader_who_never_logs_in() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    for path in [
        "/",
        &format!("/{SLUG}"),
        "/inloggen",
        "/registreren",
        "/bestaat-niet",
        "/healthz",
    ] {
        let response = browser.get(path).await;
        assert!(set_cookies(&response).is_empty(), "cookie set on {path}");
    }
    let response = browser.post_reaction("Zonder account", None).await;
    assert!(set_cookies(&response).is_empty());
    let response = browser.login("niemand", "verkeerd-wachtwoord").await;
    assert!(set_cookies(&response).is_empty());
}

#[tokio::test]
async fn a_reader_logs_out_and_in_again_with_a_new_session_id() {
    let app = TestApp::spawn().await;
    let browser = app.browser();
    let first = browser.register("lezer", PASSWORD).await;
    let first_cookie = set_cookies(&first).join("");

    let out = browser.logout().await;
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    assert!(set_cookies(&out).join("").contains("Max-Age=0"));
    assert_eq!(logged_in_as(&browser).await, None);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);

    let again = browser.login("LEZER", PASSWORD).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    assert_ne!(set_cookies(&again).join(""), first_cookie);
    assert_eq!(logged_in_as(&browser).await.as_deref(), Some("lezer"));
}

#[tokio::test]
async fn logging_in_replaces_the_previous_session() {
    let app = TestApp::spawn().await;
    let browser = app.reader("lezer").await;
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
    let old: String = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&app.pool)
        .await
        .expect("session");

    browser.login("lezer", PASSWORD).await;
    let now: String = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_one(&app.pool)
        .await
        .expect("session");
    assert_ne!(old, now, "the session id is renewed at login");
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_name_get_the_same_dutch_answer() {
    let app = TestApp::spawn().await;
    app.reader("lezer").await;
    let browser = app.browser();
    let wrong = browser.login("lezer", "niet-het-goede-wachtwoord").await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let wrong_page = Html::parse_document(&wrong.text().await.expect("body"));
    let unknown = browser.login("onbekend", PASSWORD).await;
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);
    let unknown_page = Html::parse_document(&unknown.text().await.expect("body"));
    let message = texts(&wrong_page, ".fout");
    assert_eq!(message, texts(&unknown_page, ".fout"));
    assert!(message[0].contains("gebruikersnaam en wachtwoord kennen we niet"));
    assert_eq!(logged_in_as(&browser).await, None);
}

#[tokio::test]
async fn duplicate_and_look_alike_usernames_are_refused() {
    let app = TestApp::spawn().await;
    app.reader("Olaf").await;
    for name in ["Olaf", "olaf", "OLAF", "Ｏｌａｆ"] {
        let response = app.browser().register(name, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::CONFLICT, "{name}");
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, ".fout")[0].contains("al in gebruik"), "{name}");
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 1);
}

#[tokio::test]
async fn invalid_usernames_are_refused_with_a_dutch_message_and_kept_in_the_form() {
    let app = TestApp::spawn().await;
    for (name, expected) in [
        ("ab", "minstens 3 tekens"),
        ("een-veel-te-lange-gebruikersnaam", "hoogstens 30 tekens"),
        ("met spatie", "alleen uit letters"),
        ("<b>x</b>", "alleen uit letters"),
        ("", "Vul een gebruikersnaam in"),
    ] {
        let response = app.browser().register(name, PASSWORD).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{name}"
        );
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, ".fout")[0].contains(expected), "{name}");
        let kept = crate::helpers::select(&html, "#registreren-naam")[0]
            .value()
            .attr("value");
        assert_eq!(kept, Some(name));
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn weak_passwords_are_refused_with_a_dutch_message() {
    let app = TestApp::spawn().await;
    for (password, expected) in [
        ("kort", "minstens 10 tekens"),
        ("wachtwoord", "te makkelijk te raden"),
        ("1234567890", "te makkelijk te raden"),
        ("qwertyuiop", "te makkelijk te raden"),
        ("lezer12345", "te makkelijk te raden"),
    ] {
        let response = app.browser().register("lezer", password).await;
        assert_eq!(
            response.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "{password}"
        );
        let html = Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&html, ".fout")[0].contains(expected), "{password}");
        for input in crate::helpers::select(&html, "input[type='password']") {
            assert_eq!(
                input.value().attr("value"),
                None,
                "a password is never echoed"
            );
        }
    }
    assert_eq!(app.count("SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn sessions_roll_forward_while_used_and_expire_after_30_idle_days() {
    let app = TestApp::spawn().await;
    let browser = app.reader("lezer").await;

    // Used every 20 days, the session keeps going.
    for _ in 0..3 {
        app.clock.advance(20 * DAY);
        let response = browser.get("/").await;
        assert!(
            set_cookies(&response).join("").contains("Max-Age=2592000"),
            "rolled cookie"
        );
        assert_eq!(logged_in_as(&browser).await.as_deref(), Some("lezer"));
    }

    app.clock.advance(31 * DAY);
    assert_eq!(logged_in_as(&browser).await, None);
}

#[tokio::test]
async fn expired_sessions_are_purged() {
    let app = TestApp::spawn().await;
    app.reader("een").await;
    app.clock.advance(10 * DAY);
    app.reader("twee").await;
    app.clock.advance(25 * DAY);

    let now = app.clock_now();
    let purged = purge_expired_sessions(&app.pool, now).await.expect("purge");
    assert_eq!(purged, 1);
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
}

#[tokio::test]
async fn the_login_page_only_returns_to_local_pages() {
    let app = TestApp::spawn().await;
    app.reader("lezer").await;
    let browser = app.browser();
    let response = browser
        .post(
            "/inloggen",
            &[
                ("username", "lezer"),
                ("password", PASSWORD),
                ("terug", "https://kwaad.example/"),
            ],
        )
        .await;
    assert_eq!(location(&response), "/");
    let response = browser
        .post(
            "/inloggen",
            &[
                ("username", "lezer"),
                ("password", PASSWORD),
                ("terug", &format!("/{SLUG}")),
            ],
        )
        .await;
    assert_eq!(location(&response), format!("/{SLUG}"));
}

/// Not a speed target: a check that an unknown name costs the same argon2 work as
/// a known one. Without the dummy hash the unknown name would answer about 20×
/// faster; the bound leaves room for a noisy machine.
#[tokio::test]
async fn login_takes_as_long_for_an_unknown_name_as_for_a_wrong_password() {
    let app = TestApp::spawn().await;
    app.reader("bestaat").await;
    let browser = app.browser();
    let median = |name: &'static str| {
        let browser = &browser;
        async move {
            let mut times = Vec::new();
            for _ in 0..7 {
                let start = std::time::Instant::now();
                let response = browser.login(name, "verkeerd-wachtwoord-123").await;
                assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
                times.push(start.elapsed());
            }
            times.sort();
            times[3]
        }
    };
    let known = median("bestaat").await;
    let unknown = median("bestaat-niet").await;
    let ratio = unknown.as_secs_f64() / known.as_secs_f64();
    assert!(
        (0.33..3.0).contains(&ratio),
        "unknown {unknown:?} vs known {known:?}"
    );
}
