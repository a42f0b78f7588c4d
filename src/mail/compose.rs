//! What every mail says, in the current language (the worker sets the site's):
//! the words come from the catalogue (`i18n::mail`); the templates in
//! templates/mail/ only lay them out. Nothing here tracks: links
//! are plain links to the site, no images, no per-reader parameters.

use crate::i18n::t;

/// A reaction quoted in a mail.
#[derive(Debug, Clone)]
pub struct Item {
    pub heading: String,
    pub text: String,
    pub link: String,
    pub link_label: &'static str,
}

/// A mail before it is laid out as text and HTML.
#[derive(Debug, Clone, Default)]
pub struct Letter {
    pub subject: String,
    pub intro: Vec<String>,
    pub items: Vec<Item>,
    /// The one button: label and address.
    pub action: Option<(String, String)>,
    pub outro: Vec<String>,
    /// Why this mail came, at the bottom.
    pub footer: String,
    /// The one-click unsubscribe address (RFC 8058), for notification mails.
    pub unsubscribe: Option<String>,
}

/// The link that confirms `address` for `username`.
pub fn confirm(site: &str, username: &str, link: String) -> Letter {
    let t = t();
    Letter {
        subject: t.mail_confirm_subject(site),
        intro: vec![
            t.mail_confirm_intro(username, site),
            t.mail.confirm_how.to_owned(),
        ],
        action: Some((t.mail.confirm_button.to_owned(), link)),
        outro: vec![t.mail.confirm_not_you.to_owned()],
        footer: t.mail_confirm_footer(site),
        ..Letter::default()
    }
}

/// Told to the old address when a new one was confirmed.
pub fn changed(site: &str, username: &str) -> Letter {
    let t = t();
    Letter {
        subject: t.mail_changed_subject(site),
        intro: vec![t.mail_changed_intro(username, site)],
        outro: vec![t.mail.changed_not_you.to_owned()],
        footer: t.mail_changed_footer(site),
        ..Letter::default()
    }
}

/// The link that resets the password of `username`.
pub fn reset(site: &str, username: &str, link: String) -> Letter {
    let t = t();
    Letter {
        subject: t.mail_reset_subject(site),
        intro: vec![
            t.mail_reset_intro(username, site),
            t.mail.reset_how.to_owned(),
        ],
        action: Some((t.mail.reset_button.to_owned(), link)),
        outro: vec![t.mail.reset_not_you.to_owned()],
        footer: t.mail_reset_footer(site),
        ..Letter::default()
    }
}

/// One reply, or a digest of several in one thread.
pub fn replies(site: &str, title: &str, items: Vec<Item>, unsubscribe: String) -> Letter {
    let t = t();
    let writer = match items.as_slice() {
        [one] => Some(one.heading.as_str()),
        _ => None,
    };
    let (subject, intro) = t.mail_replies(writer, items.len(), title);
    Letter {
        subject,
        intro: vec![intro],
        items,
        footer: t.mail_replies_footer(site),
        unsubscribe: Some(unsubscribe),
        ..Letter::default()
    }
}

/// A reply in a mail.
pub fn reply_item(writer: &str, text: &str, link: String) -> Item {
    Item {
        heading: writer.to_owned(),
        text: text.to_owned(),
        link,
        link_label: t().mail.read_and_reply,
    }
}

/// What an alert is about: `detail` is `held`, `edit` or `report`.
pub fn alert_item(detail: &str, writer: &str, title: &str, text: &str, link: String) -> Item {
    let t = t();
    Item {
        heading: t.mail_alert_heading(detail, writer, title),
        text: text.to_owned(),
        link,
        link_label: t.mail.see_reaction,
    }
}

/// The author's alert: one item, or an hourly digest.
pub fn alerts(site: &str, items: Vec<Item>, queue: String) -> Letter {
    let t = t();
    let subject = match items.as_slice() {
        [one] => one.heading.clone(),
        many => t.mail_alerts_subject(many.len(), site),
    };
    Letter {
        subject,
        intro: vec![t.mail_alerts_intro(site)],
        items,
        action: Some((t.mail.to_queue.to_owned(), queue)),
        footer: t.mail.alerts_footer.to_owned(),
        ..Letter::default()
    }
}

/// The subject of an error shown to the author: which kind of mail failed.
pub fn kind_name(kind: &str) -> &'static str {
    t().mail_kind_name(kind)
}
