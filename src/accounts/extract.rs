//! Extractors that tell a handler who is asking. Authorisation lives here, not
//! in `if`s scattered through handlers: a handler that takes `CurrentUser` is
//! for logged-in users, one that takes `Author` for the author only.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::model::{CurrentUser, Session};
use crate::error::AppError;

/// The logged-in user, or `None`; never rejects.
#[derive(Debug)]
pub struct MaybeUser(pub Option<CurrentUser>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeUser {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts.extensions.get::<Session>().map(|s| s.user.clone()),
        ))
    }
}

/// The current session, or `None`.
#[derive(Debug)]
pub struct MaybeSession(pub Option<Session>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeSession {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(parts.extensions.get::<Session>().cloned()))
    }
}

fn unauthorized(parts: &Parts) -> AppError {
    AppError::Unauthorized {
        back_to: parts.uri.path().to_owned(),
    }
}

/// The session itself is required; anonymous requests are sent to the login page.
impl<S: Send + Sync> FromRequestParts<S> for Session {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| unauthorized(parts))
    }
}

/// A logged-in user is required; anonymous requests are sent to the login page.
impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Session>()
            .map(|s| s.user.clone())
            .ok_or_else(|| unauthorized(parts))
    }
}

/// The logged-in author. Anonymous visitors go to the login page; anyone else gets 403.
#[derive(Debug)]
pub struct Author(pub CurrentUser);

impl<S: Send + Sync> FromRequestParts<S> for Author {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let user = CurrentUser::from_request_parts(parts, state).await?;
        if user.is_author() {
            Ok(Self(user))
        } else {
            Err(AppError::Forbidden(
                crate::i18n::t().messages.author_only.into(),
            ))
        }
    }
}
