//! Who is asking: the logged-in user with their role and standing, a ban in
//! force, the session behind a request, and a draft kept across a login.

use crate::error::{AppError, Result};

/// What a user may do; stored as `reader` or `author`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum Role {
    Reader,
    Author,
}

impl Role {
    /// How it is stored.
    pub fn as_db(self) -> &'static str {
        match self {
            Self::Reader => "reader",
            Self::Author => "author",
        }
    }
}

/// The logged-in user behind a request, with their standing.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    /// The login name.
    pub username: String,
    /// The name shown with reactions (the login name unless one was chosen).
    pub display_name: String,
    pub role: Role,
    pub created_at: i64,
    pub trusted: bool,
    pub shadowbanned: bool,
    /// Set only while a ban is in force.
    pub ban: Option<Ban>,
}

impl CurrentUser {
    /// Whether this user is the author.
    pub fn is_author(&self) -> bool {
        self.role == Role::Author
    }

    /// Refuses writing (posting, replying, editing, reporting) while banned.
    pub fn ensure_not_banned(&self) -> Result<()> {
        match &self.ban {
            Some(ban) => Err(AppError::Forbidden(ban.message())),
            None => Ok(()),
        }
    }
}

/// A ban in force. The default is a ban without reason or end, for a reader
/// whose ban is known only to have landed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ban {
    pub reason: String,
    /// Unix seconds; `None`: until lifted.
    pub until: Option<i64>,
}

impl Ban {
    /// The ban described by a user's columns, if it is in force at `now`.
    pub fn active(
        banned_at: Option<i64>,
        until: Option<i64>,
        reason: Option<String>,
        now: i64,
    ) -> Option<Self> {
        banned_at?;
        if until.is_some_and(|until| until <= now) {
            return None;
        }
        Some(Self {
            reason: reason.unwrap_or_default(),
            until,
        })
    }

    /// What a banned reader is told.
    pub fn message(&self) -> String {
        let until = self
            .until
            .map(|until| crate::dates::exact_time(crate::dates::from_unix(until)));
        crate::i18n::t().banned(until.as_deref(), self.reason.trim())
    }
}

/// The session behind the current request, put in the request's extensions by
/// the session layer (`cookie::load_session`).
#[derive(Clone, Debug)]
pub struct Session {
    pub token_hash: String,
    pub user: CurrentUser,
    /// A one-time confirmation for this page (after logging in or registering).
    pub flash: Option<Flash>,
    /// The order of reactions the session chose, as it was when the request came in.
    pub order: Option<crate::conversation::order::Order>,
    /// The article a draft from before logging in waits for, if any.
    pub draft_slug: Option<String>,
    /// Unread notifications (capped) when the request came in.
    pub unread: i64,
}

/// The confirmation a page shows once, carried by a short-lived cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    LoggedIn,
    Welcome,
}

/// A reaction typed before logging in, kept with the session until it is posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub slug: String,
    pub parent_id: Option<i64>,
    /// The article's reason it is about, as chosen in the form.
    pub reason: Option<i64>,
    pub body: String,
}
