//! Fills in the page frame for a request: the header's name, and for the author
//! the waiting count, computed here where the header is rendered.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{HeaderUser, Layout};
use crate::accounts::model::{CurrentUser, Session};
use crate::error::{AppError, Result};
use crate::moderation::store::queue::waiting_count;
use crate::state::AppState;

/// The frame for `user` (the author's costs one indexed count).
pub async fn for_user(state: &AppState, user: Option<&CurrentUser>) -> Result<Layout> {
    let Some(user) = user else {
        return Ok(Layout::anonymous());
    };
    let waiting = if user.is_author() {
        waiting_count(&state.pool).await?
    } else {
        0
    };
    Ok(Layout {
        user: Some(HeaderUser {
            name: user.username.clone(),
            is_author: user.is_author(),
        }),
        waiting,
    })
}

impl FromRequestParts<AppState> for Layout {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let session = parts.extensions.get::<Session>();
        for_user(state, session.map(|s| &s.user)).await
    }
}
