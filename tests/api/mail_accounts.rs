//! Optional e-mail on the account side: the double opt-in, a changed address,
//! password reset, and the address in the reader's data (issue #16). Every
//! mail goes through a real SMTP conversation with the test server in `smtp`.

use std::time::{Duration, Instant};

use reqwest::StatusCode;

use crate::helpers::{PASSWORD, TestApp};
use crate::smtp::{SmtpServer, app_with_mail, app_with_mail_and, confirm_address};

#[tokio::test]
async fn without_mail_settings_no_email_field_or_reset_link_appears_anywhere() {
    let app = TestApp::spawn().await;
    let reader = app.reader("zonder_mail").await;
    let account = reader.get_html("/account").await;
    assert!(!account.contains("e-mailadres\""), "no address field");
    assert!(!account.contains("/account/e-mail"));
    let login = app.browser().get_html("/inloggen").await;
    assert!(!login.contains("Wachtwoord vergeten"));
    let forgot = app.browser().get("/wachtwoord-vergeten").await;
    assert_eq!(forgot.status(), StatusCode::NOT_FOUND);
    let added = reader
        .post("/account/e-mail", &[("adres", "a@example.nl")])
        .await;
    assert_eq!(added.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_address_is_used_only_after_its_link_confirms_it_and_the_link_works_once() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("mail_lezer").await;
    let page = reader.get_html("/account").await;
    assert!(
        page.contains("name=\"adres\""),
        "the account page asks for an address"
    );

    let response = reader
        .post("/account/e-mail", &[("adres", "Lezer@Example.NL")])
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mail = smtp.wait_for("Lezer@example.nl", 1).await.remove(0);
    assert!(
        mail.subject().contains("Bevestig je e-mailadres"),
        "{}",
        mail.subject()
    );
    assert!(
        mail.header("From")
            .unwrap_or_default()
            .contains("reacties@blog.example.nl")
    );
    assert!(mail.html().contains("E-mailadres bevestigen"));
    assert!(mail.text().contains("mail_lezer"));
    // Not yet confirmed: the page says it waits, and nothing uses it.
    let page = reader.get_html("/account?melding=e-mail-verstuurd").await;
    assert!(page.contains("Wacht op bevestiging"), "pending shown");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_addresses WHERE address IS NOT NULL")
            .await,
        0
    );
    // Only the hash of the token is stored.
    let link = mail.link("/e-mail/bevestigen");
    let token = link.split("token=").nth(1).expect("token");
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM mail_tokens")
        .fetch_one(&app.pool)
        .await
        .expect("token row");
    assert_ne!(stored, token);

    // The link opens a page with a button (a mail scanner uses up nothing)…
    let anonymous = app.browser();
    let page = anonymous.get_html(&link).await;
    assert!(page.contains("Bevestigen"));
    // …and the button confirms it, without logging in.
    let confirmed = anonymous
        .post("/e-mail/bevestigen", &[("token", token)])
        .await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    let page = reader.get_html("/account").await;
    assert!(
        page.contains("Je bevestigde e-mailadres: <strong>Lezer@example.nl</strong>"),
        "{page}"
    );
    // Single use.
    let again = anonymous
        .post("/e-mail/bevestigen", &[("token", token)])
        .await;
    assert_eq!(again.status(), StatusCode::GONE);
    assert_eq!(anonymous.get(&link).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn a_confirmation_link_expires_after_a_day() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("traag_lezer").await;
    reader
        .post("/account/e-mail", &[("adres", "traag@example.nl")])
        .await;
    let mail = smtp.wait_for("traag@example.nl", 1).await.remove(0);
    let link = mail.link("/e-mail/bevestigen");
    let token = link.split("token=").nth(1).expect("token");
    app.clock.advance(24 * 3600 + 1);
    let late = reader.post("/e-mail/bevestigen", &[("token", token)]).await;
    assert_eq!(late.status(), StatusCode::GONE);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_addresses WHERE address IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn a_bad_address_is_refused_in_dutch_with_the_text_kept() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("typo_lezer").await;
    let response = reader
        .post("/account/e-mail", &[("adres", "geen-adres@")])
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = response.text().await.expect("body");
    assert!(page.contains("Dit lijkt geen e-mailadres"), "{page}");
    assert!(page.contains("value=\"geen-adres@\""), "text kept");
    // Choices need a confirmed address.
    let choices = reader
        .post("/account/e-mail/keuzes", &[("antwoorden", "ja")])
        .await;
    assert_eq!(choices.status(), StatusCode::CONFLICT);
    // Anonymous visitors cannot add one.
    let anonymous = app
        .browser()
        .post("/account/e-mail", &[("adres", "x@example.nl")])
        .await;
    assert!(anonymous.status().is_redirection() || anonymous.status() == StatusCode::UNAUTHORIZED);
    assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, 0);
}

#[tokio::test]
async fn confirmation_mails_are_limited_per_account_so_the_form_cannot_spam_strangers() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("spam_lezer").await;
    for n in 0..5 {
        let address = format!("vreemde{n}@example.nl");
        let response = reader.post("/account/e-mail", &[("adres", &address)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    let sixth = reader
        .post("/account/e-mail", &[("adres", "zesde@example.nl")])
        .await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("SELECT COUNT(*) FROM mail_outbox").await, 5);
}

#[tokio::test]
async fn changing_the_address_confirms_the_new_one_and_tells_the_old_one() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("verhuizer").await;
    confirm_address(&smtp, &reader, "oud@example.nl").await;
    // Asking for a new one changes nothing until it is confirmed.
    reader
        .post("/account/e-mail", &[("adres", "nieuw@example.nl")])
        .await;
    let mail = smtp.wait_for("nieuw@example.nl", 1).await.remove(0);
    let page = reader.get_html("/account").await;
    assert!(
        page.contains("<strong>oud@example.nl</strong>"),
        "old one still in use"
    );
    let link = mail.link("/e-mail/bevestigen");
    let token = link.split("token=").nth(1).expect("token");
    reader.post("/e-mail/bevestigen", &[("token", token)]).await;
    let told = smtp.wait_for("oud@example.nl", 2).await.remove(1);
    assert!(told.subject().contains("gewijzigd"), "{}", told.subject());
    assert!(
        !told.text().contains("nieuw@example.nl"),
        "the new address is not given away"
    );
    let page = reader.get_html("/account").await;
    assert!(page.contains("<strong>nieuw@example.nl</strong>"));
}

#[tokio::test]
async fn the_address_is_in_the_export_never_shown_to_others_and_goes_with_the_account() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("privé_lezer").await;
    confirm_address(&smtp, &reader, "prive@example.nl").await;
    let export = reader.get_html("/account/gegevens").await;
    assert!(
        export.contains("\"adres\": \"prive@example.nl\""),
        "{export}"
    );
    let author = app.author().await;
    let readers = author.get_html("/moderatie/lezers").await;
    assert!(
        !readers.contains("prive@example.nl"),
        "not shown to the author"
    );
    let deleted = reader
        .post(
            "/account/verwijderen",
            &[("reacties", "verwijderen"), ("wachtwoord", PASSWORD)],
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    for sql in [
        "SELECT COUNT(*) FROM mail_addresses WHERE address LIKE 'prive%'",
        "SELECT COUNT(*) FROM mail_outbox WHERE address LIKE 'prive%'",
        "SELECT COUNT(*) FROM mail_tokens WHERE address LIKE 'prive%'",
    ] {
        assert_eq!(app.count(sql).await, 0, "{sql}");
    }
}

/// Asks for a reset link for `address`; returns the status, the body and how long it took.
async fn ask_reset(app: &TestApp, address: &str) -> (StatusCode, String, Duration) {
    let started = Instant::now();
    let response = app
        .browser()
        .post("/wachtwoord-vergeten", &[("adres", address)])
        .await;
    let took = started.elapsed();
    let status = response.status();
    (status, response.text().await.expect("body"), took)
}

#[tokio::test]
async fn a_reset_answers_alike_for_every_address_and_its_link_works_once_and_ends_every_session() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("vergeetachtig").await;
    confirm_address(&smtp, &reader, "vergeet@example.nl").await;
    let login = app.browser().get_html("/inloggen").await;
    assert!(
        login.contains("href=\"/wachtwoord-vergeten\""),
        "offered on the login page"
    );

    // The same answer, in the same time, for an address nobody has.
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for _ in 0..3 {
        let (status, body, took) = ask_reset(&app, "vergeet@example.nl").await;
        known.push((status, body, took));
        let (status, body, took) = ask_reset(&app, "niemand@example.nl").await;
        unknown.push((status, body, took));
    }
    for ((s1, b1, _), (s2, b2, _)) in known.iter().zip(&unknown) {
        assert_eq!(s1, s2);
        assert_eq!(b1, b2, "the page gives nothing away");
    }
    let median = |v: &Vec<(StatusCode, String, Duration)>| {
        let mut t: Vec<Duration> = v.iter().map(|x| x.2).collect();
        t.sort();
        t[1]
    };
    let (a, b) = (median(&known), median(&unknown));
    let gap = a.abs_diff(b);
    assert!(
        gap < Duration::from_millis(50),
        "timing differs: {a:?} vs {b:?}"
    );
    smtp.wait_for("vergeet@example.nl", 4).await;
    assert!(smtp.mails_to("niemand@example.nl").is_empty());

    // Only the newest link counts; it opens a form and changes the password once.
    let mail = smtp
        .mails_to("vergeet@example.nl")
        .pop()
        .expect("reset mail");
    assert!(
        mail.subject().contains("Nieuw wachtwoord"),
        "{}",
        mail.subject()
    );
    let link = mail.link("/wachtwoord-herstellen");
    let token = link.split("token=").nth(1).expect("token").to_owned();
    let form = app.browser().get_html(&link).await;
    assert!(form.contains("name=\"nieuw\""));
    let weak = app
        .browser()
        .post(
            "/wachtwoord-herstellen",
            &[("token", token.as_str()), ("nieuw", "kort")],
        )
        .await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        weak.text().await.expect("body").contains(&token),
        "the link is kept in the form"
    );
    let new_password = "blauwe-walvis-zingt-in-de-nacht";
    let done = app
        .browser()
        .post(
            "/wachtwoord-herstellen",
            &[("token", token.as_str()), ("nieuw", new_password)],
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    // Every session ended: the reader's browser is logged out.
    let account = reader.get("/account").await;
    assert!(account.status().is_redirection(), "{}", account.status());
    assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
    // The new password works, the old one not.
    let fresh = app.browser();
    assert_eq!(
        fresh.login("vergeetachtig", PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        fresh.login("vergeetachtig", new_password).await.status(),
        StatusCode::SEE_OTHER
    );
    // Single use; older links were replaced by the newest.
    let again = app
        .browser()
        .post(
            "/wachtwoord-herstellen",
            &[
                ("token", token.as_str()),
                ("nieuw", "nog-een-heel-ander-wachtwoord"),
            ],
        )
        .await;
    assert_eq!(again.status(), StatusCode::GONE);
    let older = smtp.mails_to("vergeet@example.nl")[1].link("/wachtwoord-herstellen");
    assert_eq!(app.browser().get(&older).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn a_reset_link_expires_after_thirty_minutes_and_needs_a_confirmed_address() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let reader = app.reader("half_lezer").await;
    // Added but never confirmed: no reset mail.
    reader
        .post("/account/e-mail", &[("adres", "half@example.nl")])
        .await;
    smtp.wait_for("half@example.nl", 1).await;
    let (status, _, _) = ask_reset(&app, "half@example.nl").await;
    assert_eq!(status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        smtp.mails_to("half@example.nl").len(),
        1,
        "only the confirmation"
    );

    let other = app.reader("heel_lezer").await;
    confirm_address(&smtp, &other, "heel@example.nl").await;
    ask_reset(&app, "heel@example.nl").await;
    let mail = smtp
        .wait_for("heel@example.nl", 2)
        .await
        .pop()
        .expect("mail");
    let link = mail.link("/wachtwoord-herstellen");
    app.clock.advance(30 * 60 + 1);
    assert_eq!(app.browser().get(&link).await.status(), StatusCode::GONE);
}

#[tokio::test]
async fn reset_requests_are_limited_per_address_and_per_client() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail_and(&smtp, |c| c.rate_limits = true).await;
    for _ in 0..3 {
        let (status, _, _) = ask_reset(&app, "iemand@example.nl").await;
        assert_eq!(status, StatusCode::OK);
    }
    let (status, body, _) = ask_reset(&app, "iemand@example.nl").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body.contains("al vaak om een nieuw wachtwoord"), "{body}");
    // Other addresses from the same client, up to the client's limit.
    for n in 0..6 {
        let (status, _, _) = ask_reset(&app, &format!("ander{n}@example.nl")).await;
        assert_eq!(status, StatusCode::OK, "request {n}");
    }
    let (status, _, _) = ask_reset(&app, "nog-een@example.nl").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}
