//! The site's own identity, set by the author: its name (in the header, the
//! page titles and feeds), a one-line description and a contact address (in the
//! footer and on the privacy page). Stored in the `settings` row.

use crate::sql::Executor;

use crate::error::Result;
use crate::i18n::Lang;

/// Longest name, description and contact address, in characters.
pub const MAX_NAME: usize = 80;
pub const MAX_DESCRIPTION: usize = 200;
pub const MAX_CONTACT: usize = 200;

/// The site as the author described it; empty fields fall back to defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub name: String,
    pub description: String,
    pub contact: String,
    /// The language of the interface.
    pub language: Lang,
    /// Whether a reader's browser (`Accept-Language`) may choose the language
    /// for a reader who did not choose one.
    pub accept_language: bool,
}

impl Site {
    /// The name to show: the author's choice, else `fallback` (the author's name).
    pub fn name_or<'a>(&'a self, fallback: &'a str) -> &'a str {
        if self.name.trim().is_empty() {
            fallback
        } else {
            &self.name
        }
    }

    /// Checks what the author typed; the errors are sentences in the
    /// request's language.
    pub fn parse(name: &str, description: &str, contact: &str) -> Result<Self, Vec<String>> {
        let clean = |raw: &str| crate::text::clean_line(raw).trim().to_owned();
        let site = Self {
            name: clean(name),
            description: clean(description),
            contact: clean(contact),
            ..Self::default()
        };
        let mut errors = Vec::new();
        let t = crate::i18n::t();
        for (value, max, label) in [
            (&site.name, MAX_NAME, t.moderation.label_site_name),
            (
                &site.description,
                MAX_DESCRIPTION,
                t.moderation.label_description,
            ),
            (&site.contact, MAX_CONTACT, t.moderation.label_contact),
        ] {
            if value.chars().count() > max {
                errors.push(t.at_most_chars(label, max));
            }
        }
        if errors.is_empty() {
            Ok(site)
        } else {
            Err(errors)
        }
    }

    /// A contact address that is an e-mail address, for a `mailto:` link.
    pub fn contact_email(&self) -> Option<&str> {
        let contact = self.contact.trim();
        let (user, host) = contact.split_once('@')?;
        let plain = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
        (plain(user) && plain(host) && host.contains('.')).then_some(contact)
    }
}

/// The site as stored.
pub async fn site<'e>(db: impl Executor<'e>) -> Result<Site> {
    let r = sqlx::query!(
        "SELECT site_name, site_description, contact_address, language, accept_language FROM settings WHERE id = 1"
    )
    .fetch_one(db)
    .await?;
    Ok(Site {
        name: r.site_name,
        description: r.site_description,
        contact: r.contact_address,
        language: Lang::parse(&r.language).unwrap_or_default(),
        accept_language: r.accept_language != 0,
    })
}

/// Stores the site's identity.
pub async fn save_site<'e>(db: impl Executor<'e>, site: &Site) -> Result<()> {
    let language = site.language.code();
    sqlx::query!(
        "UPDATE settings SET site_name = $1, site_description = $2, contact_address = $3, language = $4, accept_language = $5 WHERE id = 1",
        site.name,
        site.description,
        site.contact,
        language,
        i64::from(site.accept_language)
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The terminal's language (the command line, the server's start-up and log
/// lines): the one the locale environment asks for (`asked`, see
/// `i18n::locale`), else the site's interface language, else Dutch.
pub async fn terminal_language<'e>(db: impl Executor<'e>, asked: Option<Lang>) -> Lang {
    match asked {
        Some(lang) => lang,
        None => site(db).await.map(|site| site.language).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_is_checked_and_falls_back_to_the_authors_name() {
        let site = Site::parse("  ", "Over nee zeggen", "olaf@example.nl").expect("valid");
        assert_eq!(site.name_or("Olaf Rutten"), "Olaf Rutten");
        assert_eq!(site.contact_email(), Some("olaf@example.nl"));
        assert!(Site::parse(&"x".repeat(81), "", "").is_err());
        let postal = Site::parse("Nee", "", "Postbus 1, Utrecht").expect("valid");
        assert_eq!(postal.contact_email(), None);
        assert_eq!(postal.name_or("Olaf"), "Nee");
    }
}
