//! Accounts: registration, login and logout, server-side sessions, and the
//! extractors (`CurrentUser`, `MaybeUser`) that tell handlers who is asking.

mod account;
mod handlers;
pub use handlers::join_page;
pub mod admin;
pub mod password;
pub mod queries;
pub mod session;
pub mod username;

use axum::Router;
use axum::routing::{get, post};

use crate::app::AppState;

pub use queries::Draft;
pub use session::{MaybeSession, MaybeUser, Session};

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Reader,
    Author,
}

impl Role {
    /// Reads the role column; anything unknown gets the least power.
    pub fn from_db(value: &str) -> Self {
        match value {
            "author" => Self::Author,
            _ => Self::Reader,
        }
    }
}

/// The logged-in user behind a request, with their standing. As an extractor
/// it sends anonymous visitors to the login page.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
    pub created_at: i64,
    pub trusted: bool,
    pub shadowbanned: bool,
    /// Set only while a ban is in force.
    pub ban: Option<Ban>,
    /// For the author: reactions waiting in the moderation queue.
    pub waiting: i64,
}

impl CurrentUser {
    /// Whether this user is the author.
    pub fn is_author(&self) -> bool {
        self.role == Role::Author
    }

    /// Refuses writing (posting, replying, editing, reporting) while banned.
    pub fn ensure_not_banned(&self) -> crate::error::Result<()> {
        match &self.ban {
            Some(ban) => Err(crate::error::AppError::Forbidden(ban.message())),
            None => Ok(()),
        }
    }
}

/// A ban in force.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        let period = match self.until {
            Some(until) => format!(
                " tot {}",
                crate::dates::exact_time(crate::dates::from_unix(until))
            ),
            None => String::new(),
        };
        let reason = if self.reason.trim().is_empty() {
            String::new()
        } else {
            format!(" Reden: {}", self.reason.trim())
        };
        format!(
            "De auteur heeft je geblokkeerd{period}: je kunt niet reageren, bewerken of melden.{reason}"
        )
    }
}

/// Routes for logging in, registering and logging out.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/inloggen", get(handlers::login_form).post(handlers::login))
        .route(
            "/registreren",
            get(handlers::register_form).post(handlers::register),
        )
        .route("/uitloggen", post(handlers::logout))
        .route("/account", get(account::show_account))
        .route("/account/wachtwoord", post(account::change_password))
        .route(
            "/account/overal-uitloggen",
            post(account::logout_everywhere),
        )
        .route("/account/gegevens", get(account::export_data))
        .route("/account/verwijderen", post(account::delete_account))
        .route("/privacy", get(account::show_privacy))
}

/// Only local paths are followed after login, so the login page cannot be used
/// to send readers to another site.
pub fn safe_back(path: &str) -> &str {
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.contains('\\')
        && !path.chars().any(char::is_control);
    if local { path } else { "/" }
}

/// The login page, returning to `back_to` afterwards.
pub fn login_path(back_to: &str) -> String {
    let query = serde_urlencoded::to_string([("terug", safe_back(back_to))]).unwrap_or_default();
    format!("/inloggen?{query}")
}

/// The registration page, returning to `back_to` afterwards.
pub fn register_path(back_to: &str) -> String {
    let query = serde_urlencoded::to_string([("terug", safe_back(back_to))]).unwrap_or_default();
    format!("/registreren?{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_login() {
        assert_eq!(
            safe_back("/zeven-redenen-voor-nee"),
            "/zeven-redenen-voor-nee"
        );
        assert_eq!(safe_back("https://kwaad.example/"), "/");
        assert_eq!(safe_back("//kwaad.example/"), "/");
        assert_eq!(safe_back("/\\kwaad.example"), "/");
        assert_eq!(safe_back(""), "/");
    }
}
