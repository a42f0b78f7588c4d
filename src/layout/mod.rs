//! The frame of every page (base.html): who is logged in and the author's
//! waiting count. Plain data here; `load` fills it in for a request.

pub mod load;

/// What the page header shows.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The texts in this request's language.
    pub t: &'static crate::i18n::Texts,
    pub user: Option<HeaderUser>,
    /// For the author: items waiting in the moderation queue.
    pub waiting: i64,
    /// For the author: mails that failed for good in the last week.
    pub mail_failed: i64,
    /// Unread notifications ("Voor jou"), counted up to 100.
    pub unread: i64,
    /// This page's local path (with its query), where logging in returns to.
    pub path: String,
    /// A confirmation after logging in or registering.
    pub welcome: Option<String>,
    /// The site's name, description and contact address.
    pub site: SiteInfo,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            t: crate::i18n::t(),
            user: None,
            waiting: 0,
            mail_failed: 0,
            unread: 0,
            path: String::new(),
            welcome: None,
            site: SiteInfo::default(),
        }
    }
}

/// The site as the frame shows it (the author's settings, with defaults filled in).
#[derive(Debug, Clone)]
pub struct SiteInfo {
    pub name: String,
    pub description: String,
    pub contact: String,
    /// The contact address when it is an e-mail address (for a `mailto:` link).
    pub contact_email: Option<String>,
}

impl Default for SiteInfo {
    fn default() -> Self {
        Self {
            name: "Reacties".to_owned(),
            description: String::new(),
            contact: String::new(),
            contact_email: None,
        }
    }
}

/// The logged-in visitor, as the header names them.
#[derive(Debug, Clone)]
pub struct HeaderUser {
    pub name: String,
    pub is_author: bool,
}

impl Layout {
    /// The frame for a visitor who is not logged in.
    pub fn anonymous() -> Self {
        Self::default()
    }

    /// The frame for a visitor who is not logged in, on the page at `path`.
    pub fn anonymous_at(path: &str, site: SiteInfo) -> Self {
        Self {
            path: path.to_owned(),
            site,
            ..Self::default()
        }
    }

    /// The login page, returning here afterwards.
    pub fn login_url(&self) -> String {
        crate::http::redirect::login_path(self.back())
    }

    /// The registration page, returning here afterwards.
    pub fn register_url(&self) -> String {
        crate::http::redirect::register_path(self.back())
    }

    /// Where to come back to: this page, unless it is one of the account pages.
    fn back(&self) -> &str {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        if path.starts_with("/inloggen") || path.starts_with("/registreren") {
            "/"
        } else {
            path
        }
    }
}
