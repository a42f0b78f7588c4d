//! Accounts: registration, login and logout, server-side sessions, and the
//! extractors (`CurrentUser`, `MaybeUser`) that tell handlers who is asking.

mod handlers;
pub use handlers::join_page;
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

/// The logged-in user behind a request. As an extractor it sends anonymous
/// visitors to the login page.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: i64,
    pub username: String,
    pub role: Role,
}

impl CurrentUser {
    /// Whether this user is the author (for badges and, later, moderation).
    pub fn is_author(&self) -> bool {
        self.role == Role::Author
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
