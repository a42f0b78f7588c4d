//! A private Atom feed of waiting items, so the author can follow the queue in
//! any feed reader. The URL holds a secret token the author can renew.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use super::store::queue::{self, QueueRow};
use crate::comments::model::ReactionStatus;
use crate::dates;
use crate::error::{AppError, Result};
use crate::policy::store;
use crate::security::same_secret;
use crate::state::AppState;

struct Entry {
    id: i64,
    title: String,
    updated: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "moderation/feed.xml")]
struct Feed {
    base: String,
    updated: String,
    entries: Vec<Entry>,
}

/// One waiting item as a feed entry.
fn entry(state: &AppState, r: QueueRow) -> Entry {
    let article = state
        .articles
        .get(&r.article_slug)
        .map_or_else(|| r.article_slug.clone(), |a| a.title.clone());
    let why = if r.status == ReactionStatus::Pending {
        r.held_reason
            .unwrap_or_else(|| "wacht op goedkeuring".into())
    } else {
        "gemeld".into()
    };
    Entry {
        id: r.id,
        title: format!("{} bij “{article}” ({why})", r.writer),
        updated: dates::iso(dates::from_unix(r.created_at)),
        summary: r.body_html,
    }
}

/// GET /moderatie/feed/{token}
pub(crate) async fn waiting_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response> {
    let settings = store::settings(&state.pool).await?;
    if !same_secret(&token, &settings.feed_token) {
        return Err(AppError::NotFound);
    }
    let rows = queue::queue(&state.pool).await?;
    let updated = rows
        .iter()
        .map(|r| r.created_at)
        .max()
        .unwrap_or_else(|| state.now_unix());
    let entries = rows.into_iter().map(|r| entry(&state, r)).collect();
    let feed = Feed {
        base: state.config.base_url().to_owned(),
        updated: dates::iso(dates::from_unix(updated)),
        entries,
    };
    Ok((
        [
            (CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (CACHE_CONTROL, "private, no-store"),
        ],
        feed.render()?,
    )
        .into_response())
}
