//! Mail about the conversation and for the author, and the outbox behind it
//! (issue #16): reply mails only for approved replies, at most one per thread
//! per hour with the rest in a digest, one-click unsubscribe, the author's
//! alerts, and delivery exactly once through a restart and an SMTP outage.

use std::time::Duration;

use reqwest::StatusCode;

use crate::helpers::{SLUG, TestApp};
use crate::smtp::{SmtpServer, app_with_mail, confirm_address};

/// An open site with mail; a reader who wants reply mail and has a reaction.
async fn conversation(
    smtp: &SmtpServer,
    name: &str,
    address: &str,
) -> (TestApp, crate::helpers::Browser, i64) {
    let app = app_with_mail(smtp).await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let reader = app.reader(name).await;
    confirm_address(smtp, &reader, address).await;
    let saved = reader
        .post("/account/e-mail/keuzes", &[("antwoorden", "ja")])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let id = reader
        .react("Een vraag aan iedereen die dit leest.", None)
        .await;
    (app, reader, id)
}

/// Gives the worker time for a few rounds.
async fn settle() {
    tokio::time::sleep(Duration::from_millis(2500)).await;
}

#[tokio::test]
async fn an_approved_reply_is_mailed_with_its_text_a_link_and_one_click_unsubscribe() {
    let smtp = SmtpServer::start().await;
    let (app, reader, id) = conversation(&smtp, "vraagsteller", "vraag@example.nl").await;
    let other = app.reader("antwoorder").await;
    let reply = other
        .react("Hier is *mijn* antwoord op je vraag.", Some(id))
        .await;
    let mail = smtp.wait_for("vraag@example.nl", 2).await.remove(1);
    assert!(
        mail.subject().contains("antwoorder reageerde"),
        "{}",
        mail.subject()
    );
    assert!(
        mail.text().contains("Hier is *mijn* antwoord"),
        "{}",
        mail.text()
    );
    assert!(
        mail.text()
            .contains(&format!("http://127.0.0.1/reacties/{reply}"))
    );
    assert!(
        mail.html()
            .contains(&format!("href=\"http://127.0.0.1/reacties/{reply}\""))
    );
    assert!(!mail.html().contains("<img"), "nothing that tracks opens");
    let unsubscribe = mail.header("List-Unsubscribe").expect("List-Unsubscribe");
    assert_eq!(
        mail.header("List-Unsubscribe-Post").as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    // A reply to oneself is never mailed.
    reader.react("Ik vul mezelf even aan.", Some(id)).await;
    settle().await;
    assert_eq!(smtp.mails_to("vraag@example.nl").len(), 2);

    // One click (RFC 8058), without a session, switches reply mail off.
    let url = unsubscribe.trim_start_matches('<').trim_end_matches('>');
    let path = url.trim_start_matches("http://127.0.0.1");
    let anonymous = reqwest::Client::new();
    let response = anonymous
        .post(app.url(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .expect("POST");
    assert_eq!(response.status(), StatusCode::OK);
    app.clock.advance(2 * 3600);
    other
        .react("Nog een antwoord, na de afmelding.", Some(id))
        .await;
    settle().await;
    assert_eq!(
        smtp.mails_to("vraag@example.nl").len(),
        2,
        "no mail after unsubscribing"
    );
    let unknown = app.browser().post("/e-mail/afmelden/onzin", &[]).await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_held_reply_is_mailed_only_once_approved_and_a_shadowbanned_one_never() {
    let smtp = SmtpServer::start().await;
    let (app, _reader, id) = conversation(&smtp, "wachtende", "wacht@example.nl").await;
    let author = app.author().await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    let other = app.reader("vastgehouden").await;
    let held = other.react_any("Dit antwoord wacht eerst.", Some(id)).await;
    assert_eq!(app.status_of(held).await, "pending");
    let shadow = app.reader("schaduw_lezer").await;
    app.set("UPDATE users SET shadowbanned = 1 WHERE username = 'schaduw_lezer'")
        .await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let shadowed = shadow
        .react_any("Niemand ziet dit antwoord.", Some(id))
        .await;
    assert_eq!(app.status_of(shadowed).await, "shadow");
    settle().await;
    assert_eq!(
        smtp.mails_to("wacht@example.nl").len(),
        1,
        "only the confirmation"
    );
    let approved = author.moderate(held, "goedkeuren", "/moderatie").await;
    assert!(approved.status().is_redirection());
    let mail = smtp.wait_for("wacht@example.nl", 2).await.remove(1);
    assert!(mail.text().contains("Dit antwoord wacht eerst."));
    // Approving twice mails nothing more.
    author.moderate(held, "goedkeuren", "/moderatie").await;
    settle().await;
    assert_eq!(smtp.mails_to("wacht@example.nl").len(), 2);
}

#[tokio::test]
async fn an_unverified_address_gets_no_reply_mail() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    app.set("UPDATE settings SET premoderation = 'none'").await;
    let reader = app.reader("onbevestigd").await;
    reader
        .post("/account/e-mail", &[("adres", "onbevestigd@example.nl")])
        .await;
    // Even when the choice were set behind the form's back.
    app.set("INSERT INTO mail_addresses (user_id, replies, unsubscribe) SELECT id, 1, 'x' FROM users WHERE username = 'onbevestigd'").await;
    let id = reader.react("Mijn reactie.", None).await;
    app.reader("beantwoorder")
        .await
        .react("Een antwoord.", Some(id))
        .await;
    settle().await;
    assert_eq!(
        smtp.mails_to("onbevestigd@example.nl").len(),
        1,
        "only the confirmation link"
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_outbox WHERE kind = 'reply'")
            .await,
        0
    );
}

#[tokio::test]
async fn replies_in_one_thread_are_mailed_at_most_hourly_the_rest_in_one_digest() {
    let smtp = SmtpServer::start().await;
    let (app, _reader, id) = conversation(&smtp, "druk_gesprek", "druk@example.nl").await;
    let a = app.reader("eerste_antwoord").await;
    let b = app.reader("tweede_antwoord").await;
    a.react("Eerste antwoord.", Some(id)).await;
    smtp.wait_for("druk@example.nl", 2).await;
    b.react("Tweede antwoord.", Some(id)).await;
    a.react("Derde antwoord.", Some(id)).await;
    settle().await;
    assert_eq!(
        smtp.mails_to("druk@example.nl").len(),
        2,
        "no second mail within the hour"
    );
    app.clock.advance(3600);
    let digest = smtp.wait_for("druk@example.nl", 3).await.remove(2);
    assert!(
        digest.subject().starts_with("2 nieuwe antwoorden"),
        "{}",
        digest.subject()
    );
    assert!(
        digest.text().contains("Tweede antwoord.") && digest.text().contains("Derde antwoord.")
    );
    settle().await;
    assert_eq!(
        smtp.mails_to("druk@example.nl").len(),
        3,
        "the digest went once"
    );
    // Another thread is not held back by this one.
    let reader = app.browser();
    reader.login("druk_gesprek", crate::helpers::PASSWORD).await;
    let other_thread = reader.react("Een tweede draad.", None).await;
    b.react("Antwoord in de tweede draad.", Some(other_thread))
        .await;
    smtp.wait_for("druk@example.nl", 4).await;
}

#[tokio::test]
async fn the_author_is_alerted_to_each_held_reaction_and_report_or_hourly() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let author = app.author().await;
    confirm_address(&smtp, &author, "auteur@example.nl").await;
    let page = author.get_html("/account").await;
    assert!(page.contains("Een overzicht per uur"), "the author chooses");
    let reader = app.reader("nieuwkomer").await;
    let held = reader.react_any("Mijn eerste reactie wacht.", None).await;
    let alert = smtp.wait_for("auteur@example.nl", 2).await.remove(1);
    assert!(
        alert.subject().contains("Wacht op goedkeuring"),
        "{}",
        alert.subject()
    );
    assert!(alert.text().contains("http://127.0.0.1/moderatie"));
    assert!(alert.text().contains("Mijn eerste reactie wacht."));
    author.moderate(held, "goedkeuren", "/moderatie").await;

    // Hourly: nothing at once, one digest at the end of the hour.
    author
        .post("/account/e-mail/keuzes", &[("meldingen", "hourly")])
        .await;
    app.set("UPDATE settings SET premoderation = 'all'").await;
    reader.react_any("Tweede, vastgehouden.", None).await;
    let reporter = app.reader("melder").await;
    let report = reporter
        .post(
            &format!("/reacties/{held}/melden"),
            &[("reden", "Dit is reclame.")],
        )
        .await;
    assert!(
        report.status().is_redirection() || report.status().is_success(),
        "{}",
        report.status()
    );
    settle().await;
    assert_eq!(smtp.mails_to("auteur@example.nl").len(), 2);
    app.clock.advance(3601);
    let digest = smtp.wait_for("auteur@example.nl", 3).await.remove(2);
    assert!(
        digest.subject().starts_with("2 meldingen"),
        "{}",
        digest.subject()
    );
    assert!(digest.text().contains("Gemeld:") && digest.text().contains("Tweede, vastgehouden."));
    let _ = SLUG;
}

#[tokio::test]
async fn the_outbox_survives_a_restart_and_an_smtp_outage_and_sends_each_mail_once() {
    let mut smtp = SmtpServer::start().await;
    let mut app = app_with_mail(&smtp).await;
    smtp.stop();
    let reader = app.reader("geduldig").await;
    reader
        .post("/account/e-mail", &[("adres", "geduld@example.nl")])
        .await;
    let other = app.reader("ook_geduldig").await;
    other
        .post("/account/e-mail", &[("adres", "ook@example.nl")])
        .await;
    // The worker tries, fails, and waits to try again.
    for _ in 0..100 {
        if app
            .count("SELECT COUNT(*) FROM mail_outbox WHERE attempts > 0")
            .await
            == 2
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_outbox WHERE attempts > 0 AND status = 'waiting'")
            .await,
        2
    );
    // A restart in the middle of the outage loses nothing.
    app.restart().await;
    smtp.resume().await;
    app.clock.advance(120);
    smtp.wait_for("geduld@example.nl", 1).await;
    smtp.wait_for("ook@example.nl", 1).await;
    app.clock.advance(3600);
    settle().await;
    let mails = smtp.mails();
    assert_eq!(mails.len(), 2, "each mail exactly once");
    let ids: std::collections::HashSet<_> = mails.iter().map(|m| m.header("Message-ID")).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM mail_outbox WHERE status = 'sent' AND token IS NULL")
            .await,
        2,
        "tokens forgotten once sent"
    );
}

#[tokio::test]
async fn a_permanent_refusal_is_shown_to_the_author_without_the_address() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    let author = app.author().await;
    smtp.refuse_recipients();
    let reader = app.reader("onbestelbaar").await;
    reader
        .post("/account/e-mail", &[("adres", "bestaat-niet@example.nl")])
        .await;
    for _ in 0..100 {
        if app
            .count("SELECT COUNT(*) FROM mail_outbox WHERE status = 'failed'")
            .await
            == 1
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let queue = author.get_html("/moderatie").await;
    assert!(
        queue.contains("Mail (1 niet aangekomen)"),
        "the moderation pages say so"
    );
    let page = author.get_html("/moderatie/mail").await;
    assert!(page.contains("bevestiging van een e-mailadres"));
    assert!(page.contains("550"));
    assert!(!page.contains("bestaat-niet@example.nl"));
    let as_reader = reader.get("/moderatie/mail").await;
    assert_ne!(as_reader.status(), StatusCode::OK, "only the author");
}

#[tokio::test]
async fn a_held_edit_alerts_the_author_with_the_waiting_text() {
    let smtp = SmtpServer::start().await;
    let app = app_with_mail(&smtp).await;
    app.set("UPDATE settings SET premoderation = 'none', hold_words = 'casino'")
        .await;
    let author = app.author().await;
    confirm_address(&smtp, &author, "redactie@example.nl").await;
    let reader = app.reader("bewerker").await;
    let id = reader.react("Eerste versie", None).await;
    settle().await;
    assert_eq!(
        smtp.mails_to("redactie@example.nl").len(),
        1,
        "a published reaction alerts nothing"
    );
    let response = reader
        .post(
            &format!("/reacties/{id}/bewerken"),
            &[("body", "Kom naar het casino")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let alert = smtp.wait_for("redactie@example.nl", 2).await.remove(1);
    assert!(
        alert
            .subject()
            .starts_with("Wijziging wacht op goedkeuring"),
        "{}",
        alert.subject()
    );
    assert!(alert.text().contains("Kom naar het casino"));
}
