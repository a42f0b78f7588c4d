//! A letter laid out as a mail: plain text and HTML alternatives, the site's
//! name as sender name, the idempotency key as Message-ID, and for notification
//! mails the one-click unsubscribe headers of RFC 8058.

use askama::Template;
use lettre::Message;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use sha2::{Digest, Sha256};

use super::compose::Letter;
use super::settings::MailSettings;
use crate::i18n::Texts;

#[derive(Template)]
#[template(path = "mail/letter.html")]
struct Html<'a> {
    site: &'a str,
    letter: &'a Letter,
    t: &'static Texts,
}

#[derive(Template)]
#[template(path = "mail/letter.txt")]
struct Text<'a> {
    site: &'a str,
    letter: &'a Letter,
    t: &'static Texts,
}

/// Builds the mail to `to`.
pub fn build(
    settings: &MailSettings,
    site: &str,
    to: &str,
    key: &str,
    letter: &Letter,
) -> anyhow::Result<Message> {
    let to: Mailbox = Mailbox::new(None, to.parse()?);
    let t = crate::i18n::t();
    let html = Html { site, letter, t }.render()?;
    let text = Text { site, letter, t }.render()?;
    // The same key gives the same Message-ID: a mail sent again after a crash
    // between sending and marking it sent is recognisably the same mail.
    let id = hex::encode(&Sha256::digest(key.as_bytes())[..16]);
    let mut builder = Message::builder()
        .from(settings.sender(site))
        .to(to)
        .subject(letter.subject.clone())
        .message_id(Some(format!("<{id}@{}>", settings.from.domain())));
    if let Some(url) = &letter.unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    Ok(builder.multipart(MultiPart::alternative_plain_html(text, html))?)
}
