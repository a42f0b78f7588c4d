//! Mails follow the site's interface language: with English set, a reply mail
//! and a reset mail arrive in English (written by the worker, outside any
//! request), and the e-mail pages read in English.

use reqwest::StatusCode;

use crate::smtp::{SmtpServer, app_with_mail, confirm_address};

#[tokio::test]
async fn with_english_set_reply_and_reset_mails_arrive_in_english() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    app.set("UPDATE settings SET premoderation = 'none', language = 'en'")
        .await;
    let reader = app.reader("asker").await;
    confirm_address(&smtp, &reader, "asker@example.com").await;
    let confirm = smtp.mails_to("asker@example.com").remove(0);
    assert!(
        confirm.subject().starts_with("Confirm your e-mail address"),
        "{}",
        confirm.subject()
    );
    let saved = reader
        .post("/account/e-mail/keuzes", &[("antwoorden", "ja")])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let id = reader.react("A question for everyone reading.", None).await;
    let other = app.reader("answerer").await;
    other.react("Here is my answer to you.", Some(id)).await;

    let reply = smtp.wait_for("asker@example.com", 2).await.remove(1);
    assert!(
        reply
            .subject()
            .contains("answerer replied to your reaction"),
        "{}",
        reply.subject()
    );
    assert!(reply.text().contains("Read and reply:"), "{}", reply.text());
    assert!(reply.text().contains("Unsubscribe: "), "{}", reply.text());
    assert!(
        reply.html().contains("<html lang=\"en\">"),
        "{}",
        reply.html()
    );
    for dutch in ["reageerde", "Lees en reageer", "Afmelden", "Je krijgt"] {
        assert!(!reply.text().contains(dutch), "Dutch {dutch:?} in the mail");
        assert!(!reply.html().contains(dutch), "Dutch {dutch:?} in the mail");
    }

    let asked = app
        .browser()
        .post("/wachtwoord-vergeten", &[("adres", "asker@example.com")])
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let sent = asked.text().await.expect("body");
    assert!(sent.contains("an e-mail is now on its way"), "{sent}");
    assert!(!sent.contains("Wachtwoord vergeten"), "{sent}");
    let forgot = app.browser().get_html("/wachtwoord-vergeten").await;
    assert!(forgot.contains(">Send link<"), "{forgot}");
    let account = reader.get_html("/account").await;
    assert!(
        account.contains("Your confirmed e-mail address:"),
        "{account}"
    );
    assert!(account.contains(">Save choices<"), "{account}");
    assert!(!account.contains("E-mailadres verwijderen"), "{account}");
    let reset = smtp.wait_for("asker@example.com", 3).await.remove(2);
    assert!(
        reset.subject().starts_with("New password for"),
        "{}",
        reset.subject()
    );
    assert!(
        reset.text().contains("Choose a new password:"),
        "{}",
        reset.text()
    );
    assert!(
        reset.html().contains("Does the link not work?"),
        "{}",
        reset.html()
    );
    for dutch in ["Nieuw wachtwoord", "Vroeg jij", "Werkt de link"] {
        assert!(!reset.text().contains(dutch), "Dutch {dutch:?} in the mail");
        assert!(!reset.html().contains(dutch), "Dutch {dutch:?} in the mail");
    }
}

/// A reader's address refused for good; the author's page of failed mail.
async fn refused_mail_page(english: bool) -> String {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    if english {
        app.set("UPDATE settings SET language = 'en'").await;
    }
    let author = app.author().await;
    smtp.refuse_recipients();
    let reader = app.reader("undeliverable").await;
    reader
        .post("/account/e-mail", &[("adres", "does-not-exist@example.nl")])
        .await;
    for _ in 0..100 {
        if app
            .count("SELECT COUNT(*) FROM mail_outbox WHERE status = 'failed'")
            .await
            == 1
        {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_outbox WHERE last_error LIKE 'refused 550%'")
            .await,
        1,
        "stored without words"
    );
    let page = author.get_html("/moderatie/mail").await;
    assert!(!page.contains("does-not-exist@example.nl"), "no address");
    page
}

#[tokio::test]
async fn the_reason_a_mail_failed_is_told_in_the_authors_language() {
    let page = refused_mail_page(true).await;
    assert!(
        page.contains("refused by the mail server (550): 5.1.1 … No such user"),
        "{page}"
    );
    assert!(!page.contains("geweigerd"), "{page}");
    let page = refused_mail_page(false).await;
    assert!(
        page.contains("geweigerd door de mailserver (550): 5.1.1 … No such user"),
        "{page}"
    );
}
