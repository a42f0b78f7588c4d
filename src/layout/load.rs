//! Fills in the page frame for a request: the header's name, and for the author
//! the waiting count, computed here where the header is rendered.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::{HeaderUser, Layout, SiteInfo};
use crate::accounts::model::{CurrentUser, Flash, Session};
use crate::conversation::inbox::unread_count;
use crate::error::{AppError, Result};
use crate::moderation::store::queue::waiting_count;
use crate::state::AppState;

/// The site as the frame shows it: the author's settings, and where the name
/// is empty, the name the articles give their author.
pub async fn site(state: &AppState) -> Result<SiteInfo> {
    let policy = state.policy.get(&state.pool).await?;
    let fallback = state
        .articles
        .all()
        .first()
        .map_or("Reacties", |a| a.author.as_str());
    Ok(SiteInfo {
        name: policy.site.name_or(fallback).to_owned(),
        description: policy.site.description.clone(),
        contact: policy.site.contact.clone(),
        contact_email: policy.site.contact_email().map(str::to_owned),
    })
}

/// The frame for a visitor who is not logged in, on the page at `path`.
pub async fn anonymous(state: &AppState, path: &str) -> Result<Layout> {
    Ok(Layout::anonymous_at(path, site(state).await?))
}

/// The frame for `user` (an indexed count of unread notifications; the author's
/// waiting count besides).
pub async fn for_user(state: &AppState, user: Option<&CurrentUser>) -> Result<Layout> {
    let Some(user) = user else {
        return anonymous(state, "/").await;
    };
    for_user_at(state, user, "").await
}

/// The frame for a session (its one-time confirmation included).
pub async fn for_session(state: &AppState, session: Option<&Session>) -> Result<Layout> {
    let Some(session) = session else {
        return anonymous(state, "/").await;
    };
    let mut layout = for_user_at(state, &session.user, "").await?;
    layout.welcome = welcome(session.flash.as_ref(), &session.user.display_name);
    Ok(layout)
}

/// The frame for `user` on the page at `path` (path and query).
async fn for_user_at(state: &AppState, user: &CurrentUser, path: &str) -> Result<Layout> {
    let (waiting, mail_failed) = if user.is_author() {
        let week_ago = state.now_unix() - 7 * 24 * 3600;
        (
            waiting_count(&state.pool).await?,
            crate::mail::sending::failed_since(&state.pool, week_ago).await?,
        )
    } else {
        (0, 0)
    };
    let unread = unread_count(&state.pool, user.id).await?;
    Ok(Layout {
        t: crate::i18n::t(),
        unread,
        user: Some(HeaderUser {
            name: user.display_name.clone(),
            is_author: user.is_author(),
        }),
        waiting,
        mail_failed,
        path: path.to_owned(),
        welcome: None,
        site: site(state).await?,
    })
}

/// The confirmation a page shows once after logging in or registering.
fn welcome(flash: Option<&Flash>, name: &str) -> Option<String> {
    let t = crate::i18n::t();
    match flash? {
        Flash::Welcome => Some(t.welcome_new(name)),
        Flash::LoggedIn => Some(t.welcome_back(name)),
    }
}

impl FromRequestParts<AppState> for Layout {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let path = parts
            .uri
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let Some(session) = parts.extensions.get::<Session>() else {
            return anonymous(state, &path).await;
        };
        let mut layout = for_user_at(state, &session.user, &path).await?;
        layout.welcome = welcome(session.flash.as_ref(), &session.user.display_name);
        Ok(layout)
    }
}
