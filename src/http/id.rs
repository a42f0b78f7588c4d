//! Database ids as they arrive in paths and form fields. A malformed id is a
//! page that does not exist: a Dutch 404, never axum's plain-text 400.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;

use crate::error::AppError;

/// A positive database id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(pub i64);

impl Id {
    /// Parses an id from a form field or path segment; anything else is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        raw.trim()
            .parse::<i64>()
            .ok()
            .filter(|id| *id > 0)
            .map(Self)
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Parses an id from a form field; empty or malformed is `None`.
pub fn parse_id(raw: &str) -> Option<i64> {
    Id::parse(raw).map(|id| id.0)
}

/// The `{id}` of a path like `/reacties/{id}/bewerken`.
#[derive(Debug, Clone, Copy)]
pub struct PathId(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        parse_id(&raw).map(Self).ok_or(AppError::NotFound)
    }
}

/// The `{id}/{action}` of a path like `/moderatie/reacties/{id}/{action}`.
#[derive(Debug, Clone)]
pub struct PathIdAction(pub i64, pub String);

impl<S: Send + Sync> FromRequestParts<S> for PathIdAction {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path((raw, action)) = Path::<(String, String)>::from_request_parts(parts, state)
            .await
            .map_err(|_| AppError::NotFound)?;
        let id = parse_id(&raw).ok_or(AppError::NotFound)?;
        Ok(Self(id, action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_positive_integers_are_ids() {
        assert_eq!(parse_id(" 42 "), Some(42));
        for bad in ["", "0", "-3", "4x", "9999999999999999999999", "1.5"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }
}
